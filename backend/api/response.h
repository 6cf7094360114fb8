// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Every answer of the API is built here: JSON bodies, RFC 9457 problem details (the one error
// shape), refusals that name a field, and the HTTP status of each kind of backend error
// (core/error.h), in one place.
#include "core/error.h"

#include <QHttpServerResponse>
#include <QJsonObject>

namespace dc::api {

QHttpServerResponse
json(const QJsonObject &body,
     QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::Ok);

// RFC 9457 problem details.
QHttpServerResponse problem(QHttpServerResponse::StatusCode status, const QString &title,
                            const QString &detail = {}, const QJsonObject &extra = {});

// 400 (or the status given) naming the field: errors: [{field, reason}], detail "field: reason".
QHttpServerResponse
invalidField(const QString &field, const QString &reason,
             QHttpServerResponse::StatusCode status = QHttpServerResponse::StatusCode::BadRequest);

// A backend error as problem+json: its kind gives the status, its machine code is `code`.
QHttpServerResponse errorResponse(const dc::Error &e);

} // namespace dc::api
