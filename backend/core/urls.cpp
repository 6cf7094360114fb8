// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/urls.h"

#include <QHostAddress>

namespace dc {

namespace {
int effectivePort(const QUrl &u)
{
    const QString scheme = u.scheme().toLower();
    return u.port(scheme == QLatin1String("https") || scheme == QLatin1String("wss") ? 443 : 80);
}
} // namespace

bool sameOrigin(const QUrl &a, const QUrl &b)
{
    return a.scheme().compare(b.scheme(), Qt::CaseInsensitive) == 0 &&
           a.host().compare(b.host(), Qt::CaseInsensitive) == 0 &&
           effectivePort(a) == effectivePort(b);
}

QString redactedUrl(const QString &url)
{
    const QUrl u(url);
    if (!u.isValid() || u.host().isEmpty())
        return QString();
    QUrl out;
    out.setScheme(u.scheme());
    out.setHost(u.host());
    out.setPort(u.port());
    const bool hidden = !u.userInfo().isEmpty() || (!u.path().isEmpty() && u.path() != u"/") ||
                        u.hasQuery() || u.hasFragment();
    return out.toString() + (hidden ? QStringLiteral("/…") : QString());
}

bool isLoopbackHost(const QUrl &url)
{
    const QString host = url.host();
    if (host.compare(QLatin1String("localhost"), Qt::CaseInsensitive) == 0)
        return true;
    const QHostAddress a(host);
    return !a.isNull() && a.isLoopback();
}

} // namespace dc
