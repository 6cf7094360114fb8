// SPDX-License-Identifier: GPL-3.0-or-later
// Writing a workflow document back as YAML (workflowToYaml in definition.h), for the editor.
// Apart from definition.cpp, which reads and validates: this side only has to write what that
// side reads back as the same document.
#include "workflows/definition.h"

#include <QJsonArray>
#include <QRegularExpression>

#include <yaml-cpp/yaml.h>

#include <cmath>

namespace dc::workflows {

namespace {

// The loader reads these plain scalars as something else than a string: quote them.
bool needsQuotes(const QString &s)
{
    static const QRegularExpression num(
        QStringLiteral("^[-+]?(\\d+(\\.\\d*)?|\\.\\d+)([eE][-+]?\\d+)?$"));
    static const QStringList words = {QStringLiteral("true"),  QStringLiteral("True"),
                                      QStringLiteral("TRUE"),  QStringLiteral("false"),
                                      QStringLiteral("False"), QStringLiteral("FALSE"),
                                      QStringLiteral("null"),  QStringLiteral("~"),
                                      QStringLiteral("Null"),  QStringLiteral("NULL")};
    return s.isEmpty() || words.contains(s) || num.match(s).hasMatch() || s.trimmed() != s;
}

void emitYaml(YAML::Emitter &out, const QJsonValue &v);

// Known keys first, in the order people write them; the rest alphabetically.
QStringList keyOrder(const QJsonObject &o)
{
    static const QStringList known = {
        QStringLiteral("name"),       QStringLiteral("description"),
        QStringLiteral("trigger"),    QStringLiteral("event"),
        QStringLiteral("schedule"),   QStringLiteral("agent"),
        QStringLiteral("action"),     QStringLiteral("input"),
        QStringLiteral("depends_on"), QStringLiteral("when"),
        QStringLiteral("for_each"),   QStringLiteral("retry"),
        QStringLiteral("timeout"),    QStringLiteral("on_error"),
        QStringLiteral("steps"),      QStringLiteral("error_handling"),
        QStringLiteral("outputs")};
    QStringList keys;
    for (const QString &k : known)
        if (o.contains(k))
            keys << k;
    for (const QString &k : o.keys())
        if (!known.contains(k))
            keys << k;
    return keys;
}

void emitYaml(YAML::Emitter &out, const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Null:
    case QJsonValue::Undefined:
        out << YAML::Null;
        break;
    case QJsonValue::Bool:
        out << v.toBool();
        break;
    case QJsonValue::Double: {
        const double d = v.toDouble();
        if (d == std::floor(d) && std::abs(d) < 9e15)
            out << static_cast<long long>(d);
        else
            out << QString::number(d, 'g', 17).toStdString();
        break;
    }
    case QJsonValue::String: {
        const QString s = v.toString();
        if (needsQuotes(s))
            out << YAML::DoubleQuoted;
        out << s.toStdString();
        break;
    }
    case QJsonValue::Array:
        out << YAML::BeginSeq;
        for (const QJsonValue &e : v.toArray())
            emitYaml(out, e);
        out << YAML::EndSeq;
        break;
    case QJsonValue::Object: {
        const QJsonObject o = v.toObject();
        out << YAML::BeginMap;
        for (const QString &k : keyOrder(o)) {
            out << YAML::Key;
            if (needsQuotes(k))
                out << YAML::DoubleQuoted;
            out << k.toStdString() << YAML::Value;
            emitYaml(out, o.value(k));
        }
        out << YAML::EndMap;
        break;
    }
    }
}

} // namespace

QByteArray workflowToYaml(const QJsonObject &document)
{
    YAML::Emitter out;
    out.SetIndent(2);
    emitYaml(out, document);
    return QByteArray(out.c_str()) + '\n';
}

} // namespace dc::workflows
