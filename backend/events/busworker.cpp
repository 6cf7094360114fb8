// SPDX-License-Identifier: GPL-3.0-or-later
#include "events/busworker.h"

#include "core/logging.h"
#include "events/webhooksender.h"
#include "storage/sqlutil.h"

#include <QPointer>
#include <QSet>
#include <QSqlDriver>
#include <QThreadPool>
#include <QTimer>

namespace dc::events {

using namespace dc::storage;

namespace {
constexpr int kWindow = 500;            // events examined per subscription per pass
constexpr int kMaxInFlight = 8;         // deliveries in flight per subscription
constexpr size_t kRecent = 4 * kWindow; // events tail() keeps for refill()
constexpr qint64 kRowsPollMs = 1000;    // other instances' requeues are seen within this
constexpr int kRequeuedPage = 1000;     // requeued deliveries read at a time
} // namespace

int BusWorker::Sub::inFlight() const
{
    int n = 0;
    for (const auto &[id, p] : window)
        n += p.inFlight ? 1 : 0;
    for (const Pending &p : requeued)
        n += p.inFlight ? 1 : 0;
    return n;
}

BusWorker::BusWorker(BusWorkerHost &host, storage::Store &store,
                     const SubscriptionAdmin &subscriptions, QString instanceId,
                     QThreadPool &handlers)
    : m_host(host)
    , m_store(store)
    , m_admin(subscriptions)
    , m_instanceId(std::move(instanceId))
    , m_handlers(handlers)
{}

void BusWorker::wake()
{
    if (m_wakePending.exchange(true))
        return;
    QMetaObject::invokeMethod(this, &BusWorker::onWake, Qt::QueuedConnection);
}

void BusWorker::init()
{
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &BusWorker::onWake);
    m_flushTimer = new QTimer(this);
    m_flushTimer->setSingleShot(true);
    m_flushTimer->setInterval(50);
    connect(m_flushTimer, &QTimer::timeout, this, &BusWorker::flushCursors);
    m_webhooks = new WebhookSender(this);
    auto *retention = new QTimer(this);
    retention->setInterval(3600 * 1000);
    connect(retention, &QTimer::timeout, this, &BusWorker::applyRetention);
    retention->start();
    QTimer::singleShot(0, this, &BusWorker::applyRetention);
    QSqlDatabase db = m_store.reader();
    m_lastSeen = lastEventId(db).value_or(0);
    m_recentFrom = m_lastSeen;
    if (m_store.backend() == Backend::Postgres)
        listenForOtherInstances();
    reload();
}

void BusWorker::shutdown()
{
    m_stopping = true;
    if (m_timer)
        m_timer->stop();
    flushCursors();
    m_subs.clear();
    if (m_listen.isValid()) {
        const QString name = m_listen.connectionName();
        m_listen.close();
        m_listen = QSqlDatabase();
        QSqlDatabase::removeDatabase(name);
    }
}

void BusWorker::reload()
{
    auto list = m_admin.subscriptions(m_store.reader());
    if (!list) {
        qCWarning(lcEvents) << "cannot load subscriptions:" << list.error().message;
        return;
    }
    std::map<qint64, Sub> next;
    for (const SubscriptionInfo &info : *list) {
        auto pats = TopicPatternSet::parse(info.patterns);
        if (!pats)
            continue;
        auto old = m_subs.find(info.id);
        if (old != m_subs.end()) { // keep the live state; what it follows may have changed
            old->second.info = info;
            old->second.patterns = *pats;
            old->second.filter.reset();
            if (!info.filter.isEmpty())
                if (auto f = Expression::parse(info.filter))
                    old->second.filter = *f;
            next.emplace(info.id, std::move(old->second));
            continue;
        }
        Sub s;
        s.info = info;
        s.patterns = *pats;
        if (!info.filter.isEmpty())
            if (auto f = Expression::parse(info.filter))
                s.filter = *f;
        if (info.kind == QLatin1String("webhook"))
            s.secret = m_admin.secret(info.id, info.name);
        next.emplace(info.id, std::move(s));
    }
    m_subs = std::move(next);
    onWake();
}

void BusWorker::onWake()
{
    m_wakePending = false;
    if (m_stopping)
        return;
    tail();
    const qint64 now = m_host.now();
    qint64 nextDue = 0;
    for (auto &[id, sub] : m_subs) {
        if (!ready(sub, now))
            continue;
        if (rowsMayHaveChanged(sub, now))
            readRows(sub, now);
        refill(sub);
        const qint64 due = pump(sub, now);
        if (due > 0 && (nextDue == 0 || due < nextDue))
            nextDue = due;
    }
    // Wake again for the earliest retry, and regularly for leases, requeued deliveries and
    // other instances' events should a NOTIFY be missed.
    const qint64 idle = std::clamp<qint64>(m_host.leaseMs() / 3, 50, 5000);
    const qint64 wait = nextDue ? std::clamp<qint64>(nextDue - now, 1, idle) : idle;
    if (!m_timer->isActive() || m_timer->remainingTime() > wait)
        m_timer->start(int(wait));
}

void BusWorker::onResult(qint64 subId, qint64 eventId, bool ok, const QString &error)
{
    auto it = m_subs.find(subId);
    if (it == m_subs.end())
        return;
    Sub &s = it->second;
    const bool fromRequeue = s.requeued.contains(eventId);
    Pending *p = nullptr;
    if (fromRequeue) {
        p = &s.requeued[eventId];
    } else if (auto w = s.window.find(eventId); w != s.window.end()) {
        p = &w->second;
    } else {
        return;
    }
    p->inFlight = false;
    if (ok) {
        // Success is only remembered in memory and by the cursor; a row (retry or requeue)
        // is removed so the dead-letter list stays true.
        if (p->hasRow || fromRequeue)
            (void)m_store.write<int>([subId, eventId](WriteContext &ctx) -> DbResult<int> {
                auto d = exec(ctx.db(),
                              QStringLiteral("DELETE FROM subscription_deliveries WHERE "
                                             "subscription_id=? AND event_id=?"),
                              {subId, eventId});
                if (!d)
                    return std::unexpected(d.error());
                return 0;
            });
        if (fromRequeue)
            s.requeued.remove(eventId);
        else
            s.window.erase(eventId);
    } else {
        p->attempts += 1;
        const bool dead = p->attempts >= s.info.maxAttempts;
        p->nextAt = dead ? 0 : m_host.now() + m_host.backoffMs(p->attempts);
        const QString state = dead ? QStringLiteral("dead") : QStringLiteral("retrying");
        const int attempts = p->attempts;
        const qint64 nextAt = p->nextAt;
        // Failures are written before anything else happens: attempt counts and dead letters
        // must survive a restart.
        auto w = m_store.writeAndWait<int>([=](WriteContext &ctx) -> DbResult<int> {
            auto u =
                exec(ctx.db(),
                     QStringLiteral(
                         "INSERT INTO subscription_deliveries (subscription_id, event_id, state, "
                         "attempts, "
                         "next_attempt_at, last_error, updated_at) VALUES (?,?,?,?,?,?,?) "
                         "ON CONFLICT (subscription_id, event_id) DO UPDATE SET "
                         "state=excluded.state, "
                         "attempts=excluded.attempts, next_attempt_at=excluded.next_attempt_at, "
                         "last_error=excluded.last_error, updated_at=excluded.updated_at"),
                     {subId, eventId, state, attempts, nextAt, error.left(1000), nowMs()});
            if (!u)
                return std::unexpected(u.error());
            return 0;
        });
        if (!w)
            qCWarning(lcEvents) << "cannot record a failed delivery:" << w.error().message;
        p->hasRow = true;
        if (dead) {
            qCWarning(lcEvents).noquote()
                << "event" << eventId << "dead-lettered for" << s.info.name << ":" << error;
            if (fromRequeue)
                s.requeued.remove(eventId);
            else
                s.window.erase(eventId);
            m_host.eventDeadLettered(subId, eventId, error);
        }
    }
    if (!fromRequeue)
        advance(s);
    if (m_stopping)
        return;
    const qint64 now = m_host.now();
    refill(s);
    const qint64 due = pump(s, now);
    if (due > 0 && (!m_timer->isActive() || m_timer->remainingTime() > due - now))
        m_timer->start(int(std::max<qint64>(1, due - now)));
}

void BusWorker::applyRetention()
{
    const RetentionPolicy policy = m_host.retentionPolicy();
    if (m_stopping || (policy.maxAgeDays <= 0 && policy.maxCount <= 0))
        return;
    auto n = m_host.applyRetention(policy);
    if (!n)
        qCWarning(lcEvents) << "retention failed:" << n.error().message;
    else if (*n > 0)
        qCInfo(lcEvents) << "retention removed" << *n << "events";
}

void BusWorker::listenForOtherInstances()
{
    const QString name = m_store.url().dbName + QStringLiteral("-listen-") + m_instanceId;
    auto db = openDatabase(m_store.url(), name, false);
    if (!db) {
        qCWarning(lcEvents) << "no LISTEN connection; other instances' events arrive by polling:"
                            << db.error();
        return;
    }
    m_listen = *db;
    if (!m_listen.driver()->subscribeToNotification(QStringLiteral("dropcrew_events")))
        qCWarning(lcEvents) << "LISTEN dropcrew_events failed";
    connect(m_listen.driver(), &QSqlDriver::notification, this, [this] { onWake(); });
}

// Follows the log by id and emits every new event, in order.
void BusWorker::tail()
{
    QSqlDatabase db = m_store.reader();
    for (int round = 0; round < 100; ++round) {
        static const QString kTail =
            QStringLiteral("SELECT ") + kEventColumns +
            QStringLiteral(" FROM events WHERE id > ? ORDER BY id LIMIT 1000");
        auto q = cachedRead(db, kTail, {m_lastSeen});
        if (!q)
            return;
        int n = 0;
        while (q->next()) {
            const Event e = eventFromRow(*q);
            m_lastSeen = e.id;
            ++n;
            m_host.eventPublished(e);
            m_recent.push_back(e);
            if (m_recent.size() > kRecent) {
                m_recentFrom = m_recent.front().id;
                m_recent.pop_front();
            }
        }
        if (n < 1000)
            return;
    }
}

// Whether this instance consumes the subscription now (handler present, lease held), and
// on first use the state read back from the database.
bool BusWorker::ready(Sub &s, qint64 now)
{
    if (s.info.kind == QLatin1String("handler") && !m_host.hasHandler(s.info.name))
        return false; // consumed by a process that registered the handler, not by us
    if (!holdLease(s, now)) {
        s.loaded = false; // another instance has it: re-read its progress when we get it back
        s.window.clear();
        s.requeued.clear();
        return false;
    }
    if (!s.loaded) {
        auto q = exec(m_store.reader(),
                      QStringLiteral("SELECT cursor FROM subscriptions WHERE id=?"), {s.info.id});
        if (!q || !q->next())
            return false;
        s.cursor = s.persistedCursor = s.fetchedUpTo = q->value(0).toLongLong();
        s.window.clear();
        s.requeued.clear();
        s.rowsCheckedAt = 0; // read them again, and until then assume there are some
        s.rowsUpTo = std::numeric_limits<qint64>::max();
        s.loaded = true;
    }
    return true;
}

bool BusWorker::holdLease(Sub &s, qint64 now)
{
    // A durable subscription is consumed by one instance at a time; the lease is renewed
    // well before it runs out.
    const qint64 leaseMs = m_host.leaseMs();
    if (s.owned && now < s.leaseUntil - leaseMs / 3)
        return true;
    const qint64 until = now + leaseMs;
    const qint64 id = s.info.id;
    const QString me = m_instanceId;
    auto r = m_store.writeAndWait<int>([=](WriteContext &ctx) -> DbResult<int> {
        auto q = exec(
            ctx.db(),
            QStringLiteral("UPDATE subscriptions SET lease_owner=?, lease_until=? WHERE id=? AND "
                           "(lease_owner=? OR lease_owner='' OR lease_until < ?)"),
            {me, until, id, me, now});
        if (!q)
            return std::unexpected(q.error());
        return q->numRowsAffected();
    });
    s.owned = r && *r > 0;
    if (s.owned)
        s.leaseUntil = until;
    return s.owned;
}

bool BusWorker::rowsMayHaveChanged(const Sub &s, qint64 now) const
{
    return s.rowsCheckedAt == 0 || s.rowsGeneration != m_host.requeueGeneration() ||
           now - s.rowsCheckedAt >= kRowsPollMs;
}

// Requeued deliveries, and how far up the subscription has rows at all.
void BusWorker::readRows(Sub &s, qint64 now)
{
    const quint64 generation = m_host.requeueGeneration(); // before reading: a later one re-reads
    auto q = exec(m_store.reader(),
                  QStringLiteral("SELECT MAX(event_id) FROM subscription_deliveries WHERE "
                                 "subscription_id=?"),
                  {s.info.id});
    if (!q || !q->next()) {
        // The checks stay due (tried again on the next pass); meanwhile refill() reads rows.
        s.rowsUpTo = std::numeric_limits<qint64>::max();
        return;
    }
    s.rowsUpTo = q->value(0).isNull() ? 0 : q->value(0).toLongLong();
    const bool more = s.rowsUpTo > 0 && loadRequeued(s) == kRequeuedPage;
    s.rowsGeneration = generation;
    s.rowsCheckedAt = more ? 0 : std::max<qint64>(now, 1); // a full page: the next pass reads on
}

// Reads further matching events into the window: from the events tail() kept when this
// subscription keeps up with the log, else from the log.
void BusWorker::refill(Sub &s)
{
    if (s.window.size() >= size_t(kWindow / 2))
        return;
    QSqlDatabase db = m_store.reader();
    QList<Event> fresh;
    if (s.fetchedUpTo >= m_recentFrom && s.fetchedUpTo <= m_lastSeen) {
        auto it = std::upper_bound(m_recent.cbegin(), m_recent.cend(), s.fetchedUpTo,
                                   [](qint64 id, const Event &e) { return id < e.id; });
        for (; it != m_recent.cend() && fresh.size() < kWindow; ++it)
            fresh << *it;
    } else {
        static const QString kRefill =
            QStringLiteral("SELECT ") + kEventColumns +
            QStringLiteral(" FROM events WHERE id > ? ORDER BY id LIMIT %1").arg(kWindow);
        auto q = cachedRead(db, kRefill, {s.fetchedUpTo});
        if (!q)
            return;
        while (q->next())
            fresh << eventFromRow(*q);
    }
    if (fresh.isEmpty())
        return;
    // Failures recorded earlier (before a restart) keep their attempts and backoff; dead
    // letters stay out of the window. Rows above rowsUpTo do not exist, unless a requeue
    // came after the last look.
    QHash<qint64, std::pair<QString, std::pair<int, qint64>>> rows;
    if (s.fetchedUpTo < s.rowsUpTo || s.rowsGeneration != m_host.requeueGeneration()) {
        auto r = exec(
            db,
            QStringLiteral(
                "SELECT event_id, state, attempts, next_attempt_at FROM subscription_deliveries "
                "WHERE subscription_id=? AND event_id > ? AND event_id <= ?"),
            {s.info.id, s.fetchedUpTo, fresh.last().id});
        while (r && r->next())
            rows.insert(r->value(0).toLongLong(),
                        {r->value(1).toString(), {r->value(2).toInt(), r->value(3).toLongLong()}});
    }
    for (const Event &e : std::as_const(fresh)) {
        s.fetchedUpTo = e.id;
        if (!s.patterns.matches(e.topic) || (s.filter && !s.filter->test(e.toJson())))
            continue;
        Pending p;
        p.event = e;
        if (auto row = rows.constFind(e.id); row != rows.cend()) {
            if (row->first == QLatin1String("dead") || row->first == QLatin1String("requeued"))
                continue; // requeued ones are loaded by loadRequeued()
            p.hasRow = true;
            p.attempts = row->second.first;
            p.nextAt = row->second.second;
        }
        s.window.emplace(e.id, std::move(p));
    }
    advance(s);
}

int BusWorker::loadRequeued(Sub &s)
{
    QSqlDatabase db = m_store.reader();
    int rows = 0;
    auto q =
        exec(db,
             QStringLiteral(
                 "SELECT e.id, e.topic, e.event_key, e.payload, e.source, e.correlation_id, "
                 "e.causation_id, "
                 "e.created_at FROM subscription_deliveries d JOIN events e ON e.id = d.event_id "
                 "WHERE d.subscription_id=? AND d.state='requeued' ORDER BY e.id LIMIT %1")
                 .arg(kRequeuedPage),
             {s.info.id});
    while (q && q->next()) {
        ++rows;
        Event e = eventFromRow(*q);
        if (s.requeued.contains(e.id))
            continue;
        // A replay of an event still pending (in flight or not) is that same delivery: its row
        // goes when it succeeds. Replays of events not yet read (another instance's, seen at
        // the next poll) land here too, and are delivered once.
        if (auto w = s.window.find(e.id); w != s.window.end()) {
            w->second.hasRow = true;
            continue;
        }
        Pending p;
        p.event = e;
        p.hasRow = true;
        s.requeued.insert(e.id, p);
    }
    return rows;
}

// The cursor moves to just below the oldest unfinished event.
void BusWorker::advance(Sub &s)
{
    const qint64 c = s.window.empty() ? s.fetchedUpTo : s.window.begin()->first - 1;
    if (c > s.cursor) {
        s.cursor = c;
        if (!m_flushTimer->isActive())
            m_flushTimer->start();
    }
}

void BusWorker::flushCursors()
{
    for (auto &[id, s] : m_subs) {
        if (!s.loaded || s.cursor <= s.persistedCursor)
            continue;
        const qint64 subId = id, cursor = s.cursor;
        s.persistedCursor = cursor;
        (void)m_store.write<int>([=](WriteContext &ctx) -> DbResult<int> {
            auto u = exec(ctx.db(),
                          QStringLiteral("UPDATE subscriptions SET cursor=?, updated_at=? "
                                         "WHERE id=? AND cursor < ?"),
                          {cursor, nowMs(), subId, cursor});
            if (!u)
                return std::unexpected(u.error());
            return 0;
        });
    }
}

// Dispatches what may go now. Returns the time of the earliest scheduled retry (0: none).
qint64 BusWorker::pump(Sub &s, qint64 now)
{
    DeliveryHandler handler;
    if (s.info.kind == QLatin1String("handler")) {
        handler = m_host.handler(s.info.name);
        if (!handler)
            return 0;
    }
    int inFlight = s.inFlight();
    for (auto it = s.requeued.begin(); it != s.requeued.end() && inFlight < kMaxInFlight; ++it) {
        if (it->inFlight)
            continue;
        it->inFlight = true;
        ++inFlight;
        deliver(s, handler, it->event);
    }
    qint64 nextDue = 0;
    QSet<QString> blockedKeys;
    for (auto &[id, p] : s.window) {
        if (inFlight >= kMaxInFlight)
            break;
        // Per-key order: only the oldest unfinished event of a key may be in flight.
        const QString &key = p.event.key;
        if (!key.isEmpty()) {
            if (blockedKeys.contains(key))
                continue;
            blockedKeys.insert(key);
        }
        if (p.inFlight)
            continue;
        if (p.nextAt > now) {
            if (nextDue == 0 || p.nextAt < nextDue)
                nextDue = p.nextAt;
            continue;
        }
        p.inFlight = true;
        ++inFlight;
        deliver(s, handler, p.event);
    }
    return nextDue;
}

void BusWorker::deliver(Sub &s, const DeliveryHandler &handler, const Event &e)
{
    const qint64 subId = s.info.id;
    QPointer<BusWorker> self(this);
    if (handler) {
        m_handlers.start([handler, e, subId, self] {
            std::expected<void, QString> r = std::unexpected(QString());
            try {
                r = handler(e);
            } catch (const std::exception &ex) {
                r = std::unexpected(QString::fromUtf8(ex.what()));
            }
            const bool ok = r.has_value();
            const QString err = ok ? QString() : r.error();
            if (self)
                QMetaObject::invokeMethod(
                    self,
                    [self, subId, id = e.id, ok, err] {
                        if (self)
                            self->onResult(subId, id, ok, err);
                    },
                    Qt::QueuedConnection);
        });
        return;
    }
    const qint64 eventId = e.id;
    m_webhooks->post(s.info.url, s.secret, e, m_host.now(),
                     [this, subId, eventId](bool ok, const QString &error) {
                         onResult(subId, eventId, ok, error);
                     });
}

} // namespace dc::events
