// SPDX-License-Identifier: GPL-3.0-or-later
#include "storage/databaseurl.h"

#include <QHostAddress>
#include <QUrl>
#include <QUrlQuery>

namespace dc::storage {

QString backendName(Backend b)
{
    return b == Backend::Sqlite ? QStringLiteral("sqlite") : QStringLiteral("postgresql");
}

std::expected<DatabaseUrl, QString> DatabaseUrl::parse(const QString &text)
{
    DatabaseUrl out;
    if (text.startsWith(QLatin1String("sqlite:"))) {
        QString rest = text.mid(7);
        if (rest.startsWith(QLatin1String("//"))) {
            // sqlite:///abs/path -> "/abs/path"; sqlite://host/... has no meaning for a file.
            rest = rest.mid(2);
            if (!rest.startsWith(QLatin1Char('/')))
                return std::unexpected(
                    QStringLiteral("invalid database URL \"%1\": use sqlite:///absolute/path.db")
                        .arg(text));
        }
        if (rest.isEmpty() || rest.endsWith(QLatin1Char('/')))
            return std::unexpected(
                QStringLiteral("invalid database URL \"%1\": no file name").arg(text));
        out.backend = Backend::Sqlite;
        out.path = QUrl::fromPercentEncoding(rest.toUtf8());
        return out;
    }
    if (text.startsWith(QLatin1String("postgresql://")) ||
        text.startsWith(QLatin1String("postgres://"))) {
        const QUrl url(text, QUrl::StrictMode);
        if (!url.isValid())
            return std::unexpected(
                QStringLiteral("invalid database URL: %1").arg(url.errorString()));
        if (!url.password().isEmpty())
            return std::unexpected(QStringLiteral(
                "invalid database URL: no password in the URL (it would show in the process "
                "list); set DROPCREW_DATABASE_PASSWORD or store it with the secret store"));
        out.backend = Backend::Postgres;
        out.host = url.host().isEmpty() ? QStringLiteral("localhost") : url.host();
        out.port = url.port(5432);
        if (out.port <= 0 || out.port > 65535)
            return std::unexpected(QStringLiteral("invalid database URL: bad port"));
        out.user = url.userName();
        out.dbName = url.path().mid(1);
        if (out.dbName.isEmpty() || out.dbName.contains(QLatin1Char('/')))
            return std::unexpected(
                QStringLiteral(
                    "invalid database URL \"%1\": expected postgresql://user@host:port/dbname")
                    .arg(text));
        QStringList opts;
        const auto items = QUrlQuery(url).queryItems(QUrl::FullyDecoded);
        static const QStringList allowed = {
            QStringLiteral("sslmode"), QStringLiteral("connect_timeout"),
            QStringLiteral("application_name"), QStringLiteral("sslrootcert")};
        for (const auto &[k, v] : items) {
            if (!allowed.contains(k))
                return std::unexpected(QStringLiteral("invalid database URL: unknown option \"%1\" "
                                                      "(allowed: %2)")
                                           .arg(k, allowed.join(QStringLiteral(", "))));
            if (v.contains(QLatin1Char(';')))
                return std::unexpected(
                    QStringLiteral("invalid database URL: bad value for %1").arg(k));
            opts << k + QLatin1Char('=') + v;
        }
        // Over a network the password and customers' data cross it: TLS with the server's
        // certificate checked, unless the URL says otherwise. This machine (loopback, or a
        // Unix socket folder as host) needs no TLS.
        const bool sslGiven = std::any_of(items.cbegin(), items.cend(), [](const auto &kv) {
            return kv.first == QLatin1String("sslmode");
        });
        const QHostAddress hostAddress(out.host);
        const bool local = out.host == QLatin1String("localhost") ||
                           out.host.startsWith(QLatin1Char('/')) ||
                           (!hostAddress.isNull() && hostAddress.isLoopback());
        if (!sslGiven && !local)
            opts << QStringLiteral("sslmode=verify-full");
        out.options = opts.join(QLatin1Char(';'));
        return out;
    }
    return std::unexpected(
        QStringLiteral("invalid database URL \"%1\": expected sqlite:///path/file.db "
                       "or postgresql://user@host:port/dbname")
            .arg(text));
}

QString DatabaseUrl::toDisplayString() const
{
    if (backend == Backend::Sqlite)
        return QStringLiteral("sqlite://") + path;
    return QStringLiteral("postgresql://%1@%2:%3/%4").arg(user, host).arg(port).arg(dbName);
}

} // namespace dc::storage
