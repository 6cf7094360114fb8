// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// `dropcrew setup`: the first-run guide on a server, as a client of the running DropCrew's API
// (GET /api/setup and the calls each step names). Asks on the terminal, or reads the answers
// from standard input, one per line.
//   dropcrew setup                 every step still missing, in order
//   dropcrew setup status          the steps, and exit (0 when complete, 1 when not)
//   dropcrew setup STEP            that step (admin_password, shopify_store, aliexpress_account,
//                                  product_mapping, test_order)
//   dropcrew setup skip|resume STEP
// The server: --connect URL, else this data folder's listen address. Credentials:
// DROPCREW_API_KEY (an admin's dck_ key), else DROPCREW_USER (admin) and DROPCREW_PASSWORD or
// the password asked for.
#include "runtime/config.h"

#include <QStringList>

namespace dc::app {

// The exit code: 0 done (status: complete), 1 steps still missing, 2 a usage error or a server
// that cannot be reached or refuses the credentials (one line on standard error).
int runSetup(const QStringList &arguments, const runtime::Config &config);

} // namespace dc::app
