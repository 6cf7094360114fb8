// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// URL rules shared by every place that stores an endpoint with a secret.
#include <QString>
#include <QUrl>

namespace dc {

// Same scheme, host and port (default ports made explicit): where a stored secret is sent.
bool sameOrigin(const QUrl &a, const QUrl &b);

// What a role that may not see credentials sees of a URL: scheme://host[:port]/… with the
// user name, password, path and query removed (they often carry tokens).
QString redactedUrl(const QString &url);

// Plain http is for loopback hosts only (tests, a local model); anything else must be https.
bool isLoopbackHost(const QUrl &url);

} // namespace dc
