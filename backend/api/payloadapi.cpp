// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/payloadapi.h"

#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "security/permissions.h"
#include "storage/sqlutil.h"
#include "storage/store.h"

#include <QHttpServerRequest>
#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

namespace dc::api {

namespace {

constexpr int kStringCap = 4096; // characters of a string value sent at once
constexpr int kPreviewCap = 80;  // characters of a child's preview

QString typeOf(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Object:
        return QStringLiteral("object");
    case QJsonValue::Array:
        return QStringLiteral("array");
    case QJsonValue::String:
        return QStringLiteral("string");
    case QJsonValue::Double:
        return QStringLiteral("number");
    case QJsonValue::Bool:
        return QStringLiteral("boolean");
    default:
        return QStringLiteral("null");
    }
}

// Children for objects and arrays, characters for strings, 0 for the rest.
qint64 sizeOf(const QJsonValue &v)
{
    return v.isObject()   ? v.toObject().size()
           : v.isArray()  ? v.toArray().size()
           : v.isString() ? v.toString().size()
                          : 0;
}

QJsonValue preview(const QJsonValue &v)
{
    if (v.isString())
        return v.toString().left(kPreviewCap);
    if (v.isObject() || v.isArray())
        return QJsonValue();
    return v;
}

// RFC 6901: "/a/0/b~1c" walks a, then item 0, then "b/c".
std::optional<QJsonValue> walk(QJsonValue v, const QString &pointer)
{
    if (pointer.isEmpty())
        return v;
    if (!pointer.startsWith(QLatin1Char('/')))
        return std::nullopt;
    const QStringList tokens = pointer.mid(1).split(QLatin1Char('/'));
    for (QString t : tokens) {
        t.replace(QStringLiteral("~1"), QStringLiteral("/"))
            .replace(QStringLiteral("~0"), QStringLiteral("~"));
        if (v.isObject()) {
            const QJsonObject o = v.toObject();
            if (!o.contains(t))
                return std::nullopt;
            v = o.value(t);
        } else if (v.isArray()) {
            bool ok = false;
            const qsizetype i = t.toLongLong(&ok);
            const QJsonArray a = v.toArray();
            if (!ok || i < 0 || i >= a.size() || (t.size() > 1 && t.startsWith(QLatin1Char('0'))))
                return std::nullopt;
            v = a.at(i);
        } else {
            return std::nullopt;
        }
    }
    return v;
}

QJsonObject node(const QJsonValue &v, const QString &path, qint64 offset, int limit)
{
    QJsonObject out{{QStringLiteral("path"), path},
                    {QStringLiteral("type"), typeOf(v)},
                    {QStringLiteral("size"), sizeOf(v)}};
    if (v.isString()) {
        const QString s = v.toString();
        out.insert(QStringLiteral("value"), s.mid(offset, kStringCap));
        out.insert(QStringLiteral("truncated"), offset + kStringCap < s.size());
        return out;
    }
    if (!v.isObject() && !v.isArray()) {
        out.insert(QStringLiteral("value"), v);
        return out;
    }
    QJsonArray children;
    const auto child = [](const QString &key, const QJsonValue &c) {
        return QJsonObject{{QStringLiteral("key"), key},
                           {QStringLiteral("type"), typeOf(c)},
                           {QStringLiteral("size"), sizeOf(c)},
                           {QStringLiteral("preview"), preview(c)}};
    };
    const qint64 size = sizeOf(v);
    const qint64 end = std::min(size, offset + limit);
    if (v.isObject()) {
        const QJsonObject o = v.toObject();
        auto it = o.begin() + offset;
        for (qint64 i = offset; i < end; ++i, ++it)
            children.append(child(it.key(), it.value()));
    } else {
        const QJsonArray a = v.toArray();
        for (qint64 i = offset; i < end; ++i)
            children.append(child(QString::number(i), a.at(i)));
    }
    out.insert(QStringLiteral("children"), children);
    out.insert(QStringLiteral("offset"), offset);
    out.insert(QStringLiteral("next_offset"), end < size ? QJsonValue(end) : QJsonValue());
    return out;
}

} // namespace

void registerPayloadRoutes(HttpFront &front, storage::Store &store, QThreadPool &heavyReads)
{
    const QJsonObject str{{QStringLiteral("type"), QStringLiteral("string")}};
    const QJsonObject integer{{QStringLiteral("type"), QStringLiteral("integer")}};
    front.router().route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/runs/{id:int}/payload"),
         .permission = QStringLiteral("workflows.read"),
         .summary = QStringLiteral(
             "One node of a payload (?part=input|output of ?step=NAME; without step: the run's "
             "input, trigger_data or outputs) at ?path= (a JSON pointer, RFC 6901; empty: the "
             "root): its type and size; a string's value from ?offset= (4,096 characters at "
             "most, truncated says whether more follows); an object's or array's children from "
             "?offset=, ?limit= (1-500, default 100) at a time, each with its type, size and a "
             "short preview. Personal data needs personal.read, as for the whole run"),
         .tag = QStringLiteral("workflows"),
         .query = {{QStringLiteral("step"), str},
                   {QStringLiteral("part"), str},
                   {QStringLiteral("path"), str},
                   {QStringLiteral("offset"), integer},
                   {QStringLiteral("limit"), integer}}},
        [&front, &store, &heavyReads](RequestContext &ctx) -> QHttpServerResponse {
            const QUrlQuery q(ctx.request.url());
            const QString step = q.queryItemValue(QStringLiteral("step"), QUrl::FullyDecoded);
            const QString part = q.queryItemValue(QStringLiteral("part"), QUrl::FullyDecoded);
            const QStringList parts =
                step.isEmpty()
                    ? QStringList{QStringLiteral("input"), QStringLiteral("trigger_data"),
                                  QStringLiteral("outputs")}
                    : QStringList{QStringLiteral("input"), QStringLiteral("output")};
            if (!parts.contains(part))
                return invalidField(QStringLiteral("part"),
                                    QStringLiteral("one of: ") + parts.join(QStringLiteral(", ")));
            auto offset = intQuery(ctx.request, QStringLiteral("offset"), 0, 0, 1LL << 40);
            if (!offset)
                return std::move(offset.error());
            auto limit = intQuery(ctx.request, QStringLiteral("limit"), 100, 1, 500);
            if (!limit)
                return std::move(limit.error());
            const qint64 id = ctx.intParam(0);
            const bool personal =
                security::roleAllows(ctx.principal.role, QStringLiteral("personal.read"));
            const QString path = q.queryItemValue(QStringLiteral("path"), QUrl::FullyDecoded);
            // Reading and parsing a payload of megabytes: on the pool, not the HTTP thread.
            return respondFromPool(
                front, heavyReads, ctx,
                [&store, id, step, part, path, personal, offset = *offset,
                 limit = *limit]() -> QHttpServerResponse {
                    // The column named comes from the fixed list above, never from the request as
                    // is.
                    auto r =
                        step.isEmpty()
                            ? storage::exec(
                                  store.reader(),
                                  QStringLiteral("SELECT %1 FROM workflow_runs WHERE id = ?")
                                      .arg(part),
                                  {id})
                            : storage::exec(store.reader(),
                                            QStringLiteral("SELECT %1 FROM workflow_steps WHERE "
                                                           "run_id = ? AND name = ?")
                                                .arg(part),
                                            {id, step});
                    if (!r)
                        return errorResponse(r.error());
                    if (!r->next())
                        return notFound(
                            step.isEmpty()
                                ? QStringLiteral("no run %1").arg(id)
                                : QStringLiteral("no step \"%1\" in run %2").arg(step).arg(id));
                    if (!personal)
                        return json({{QStringLiteral("path"), QString()},
                                     {QStringLiteral("type"), QStringLiteral("object")},
                                     {QStringLiteral("redacted"), true}});
                    const QByteArray text = r->value(0).toByteArray();
                    const QJsonValue root =
                        text.isEmpty() ? QJsonValue()
                                       : QJsonDocument::fromJson("[" + text + "]").array().at(0);
                    const auto at = walk(root, path);
                    if (!at)
                        return invalidField(QStringLiteral("path"),
                                            QStringLiteral("no such member or item: %1").arg(path));
                    QJsonObject out = node(*at, path, offset, int(limit));
                    out.insert(QStringLiteral("payload_bytes"),
                               text.size()); // the whole payload, stored
                    return json(out);
                });
        });
}

} // namespace dc::api
