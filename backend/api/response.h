// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Every answer of the API is built here: JSON bodies, RFC 9457 problem details (the one error
// shape), refusals that name a field, and the HTTP status of each kind of backend error
// (core/error.h), in one place.
#include "core/error.h"

#include <QHttpServerResponse>
#include <QJsonArray>
#include <QJsonObject>

namespace dc::api {

QHttpServerResponse
json(const QJsonObject &body,
     QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::Ok);

// RFC 9457 problem details.
QHttpServerResponse problem(QHttpServerResponse::StatusCode status, const QString &title,
                            const QString &detail = {}, const QJsonObject &extra = {});

// 404 with the detail ("no order 7").
QHttpServerResponse notFound(const QString &detail);

// 400 (or the status given) naming the field: errors: [{field, reason}], detail "field: reason".
QHttpServerResponse
invalidField(const QString &field, const QString &reason,
             QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::BadRequest);

// A backend error as problem+json: its kind gives the status, its machine code is `code`.
QHttpServerResponse errorResponse(const dc::Error &e);

// Each item's toJson(), in order.
template <class List> QJsonArray toJsonArray(const List &items)
{
    QJsonArray arr;
    for (const auto &item : items)
        arr.append(item.toJson());
    return arr;
}

// {"<key>": [items]} or the error: a plain list route.
template <class List>
QHttpServerResponse listResponse(const QString &key, const dc::Result<List> &items)
{
    if (!items)
        return errorResponse(items.error());
    return json({{key, toJsonArray(*items)}});
}

} // namespace dc::api
