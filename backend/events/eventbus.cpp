// SPDX-License-Identifier: GPL-3.0-or-later
#include "events/eventbus.h"

#include "core/logging.h"
#include "storage/sqlutil.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkAccessManager>
#include <QNetworkReply>
#include <QRandomGenerator>
#include <QRegularExpression>
#include <QSqlDriver>
#include <QThreadPool>
#include <QTimer>

#include <memory>

namespace dc::events {

using namespace dc::storage;

namespace {
constexpr int kWindow = 500;    // events examined per subscription per pass
constexpr int kMaxInFlight = 8; // deliveries in flight per subscription

QByteArray secretAad(const QString &name)
{
    return security::aadFor("subscriptions", "secret", name);
}
} // namespace

bool LocalSubscription::accepts(const Event &e) const
{
    if (!m_patterns.matches(e.topic))
        return false;
    return !m_filter || m_filter->test(e.toJson());
}

QJsonObject SubscriptionInfo::toJson() const
{
    QJsonArray pats;
    for (const QString &p : patterns)
        pats.append(p);
    return QJsonObject{{QStringLiteral("id"), id},
                       {QStringLiteral("name"), name},
                       {QStringLiteral("kind"), kind},
                       {QStringLiteral("patterns"), pats},
                       {QStringLiteral("filter"), filter},
                       {QStringLiteral("url"), url},
                       {QStringLiteral("max_attempts"), maxAttempts},
                       {QStringLiteral("cursor"), cursor},
                       {QStringLiteral("lag"), lag},
                       {QStringLiteral("retrying"), retrying},
                       {QStringLiteral("dead_letters"), dead},
                       {QStringLiteral("lease_owner"), leaseOwner},
                       {QStringLiteral("created_at"), createdAt.toString(Qt::ISODateWithMs)}};
}

QJsonObject DeadLetter::toJson() const
{
    return QJsonObject{{QStringLiteral("event_id"), eventId},
                       {QStringLiteral("state"), state},
                       {QStringLiteral("attempts"), attempts},
                       {QStringLiteral("last_error"), lastError},
                       {QStringLiteral("updated_at"), updatedAt.toString(Qt::ISODateWithMs)}};
}

// ---------------------------------------------------------------------------------------------
// The bus thread's worker.

class BusWorker : public QObject
{
    Q_OBJECT
public:
    explicit BusWorker(EventBus *bus)
        : m_bus(bus)
    {}

    // An event this subscriber still has to process.
    struct Pending
    {
        Event event;
        bool inFlight = false;
        int attempts = 0;    // failed attempts so far
        qint64 nextAt = 0;   // not before (backoff)
        bool hasRow = false; // a "retrying" row exists in subscription_deliveries
    };

    // A durable subscription as the bus thread follows it. Everything at or below `cursor` is
    // done; `window` holds the matching, unfinished events above it, read from the log up to
    // `fetchedUpTo`. The persisted cursor trails the in-memory one (it is written in the
    // background): after a crash the difference is delivered again, which at-least-once allows.
    struct Sub
    {
        SubscriptionInfo info;
        TopicPatternSet patterns;
        std::optional<Expression> filter;
        QByteArray secret;
        qint64 cursor = 0;
        qint64 persistedCursor = 0;
        qint64 fetchedUpTo = 0;
        std::map<qint64, Pending> window;
        QHash<qint64, Pending> requeued; // manual retries and replays: no ordering
        bool owned = false;
        qint64 leaseUntil = 0;
        bool loaded = false;
        int inFlight() const
        {
            int n = 0;
            for (const auto &[id, p] : window)
                n += p.inFlight ? 1 : 0;
            for (const Pending &p : requeued)
                n += p.inFlight ? 1 : 0;
            return n;
        }
    };

public slots:
    void init()
    {
        m_timer = new QTimer(this);
        m_timer->setSingleShot(true);
        connect(m_timer, &QTimer::timeout, this, &BusWorker::onWake);
        m_flushTimer = new QTimer(this);
        m_flushTimer->setSingleShot(true);
        m_flushTimer->setInterval(50);
        connect(m_flushTimer, &QTimer::timeout, this, &BusWorker::flushCursors);
        m_nam = new QNetworkAccessManager(this);
        // Deliveries are signed: a redirect must not carry them to another host (a 3xx is a
        // failed delivery).
        m_nam->setRedirectPolicy(QNetworkRequest::ManualRedirectPolicy);
        auto *retention = new QTimer(this);
        retention->setInterval(3600 * 1000);
        connect(retention, &QTimer::timeout, this, &BusWorker::applyRetention);
        retention->start();
        QTimer::singleShot(0, this, &BusWorker::applyRetention);
        QSqlDatabase db = m_bus->m_store.reader();
        m_lastSeen = lastEventId(db).value_or(0);
        if (m_bus->m_store.backend() == Backend::Postgres)
            listenForOtherInstances();
        reload();
    }

    void shutdown()
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

    void reload()
    {
        auto list = m_bus->subscriptions(m_bus->m_store.reader());
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
            if (old != m_subs.end()) { // keep the live state; settings cannot change in place
                old->second.info = info;
                next.emplace(info.id, std::move(old->second));
                continue;
            }
            Sub s;
            s.info = info;
            s.patterns = *pats;
            if (!info.filter.isEmpty())
                if (auto f = Expression::parse(info.filter))
                    s.filter = *f;
            if (info.kind == QLatin1String("webhook")) {
                auto q = exec(m_bus->m_store.reader(),
                              QStringLiteral("SELECT secret FROM subscriptions WHERE id = ?"),
                              {info.id});
                if (q && q->next() && !q->value(0).isNull())
                    s.secret = m_bus->m_cipher.open(q->value(0).toByteArray(), secretAad(info.name))
                                   .value_or(QByteArray());
            }
            next.emplace(info.id, std::move(s));
        }
        m_subs = std::move(next);
        onWake();
    }

    void onWake()
    {
        m_bus->m_wakePending = false;
        if (m_stopping)
            return;
        tail();
        const qint64 now = m_bus->now();
        qint64 nextDue = 0;
        for (auto &[id, sub] : m_subs) {
            if (!ready(sub, now))
                continue;
            loadRequeued(sub);
            refill(sub);
            const qint64 due = pump(sub, now);
            if (due > 0 && (nextDue == 0 || due < nextDue))
                nextDue = due;
        }
        // Wake again for the earliest retry, and regularly for leases, requeued deliveries and
        // other instances' events should a NOTIFY be missed.
        const qint64 idle = std::clamp<qint64>(m_bus->leaseMs() / 3, 50, 5000);
        const qint64 wait = nextDue ? std::clamp<qint64>(nextDue - now, 1, idle) : idle;
        if (!m_timer->isActive() || m_timer->remainingTime() > wait)
            m_timer->start(int(wait));
    }

    void onResult(qint64 subId, qint64 eventId, bool ok, const QString &error)
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
                (void)m_bus->m_store.write<int>(
                    [subId, eventId](WriteContext &ctx) -> DbResult<int> {
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
            p->nextAt = dead ? 0 : m_bus->now() + m_bus->backoffMs(p->attempts);
            const QString state = dead ? QStringLiteral("dead") : QStringLiteral("retrying");
            const int attempts = p->attempts;
            const qint64 nextAt = p->nextAt;
            // Failures are written before anything else happens: attempt counts and dead letters
            // must survive a restart.
            auto w = m_bus->m_store.writeAndWait<int>([=](WriteContext &ctx) -> DbResult<int> {
                auto u = exec(
                    ctx.db(),
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
                emit m_bus->deadLettered(subId, eventId, error);
            }
        }
        if (!fromRequeue)
            advance(s);
        if (m_stopping)
            return;
        const qint64 now = m_bus->now();
        refill(s);
        const qint64 due = pump(s, now);
        if (due > 0 && (!m_timer->isActive() || m_timer->remainingTime() > due - now))
            m_timer->start(int(std::max<qint64>(1, due - now)));
    }

private:
    void applyRetention()
    {
        const RetentionPolicy policy = m_bus->retentionPolicy();
        if (m_stopping || (policy.maxAgeDays <= 0 && policy.maxCount <= 0))
            return;
        auto n = m_bus->applyRetention(policy);
        if (!n)
            qCWarning(lcEvents) << "retention failed:" << n.error().message;
        else if (*n > 0)
            qCInfo(lcEvents) << "retention removed" << *n << "events";
    }

    void listenForOtherInstances()
    {
        const QString name =
            m_bus->m_store.url().dbName + QStringLiteral("-listen-") + m_bus->m_instanceId;
        auto db = openDatabase(m_bus->m_store.url(), name, false);
        if (!db) {
            qCWarning(lcEvents)
                << "no LISTEN connection; other instances' events arrive by polling:" << db.error();
            return;
        }
        m_listen = *db;
        if (!m_listen.driver()->subscribeToNotification(QStringLiteral("dropcrew_events")))
            qCWarning(lcEvents) << "LISTEN dropcrew_events failed";
        connect(m_listen.driver(), &QSqlDriver::notification, this, [this] { onWake(); });
    }

    // Follows the log by id and emits every new event, in order.
    void tail()
    {
        QSqlDatabase db = m_bus->m_store.reader();
        for (int round = 0; round < 100; ++round) {
            auto q = exec(db,
                          QStringLiteral("SELECT ") + kEventColumns +
                              QStringLiteral(" FROM events WHERE id > ? ORDER BY id LIMIT 1000"),
                          {m_lastSeen});
            if (!q)
                return;
            int n = 0;
            while (q->next()) {
                const Event e = eventFromRow(*q);
                m_lastSeen = e.id;
                ++n;
                emit m_bus->published(e);
            }
            if (n < 1000)
                return;
        }
    }

    // Whether this instance consumes the subscription now (handler present, lease held), and
    // on first use the state read back from the database.
    bool ready(Sub &s, qint64 now)
    {
        if (s.info.kind == QLatin1String("handler")) {
            QMutexLocker lock(&m_bus->m_mutex);
            if (!m_bus->m_handlers.contains(s.info.name))
                return false; // consumed by a process that registered the handler, not by us
        }
        if (!holdLease(s, now)) {
            s.loaded = false; // another instance has it: re-read its progress when we get it back
            s.window.clear();
            s.requeued.clear();
            return false;
        }
        if (!s.loaded) {
            auto q =
                exec(m_bus->m_store.reader(),
                     QStringLiteral("SELECT cursor FROM subscriptions WHERE id=?"), {s.info.id});
            if (!q || !q->next())
                return false;
            s.cursor = s.persistedCursor = s.fetchedUpTo = q->value(0).toLongLong();
            s.window.clear();
            s.requeued.clear();
            s.loaded = true;
        }
        return true;
    }

    bool holdLease(Sub &s, qint64 now)
    {
        // A durable subscription is consumed by one instance at a time; the lease is renewed
        // well before it runs out.
        const qint64 leaseMs = m_bus->leaseMs();
        if (s.owned && now < s.leaseUntil - leaseMs / 3)
            return true;
        const qint64 until = now + leaseMs;
        const qint64 id = s.info.id;
        const QString me = m_bus->m_instanceId;
        auto r = m_bus->m_store.writeAndWait<int>([=](WriteContext &ctx) -> DbResult<int> {
            auto q =
                exec(ctx.db(),
                     QStringLiteral(
                         "UPDATE subscriptions SET lease_owner=?, lease_until=? WHERE id=? AND "
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

    // Reads further matching events from the log into the window.
    void refill(Sub &s)
    {
        if (s.window.size() >= size_t(kWindow / 2))
            return;
        QSqlDatabase db = m_bus->m_store.reader();
        auto q =
            exec(db,
                 QStringLiteral("SELECT ") + kEventColumns +
                     QStringLiteral(" FROM events WHERE id > ? ORDER BY id LIMIT %1").arg(kWindow),
                 {s.fetchedUpTo});
        if (!q)
            return;
        QList<Event> fresh;
        while (q->next())
            fresh << eventFromRow(*q);
        if (fresh.isEmpty())
            return;
        // Failures recorded earlier (before a restart) keep their attempts and backoff; dead
        // letters stay out of the window.
        QHash<qint64, std::pair<QString, std::pair<int, qint64>>> rows;
        auto r = exec(
            db,
            QStringLiteral(
                "SELECT event_id, state, attempts, next_attempt_at FROM subscription_deliveries "
                "WHERE subscription_id=? AND event_id > ? AND event_id <= ?"),
            {s.info.id, s.fetchedUpTo, fresh.last().id});
        while (r && r->next())
            rows.insert(r->value(0).toLongLong(),
                        {r->value(1).toString(), {r->value(2).toInt(), r->value(3).toLongLong()}});
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

    void loadRequeued(Sub &s)
    {
        QSqlDatabase db = m_bus->m_store.reader();
        auto q = exec(
            db,
            QStringLiteral(
                "SELECT e.id, e.topic, e.event_key, e.payload, e.source, e.correlation_id, "
                "e.causation_id, "
                "e.created_at FROM subscription_deliveries d JOIN events e ON e.id = d.event_id "
                "WHERE d.subscription_id=? AND d.state='requeued' ORDER BY e.id LIMIT 1000"),
            {s.info.id});
        while (q && q->next()) {
            Event e = eventFromRow(*q);
            if (s.requeued.contains(e.id))
                continue;
            s.window.erase(e.id); // a replay of an event still pending is the same delivery
            Pending p;
            p.event = e;
            p.hasRow = true;
            s.requeued.insert(e.id, p);
        }
    }

    // The cursor moves to just below the oldest unfinished event.
    void advance(Sub &s)
    {
        const qint64 c = s.window.empty() ? s.fetchedUpTo : s.window.begin()->first - 1;
        if (c > s.cursor) {
            s.cursor = c;
            if (!m_flushTimer->isActive())
                m_flushTimer->start();
        }
    }

    void flushCursors()
    {
        for (auto &[id, s] : m_subs) {
            if (!s.loaded || s.cursor <= s.persistedCursor)
                continue;
            const qint64 subId = id, cursor = s.cursor;
            s.persistedCursor = cursor;
            (void)m_bus->m_store.write<int>([=](WriteContext &ctx) -> DbResult<int> {
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
    qint64 pump(Sub &s, qint64 now)
    {
        EventBus::Handler handler;
        if (s.info.kind == QLatin1String("handler")) {
            QMutexLocker lock(&m_bus->m_mutex);
            handler = m_bus->m_handlers.value(s.info.name);
            if (!handler)
                return 0;
        }
        int inFlight = s.inFlight();
        for (auto it = s.requeued.begin(); it != s.requeued.end() && inFlight < kMaxInFlight;
             ++it) {
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

    void deliver(Sub &s, const EventBus::Handler &handler, const Event &e)
    {
        const qint64 subId = s.info.id;
        QPointer<BusWorker> self(this);
        if (handler) {
            QThreadPool::globalInstance()->start([handler, e, subId, self] {
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
        // Outbound webhook, signed over "timestamp.body" like Stripe and Shopify do.
        const QByteArray body = QJsonDocument(e.toJson()).toJson(QJsonDocument::Compact);
        const QByteArray ts = QByteArray::number(m_bus->now() / 1000);
        const QByteArray sig =
            QMessageAuthenticationCode::hash(ts + '.' + body, s.secret, QCryptographicHash::Sha256)
                .toHex();
        QNetworkRequest req{QUrl(s.info.url)};
        req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArrayLiteral("application/json"));
        req.setRawHeader("X-DropCrew-Event", e.topic.toUtf8());
        req.setRawHeader("X-DropCrew-Event-Id", QByteArray::number(e.id));
        req.setRawHeader("X-DropCrew-Signature", "t=" + ts + ",v1=" + sig);
        req.setTransferTimeout(10000);
        QNetworkReply *reply = m_nam->post(req, body);
        const qint64 eventId = e.id;
        // Only the status counts: the receiver's answer is dropped as it arrives, and one longer
        // than 64 KiB is not read on (the connection is closed instead of kept for reuse).
        constexpr qint64 kMaxDropped = 64 * 1024;
        auto dropped = std::make_shared<qint64>(0);
        connect(reply, &QIODevice::readyRead, this, [reply, dropped] {
            *dropped += reply->skip(reply->bytesAvailable());
            if (*dropped > kMaxDropped && !reply->property("dcStatusOnly").toBool()) {
                reply->setProperty("dcStatusOnly", true);
                reply->abort();
            }
        });
        connect(reply, &QNetworkReply::finished, this, [this, reply, subId, eventId] {
            reply->deleteLater();
            const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
            const bool answered = reply->error() == QNetworkReply::NoError ||
                                  reply->property("dcStatusOnly").toBool();
            const bool ok = answered && status >= 200 && status < 300;
            const QString err =
                ok ? QString()
                   : (status ? QStringLiteral("HTTP %1").arg(status) : reply->errorString());
            onResult(subId, eventId, ok, err);
        });
    }

    EventBus *m_bus;
    QTimer *m_timer = nullptr;
    QTimer *m_flushTimer = nullptr;
    QNetworkAccessManager *m_nam = nullptr;
    QSqlDatabase m_listen;
    qint64 m_lastSeen = 0;
    std::map<qint64, Sub> m_subs;
    bool m_stopping = false;
};

// ---------------------------------------------------------------------------------------------

EventBus::EventBus(storage::Store &store, const security::FieldCipher &cipher, QString instanceId,
                   QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_cipher(cipher)
    , m_instanceId(std::move(instanceId))
{
    qRegisterMetaType<dc::events::Event>();
    m_thread.setObjectName(QStringLiteral("dc-events"));
}

EventBus::~EventBus()
{
    stop();
}

void EventBus::start()
{
    if (m_worker)
        return;
    m_worker = new BusWorker(this);
    m_worker->moveToThread(&m_thread);
    connect(&m_thread, &QThread::finished, m_worker, &QObject::deleteLater);
    m_thread.start();
    QMetaObject::invokeMethod(m_worker, &BusWorker::init, Qt::BlockingQueuedConnection);
}

void EventBus::stop()
{
    if (!m_worker)
        return;
    QMetaObject::invokeMethod(m_worker, &BusWorker::shutdown, Qt::BlockingQueuedConnection);
    // Handlers still running finish before the store goes away; their results are dropped
    // (not acknowledged), so they are delivered again after a restart: at-least-once.
    QThreadPool::globalInstance()->waitForDone();
    m_thread.quit();
    m_thread.wait();
    m_worker = nullptr;
    // Cursor flushes and publications queued before now commit (and run their hooks) first.
    m_store.barrier();
}

void EventBus::wake()
{
    if (!m_worker || m_wakePending.exchange(true))
        return;
    QMetaObject::invokeMethod(m_worker, &BusWorker::onWake, Qt::QueuedConnection);
}

qint64 EventBus::now() const
{
    QMutexLocker lock(&m_mutex);
    return m_clock ? m_clock() : QDateTime::currentMSecsSinceEpoch();
}

void EventBus::setClock(Clock clock)
{
    QMutexLocker lock(&m_mutex);
    m_clock = std::move(clock);
}

void EventBus::setRetryDelays(qint64 firstMs, qint64 maxMs)
{
    QMutexLocker lock(&m_mutex);
    m_firstDelayMs = firstMs;
    m_maxDelayMs = maxMs;
}

void EventBus::setLeaseMs(qint64 ms)
{
    QMutexLocker lock(&m_mutex);
    m_leaseMs = ms;
}

qint64 EventBus::leaseMs() const
{
    QMutexLocker lock(&m_mutex);
    return m_leaseMs;
}

void EventBus::setRetentionPolicy(const RetentionPolicy &policy)
{
    QMutexLocker lock(&m_mutex);
    m_retention = policy;
}

RetentionPolicy EventBus::retentionPolicy() const
{
    QMutexLocker lock(&m_mutex);
    return m_retention;
}

qint64 EventBus::backoffMs(int failures) const
{
    QMutexLocker lock(&m_mutex);
    double d = double(m_firstDelayMs);
    for (int i = 1; i < failures && d < double(m_maxDelayMs); ++i)
        d *= 2;
    d = std::min(d, double(m_maxDelayMs));
    const double jitter = 0.8 + 0.4 * QRandomGenerator::global()->generateDouble();
    return std::max<qint64>(1, qint64(d * jitter));
}

DbResult<qint64> EventBus::append(WriteContext &ctx, const EventDraft &draft)
{
    auto id = appendEvent(ctx, draft, now());
    if (id)
        ctx.afterCommit([this] { wake(); });
    return id;
}

QFuture<DbResult<qint64>> EventBus::publish(const EventDraft &draft)
{
    return m_store.write<qint64>([this, draft](WriteContext &ctx) { return append(ctx, draft); });
}

std::unique_ptr<LocalSubscription> EventBus::subscribe(const TopicPatternSet &patterns,
                                                       std::optional<Expression> filter)
{
    auto sub = std::make_unique<LocalSubscription>(patterns, std::move(filter));
    connect(this, &EventBus::published, sub.get(), &LocalSubscription::onPublished);
    return sub;
}

void EventBus::registerHandler(const QString &name, Handler handler)
{
    {
        QMutexLocker lock(&m_mutex);
        m_handlers.insert(name, std::move(handler));
    }
    wake();
}

namespace {
std::optional<QString> checkSpec(const SubscriptionSpec &spec)
{
    static const QRegularExpression nameRe(QStringLiteral("^[a-z0-9][a-z0-9_.-]{0,63}$"));
    if (!nameRe.match(spec.name).hasMatch())
        return QStringLiteral("name: 1 to 64 characters of a-z, 0-9, _, . and -");
    if (spec.kind != QLatin1String("handler") && spec.kind != QLatin1String("webhook"))
        return QStringLiteral("kind: handler or webhook");
    if (auto p = TopicPatternSet::parse(spec.patterns); !p)
        return QStringLiteral("patterns: ") + p.error();
    if (!spec.filter.isEmpty())
        if (auto f = Expression::parse(spec.filter); !f)
            return QStringLiteral("filter: %1 at offset %2")
                .arg(f.error().message)
                .arg(f.error().offset);
    if (spec.kind == QLatin1String("webhook")) {
        const QUrl u(spec.url, QUrl::StrictMode);
        if (!u.isValid() ||
            (u.scheme() != QLatin1String("http") && u.scheme() != QLatin1String("https")) ||
            u.host().isEmpty())
            return QStringLiteral("url: an absolute http or https URL");
        if (spec.secret.size() < 16)
            return QStringLiteral("secret: at least 16 bytes");
    }
    if (spec.maxAttempts < 1 || spec.maxAttempts > 100)
        return QStringLiteral("max_attempts: 1 to 100");
    return std::nullopt;
}
} // namespace

DbResult<SubscriptionInfo> EventBus::createSubscription(const SubscriptionSpec &spec)
{
    if (auto bad = checkSpec(spec))
        return std::unexpected(DbError{DbError::Kind::Invalid, *bad});
    const QByteArray sealed =
        spec.secret.isEmpty() ? QByteArray() : m_cipher.seal(spec.secret, secretAad(spec.name));
    auto id = m_store.writeAndWait<qint64>([&](WriteContext &ctx) -> DbResult<qint64> {
        qint64 start = 0;
        if (spec.startAfterId) {
            start = *spec.startAfterId;
        } else {
            auto last = exec(ctx.db(), QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM events"));
            if (!last)
                return std::unexpected(last.error());
            last->next();
            start = last->value(0).toLongLong();
        }
        const qint64 t = nowMs();
        auto q = exec(
            ctx.db(),
            QStringLiteral("INSERT INTO subscriptions (name, kind, patterns, filter, url, secret, "
                           "max_attempts, cursor, "
                           "created_at, updated_at) VALUES (?,?,?,?,?,?,?,?,?,?) RETURNING id"),
            {spec.name, spec.kind, spec.patterns.join(QLatin1Char(',')), spec.filter, spec.url,
             sealed.isEmpty() ? QVariant(QMetaType(QMetaType::QByteArray)) : QVariant(sealed),
             spec.maxAttempts, start, t, t});
        if (!q)
            return std::unexpected(q.error());
        q->next();
        return q->value(0).toLongLong();
    });
    if (!id) {
        if (id.error().kind == DbError::Kind::Constraint)
            return std::unexpected(
                DbError{DbError::Kind::Conflict,
                        QStringLiteral("name: a subscription with this name exists")});
        return std::unexpected(id.error());
    }
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &BusWorker::reload, Qt::QueuedConnection);
    auto info = subscription(m_store.reader(), *id);
    if (!info)
        return std::unexpected(info.error());
    return **info;
}

DbResult<SubscriptionInfo> EventBus::ensureSubscription(const SubscriptionSpec &spec)
{
    auto all = subscriptions(m_store.reader());
    if (!all)
        return std::unexpected(all.error());
    for (const SubscriptionInfo &s : *all)
        if (s.name == spec.name)
            return s;
    auto created = createSubscription(spec);
    if (!created &&
        created.error().kind == DbError::Kind::Conflict) { // another instance won the race
        auto again = subscriptions(m_store.reader());
        if (!again)
            return std::unexpected(again.error());
        for (const SubscriptionInfo &s : *again)
            if (s.name == spec.name)
                return s;
    }
    return created;
}

DbResult<void> EventBus::deleteSubscription(qint64 id)
{
    auto r = m_store.writeAndWait<int>([id](WriteContext &ctx) -> DbResult<int> {
        auto d = exec(ctx.db(),
                      QStringLiteral("DELETE FROM subscription_deliveries WHERE subscription_id=?"),
                      {id});
        if (!d)
            return std::unexpected(d.error());
        auto q = exec(ctx.db(), QStringLiteral("DELETE FROM subscriptions WHERE id=?"), {id});
        if (!q)
            return std::unexpected(q.error());
        if (q->numRowsAffected() == 0)
            return std::unexpected(
                DbError{DbError::Kind::NotFound, QStringLiteral("no subscription %1").arg(id)});
        return 0;
    });
    if (!r)
        return std::unexpected(r.error());
    if (m_worker)
        QMetaObject::invokeMethod(m_worker, &BusWorker::reload, Qt::QueuedConnection);
    return {};
}

namespace {
const QString kSubColumns = QStringLiteral("s.id, s.name, s.kind, s.patterns, s.filter, s.url, "
                                           "s.max_attempts, s.cursor, s.lease_owner, s.created_at, "
                                           "(SELECT COUNT(*) FROM events e WHERE e.id > s.cursor), "
                                           "(SELECT COUNT(*) FROM subscription_deliveries d WHERE "
                                           "d.subscription_id = s.id AND d.state = 'retrying'), "
                                           "(SELECT COUNT(*) FROM subscription_deliveries d WHERE "
                                           "d.subscription_id = s.id AND d.state = 'dead')");

SubscriptionInfo subFromRow(const QSqlQuery &q)
{
    SubscriptionInfo s;
    s.id = q.value(0).toLongLong();
    s.name = q.value(1).toString();
    s.kind = q.value(2).toString();
    s.patterns = q.value(3).toString().split(QLatin1Char(','), Qt::SkipEmptyParts);
    s.filter = q.value(4).toString();
    s.url = q.value(5).toString();
    s.maxAttempts = q.value(6).toInt();
    s.cursor = q.value(7).toLongLong();
    s.leaseOwner = q.value(8).toString();
    s.createdAt = utcFromMs(q.value(9));
    s.lag = q.value(10).toLongLong();
    s.retrying = q.value(11).toInt();
    s.dead = q.value(12).toInt();
    return s;
}
} // namespace

DbResult<QList<SubscriptionInfo>> EventBus::subscriptions(QSqlDatabase db) const
{
    auto q = exec(db, QStringLiteral("SELECT ") + kSubColumns +
                          QStringLiteral(" FROM subscriptions s ORDER BY s.id"));
    if (!q)
        return std::unexpected(q.error());
    QList<SubscriptionInfo> out;
    while (q->next())
        out << subFromRow(*q);
    return out;
}

DbResult<std::optional<SubscriptionInfo>> EventBus::subscription(QSqlDatabase db, qint64 id) const
{
    auto q = exec(db,
                  QStringLiteral("SELECT ") + kSubColumns +
                      QStringLiteral(" FROM subscriptions s WHERE s.id = ?"),
                  {id});
    if (!q)
        return std::unexpected(q.error());
    if (!q->next())
        return std::optional<SubscriptionInfo>();
    return std::optional<SubscriptionInfo>(subFromRow(*q));
}

DbResult<QList<DeadLetter>> EventBus::deadLetters(QSqlDatabase db, qint64 subscriptionId) const
{
    auto q = exec(
        db,
        QStringLiteral(
            "SELECT event_id, state, attempts, last_error, updated_at FROM subscription_deliveries "
            "WHERE subscription_id = ? AND state IN ('dead', 'retrying') ORDER BY event_id LIMIT "
            "1000"),
        {subscriptionId});
    if (!q)
        return std::unexpected(q.error());
    QList<DeadLetter> out;
    while (q->next())
        out << DeadLetter{q->value(0).toLongLong(), q->value(1).toString(), q->value(2).toInt(),
                          q->value(3).toString(), utcFromMs(q->value(4))};
    return out;
}

DbResult<void> EventBus::retryDeadLetter(qint64 subscriptionId, qint64 eventId)
{
    auto r = m_store.writeAndWait<int>([=](WriteContext &ctx) -> DbResult<int> {
        auto q = exec(
            ctx.db(),
            QStringLiteral("UPDATE subscription_deliveries SET state='requeued', attempts=0, "
                           "next_attempt_at=0, "
                           "updated_at=? WHERE subscription_id=? AND event_id=? AND state='dead'"),
            {nowMs(), subscriptionId, eventId});
        if (!q)
            return std::unexpected(q.error());
        if (q->numRowsAffected() == 0)
            return std::unexpected(
                DbError{DbError::Kind::NotFound,
                        QStringLiteral("event %1 is not a dead letter of subscription %2")
                            .arg(eventId)
                            .arg(subscriptionId)});
        return 0;
    });
    if (!r)
        return std::unexpected(r.error());
    wake();
    return {};
}

DbResult<int> EventBus::replay(qint64 subscriptionId, qint64 fromId, qint64 toId)
{
    if (fromId < 1 || toId < fromId || toId - fromId > 1000000)
        return std::unexpected(DbError{DbError::Kind::Invalid,
                                       QStringLiteral("from_id and to_id: 1 <= from_id <= to_id")});
    auto info = subscription(m_store.reader(), subscriptionId);
    if (!info)
        return std::unexpected(info.error());
    if (!info->has_value())
        return std::unexpected(DbError{DbError::Kind::NotFound,
                                       QStringLiteral("no subscription %1").arg(subscriptionId)});
    auto patterns = TopicPatternSet::parse((*info)->patterns);
    std::optional<Expression> filter;
    if (!(*info)->filter.isEmpty())
        filter = Expression::parse((*info)->filter).value();
    EventQuery q;
    q.topics = *patterns;
    q.afterId = fromId - 1;
    q.beforeId = toId + 1;
    QList<qint64> ids;
    while (ids.size() <= 10000) {
        q.limit = 1000;
        auto page = queryEvents(m_store.reader(), q);
        if (!page)
            return std::unexpected(page.error());
        for (const Event &e : *page)
            if (!filter || filter->test(e.toJson()))
                ids << e.id;
        if (page->size() < 1000)
            break;
        q.afterId = page->last().id;
    }
    if (ids.size() > 10000)
        return std::unexpected(DbError{DbError::Kind::Invalid,
                                       QStringLiteral("more than 10000 events in that range")});
    auto r = m_store.writeAndWait<int>([=](WriteContext &ctx) -> DbResult<int> {
        for (qint64 id : ids) {
            auto u =
                exec(ctx.db(),
                     QStringLiteral(
                         "INSERT INTO subscription_deliveries (subscription_id, event_id, state, "
                         "attempts, "
                         "next_attempt_at, updated_at) VALUES (?,?,'requeued',0,0,?) ON CONFLICT "
                         "(subscription_id, event_id) DO UPDATE SET state='requeued', attempts=0, "
                         "next_attempt_at=0, updated_at=excluded.updated_at"),
                     {subscriptionId, id, nowMs()});
            if (!u)
                return std::unexpected(u.error());
        }
        return int(ids.size());
    });
    wake();
    return r;
}

DbResult<qint64> EventBus::applyRetention(const RetentionPolicy &policy)
{
    if (policy.maxAgeDays <= 0 && policy.maxCount <= 0)
        return 0;
    const qint64 cutoff = policy.maxAgeDays > 0 ? now() - qint64(policy.maxAgeDays) * 86400000 : 0;
    const qint64 maxCount = policy.maxCount;
    return m_store.writeAndWait<qint64>([=](WriteContext &ctx) -> DbResult<qint64> {
        // What some durable subscriber still needs: everything above the lowest cursor, and
        // every event with a delivery row (dead letters, retries, replays).
        auto minCursor = exec(ctx.db(), QStringLiteral("SELECT MIN(cursor) FROM subscriptions"));
        if (!minCursor)
            return std::unexpected(minCursor.error());
        minCursor->next();
        qint64 keepAbove = minCursor->value(0).isNull() ? std::numeric_limits<qint64>::max()
                                                        : minCursor->value(0).toLongLong();
        QStringList cond;
        QVariantList binds;
        if (cutoff > 0) {
            cond << QStringLiteral("created_at < ?");
            binds << cutoff;
        }
        if (maxCount > 0) {
            auto last = exec(ctx.db(), QStringLiteral("SELECT COALESCE(MAX(id), 0) FROM events"));
            if (!last)
                return std::unexpected(last.error());
            last->next();
            cond << QStringLiteral("id <= ?");
            binds << last->value(0).toLongLong() - maxCount;
        }
        binds << keepAbove;
        auto d = exec(
            ctx.db(),
            QStringLiteral("DELETE FROM events WHERE (") + cond.join(QStringLiteral(" OR ")) +
                QStringLiteral(
                    ") AND id <= ? AND id NOT IN (SELECT event_id FROM subscription_deliveries)"),
            binds);
        if (!d)
            return std::unexpected(d.error());
        return qint64(d->numRowsAffected());
    });
}

} // namespace dc::events

#include "eventbus.moc"
