// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The outcome of the last call to an outside service (AliExpress, the LLM server), for the
// operator's status bar: whether it answered, when, and why not. Written by worker threads.
#include <QDateTime>
#include <QJsonObject>
#include <QMutex>

namespace dc {

class CallHealth
{
public:
    void record(bool ok, const QString &error = {})
    {
        QMutexLocker lock(&m_mutex);
        m_called = true;
        m_ok = ok;
        m_at = QDateTime::currentDateTimeUtc();
        m_error = ok ? QString() : error.left(300);
    }
    // null until a first call; then {ok, at, error}.
    QJsonValue toJson() const
    {
        QMutexLocker lock(&m_mutex);
        if (!m_called)
            return QJsonValue();
        return QJsonObject{{QStringLiteral("ok"), m_ok},
                           {QStringLiteral("at"), m_at.toString(Qt::ISODateWithMs)},
                           {QStringLiteral("error"), m_error}};
    }

private:
    mutable QMutex m_mutex;
    bool m_called = false;
    bool m_ok = false;
    QDateTime m_at;
    QString m_error;
};

} // namespace dc
