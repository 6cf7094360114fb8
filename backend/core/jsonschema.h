// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The subset of JSON Schema (2020-12 keywords) that agent actions declare for their input and
// output: type (one or a list), properties, required, additionalProperties (boolean), items,
// enum, minimum, maximum, minLength, maxLength, minItems, maxItems. Unknown keywords are
// ignored, as the specification says. "integer" accepts numbers with no fraction and numeric
// strings of digits (Shopify ids travel as strings).
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <optional>

namespace dc {

// The first violation as "path: reason" (path like "input.line_items[2].quantity"), or nothing.
std::optional<QString> validateJson(const QJsonValue &value, const QJsonObject &schema,
                                    const QString &path = QStringLiteral("input"));

// Small builders for schemas written in C++.
namespace schema {
QJsonObject object(const QJsonObject &properties, const QStringList &required = {},
                   bool additional = false);
QJsonObject integer(std::optional<qint64> min = std::nullopt,
                    std::optional<qint64> max = std::nullopt);
QJsonObject number();
QJsonObject string(int maxLength = 0, const QStringList &oneOf = {});
QJsonObject boolean();
QJsonObject array(const QJsonObject &items, int maxItems = 0);
QJsonObject anyObject(); // an object with any members
} // namespace schema

} // namespace dc
