// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/jsonschema.h"

#include <QJsonArray>
#include <cmath>

namespace dc {

namespace {

bool isInteger(const QJsonValue &v, Integers integers)
{
    if (v.isDouble()) {
        const double d = v.toDouble();
        return std::isfinite(d) && std::floor(d) == d;
    }
    if (v.isString() && integers == Integers::DigitStrings) {
        const QString s = v.toString();
        if (s.isEmpty() || s.size() > 19)
            return false;
        for (qsizetype i = 0; i < s.size(); ++i)
            if (!s.at(i).isDigit() && !(i == 0 && s.at(i) == QLatin1Char('-') && s.size() > 1))
                return false;
        return true;
    }
    return false;
}

bool hasType(const QJsonValue &v, const QString &type, Integers integers)
{
    if (type == QLatin1String("object"))
        return v.isObject();
    if (type == QLatin1String("array"))
        return v.isArray();
    if (type == QLatin1String("string"))
        return v.isString();
    if (type == QLatin1String("integer"))
        return isInteger(v, integers);
    if (type == QLatin1String("number"))
        return v.isDouble();
    if (type == QLatin1String("boolean"))
        return v.isBool();
    if (type == QLatin1String("null"))
        return v.isNull();
    return true;
}

double numberOf(const QJsonValue &v)
{
    return v.isString() ? v.toString().toDouble() : v.toDouble();
}

} // namespace

std::optional<QString> validateJson(const QJsonValue &value, const QJsonObject &s,
                                    const QString &path, Integers integers)
{
    const auto fail = [&path](const QString &why) -> std::optional<QString> {
        return path + QStringLiteral(": ") + why;
    };
    if (const QJsonValue t = s.value(QStringLiteral("type")); !t.isUndefined()) {
        QStringList types;
        if (t.isArray())
            for (const QJsonValue &x : t.toArray())
                types << x.toString();
        else
            types << t.toString();
        bool any = false;
        for (const QString &type : types)
            any = any || hasType(value, type, integers);
        if (!any)
            return fail(QStringLiteral("expected %1").arg(types.join(QStringLiteral(" or "))));
    }
    if (const QJsonValue e = s.value(QStringLiteral("enum")); e.isArray()) {
        if (!e.toArray().contains(value)) {
            QStringList allowed;
            for (const QJsonValue &x : e.toArray())
                allowed << (x.isString() ? x.toString()
                            : x.isNull() ? QStringLiteral("null")
                                         : QString::number(x.toDouble()));
            return fail(
                QStringLiteral("expected one of %1").arg(allowed.join(QStringLiteral(", "))));
        }
    }
    if (value.isString()) {
        const qsizetype n = value.toString().size();
        if (s.contains(QStringLiteral("minLength")) &&
            n < s.value(QStringLiteral("minLength")).toInt())
            return fail(QStringLiteral("shorter than %1 characters")
                            .arg(s.value(QStringLiteral("minLength")).toInt()));
        if (s.contains(QStringLiteral("maxLength")) &&
            n > s.value(QStringLiteral("maxLength")).toInt())
            return fail(QStringLiteral("longer than %1 characters")
                            .arg(s.value(QStringLiteral("maxLength")).toInt()));
    }
    if (value.isDouble() || (value.isString() && isInteger(value, integers))) {
        const double d = numberOf(value);
        if (s.contains(QStringLiteral("minimum")) &&
            d < s.value(QStringLiteral("minimum")).toDouble())
            return fail(QStringLiteral("less than %1")
                            .arg(s.value(QStringLiteral("minimum")).toDouble(), 0, 'g', 17));
        if (s.contains(QStringLiteral("maximum")) &&
            d > s.value(QStringLiteral("maximum")).toDouble())
            return fail(QStringLiteral("more than %1")
                            .arg(s.value(QStringLiteral("maximum")).toDouble(), 0, 'g', 17));
    }
    if (value.isArray()) {
        const QJsonArray a = value.toArray();
        if (s.contains(QStringLiteral("minItems")) &&
            a.size() < s.value(QStringLiteral("minItems")).toInt())
            return fail(QStringLiteral("fewer than %1 items")
                            .arg(s.value(QStringLiteral("minItems")).toInt()));
        if (s.contains(QStringLiteral("maxItems")) &&
            a.size() > s.value(QStringLiteral("maxItems")).toInt())
            return fail(QStringLiteral("more than %1 items")
                            .arg(s.value(QStringLiteral("maxItems")).toInt()));
        if (const QJsonValue items = s.value(QStringLiteral("items")); items.isObject())
            for (qsizetype i = 0; i < a.size(); ++i)
                if (auto e = validateJson(a.at(i), items.toObject(),
                                          path + QStringLiteral("[%1]").arg(i), integers))
                    return e;
    }
    if (value.isObject()) {
        const QJsonObject o = value.toObject();
        const QJsonObject props = s.value(QStringLiteral("properties")).toObject();
        // Unknown members first, then missing ones, then the values: a body with a field it
        // may not set is refused for that field whatever else is wrong with it.
        const bool closed = s.value(QStringLiteral("additionalProperties")).isBool() &&
                            !s.value(QStringLiteral("additionalProperties")).toBool();
        if (closed)
            for (auto it = o.begin(); it != o.end(); ++it)
                if (!props.contains(it.key()))
                    return path + QLatin1Char('.') + it.key() + QStringLiteral(": unknown field");
        for (const QJsonValue &r : s.value(QStringLiteral("required")).toArray())
            if (!o.contains(r.toString()))
                return path + QLatin1Char('.') + r.toString() + QStringLiteral(": required");
        for (auto it = o.begin(); it != o.end(); ++it)
            if (props.contains(it.key()))
                if (auto e = validateJson(it.value(), props.value(it.key()).toObject(),
                                          path + QLatin1Char('.') + it.key(), integers))
                    return e;
    }
    return std::nullopt;
}

namespace schema {

QJsonObject object(const QJsonObject &properties, const QStringList &required, bool additional)
{
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("object")},
                  {QStringLiteral("properties"), properties},
                  {QStringLiteral("additionalProperties"), additional}};
    if (!required.isEmpty())
        o.insert(QStringLiteral("required"), QJsonArray::fromStringList(required));
    return o;
}

QJsonObject integer(std::optional<qint64> min, std::optional<qint64> max)
{
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("integer")}};
    if (min)
        o.insert(QStringLiteral("minimum"), double(*min));
    if (max)
        o.insert(QStringLiteral("maximum"), double(*max));
    return o;
}

QJsonObject number()
{
    return {{QStringLiteral("type"), QStringLiteral("number")}};
}

QJsonObject string(int maxLength, const QStringList &oneOf, int minLength)
{
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("string")}};
    if (minLength > 0)
        o.insert(QStringLiteral("minLength"), minLength);
    if (maxLength > 0)
        o.insert(QStringLiteral("maxLength"), maxLength);
    if (!oneOf.isEmpty())
        o.insert(QStringLiteral("enum"), QJsonArray::fromStringList(oneOf));
    return o;
}

QJsonObject boolean()
{
    return {{QStringLiteral("type"), QStringLiteral("boolean")}};
}

QJsonObject array(const QJsonObject &items, int maxItems)
{
    QJsonObject o{{QStringLiteral("type"), QStringLiteral("array")},
                  {QStringLiteral("items"), items}};
    if (maxItems > 0)
        o.insert(QStringLiteral("maxItems"), maxItems);
    return o;
}

QJsonObject anyObject()
{
    return {{QStringLiteral("type"), QStringLiteral("object")}};
}

QJsonObject nullable(QJsonObject schema)
{
    schema.insert(QStringLiteral("type"),
                  QJsonArray{schema.value(QStringLiteral("type")), QStringLiteral("null")});
    if (schema.value(QStringLiteral("enum")).isArray()) {
        QJsonArray values = schema.value(QStringLiteral("enum")).toArray();
        values.append(QJsonValue::Null);
        schema.insert(QStringLiteral("enum"), values);
    }
    return schema;
}

} // namespace schema
} // namespace dc
