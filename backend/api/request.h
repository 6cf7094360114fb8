// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Request parsing shared by the resource controllers: every refusal is problem+json that
// names the field and the reason.
#include "api/response.h"
#include "security/permissions.h"
#include "storage/store.h"

#include <QDateTime>
#include <QHttpServerRequest>
#include <QHttpServerResponse>
#include <QJsonObject>
#include <expected>
#include <optional>

namespace dc::api {

// The body as a JSON object: 415 for another content type, 413 past maxBytes, 400 for
// malformed JSON (with the offset) or a non-object, 400 naming the first unknown field.
std::expected<QJsonObject, QHttpServerResponse>
jsonBody(const QHttpServerRequest &req, qint64 maxBytes, const QStringList &allowedFields);

// A JSON object body checked against a route's JSON Schema (integers as JSON numbers): the
// object, or the refusal jsonBody() would give for the media type or the syntax, or 400 naming
// the first field that breaks the schema ("line_items[0].quantity") and why.
std::expected<QJsonObject, QHttpServerResponse> checkedBody(const QHttpServerRequest &req,
                                                            const QJsonObject &schema);
// A string member of a body the router has checked (RequestContext::body): its text, or nothing
// when it is absent or null.
std::optional<QString> textOf(const QJsonObject &checkedBody, const QString &name);

// Typed field readers: a present field of the wrong type is an error; absent gives nullopt.
std::expected<std::optional<QString>, QHttpServerResponse>
stringField(const QJsonObject &o, const QString &name, int maxLength = 1024);
std::expected<std::optional<qint64>, QHttpServerResponse>
intField(const QJsonObject &o, const QString &name, qint64 min, qint64 max);
// A query parameter as an integer in range (absent gives the default).
std::expected<qint64, QHttpServerResponse>
intQuery(const QHttpServerRequest &req, const QString &name, qint64 def, qint64 min, qint64 max);
// ?cursor= (an id; 0, the default, is the first page) and ?limit= (1 to maxLimit).
struct Page
{
    qint64 cursor = 0;
    int limit = 0;
};
std::expected<Page, QHttpServerResponse> pageQuery(const QHttpServerRequest &req, int defaultLimit,
                                                   int maxLimit);
// A query parameter as an ISO 8601 date and time (UTC when it has no offset); absent gives a
// null QDateTime.
std::expected<QDateTime, QHttpServerResponse> dateQuery(const QHttpServerRequest &req,
                                                        const QString &name);

// Where what a caller names lives: "api:user:alice", "api:key:ci-bot". Caller-given idempotency
// and event keys are prefixed with it, so that no caller can take a key the backend uses for
// its own work (a workflow step's task, a run's trigger key) or another caller's.
QString callerNamespace(const security::Principal &p);
QString callerKey(const security::Principal &p, const QString &key); // empty stays empty

// Task and run payloads (inputs, results, trigger data, outputs, steps' inputs and outputs) can
// carry customers' personal data: shown to roles with personal.read, replaced by
// {"redacted": true} for the others.
QJsonObject visiblePayloads(QJsonObject taskOrRun, const security::Principal &who);

} // namespace dc::api
