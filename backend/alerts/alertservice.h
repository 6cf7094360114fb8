// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Operator alerts (issue 22): rules (alerts/alertrules.h) raise deduplicated alerts
// (alerts/alertstore.h) from events, through a durable subscription, and from lasting conditions
// found by a periodic sweep (alerts/alertsweep.cpp). A new alert publishes alert.raised, which
// outbound webhooks deliver (with a Slack-compatible text) and the desktop shows; when the rule
// says so and SMTP is set, it is mailed once to [smtp] alerts_to, by a second durable
// subscription so that a mail server down is retried and one instance only sends it.
#include "agents/mailer.h"
#include "alerts/alertstore.h"
#include "events/event.h"

#include <QHash>
#include <QMutex>

#include <expected>
#include <functional>
#include <memory>

namespace dc::events {
class EventBus;
}

namespace dc::alerts {

// An outside service as the sweep sees it (integration_down).
struct IntegrationHealth
{
    QString name; // "aliexpress", "shopify:acme.myshopify.com"
    bool ok = true;
    QString detail;
};

class AlertService
{
public:
    using Clock = std::function<QDateTime()>;
    using IntegrationProbe = std::function<QList<IntegrationHealth>()>;

    struct Options
    {
        agents::SmtpSettings smtp;
        std::function<QByteArray()> smtpPassword;
        QStringList emailTo; // [smtp] alerts_to
    };

    AlertService(storage::Store &store, events::EventBus &bus, Options options);
    ~AlertService();

    // Writes the shipped rules that are missing and subscribes to the rules' topics. Before the
    // bus delivers (any time: durable subscriptions resume from their cursor).
    std::expected<void, QString> start();

    // Tests move time; the sweep and every timestamp read it.
    void setClock(Clock clock);
    QDateTime now() const;
    // Services that are not shops (AliExpress); shops are read from the database.
    void setIntegrationProbe(IntegrationProbe probe);

    // Raises (or counts again) an alert in the caller's transaction; alert.raised commits with
    // it when it is new. A disabled rule raises nothing.
    storage::DbResult<RaiseOutcome> raise(storage::WriteContext &w, const AlertDraft &draft);
    storage::DbResult<RaiseOutcome> raise(const AlertDraft &draft);

    // The time-based rules (held orders, stale tracking, integrations down): how many alerts
    // were raised. Runs every minute; safe on several instances at once.
    storage::DbResult<int> sweep();

    storage::DbResult<QList<Alert>> alerts(const AlertQuery &query);
    storage::DbResult<std::optional<Alert>> alert(qint64 id);
    storage::DbResult<qint64> openCount();
    // nullopt: no such alert. Acknowledging twice keeps the first acknowledgement.
    storage::DbResult<std::optional<Alert>> acknowledge(qint64 id, const QString &by);

    storage::DbResult<QList<AlertRule>> rules();
    storage::DbResult<std::optional<AlertRule>> rule(const QString &name);
    // Changes what is set in `rule` (name required); nullopt: no such rule.
    struct RuleChange
    {
        std::optional<bool> enabled;
        std::optional<QString> severity;
        std::optional<QJsonObject> params;
        std::optional<QStringList> channels;
    };
    storage::DbResult<std::optional<AlertRule>>
    updateRule(const QString &name, const RuleChange &change, const QString &by);

    // The e-mail of an alert (subject and text), as sent.
    agents::Mail mailFor(const Alert &alert, const QString &to) const;

private:
    std::expected<void, QString> onEvent(const events::Event &e);
    std::expected<void, QString> onRaised(const events::Event &e);
    std::optional<AlertDraft> draftFor(const events::Event &e) const;
    storage::DbResult<AlertRule> ruleFor(QSqlDatabase db, const QString &name) const;
    qint64 nowMs() const { return now().toMSecsSinceEpoch(); }
    // Sweep parts (alertsweep.cpp).
    storage::DbResult<QList<AlertDraft>> heldOrders(QSqlDatabase db, qint64 nowMs);
    storage::DbResult<QList<AlertDraft>> staleTracking(QSqlDatabase db, qint64 nowMs);
    storage::DbResult<QList<AlertDraft>> unconfirmedSupplierOrders(QSqlDatabase db, qint64 nowMs);
    storage::DbResult<QList<AlertDraft>> integrationsDown(QSqlDatabase db, qint64 nowMs);

    storage::Store &m_store;
    events::EventBus &m_bus;
    Options m_options;
    std::unique_ptr<agents::Mailer> m_mailer;
    mutable QMutex m_lock; // guards the clock, the probe and m_downSince
    Clock m_clock;
    IntegrationProbe m_probe;
    QHash<QString, qint64> m_downSince; // integration -> when this instance first saw it down
};

} // namespace dc::alerts
