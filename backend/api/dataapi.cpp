// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/dataapi.h"

#include "api/httpfront.h"
#include "api/request.h"
#include "api/response.h"
#include "api/router.h"
#include "storage/datarepository.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QUrlQuery>

namespace dc::api {

using storage::DataEntry;
using storage::DataRepository;

namespace {

constexpr qint64 kMaxValueBytes = 256 * 1024;

std::optional<QHttpServerResponse> checkNames(const QString &ns, const QString &key)
{
    static const QRegularExpression nsRe(QStringLiteral("^[A-Za-z0-9._-]{1,64}$"));
    if (!nsRe.match(ns).hasMatch())
        return invalidField(QStringLiteral("namespace"),
                            QStringLiteral("1 to 64 letters, digits or ._-"));
    if (key.isNull())
        return std::nullopt;
    if (key.isEmpty() || key.size() > 256)
        return invalidField(QStringLiteral("key"), QStringLiteral("1 to 256 characters"));
    for (QChar c : key)
        if (c.category() == QChar::Other_Control)
            return invalidField(QStringLiteral("key"), QStringLiteral("no control characters"));
    return std::nullopt;
}

QByteArray etag(qint64 version)
{
    return '"' + QByteArray::number(version) + '"';
}

// "3", W/"3" or 3 -> 3; anything else -> nullopt.
std::optional<qint64> versionFrom(QByteArray v)
{
    v = v.trimmed();
    if (v.startsWith("W/"))
        v = v.mid(2);
    if (v.size() >= 2 && v.startsWith('"') && v.endsWith('"'))
        v = v.mid(1, v.size() - 2);
    bool ok = false;
    const qint64 n = v.toLongLong(&ok);
    return ok && n > 0 ? std::optional<qint64>(n) : std::nullopt;
}

// The version an If-Match header names (0 without the header), or the 400 that says it is not one.
std::expected<qint64, QHttpServerResponse> ifMatchVersion(const QHttpServerRequest &request)
{
    const QByteArray ifMatch = request.value("If-Match");
    if (ifMatch.isEmpty())
        return 0;
    auto v = versionFrom(ifMatch);
    if (!v)
        return std::unexpected(invalidField(QStringLiteral("If-Match"),
                                            QStringLiteral("expected an ETag such as \"3\"")));
    return *v;
}

QJsonObject entryJson(const DataEntry &e)
{
    return {{QStringLiteral("namespace"), e.ns},
            {QStringLiteral("key"), e.key},
            {QStringLiteral("value"), e.value},
            {QStringLiteral("version"), e.version},
            {QStringLiteral("updated_at"), e.updatedAt.toString(Qt::ISODateWithMs)}};
}

QHttpServerResponse entryResponse(const DataEntry &e, Status status = Status::Ok)
{
    QHttpServerResponse r = json(entryJson(e), status);
    r.addHeader("ETag", etag(e.version));
    return r;
}

} // namespace

void registerDataRoutes(HttpFront &front, storage::Store &store)
{
    Router &r = front.router();
    const DataRepository repo;
    const QJsonObject str{{QStringLiteral("type"), QStringLiteral("string")}};

    r.route(
        {.method = Method::Get,
         .pattern = QStringLiteral("/api/data/{namespace}"),
         .permission = QStringLiteral("data.read"),
         .summary = QStringLiteral("Keys of a namespace (?prefix=&after=&limit=)"),
         .tag = QStringLiteral("data"),
         .query = {{QStringLiteral("prefix"), str},
                   {QStringLiteral("after"), str},
                   {QStringLiteral("limit"),
                    QJsonObject{{QStringLiteral("type"), QStringLiteral("integer")}}}}},
        [&store, repo](RequestContext &ctx) {
            const QString ns = ctx.params.value(0);
            if (auto bad = checkNames(ns, QString()))
                return std::move(*bad);
            const QUrlQuery q(ctx.request.url());
            auto limit = intQuery(ctx.request, QStringLiteral("limit"), 100, 1, 1000);
            if (!limit)
                return std::move(limit.error());
            auto list =
                repo.list(store.reader(), ns,
                          q.queryItemValue(QStringLiteral("prefix"), QUrl::FullyDecoded).left(256),
                          q.queryItemValue(QStringLiteral("after"), QUrl::FullyDecoded).left(256),
                          int(*limit));
            if (!list)
                return errorResponse(list.error());
            QJsonArray arr;
            for (const DataEntry &e : *list)
                arr.append(entryJson(e));
            return json({{QStringLiteral("entries"), arr},
                         {QStringLiteral("next_after"),
                          list->size() == *limit ? QJsonValue(list->last().key) : QJsonValue()}});
        });

    r.route({.method = Method::Get,
             .pattern = QStringLiteral("/api/data/{namespace}/{key}"),
             .permission = QStringLiteral("data.read"),
             .summary = QStringLiteral("One value, with its version as ETag"),
             .tag = QStringLiteral("data")},
            [&store, repo](RequestContext &ctx) {
                const QString ns = ctx.params.value(0), key = ctx.params.value(1);
                if (auto bad = checkNames(ns, key))
                    return std::move(*bad);
                auto e = repo.get(store.reader(), ns, key);
                if (!e)
                    return errorResponse(e.error());
                if (!e->has_value())
                    return notFound(QStringLiteral("no value at %1/%2").arg(ns, key));
                if (auto v = versionFrom(ctx.request.value("If-None-Match"));
                    v && *v == (*e)->version) {
                    QHttpServerResponse r(Status::NotModified);
                    r.addHeader("ETag", etag(*v));
                    return r;
                }
                return entryResponse(**e);
            });

    r.route({.method = Method::Put,
             .pattern = QStringLiteral("/api/data/{namespace}/{key}"),
             .permission = QStringLiteral("data.write"),
             .summary = QStringLiteral("Store any JSON value. If-Match: \"N\" updates only version "
                                       "N; If-None-Match: * only creates"),
             .tag = QStringLiteral("data"),
             .maxBodyBytes = kMaxValueBytes,
             .requestBody = {{QStringLiteral("description"), QStringLiteral("Any JSON value")}},
             .body = BodyKind::Document},
            [&store, repo](RequestContext &ctx) {
                const QString ns = ctx.params.value(0), key = ctx.params.value(1);
                if (auto bad = checkNames(ns, key))
                    return std::move(*bad);
                ctx.auditTarget = QStringLiteral("data:%1/%2").arg(ns, key);
                if (!ctx.request.value("Content-Type").toLower().startsWith("application/json"))
                    return problem(Status::UnsupportedMediaType,
                                   QStringLiteral("Unsupported Media Type"),
                                   QStringLiteral("send the value as application/json"));
                // Any JSON value: wrapped in an array so scalars parse too.
                QJsonParseError err;
                const QJsonDocument doc =
                    QJsonDocument::fromJson("[" + ctx.request.body() + "]", &err);
                if (err.error != QJsonParseError::NoError || doc.array().size() != 1)
                    return invalidField(QStringLiteral("body"),
                                        QStringLiteral("expected one JSON value"));
                auto version = ifMatchVersion(ctx.request);
                if (!version)
                    return std::move(version.error());
                const qint64 expected = *version;
                DataRepository::Precondition pre = DataRepository::Precondition::None;
                if (expected > 0)
                    pre = DataRepository::Precondition::VersionMatches;
                else if (ctx.request.value("If-None-Match").trimmed() == "*")
                    pre = DataRepository::Precondition::MustNotExist;
                auto e = store.writeAndWait<DataEntry>([&](storage::WriteContext &w) {
                    return repo.put(w, ns, key, doc.array().at(0), pre, expected);
                });
                if (!e) {
                    if (e.error().kind == storage::DbError::Kind::Conflict ||
                        (pre == DataRepository::Precondition::VersionMatches &&
                         e.error().kind == storage::DbError::Kind::NotFound))
                        return problem(Status::PreconditionFailed,
                                       QStringLiteral("Precondition Failed"), e.error().message);
                    return errorResponse(e.error());
                }
                return entryResponse(*e, e->version == 1 ? Status::Created : Status::Ok);
            });

    r.route({.method = Method::Delete,
             .pattern = QStringLiteral("/api/data/{namespace}/{key}"),
             .permission = QStringLiteral("data.write"),
             .summary = QStringLiteral("Delete a value (If-Match: \"N\" to delete only version N)"),
             .tag = QStringLiteral("data"),
             .sensitive = true},
            [&store, repo](RequestContext &ctx) {
                const QString ns = ctx.params.value(0), key = ctx.params.value(1);
                if (auto bad = checkNames(ns, key))
                    return std::move(*bad);
                ctx.auditTarget = QStringLiteral("data:%1/%2").arg(ns, key);
                auto version = ifMatchVersion(ctx.request);
                if (!version)
                    return std::move(version.error());
                const qint64 expected = *version;
                auto done = store.writeAndWait<bool>(
                    [&](storage::WriteContext &w) -> storage::DbResult<bool> {
                        if (auto d = repo.remove(w, ns, key, expected); !d)
                            return std::unexpected(d.error());
                        return true;
                    });
                if (!done) {
                    if (done.error().kind == storage::DbError::Kind::Conflict)
                        return problem(Status::PreconditionFailed,
                                       QStringLiteral("Precondition Failed"), done.error().message);
                    return errorResponse(done.error());
                }
                return QHttpServerResponse(Status::NoContent);
            });
}

} // namespace dc::api
