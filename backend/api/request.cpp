// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/request.h"

#include "api/response.h"
#include "core/jsonschema.h"

#include <limits>

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

#include <limits>

namespace dc::api {

using Status = QHttpServerResponse::StatusCode;

namespace {

// The body as a JSON object, without looking at its members.
std::expected<QJsonObject, QHttpServerResponse> objectBody(const QHttpServerRequest &req,
                                                           qint64 maxBytes)
{
    const QByteArray type = req.value("Content-Type").toLower();
    if (!type.startsWith("application/json"))
        return std::unexpected(problem(Status::UnsupportedMediaType,
                                       QStringLiteral("Unsupported Media Type"),
                                       QStringLiteral("send the body as application/json")));
    const QByteArray body = req.body();
    if (body.size() > maxBytes)
        return std::unexpected(invalidField(QStringLiteral("body"),
                                            QStringLiteral("larger than %1 bytes").arg(maxBytes),
                                            Status::PayloadTooLarge));
    QJsonParseError err;
    const QJsonDocument doc = QJsonDocument::fromJson(body, &err);
    if (err.error != QJsonParseError::NoError)
        return std::unexpected(
            invalidField(QStringLiteral("body"), QStringLiteral("malformed JSON at offset %1: %2")
                                                     .arg(err.offset)
                                                     .arg(err.errorString())));
    if (!doc.isObject())
        return std::unexpected(
            invalidField(QStringLiteral("body"), QStringLiteral("expected a JSON object")));
    return doc.object();
}

} // namespace

std::expected<QJsonObject, QHttpServerResponse>
jsonBody(const QHttpServerRequest &req, qint64 maxBytes, const QStringList &allowed)
{
    auto o = objectBody(req, maxBytes);
    if (!o)
        return o;
    for (auto it = o->begin(); it != o->end(); ++it)
        if (!allowed.contains(it.key()))
            return std::unexpected(
                invalidField(it.key(), QStringLiteral("unknown field (allowed: %1)")
                                           .arg(allowed.join(QStringLiteral(", ")))));
    return o;
}

std::expected<QJsonObject, QHttpServerResponse> checkedBody(const QHttpServerRequest &req,
                                                            const QJsonObject &schema)
{
    // The front has already held the body to the route's size limit.
    auto o = objectBody(req, std::numeric_limits<qint64>::max());
    if (!o)
        return o;
    const auto bad = validateJson(*o, schema, QStringLiteral("body"), Integers::Strict);
    if (!bad)
        return o;
    // "body.line_items[0].quantity: less than 1" names line_items[0].quantity.
    const qsizetype colon = bad->indexOf(QLatin1String(": "));
    QString field = bad->left(colon);
    if (field.startsWith(QLatin1String("body.")))
        field = field.mid(5);
    return std::unexpected(invalidField(field, bad->mid(colon + 2)));
}

std::optional<QString> textOf(const QJsonObject &checkedBody, const QString &name)
{
    const QJsonValue v = checkedBody.value(name);
    return v.isString() ? std::optional<QString>(v.toString()) : std::nullopt;
}

std::expected<std::optional<QString>, QHttpServerResponse>
stringField(const QJsonObject &o, const QString &name, int maxLength)
{
    if (!o.contains(name) || o.value(name).isNull())
        return std::optional<QString>();
    if (!o.value(name).isString())
        return std::unexpected(invalidField(name, QStringLiteral("expected a string")));
    const QString s = o.value(name).toString();
    if (s.size() > maxLength)
        return std::unexpected(
            invalidField(name, QStringLiteral("at most %1 characters").arg(maxLength)));
    return std::optional<QString>(s);
}

std::expected<std::optional<qint64>, QHttpServerResponse>
intField(const QJsonObject &o, const QString &name, qint64 min, qint64 max)
{
    if (!o.contains(name) || o.value(name).isNull())
        return std::optional<qint64>();
    const QJsonValue v = o.value(name);
    if (!v.isDouble() || v.toDouble() != double(v.toInteger()))
        return std::unexpected(invalidField(name, QStringLiteral("expected an integer")));
    const qint64 n = v.toInteger();
    if (n < min || n > max)
        return std::unexpected(
            invalidField(name, QStringLiteral("must be between %1 and %2").arg(min).arg(max)));
    return std::optional<qint64>(n);
}

std::expected<qint64, QHttpServerResponse>
intQuery(const QHttpServerRequest &req, const QString &name, qint64 def, qint64 min, qint64 max)
{
    const QUrlQuery q(req.url());
    if (!q.hasQueryItem(name))
        return def;
    bool ok = false;
    const qint64 n = q.queryItemValue(name).toLongLong(&ok);
    if (!ok)
        return std::unexpected(invalidField(name, QStringLiteral("expected an integer")));
    if (n < min || n > max)
        return std::unexpected(
            invalidField(name, QStringLiteral("must be between %1 and %2").arg(min).arg(max)));
    return n;
}

std::expected<Page, QHttpServerResponse> pageQuery(const QHttpServerRequest &req, int defaultLimit,
                                                   int maxLimit)
{
    auto cursor = intQuery(req, QStringLiteral("cursor"), 0, 0, std::numeric_limits<qint64>::max());
    if (!cursor)
        return std::unexpected(std::move(cursor.error()));
    auto limit = intQuery(req, QStringLiteral("limit"), defaultLimit, 1, maxLimit);
    if (!limit)
        return std::unexpected(std::move(limit.error()));
    return Page{*cursor, int(*limit)};
}

std::expected<QDateTime, QHttpServerResponse> dateQuery(const QHttpServerRequest &req,
                                                        const QString &name)
{
    const QUrlQuery q(req.url());
    if (!q.hasQueryItem(name))
        return QDateTime();
    QDateTime t =
        QDateTime::fromString(q.queryItemValue(name, QUrl::FullyDecoded), Qt::ISODateWithMs);
    if (!t.isValid())
        return std::unexpected(
            invalidField(name, QStringLiteral("expected an ISO 8601 date and time")));
    // Without an offset, UTC: never the server's own time zone, which its clients do not know.
    if (t.timeSpec() == Qt::LocalTime)
        t.setTimeSpec(Qt::UTC);
    return t;
}

QString callerNamespace(const security::Principal &p)
{
    return QStringLiteral("api:") + p.subject();
}

QString callerKey(const security::Principal &p, const QString &key)
{
    return key.isEmpty() ? key : callerNamespace(p) + QLatin1Char(':') + key;
}

QJsonObject visiblePayloads(QJsonObject o, const security::Principal &who)
{
    if (security::roleAllows(who.role, QStringLiteral("personal.read")))
        return o;
    for (const QString &key :
         {QStringLiteral("input"), QStringLiteral("result"), QStringLiteral("trigger_data"),
          QStringLiteral("outputs"), QStringLiteral("output")})
        if (o.contains(key) && !o.value(key).isNull())
            o.insert(key, QJsonObject{{QStringLiteral("redacted"), true}});
    if (o.value(QStringLiteral("steps")).isArray()) {
        QJsonArray steps;
        for (const QJsonValue &st : o.value(QStringLiteral("steps")).toArray())
            steps.append(visiblePayloads(st.toObject(), who));
        o.insert(QStringLiteral("steps"), steps);
    }
    return o;
}

} // namespace dc::api
