// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A blocking HTTP call over a real socket for API tests (the event loop runs while waiting).
#include <QByteArray>
#include <QJsonObject>
#include <QNetworkAccessManager>

namespace dc::test {

struct HttpReply
{
    int status = 0;
    QJsonObject json;
    QByteArray raw;
    QByteArray contentType;
};

HttpReply httpCall(QNetworkAccessManager &nam, const QString &base, const QByteArray &method,
                   const QString &path, const QByteArray &body = {},
                   const QByteArray &contentType = "application/json");

} // namespace dc::test
