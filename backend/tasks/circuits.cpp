// SPDX-License-Identifier: GPL-3.0-or-later
#include "tasks/circuits.h"

#include "core/logging.h"

#include <QDateTime>

#include <algorithm>

namespace dc::tasks {

void Circuits::setClock(Clock clock)
{
    QMutexLocker lock(&m_lock);
    m_clock = std::move(clock);
}

void Circuits::setOptions(Options options)
{
    QMutexLocker lock(&m_lock);
    m_options = options;
}

void Circuits::bind(const QString &code, const QString &circuit)
{
    QMutexLocker lock(&m_lock);
    m_codes.insert(code, circuit);
}

QString Circuits::circuitOfCode(const QString &code) const
{
    QMutexLocker lock(&m_lock);
    return m_codes.value(code);
}

QStringList Circuits::codesOf(const QString &circuit) const
{
    QMutexLocker lock(&m_lock);
    QStringList out;
    for (auto it = m_codes.cbegin(); it != m_codes.cend(); ++it)
        if (it.value() == circuit)
            out << it.key();
    out.sort();
    return out;
}

QStringList Circuits::circuitsOfCodes(const QStringList &codes) const
{
    QMutexLocker lock(&m_lock);
    QStringList out;
    for (const QString &code : codes)
        if (const QString c = m_codes.value(code); !c.isEmpty() && !out.contains(c))
            out << c;
    return out;
}

void Circuits::setListener(std::function<void(const QString &, bool)> listener)
{
    QMutexLocker lock(&m_listenerLock); // waits for a call in progress
    m_listener = std::move(listener);
}

void Circuits::notify(const QString &circuit, bool open)
{
    QMutexLocker lock(&m_listenerLock);
    if (m_listener)
        m_listener(circuit, open);
}

qint64 Circuits::now() const
{
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

Circuits::State Circuits::stateOf(const Circuit &c, qint64 now) const
{
    if (!c.open)
        return State::Closed;
    return now < c.probeAt ? State::Open : State::HalfOpen;
}

void Circuits::unanswered(const QString &circuit, const QString &error)
{
    {
        QMutexLocker lock(&m_lock);
        const qint64 t = now();
        Circuit &c = m_circuits[circuit];
        c.lastError = error.left(300);
        if (c.failures++ == 0)
            c.downSince = t;
        if (c.open) {
            // A failed probe (or a call made meanwhile): wait longer before the next one.
            c.openMs = std::min(c.openMs * 2, m_options.maxOpenMs);
            c.probeAt = t + c.openMs;
            return;
        }
        if (c.failures < m_options.failuresToOpen)
            return;
        c.open = true;
        c.openMs = m_options.firstOpenMs;
        c.probeAt = t + c.openMs;
        qCWarning(lcTasks).noquote() << "circuit" << circuit << "opened after" << c.failures
                                     << "calls without an answer:" << c.lastError;
    }
    notify(circuit, true);
}

void Circuits::answered(const QString &circuit)
{
    {
        QMutexLocker lock(&m_lock);
        auto it = m_circuits.find(circuit);
        if (it == m_circuits.end())
            return;
        const bool wasOpen = it->open;
        m_circuits.erase(it);
        if (!wasOpen)
            return;
        qCInfo(lcTasks).noquote() << "circuit" << circuit << "closed: the service answers again";
    }
    notify(circuit, false);
}

Circuits::State Circuits::state(const QString &circuit) const
{
    QMutexLocker lock(&m_lock);
    auto it = m_circuits.constFind(circuit);
    return it == m_circuits.cend() ? State::Closed : stateOf(*it, now());
}

qint64 Circuits::probeAt(const QString &circuit) const
{
    QMutexLocker lock(&m_lock);
    auto it = m_circuits.constFind(circuit);
    return it == m_circuits.cend() || !it->open ? 0 : it->probeAt;
}

qint64 Circuits::nextProbeAt(qint64 after) const
{
    QMutexLocker lock(&m_lock);
    qint64 next = 0;
    for (const Circuit &c : m_circuits)
        if (c.open && c.probeAt > after && (next == 0 || c.probeAt < next))
            next = c.probeAt;
    return next;
}

QJsonObject Circuits::toJson() const
{
    QMutexLocker lock(&m_lock);
    const qint64 t = now();
    auto iso = [](qint64 ms) {
        return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODateWithMs);
    };
    QJsonObject out;
    QStringList names(m_codes.cbegin(), m_codes.cend());
    names.removeDuplicates();
    for (const QString &name : std::as_const(names)) {
        const Circuit c = m_circuits.value(name);
        const State s = stateOf(c, t);
        const QString state = s == State::Closed ? QStringLiteral("closed")
                              : s == State::Open ? QStringLiteral("open")
                                                 : QStringLiteral("half_open");
        out.insert(name, QJsonObject{{QStringLiteral("state"), state},
                                     {QStringLiteral("failures"), c.failures},
                                     {QStringLiteral("down_since"),
                                      c.failures ? QJsonValue(iso(c.downSince)) : QJsonValue()},
                                     {QStringLiteral("probe_at"),
                                      c.open ? QJsonValue(iso(c.probeAt)) : QJsonValue()},
                                     {QStringLiteral("last_error"), c.lastError}});
    }
    return out;
}

} // namespace dc::tasks
