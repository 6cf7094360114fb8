// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Where an installation's shared files are (the shipped workflows, the default dropcrew.ini) and
// what `dropcrew info` says about them. The same layout everywhere: <bindir>/../share/dropcrew
// is a build tree's copy, a relocated install or the macOS bundle's Contents/share; the install
// prefix's share/dropcrew comes after it.
#include "runtime/config.h"

#include <QString>

namespace dc::runtime {

// <bindir>/../share/dropcrew/<name> if it exists, else the install prefix's; empty when neither.
QString sharedFile(const QString &name);

// The shipped workflows' folder: [workflows] shipped_folder if set, else sharedFile("workflows");
// empty when there is none or the setting is "none".
QString shippedWorkflowFolder(const Config &config);
// What /api/health says of it: "found", "not_found" or "off" (shipped_folder=none).
QString shippedWorkflowState(const Config &config);

// `dropcrew info`: what this installation uses and finds; 0, or 1 when no workflow is found, a
// definition does not parse or the translations are missing.
int printInstallInfo(const Config &config);

} // namespace dc::runtime
