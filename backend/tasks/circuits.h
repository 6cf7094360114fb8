// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Circuit breakers, one per outside service the tasks call ("aliexpress", "shopify"). The
// service's client says after each call whether it got an answer (a business refusal is an
// answer; no connection, a timeout, 5xx or "service unavailable" is not). After a few calls in
// a row without an answer the circuit opens: the task kinds that call the service are not
// claimed until it half-opens, then one task of them runs at a time as a probe, and the wait
// before the next probe doubles up to a cap. While the circuit is not closed, a task failing
// with the service's "unavailable" code does not use one of its attempts: an outage of hours
// leaves orders waiting, not dead, and not all retrying at once. The first answer closes the
// circuit and the tasks waiting on it are due again at once (TaskManager).
//
// In memory, per instance: each instance of a cluster finds an outage out for itself. Thread
// safe: clients report from worker threads, the dispatcher reads on its own.
#include <QHash>
#include <QJsonObject>
#include <QMutex>
#include <QStringList>

#include <functional>

namespace dc::tasks {

class Circuits
{
public:
    using Clock = std::function<qint64()>;
    struct Options
    {
        int failuresToOpen = 3;         // calls in a row without an answer
        qint64 firstOpenMs = 30'000;    // the wait before the first probe
        qint64 maxOpenMs = 10 * 60'000; // doubled after each failed probe, up to this
    };
    enum class State { Closed, Open, HalfOpen };

    void setClock(Clock clock);
    void setOptions(Options options);
    // A task failing with `code` is waiting on `circuit` (e.g. SUPPLIER_UNAVAILABLE,
    // "aliexpress"); a task kind declaring that code calls the service.
    void bind(const QString &code, const QString &circuit);
    QString circuitOfCode(const QString &code) const;
    QStringList codesOf(const QString &circuit) const;
    // The circuits of a kind, from the error codes it declares.
    QStringList circuitsOfCodes(const QStringList &codes) const;

    // Reports from the clients.
    void unanswered(const QString &circuit, const QString &error);
    void answered(const QString &circuit);
    // Called on the reporting thread when a circuit opens or closes; one call at a time, and
    // setting another (or none) waits for a call in progress.
    void setListener(std::function<void(const QString &circuit, bool open)> listener);

    State state(const QString &circuit) const;
    // When an open circuit lets its next probe through (0 when closed).
    qint64 probeAt(const QString &circuit) const;
    // The earliest probe time of the open circuits still to come after `after` (0: none).
    qint64 nextProbeAt(qint64 after = 0) const;
    // {name: {state, failures, down_since, probe_at, last_error}} for the API.
    QJsonObject toJson() const;

private:
    struct Circuit
    {
        int failures = 0; // in a row
        bool open = false;
        qint64 downSince = 0;
        qint64 openMs = 0; // the present wait between probes
        qint64 probeAt = 0;
        QString lastError;
    };
    qint64 now() const;
    void notify(const QString &circuit, bool open);
    State stateOf(const Circuit &c, qint64 now) const;

    mutable QMutex m_lock;
    Clock m_clock;
    Options m_options;
    QHash<QString, QString> m_codes; // code -> circuit
    QHash<QString, Circuit> m_circuits;
    QMutex m_listenerLock;
    std::function<void(const QString &, bool)> m_listener;
};

} // namespace dc::tasks
