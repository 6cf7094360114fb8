// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The subset of JSON Schema (2020-12 keywords) that agent actions declare for their input and
// output: type (one or a list), properties, required, additionalProperties (boolean), items,
// enum, minimum, maximum, minLength, maxLength, minItems, maxItems. Unknown keywords are
// ignored, as the specification says. "integer" accepts numbers with no fraction and, unless
// Integers::Strict, numeric strings of digits (Shopify ids travel as strings).
#include <QJsonObject>
#include <QJsonValue>
#include <QString>
#include <optional>

namespace dc {

// Whether "integer" takes strings of digits (agent actions' inputs) or JSON numbers only (the
// HTTP request bodies, whose handlers read numbers).
enum class Integers { DigitStrings, Strict };

// The first violation as "path: reason" (path like "input.line_items[2].quantity"), or nothing.
std::optional<QString> validateJson(const QJsonValue &value, const QJsonObject &schema,
                                    const QString &path = QStringLiteral("input"),
                                    Integers integers = Integers::DigitStrings);

// Small builders for schemas written in C++.
namespace schema {
QJsonObject object(const QJsonObject &properties, const QStringList &required = {},
                   bool additional = false);
QJsonObject integer(std::optional<qint64> min = std::nullopt,
                    std::optional<qint64> max = std::nullopt);
QJsonObject number();
QJsonObject string(int maxLength = 0, const QStringList &oneOf = {}, int minLength = 0);
QJsonObject boolean();
QJsonObject array(const QJsonObject &items, int maxItems = 0);
QJsonObject anyObject();                  // an object with any members
QJsonObject nullable(QJsonObject schema); // the schema's type (and enum), or null
} // namespace schema

} // namespace dc
