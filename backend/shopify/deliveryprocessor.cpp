// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopify/deliveryprocessor.h"

#include "core/logging.h"
#include "security/fieldcipher.h"
#include "shopify/deliverytopics.h"
#include "shopify/shopifyjson.h"
#include "shopify/webhookreceiver.h"
#include "storage/guardedpart.h"
#include "storage/sqlutil.h"
#include "tasks/taskmanager.h"

#include <QJsonDocument>

namespace dc::shopify {

using storage::DbResult;
using storage::exec;
using storage::WriteContext;
using tasks::TaskContext;
using tasks::TaskOutcome;

DeliveryProcessor::DeliveryProcessor(storage::Store &store, const security::FieldCipher &cipher,
                                     events::EventBus &bus, tasks::TaskManager &tasks,
                                     const storage::OrderRepository &orders,
                                     const orders::Ingestion &ingestion, Options options)
    : m_store(store)
    , m_cipher(cipher)
    , m_bus(bus)
    , m_tasks(tasks)
    , m_orders(orders)
    , m_ingestion(ingestion)
    , m_options(options)
{}

void DeliveryProcessor::registerTaskKind()
{
    tasks::KindOptions internal;
    internal.description =
        QStringLiteral("Processes the stored webhook deliveries, oldest first (internal)");
    internal.retry.maxAttempts = 10;
    internal.internal = true;
    m_tasks.registerKind(
        QStringLiteral("shopify.process_deliveries"),
        [this](TaskContext &) { return drainDeliveries(); }, internal);
}

void DeliveryProcessor::start()
{
    connect(&m_drainSafety, &QTimer::timeout, this, [this] {
        auto waiting = exec(m_store.reader(),
                            QStringLiteral("SELECT 1 FROM webhook_deliveries WHERE state = "
                                           "'received' AND received_at < ? LIMIT 1"),
                            {storage::nowMs() - m_options.safetyAgeMs});
        if (waiting && waiting->next()) {
            waiting->finish();
            m_drainQueued = false;
            queueDrain();
        }
    });
    if (m_options.processDeliveries) {
        m_drainSafety.start(m_options.safetyIntervalMs);
        queueDrain();
    } else {
        qCWarning(lcShopify) << "webhook processing is held ([shopify] process_webhooks=false)";
    }
}

void DeliveryProcessor::stop()
{
    m_drainSafety.stop();
}

TaskOutcome DeliveryProcessor::drainDeliveries()
{
    // New deliveries queue a new drain from now on (this one may already be past them).
    m_drainQueued = false;
    int processed = 0;
    for (int round = 0; round < 50; ++round) {
        auto rows = exec(m_store.reader(),
                         QStringLiteral("SELECT id, shop, topic, webhook_id, body, "
                                        "body_purged_at FROM webhook_deliveries WHERE state = "
                                        "'received' ORDER BY id LIMIT 100"));
        if (!rows)
            return TaskOutcome::failure(QStringLiteral("store"), rows.error().message);
        // Opened here, on the worker thread, so the writer thread only writes.
        QList<PendingDelivery> batch;
        while (rows->next()) {
            PendingDelivery d{rows->value(0).toLongLong(),
                              rows->value(1).toString(),
                              rows->value(2).toString(),
                              {},
                              {}};
            if (!rows->value(5).isNull()) {
                d.openError = QStringLiteral("its body was erased (a GDPR erasure) before it was "
                                             "processed");
                batch << d;
                continue;
            }
            auto opened = m_cipher.open(rows->value(4).toByteArray(),
                                        deliveryBodyAad(d.shop, rows->value(3).toString()));
            if (opened)
                d.payload = QJsonDocument::fromJson(*opened).object();
            else
                d.openError = opened.error();
            batch << d;
        }
        rows->finish();
        if (batch.isEmpty())
            break;
        auto done = m_store.writeAndWait<int>([&](WriteContext &w) -> DbResult<int> {
            int n = 0;
            for (const PendingDelivery &d : batch) {
                auto r = processDelivery(w, d);
                if (!r)
                    return std::unexpected(r.error());
                n += *r ? 1 : 0;
            }
            return n;
        });
        if (!done)
            return TaskOutcome::failure(QStringLiteral("store"), done.error().message);
        processed += *done;
    }
    // Still more (a long backlog): another drain continues, after other tasks had a turn.
    auto left = exec(m_store.reader(), QStringLiteral("SELECT 1 FROM webhook_deliveries WHERE "
                                                      "state = 'received' LIMIT 1"));
    if (left && left->next()) {
        left->finish();
        queueDrain();
    }
    return TaskOutcome::success({{QStringLiteral("processed"), processed}});
}

void DeliveryProcessor::queueDrain()
{
    if (m_drainQueued.exchange(true))
        return;
    tasks::EnqueueRequest req;
    req.kind = QStringLiteral("shopify.process_deliveries");
    req.priority = 10;
    if (auto r = m_tasks.enqueue(req); !r) {
        m_drainQueued = false;
        qCWarning(lcShopify).noquote() << "cannot queue webhook processing:" << r.error().message;
    }
}

DbResult<void> DeliveryProcessor::processOnReceipt(WriteContext &w, qint64 id, const QString &shop,
                                                   const QString &topic, const QJsonObject &payload)
{
    const auto leaveToADrain = [this, &w, id](const QString &why) {
        qCInfo(lcShopify).noquote() << "delivery" << id << "left to a drain:" << why;
        w.afterCommit([this] {
            QMetaObject::invokeMethod(
                this, [this] { queueDrain(); }, Qt::QueuedConnection);
        });
    };
    // Deliveries are applied in the order they came: behind an older one still waiting (left
    // by a failure, a crash or held processing), this one waits for the drain too. Not every
    // topic is guarded by Shopify's updated_at (inventory levels, privacy requests).
    auto older = exec(w.db(),
                      QStringLiteral("SELECT 1 FROM webhook_deliveries WHERE state = 'received' "
                                     "AND id < ? LIMIT 1"),
                      {id});
    if (!older)
        return std::unexpected(older.error());
    const bool behind = older->next();
    older->finish();
    if (behind) {
        leaveToADrain(QStringLiteral("older deliveries are waiting"));
        return {};
    }
    auto r = w.underSavepoint<bool>([&] {
        return storage::exceptionsAsErrors<bool>([&] {
            return processDelivery(w, PendingDelivery{id, shop, topic, payload, {}});
        });
    });
    if (!r)
        return std::unexpected(r.error());
    if (!*r)
        leaveToADrain(r->error().message);
    return {};
}

DbResult<bool> DeliveryProcessor::processDelivery(WriteContext &w, const PendingDelivery &p)
{
    // Claimed inside this transaction: with several instances, or a drain racing another, a
    // delivery is processed exactly once.
    auto claim = exec(w.db(),
                      QStringLiteral("UPDATE webhook_deliveries SET state = 'processing' WHERE id "
                                     "= ? AND state = 'received'"),
                      {p.id});
    if (!claim)
        return std::unexpected(claim.error());
    if (claim->numRowsAffected() == 0)
        return false;
    if (!p.openError.isEmpty()) {
        if (auto u = exec(w.db(),
                          QStringLiteral("UPDATE webhook_deliveries SET state = 'failed', error = "
                                         "?, processed_at = ? WHERE id = ?"),
                          {p.openError, storage::nowMs(), p.id});
            !u)
            return std::unexpected(u.error());
        return true;
    }
    DeliveryWork d{w,       m_orders,  m_ingestion,
                   m_bus,   p.id,      p.shop,
                   p.topic, p.payload, QStringLiteral("shopify-delivery-%1").arg(p.id)};
    // The shop's id in a privacy or uninstall body must be the shop's: learned from the first
    // such delivery (or the Admin API), then compared.
    if (const qint64 bodyShopId = shopIdOfWebhook(p.topic, p.payload); bodyShopId > 0) {
        auto known = exec(
            w.db(), QStringLiteral("SELECT shopify_shop_id FROM shops WHERE domain = ?"), {p.shop});
        if (!known)
            return std::unexpected(known.error());
        if (known->next()) {
            if (known->value(0).isNull()) {
                known->finish();
                if (auto u = exec(w.db(),
                                  QStringLiteral("UPDATE shops SET shopify_shop_id = ? WHERE "
                                                 "domain = ?"),
                                  {bodyShopId, p.shop});
                    !u)
                    return std::unexpected(u.error());
            } else if (known->value(0).toLongLong() != bodyShopId) {
                d.refuse(QStringLiteral("shop_id %1 is not the shop's (%2)")
                             .arg(bodyShopId)
                             .arg(known->value(0).toLongLong()));
            }
        }
    }
    // A refused delivery is recorded below with its reason; nothing is done.
    if (d.state != QLatin1String("refused")) {
        if (const TopicHandler handle = handlerForTopic(p.topic)) {
            if (auto r = handle(d); !r)
                return std::unexpected(r.error());
        } else {
            d.state = QStringLiteral("ignored"); // stored and acknowledged; nothing to do
        }
    }
    if (auto u = exec(w.db(),
                      QStringLiteral("UPDATE webhook_deliveries SET state = ?, error = ?, "
                                     "processed_at = ? WHERE id = ?"),
                      {d.state, d.error.left(1000), storage::nowMs(), p.id});
        !u)
        return std::unexpected(u.error());
    return true;
}

} // namespace dc::shopify
