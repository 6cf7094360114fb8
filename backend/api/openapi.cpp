// SPDX-License-Identifier: GPL-3.0-or-later
// The OpenAPI 3.1 document, generated from the route table: paths and their parameters,
// permissions and roles, request bodies (the schemas the router checks bodies against) and the
// problem+json answers each operation can give. Apart from router.cpp, which dispatches: this
// file only describes.
#include "api/router.h"

#include <QJsonArray>

namespace dc::api {

namespace {

QJsonObject ref(const QString &to)
{
    return {{QStringLiteral("$ref"), to}};
}

QJsonObject typed(const char *type)
{
    return {{QStringLiteral("type"), QLatin1String(type)}};
}

// The problem+json responses an operation refers to, by status.
struct ProblemResponse
{
    const char *status;
    const char *name;
    const char *description;
};
constexpr ProblemResponse kProblems[] = {
    {"400", "BadRequest", "The request is malformed; errors name each field and the reason"},
    {"401", "Unauthorized", "No credentials, or credentials that are not valid"},
    {"403", "Forbidden", "The caller's role lacks the permission"},
    {"404", "NotFound", "Nothing with this id or name"},
    {"413", "PayloadTooLarge", "The body is larger than the route takes"},
    {"415", "UnsupportedMediaType", "The body is not of a media type the route takes"},
    {"429", "TooManyRequests", "Over a rate limit; Retry-After says when to come back"},
};

QJsonObject problemComponents()
{
    QJsonObject out;
    for (const ProblemResponse &p : kProblems)
        out.insert(
            QLatin1String(p.name),
            QJsonObject{
                {QStringLiteral("description"), QLatin1String(p.description)},
                {QStringLiteral("content"),
                 QJsonObject{
                     {QStringLiteral("application/problem+json"),
                      QJsonObject{{QStringLiteral("schema"),
                                   ref(QStringLiteral("#/components/schemas/Problem"))}}}}}});
    return out;
}

QJsonObject problemSchema()
{
    const QJsonObject errorItem{
        {QStringLiteral("type"), QStringLiteral("object")},
        {QStringLiteral("required"), QJsonArray{QStringLiteral("field"), QStringLiteral("reason")}},
        {QStringLiteral("properties"), QJsonObject{{QStringLiteral("field"), typed("string")},
                                                   {QStringLiteral("reason"), typed("string")}}}};
    return {{QStringLiteral("type"), QStringLiteral("object")},
            {QStringLiteral("properties"),
             QJsonObject{{QStringLiteral("type"), typed("string")},
                         {QStringLiteral("title"), typed("string")},
                         {QStringLiteral("status"), typed("integer")},
                         {QStringLiteral("detail"), typed("string")},
                         {QStringLiteral("errors"),
                          QJsonObject{{QStringLiteral("type"), QStringLiteral("array")},
                                      {QStringLiteral("items"), errorItem}}}}}};
}

QJsonObject responses(const RouteSpec &s, bool hasCaptures)
{
    QJsonObject out{{QStringLiteral("2XX"),
                     QJsonObject{{QStringLiteral("description"), QStringLiteral("Success")}}}};
    const bool json = s.body == BodyKind::Json || s.body == BodyKind::OptionalJson;
    const bool body = json || s.body == BodyKind::Document;
    for (const ProblemResponse &p : kProblems) {
        const QLatin1String status(p.status);
        const bool applies = (status == QLatin1String("401") || status == QLatin1String("403"))
                                 ? !s.permission.isEmpty() || s.limitFailuresOnly
                             : status == QLatin1String("404") ? hasCaptures
                             : status == QLatin1String("413") ? body
                             : status == QLatin1String("415")
                                 ? json
                                 : true; // 400 (the path, the query), 429
        if (applies)
            out.insert(status,
                       ref(QStringLiteral("#/components/responses/") + QLatin1String(p.name)));
    }
    out.insert(
        QStringLiteral("default"),
        QJsonObject{
            {QStringLiteral("description"), QStringLiteral("An RFC 9457 problem")},
            {QStringLiteral("content"),
             QJsonObject{{QStringLiteral("application/problem+json"),
                          QJsonObject{{QStringLiteral("schema"),
                                       ref(QStringLiteral("#/components/schemas/Problem"))}}}}}});
    return out;
}

std::optional<QJsonObject> requestBody(const RouteSpec &s)
{
    if (s.body != BodyKind::Json && s.body != BodyKind::OptionalJson &&
        s.body != BodyKind::Document)
        return std::nullopt;
    QStringList types{QStringLiteral("application/json")};
    if (s.body == BodyKind::Document && !s.documentTypes.isEmpty())
        types = s.documentTypes;
    QJsonObject content;
    for (const QString &t : types)
        content.insert(t, QJsonObject{{QStringLiteral("schema"), s.requestBody}});
    return QJsonObject{{QStringLiteral("required"), s.body != BodyKind::OptionalJson},
                       {QStringLiteral("content"), content}};
}

} // namespace

QJsonObject Router::openApi(const QString &version) const
{
    QJsonObject paths;
    for (const RouteSpec &s : routes()) {
        QString oaPath;
        QJsonArray parameters;
        QString opId = QString::fromLatin1(methodName(s.method)).toLower();
        bool hasCaptures = false;
        for (const PathSegment &seg : parsePattern(s.pattern)) {
            if (seg.capture()) {
                hasCaptures = true;
                oaPath += QStringLiteral("/{") + seg.name + QLatin1Char('}');
                parameters.append(QJsonObject{
                    {QStringLiteral("name"), seg.name},
                    {QStringLiteral("in"), QStringLiteral("path")},
                    {QStringLiteral("required"), true},
                    {QStringLiteral("schema"), seg.isInt ? typed("integer") : typed("string")}});
                opId += QStringLiteral("_by_") + seg.name;
            } else {
                oaPath += QLatin1Char('/') + seg.literal;
                opId += QLatin1Char('_') +
                        QString(seg.literal).replace(QLatin1Char('-'), QLatin1Char('_'));
            }
        }
        for (auto it = s.query.begin(); it != s.query.end(); ++it)
            parameters.append(QJsonObject{{QStringLiteral("name"), it.key()},
                                          {QStringLiteral("in"), QStringLiteral("query")},
                                          {QStringLiteral("schema"), it.value()}});
        QJsonObject op{
            {QStringLiteral("operationId"), opId},
            {QStringLiteral("summary"), s.summary},
            {QStringLiteral("tags"), QJsonArray{s.tag.isEmpty() ? QStringLiteral("misc") : s.tag}},
            {QStringLiteral("responses"), responses(s, hasCaptures)}};
        if (!parameters.isEmpty())
            op.insert(QStringLiteral("parameters"), parameters);
        if (s.permission.isEmpty()) {
            op.insert(QStringLiteral("security"), QJsonArray());
        } else {
            op.insert(QStringLiteral("x-permission"), s.permission);
            QJsonArray roles;
            for (const QString &r : security::roleNames())
                if (security::roleAllows(*security::roleFromName(r), s.permission))
                    roles.append(r);
            op.insert(QStringLiteral("x-roles"), roles);
        }
        if (s.sensitive)
            op.insert(QStringLiteral("x-sensitive"), true);
        if (s.websocket)
            op.insert(QStringLiteral("x-websocket"), true);
        if (auto body = requestBody(s))
            op.insert(QStringLiteral("requestBody"), *body);
        QJsonObject item = paths.value(oaPath).toObject();
        item.insert(QString::fromLatin1(methodName(s.method)).toLower(), op);
        paths.insert(oaPath, item);
    }
    return QJsonObject{
        {QStringLiteral("openapi"), QStringLiteral("3.1.0")},
        {QStringLiteral("info"),
         QJsonObject{
             {QStringLiteral("title"), QStringLiteral("DropCrew API")},
             {QStringLiteral("version"), version},
             {QStringLiteral("license"),
              QJsonObject{{QStringLiteral("name"), QStringLiteral("GPL-3.0-or-later")},
                          {QStringLiteral("identifier"), QStringLiteral("GPL-3.0-or-later")}}}}},
        {QStringLiteral("servers"),
         QJsonArray{QJsonObject{{QStringLiteral("url"), QStringLiteral("/")},
                                {QStringLiteral("description"),
                                 QStringLiteral("The server that serves this document")}}}},
        {QStringLiteral("security"),
         QJsonArray{QJsonObject{{QStringLiteral("bearer"), QJsonArray()}}}},
        {QStringLiteral("paths"), paths},
        {QStringLiteral("components"),
         QJsonObject{
             {QStringLiteral("securitySchemes"),
              QJsonObject{{QStringLiteral("bearer"),
                           QJsonObject{{QStringLiteral("type"), QStringLiteral("http")},
                                       {QStringLiteral("scheme"), QStringLiteral("bearer")},
                                       {QStringLiteral("description"),
                                        QStringLiteral("An access JWT from "
                                                       "/api/auth/token, or an API key")}}}}},
             {QStringLiteral("responses"), problemComponents()},
             {QStringLiteral("schemas"),
              QJsonObject{{QStringLiteral("Problem"), problemSchema()}}}}},
        {QStringLiteral("x-permissions"), security::permissionTable()}};
}

} // namespace dc::api
