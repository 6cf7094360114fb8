// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflows/template.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace dc::workflows {

std::expected<TemplateString, TemplateError> TemplateString::parse(const QString &text)
{
    TemplateString t;
    qsizetype pos = 0;
    while (pos < text.size()) {
        const qsizetype open = text.indexOf(QLatin1String("{{"), pos);
        if (open < 0) {
            t.m_parts << Part{text.mid(pos), -1};
            break;
        }
        if (open > pos)
            t.m_parts << Part{text.mid(pos, open - pos), -1};
        const qsizetype close = text.indexOf(QLatin1String("}}"), open + 2);
        if (close < 0)
            return std::unexpected(
                TemplateError{int(open), QStringLiteral("\"{{\" without a closing \"}}\"")});
        const QString inner = text.mid(open + 2, close - open - 2);
        auto e = Expression::parse(inner.trimmed());
        if (!e) {
            const int lead =
                int(inner.size() - inner.trimmed().size() > 0 ? inner.indexOf(inner.trimmed()) : 0);
            return std::unexpected(
                TemplateError{int(open + 2 + lead + e.error().offset), e.error().message});
        }
        t.m_parts << Part{QString(), int(t.m_exprs.size())};
        t.m_exprs << *e;
        pos = close + 2;
    }
    return t;
}

QJsonValue TemplateString::render(const QJsonValue &context) const
{
    if (m_parts.size() == 1 && m_parts[0].expr >= 0)
        return m_exprs[m_parts[0].expr].evaluate(context); // keeps its JSON type
    QString out;
    for (const Part &p : m_parts) {
        if (out.size() > kMaxRenderedInputBytes)
            break; // refused by the caller's size check; no need to build more
        if (p.expr < 0) {
            out += p.text;
            continue;
        }
        const QJsonValue v = m_exprs[p.expr].evaluate(context);
        switch (v.type()) {
        case QJsonValue::String:
            out += v.toString();
            break;
        case QJsonValue::Double:
            out += QString::number(v.toDouble(), 'g', 17);
            break;
        case QJsonValue::Bool:
            out += v.toBool() ? QStringLiteral("true") : QStringLiteral("false");
            break;
        case QJsonValue::Array:
            out += QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
            break;
        case QJsonValue::Object:
            out += QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
            break;
        default:
            break; // null renders as nothing
        }
    }
    return out;
}

QList<QStringList> TemplateString::paths() const
{
    QList<QStringList> out;
    for (const Expression &e : m_exprs)
        out += e.paths();
    return out;
}

QJsonValue renderValue(const QJsonValue &value, const QJsonValue &context)
{
    if (value.isString()) {
        auto t = TemplateString::parse(value.toString());
        return t ? t->render(context) : value; // definitions were validated on load
    }
    if (value.isArray()) {
        QJsonArray out;
        for (const QJsonValue &v : value.toArray())
            out.append(renderValue(v, context));
        return out;
    }
    if (value.isObject()) {
        QJsonObject out;
        const QJsonObject o = value.toObject();
        for (auto it = o.begin(); it != o.end(); ++it)
            out.insert(it.key(), renderValue(it.value(), context));
        return out;
    }
    return value;
}

qint64 jsonSizeAtMost(const QJsonValue &value, qint64 cap)
{
    qint64 size = 0;
    // Depth-first with an explicit stack; stops as soon as the count passes the cap.
    QList<QJsonValue> stack{value};
    while (!stack.isEmpty() && size <= cap) {
        const QJsonValue v = stack.takeLast();
        switch (v.type()) {
        case QJsonValue::String:
            size += v.toString().size() + 2;
            break;
        case QJsonValue::Double:
            size += 8;
            break;
        case QJsonValue::Bool:
        case QJsonValue::Null:
        case QJsonValue::Undefined:
            size += 5;
            break;
        case QJsonValue::Array: {
            const QJsonArray a = v.toArray();
            size += 2 + a.size();
            for (qsizetype i = a.size() - 1; i >= 0 && size <= cap; --i)
                stack.append(a.at(i));
            break;
        }
        case QJsonValue::Object: {
            const QJsonObject o = v.toObject();
            size += 2;
            for (auto it = o.begin(); it != o.end() && size <= cap; ++it) {
                size += it.key().size() + 4;
                stack.append(it.value());
            }
            break;
        }
        }
    }
    return std::min(size, cap + 1);
}

QString bareExpression(const QString &text)
{
    const QString t = text.trimmed();
    if (t.startsWith(QLatin1String("{{")) && t.endsWith(QLatin1String("}}")) &&
        t.indexOf(QLatin1String("{{"), 2) < 0)
        return t.mid(2, t.size() - 4).trimmed();
    return t;
}

} // namespace dc::workflows
