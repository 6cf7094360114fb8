// SPDX-License-Identifier: GPL-3.0-or-later
#include "api/response.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace dc::api {

using Status = QHttpServerResponse::StatusCode;

QHttpServerResponse json(const QJsonObject &body, QHttpServerResponse::StatusCode status)
{
    return QHttpServerResponse(QByteArrayLiteral("application/json"),
                               QJsonDocument(body).toJson(QJsonDocument::Compact), status);
}

QHttpServerResponse problem(QHttpServerResponse::StatusCode status, const QString &title,
                            const QString &detail, const QJsonObject &extra)
{
    QJsonObject body = extra;
    body.insert(QStringLiteral("type"), QStringLiteral("about:blank"));
    body.insert(QStringLiteral("title"), title);
    body.insert(QStringLiteral("status"), int(status));
    if (!detail.isEmpty())
        body.insert(QStringLiteral("detail"), detail);
    return QHttpServerResponse(QByteArrayLiteral("application/problem+json"),
                               QJsonDocument(body).toJson(QJsonDocument::Compact), status);
}

QHttpServerResponse notFound(const QString &detail)
{
    return problem(QHttpServerResponse::StatusCode::NotFound, QStringLiteral("Not Found"), detail);
}

QHttpServerResponse invalidField(const QString &field, const QString &reason, Status status)
{
    const QJsonArray errors{
        QJsonObject{{QStringLiteral("field"), field}, {QStringLiteral("reason"), reason}}};
    return problem(status,
                   status == Status::PayloadTooLarge ? QStringLiteral("Payload Too Large")
                                                     : QStringLiteral("Invalid request"),
                   field + QStringLiteral(": ") + reason, {{QStringLiteral("errors"), errors}});
}

QHttpServerResponse errorResponse(const dc::Error &e)
{
    using K = dc::Error::Kind;
    const QJsonObject code =
        e.code.isEmpty() ? QJsonObject{} : QJsonObject{{QStringLiteral("code"), e.code}};
    switch (e.kind) {
    case K::NotFound:
        return problem(Status::NotFound, QStringLiteral("Not Found"), e.message, code);
    case K::Conflict:
    case K::Constraint:
        if (e.kind == K::Conflict)
            return problem(Status::Conflict, QStringLiteral("Conflict"), e.message, code);
        break;
    case K::Invalid: {
        if (!e.field.isEmpty())
            return invalidField(e.field, e.message);
        // Messages of the form "field: reason" name their field.
        const qsizetype colon = e.message.indexOf(QLatin1String(": "));
        if (colon > 0 && colon < 40 && !e.message.left(colon).contains(QLatin1Char(' ')))
            return invalidField(e.message.left(colon), e.message.mid(colon + 2));
        return problem(Status::BadRequest, QStringLiteral("Invalid request"), e.message, code);
    }
    case K::Busy:
    case K::Unavailable:
        return problem(Status::ServiceUnavailable, QStringLiteral("Service Unavailable"), e.message,
                       code);
    case K::Unauthorized:
        return problem(Status::Unauthorized, QStringLiteral("Unauthorized"), e.message, code);
    case K::Forbidden:
        return problem(Status::Forbidden, QStringLiteral("Forbidden"), e.message, code);
    case K::Upstream:
        return problem(Status::BadGateway, QStringLiteral("Bad Gateway"), e.message, code);
    case K::Internal:
        break;
    }
    // Constraint and Internal: the details stay in the log, never in the answer.
    return problem(Status::InternalServerError, QStringLiteral("Internal Server Error"),
                   QStringLiteral("storage error"));
}

} // namespace dc::api
