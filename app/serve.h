// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the server program (`dropcrew`) and the desktop program (`dropcrew-desktop`) share.
#include "runtime/config.h"

#include <functional>
#include <memory>

namespace dc::runtime {
class Backend;
}

namespace dc::app {

// One line on stderr, "dropcrew: <message>"; returns the exit code for bad input, 2.
int fail(const QString &message);

// The name and version the settings and the logs go by; right after the application object.
void nameApplication();

// Starts the embedded backend on `config`, prints its address (and a new admin's password, once),
// runs the event loop until it quits or SIGTERM/SIGINT/SIGHUP comes, then stops the backend.
// `attach` runs once the backend listens (the desktop opens its window there); what it returns
// goes before the backend stops. Needs the application object; returns the exit code.
using Attach = std::function<std::shared_ptr<void>(runtime::Backend &)>;
int serve(const runtime::Config &config, const Attach &attach = {});

// The window (`config` is not headless; a display was found). In the server program it hands the
// process over to dropcrew-desktop, which implements it.
int runDesktop(int argc, char **argv, const runtime::Config &config);

// `dropcrew info`: what the install has, the window's translations among it (the server program
// hands over to the desktop program for that too).
int runInfo(int argc, char **argv, const runtime::Config &config);

} // namespace dc::app
