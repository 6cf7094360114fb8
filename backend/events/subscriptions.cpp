// SPDX-License-Identifier: GPL-3.0-or-later
#include "events/subscriptions.h"

#include "core/expression.h"
#include "events/eventlog.h"
#include "events/topic.h"
#include "storage/sqlutil.h"

#include <QJsonArray>
#include <QRegularExpression>
#include <QUrl>

namespace dc::events {

using namespace dc::storage;

namespace {

QByteArray secretAad(const QString &name)
{
    return security::aadFor("subscriptions", "secret", name);
}

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

SubscriptionAdmin::SubscriptionAdmin(storage::Store &store, const security::FieldCipher &cipher,
                                     std::function<void()> changed, std::function<void()> requeued)
    : m_store(store)
    , m_cipher(cipher)
    , m_changed(std::move(changed))
    , m_requeued(std::move(requeued))
{}

DbResult<SubscriptionInfo> SubscriptionAdmin::createSubscription(const SubscriptionSpec &spec)
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
    if (m_changed)
        m_changed();
    auto info = subscription(m_store.reader(), *id);
    if (!info)
        return std::unexpected(info.error());
    return **info;
}

DbResult<SubscriptionInfo> SubscriptionAdmin::ensureSubscription(const SubscriptionSpec &spec)
{
    auto all = subscriptions(m_store.reader());
    if (!all)
        return std::unexpected(all.error());
    for (const SubscriptionInfo &s : *all) {
        if (s.name != spec.name)
            continue;
        if (s.patterns == spec.patterns && s.filter == spec.filter)
            return s;
        // What it follows changed (a workflow's trigger edited): the same subscription, its
        // cursor kept, follows the new patterns and filter from now on.
        if (auto bad = checkSpec(spec))
            return std::unexpected(DbError{DbError::Kind::Invalid, *bad});
        auto u = m_store.writeAndWait<int>([&](WriteContext &ctx) -> DbResult<int> {
            auto q = exec(ctx.db(),
                          QStringLiteral("UPDATE subscriptions SET patterns=?, filter=?, "
                                         "updated_at=? WHERE id=?"),
                          {spec.patterns.join(QLatin1Char(',')), spec.filter, nowMs(), s.id});
            if (!q)
                return std::unexpected(q.error());
            return 0;
        });
        if (!u)
            return std::unexpected(u.error());
        if (m_changed)
            m_changed();
        SubscriptionInfo updated = s;
        updated.patterns = spec.patterns;
        updated.filter = spec.filter;
        return updated;
    }
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

DbResult<void> SubscriptionAdmin::deleteSubscription(qint64 id)
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
    if (m_changed)
        m_changed();
    return {};
}

DbResult<QList<SubscriptionInfo>> SubscriptionAdmin::subscriptions(QSqlDatabase db) const
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

DbResult<std::optional<SubscriptionInfo>> SubscriptionAdmin::subscription(QSqlDatabase db,
                                                                          qint64 id) const
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

DbResult<QList<DeadLetter>> SubscriptionAdmin::deadLetters(QSqlDatabase db,
                                                           qint64 subscriptionId) const
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

DbResult<void> SubscriptionAdmin::retryDeadLetter(qint64 subscriptionId, qint64 eventId)
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
    if (m_requeued)
        m_requeued();
    return {};
}

DbResult<int> SubscriptionAdmin::replay(qint64 subscriptionId, qint64 fromId, qint64 toId)
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
    if (m_requeued)
        m_requeued();
    return r;
}

QByteArray SubscriptionAdmin::secret(qint64 id, const QString &name) const
{
    auto q = exec(m_store.reader(), QStringLiteral("SELECT secret FROM subscriptions WHERE id = ?"),
                  {id});
    if (!q || !q->next() || q->value(0).isNull())
        return {};
    return m_cipher.open(q->value(0).toByteArray(), secretAad(name)).value_or(QByteArray());
}

} // namespace dc::events
