// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How the workflow tables keep JSON values (run input, trigger data, step input and output) in
// TEXT columns. Shared by the executor, which writes them, and the run queries, which read them.
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QJsonValue>
#include <QVariant>

namespace dc::workflows {

inline QString jsonText(const QJsonValue &v)
{
    if (v.isObject())
        return QString::fromUtf8(QJsonDocument(v.toObject()).toJson(QJsonDocument::Compact));
    if (v.isArray())
        return QString::fromUtf8(QJsonDocument(v.toArray()).toJson(QJsonDocument::Compact));
    // Scalars are wrapped so that any JSON value round-trips through a TEXT column.
    const QByteArray wrapped = QJsonDocument(QJsonArray{v}).toJson(QJsonDocument::Compact);
    return QStringLiteral("=") + QString::fromUtf8(wrapped);
}

inline QJsonValue parseJsonText(const QVariant &v)
{
    if (v.isNull())
        return QJsonValue();
    const QString s = v.toString();
    if (s.startsWith(QLatin1Char('=')))
        return QJsonDocument::fromJson(s.mid(1).toUtf8()).array().at(0);
    const QJsonDocument d = QJsonDocument::fromJson(s.toUtf8());
    return d.isArray() ? QJsonValue(d.array()) : QJsonValue(d.object());
}

} // namespace dc::workflows
