// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include <QDateTime>
#include <QJsonObject>
#include <QMetaType>
#include <QString>

namespace dc::events {

// What a publisher provides; the log adds id and created_at.
struct EventDraft
{
    QString topic;
    QJsonObject data;
    QString key;           // events with the same key reach each subscriber in order
    QString source;        // "api", "shopify", "order_manager", ...
    QString correlationId; // ties together everything one trigger caused
    QString causationId;   // id of the event (or request) that caused this one
};

struct Event
{
    qint64 id = 0; // monotonic, in commit order
    QString topic;
    QString key;
    QJsonObject data;
    QString source;
    QString correlationId;
    QString causationId;
    QDateTime createdAt; // UTC

    QJsonObject toJson() const;
};

} // namespace dc::events

Q_DECLARE_METATYPE(dc::events::Event)
