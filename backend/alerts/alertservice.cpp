// SPDX-License-Identifier: GPL-3.0-or-later
#include "alerts/alertservice.h"

#include "core/logging.h"
#include "events/eventbus.h"
#include "events/topics.h"
#include "storage/sqlutil.h"

#include <QJsonArray>
#include <QJsonDocument>

namespace dc::alerts {

using storage::DbResult;
using storage::WriteContext;
namespace topics = events::topics;

namespace {

const QString kRulesSubscription = QStringLiteral("alerts.rules");
const QString kEmailSubscription = QStringLiteral("alerts.email");
const QString kSubmitKind = QStringLiteral("order_manager.submit_to_supplier");

QString str(const QJsonObject &o, const char *name)
{
    return o.value(QLatin1String(name)).toString();
}

qint64 num(const QJsonObject &o, const char *name)
{
    return o.value(QLatin1String(name)).toInteger();
}

std::optional<qint64> orderIdIn(const QJsonObject &input)
{
    for (const QJsonObject &o : {input, input.value(QStringLiteral("prepared_order")).toObject()})
        if (const qint64 id = o.value(QStringLiteral("order_id")).toInteger(); id > 0)
            return id;
    return std::nullopt;
}

// The order's name ("#1076"), or its id when it is gone.
QString orderLabel(QSqlDatabase db, qint64 id)
{
    auto q = storage::exec(db, QStringLiteral("SELECT name FROM orders WHERE id=?"), {id});
    if (q && q->next())
        return q->value(0).toString();
    return QStringLiteral("%1").arg(id);
}

} // namespace

AlertService::AlertService(storage::Store &store, events::EventBus &bus, Options options)
    : m_store(store)
    , m_bus(bus)
    , m_options(std::move(options))
    , m_mailer(std::make_unique<agents::Mailer>(m_options.smtp, m_options.smtpPassword))
{}

AlertService::~AlertService() = default;

void AlertService::setClock(Clock clock)
{
    QMutexLocker lock(&m_lock);
    m_clock = std::move(clock);
}

QDateTime AlertService::now() const
{
    QMutexLocker lock(&m_lock);
    return m_clock ? m_clock() : QDateTime::currentDateTimeUtc();
}

void AlertService::setIntegrationProbe(IntegrationProbe probe)
{
    QMutexLocker lock(&m_lock);
    m_probe = std::move(probe);
}

std::expected<void, QString> AlertService::start()
{
    const qint64 t = nowMs();
    auto r = m_store.writeAndWait<bool>([t](WriteContext &w) -> DbResult<bool> {
        if (auto e = ensureRules(w, t); !e)
            return std::unexpected(e.error());
        return true;
    });
    if (!r)
        return std::unexpected(QStringLiteral("alert rules: ") + r.error().message);
    m_bus.registerHandler(kRulesSubscription,
                          [this](const events::Event &e) { return onEvent(e); });
    m_bus.registerHandler(kEmailSubscription,
                          [this](const events::Event &e) { return onRaised(e); });
    events::SubscriptionSpec rules;
    rules.name = kRulesSubscription;
    rules.kind = QStringLiteral("handler");
    rules.patterns = {QString(topics::kProductStockAlert),
                      QString(topics::kOrderSupplierProblem),
                      QString(topics::kOrderCancelledAfterSupplier),
                      QString(topics::kOrderChangedAfterSupplier),
                      QString(topics::kTaskDead),
                      QString(topics::kWorkflowStepFailed)};
    events::SubscriptionSpec email;
    email.name = kEmailSubscription;
    email.kind = QStringLiteral("handler");
    email.patterns = {QString(topics::kAlertRaised)};
    // A mail server down for a while: 1 s doubling to 5 min between tries, about an hour.
    email.maxAttempts = 20;
    for (const events::SubscriptionSpec &spec : {rules, email})
        if (auto s = m_bus.subscriptionAdmin().ensureSubscription(spec); !s)
            return std::unexpected(QStringLiteral("alerts: ") + s.error().message);
    return {};
}

DbResult<AlertRule> AlertService::ruleFor(QSqlDatabase db, const QString &name) const
{
    auto r = loadRule(db, name);
    if (!r)
        return std::unexpected(r.error());
    if (*r)
        return **r;
    if (const AlertRule *shipped = shippedRule(name))
        return *shipped; // not written yet (an older instance started first)
    return std::unexpected(storage::DbError{storage::DbError::Kind::NotFound,
                                            QStringLiteral("no alert rule %1").arg(name)});
}

DbResult<RaiseOutcome> AlertService::raise(WriteContext &w, const AlertDraft &draft)
{
    auto rule = ruleFor(w.db(), draft.rule);
    if (!rule)
        return std::unexpected(rule.error());
    if (!rule->enabled)
        return RaiseOutcome{};
    const qint64 t = nowMs();
    auto out = upsertAlert(w, *rule, draft, t);
    if (!out || !out->raised)
        return out;
    const QString text = QStringLiteral("[%1] %2").arg(rule->severity, draft.subject);
    QJsonObject data{{QStringLiteral("alert_id"), out->id},
                     {QStringLiteral("rule"), draft.rule},
                     {QStringLiteral("severity"), rule->severity},
                     {QStringLiteral("subject"), draft.subject},
                     {QStringLiteral("text"), text},
                     {QStringLiteral("detail"), draft.detail},
                     {QStringLiteral("channels"), QJsonArray::fromStringList(rule->channels)},
                     {QStringLiteral("first_at"),
                      QDateTime::fromMSecsSinceEpoch(t, Qt::UTC).toString(Qt::ISODateWithMs)}};
    if (draft.orderId)
        data.insert(QStringLiteral("order_id"), *draft.orderId);
    auto e = m_bus.append(w, events::EventDraft{QString(topics::kAlertRaised),
                                                data,
                                                QStringLiteral("alert:%1").arg(out->id),
                                                QStringLiteral("alerts"),
                                                {},
                                                {}});
    if (!e)
        return std::unexpected(e.error());
    qCInfo(lcAlerts).noquote() << "alert" << out->id << draft.rule << "raised:" << text;
    return out;
}

DbResult<RaiseOutcome> AlertService::raise(const AlertDraft &draft)
{
    return m_store.writeAndWait<RaiseOutcome>([&](WriteContext &w) { return raise(w, draft); });
}

std::optional<AlertDraft> AlertService::draftFor(const events::Event &e) const
{
    const QJsonObject &d = e.data;
    AlertDraft a;
    if (e.topic == topics::kProductStockAlert) {
        a.rule = QString(kLowStock);
        a.key = QStringLiteral("variant:%1").arg(num(d, "variant_id"));
        a.subject = QStringLiteral("Supplier stock low for %1: %2 left (threshold %3)")
                        .arg(str(d, "sku"))
                        .arg(num(d, "stock"))
                        .arg(num(d, "threshold"));
        a.detail = d;
        return a;
    }
    if (e.topic == topics::kOrderSupplierProblem) {
        const QString problem = str(d, "problem");
        a.rule = QString(problem.contains(QLatin1String("pay")) ? kSupplierPaymentFailed
                                                                : kSupplierProblem);
        a.orderId = num(d, "order_id");
        a.key = QStringLiteral("supplier_order:%1:%2").arg(str(d, "out_order_id"), problem);
        a.subject = QStringLiteral("Supplier order %1 of order %2: %3")
                        .arg(str(d, "supplier_order_id"), orderLabel(m_store.reader(), *a.orderId),
                             problem);
        a.detail = d;
        return a;
    }
    if (e.topic == topics::kOrderCancelledAfterSupplier ||
        e.topic == topics::kOrderChangedAfterSupplier) {
        const bool cancelled = e.topic == topics::kOrderCancelledAfterSupplier;
        a.rule = QString(cancelled ? kCancelledAfterSupplier : kChangedAfterSupplier);
        a.orderId = num(d, "order_id");
        QStringList ids, changes;
        for (const QJsonValue &v : d.value(QStringLiteral("supplier_orders")).toArray()) {
            const QJsonObject so = v.toObject();
            const QString ae = so.value(QStringLiteral("supplier_order_id")).toString();
            ids << (ae.isEmpty() ? so.value(QStringLiteral("out_order_id")).toString() : ae);
        }
        for (const QJsonValue &v : d.value(QStringLiteral("changes")).toArray())
            changes << v.toString();
        // One open alert per order and kind of change: later versions bump its count.
        a.key =
            cancelled
                ? QStringLiteral("order:%1").arg(*a.orderId)
                : QStringLiteral("order:%1:%2").arg(*a.orderId).arg(changes.join(QLatin1Char('+')));
        a.subject = cancelled
                        ? QStringLiteral("Order %1 (%2) after its supplier order: cancel %3 "
                                         "at the supplier by hand, then cancel the order")
                              .arg(str(d, "name"), str(d, "reason"), ids.join(QStringLiteral(", ")))
                        : QStringLiteral("Order %1 changed in Shopify (%2) after its "
                                         "supplier order %3: check it with the supplier")
                              .arg(str(d, "name"), changes.join(QStringLiteral(", ")),
                                   ids.join(QStringLiteral(", ")));
        a.detail = d;
        return a;
    }
    // A dead task, or a failed workflow step: supplier_order_failed when it submitted a
    // supplier order (the step's failure when it ran in a workflow, the task's otherwise: one
    // alert per failure), dead_task for any other dead task.
    const qint64 runId =
        num(d, "workflow_run_id") > 0 ? num(d, "workflow_run_id") : num(d, "run_id");
    QString kind = str(d, "kind");
    QJsonObject input;
    auto q = e.topic == topics::kTaskDead
                 ? storage::exec(m_store.reader(),
                                 QStringLiteral("SELECT kind, input FROM tasks WHERE id=?"),
                                 {num(d, "task_id")})
                 : storage::exec(m_store.reader(),
                                 QStringLiteral("SELECT kind, input FROM tasks WHERE "
                                                "workflow_run_id=? AND step_name=? ORDER BY id "
                                                "DESC LIMIT 1"),
                                 {runId, str(d, "step")});
    if (q && q->next()) {
        kind = q->value(0).toString();
        input = QJsonDocument::fromJson(q->value(1).toString().toUtf8()).object();
    }
    const QJsonObject failure{{QStringLiteral("kind"), kind},
                              {QStringLiteral("error"), str(d, "error").left(300)},
                              {QStringLiteral("error_code"), str(d, "error_code")},
                              {QStringLiteral("workflow_run_id"), runId},
                              {QStringLiteral("step"), str(d, "step")},
                              {QStringLiteral("task_id"), num(d, "task_id")}};
    if (kind == kSubmitKind && (e.topic == topics::kWorkflowStepFailed || runId == 0)) {
        a.rule = QString(kSupplierOrderFailed);
        a.orderId = orderIdIn(input);
        a.key = a.orderId ? QStringLiteral("order:%1").arg(*a.orderId)
                          : QStringLiteral("task:%1").arg(num(d, "task_id"));
        a.subject =
            QStringLiteral("Supplier order of order %1 failed: %2")
                .arg(a.orderId ? orderLabel(m_store.reader(), *a.orderId) : QStringLiteral("?"),
                     str(d, "error").left(200));
        a.detail = failure;
        return a;
    }
    if (e.topic != topics::kTaskDead || kind == kSubmitKind)
        return std::nullopt;
    // An order step refusing an order at its first attempt (not paid, address, offers, stock,
    // margin, closed) is a business outcome that holds the order: the order rules speak for it.
    static const QStringList kHoldCodes{
        QStringLiteral("NOT_PAID"),      QStringLiteral("ADDRESS_INCOMPLETE"),
        QStringLiteral("UNMAPPED_ITEM"), QStringLiteral("NO_OFFER"),
        QStringLiteral("OUT_OF_STOCK"),  QStringLiteral("UNKNOWN_PRODUCT"),
        QStringLiteral("LOW_MARGIN"),    QStringLiteral("ADDRESS_REJECTED"),
        QStringLiteral("ORDER_CLOSED"),  QStringLiteral("WRONG_STATE")};
    if (runId > 0 && num(d, "attempt") <= 1 && kHoldCodes.contains(str(d, "error_code")))
        return std::nullopt;
    a.rule = QString(kDeadTask);
    a.orderId = orderIdIn(input);
    a.key = QStringLiteral("task:%1").arg(num(d, "task_id"));
    a.subject = QStringLiteral("Task %1 (%2) failed for good: %3")
                    .arg(num(d, "task_id"))
                    .arg(kind, str(d, "error").left(200));
    a.detail = failure;
    return a;
}

std::expected<void, QString> AlertService::onEvent(const events::Event &e)
{
    std::optional<AlertDraft> draft = draftFor(e);
    if (!draft)
        return {};
    draft->eventId = e.id;
    if (auto r = raise(*draft); !r)
        return std::unexpected(r.error().message); // the bus tries again
    return {};
}

agents::Mail AlertService::mailFor(const Alert &a, const QString &to) const
{
    const bool fr = m_options.smtp.language == QLatin1String("fr");
    agents::Mail m;
    m.to = to;
    m.subject = QStringLiteral("[DropCrew] %1: %2").arg(a.severity, a.subject);
    QStringList lines{a.subject, QString()};
    lines << (fr ? QStringLiteral("Règle : %1") : QStringLiteral("Rule: %1")).arg(a.rule);
    if (a.orderId)
        lines
            << (fr ? QStringLiteral("Commande : %1") : QStringLiteral("Order: %1")).arg(*a.orderId);
    lines << (fr ? QStringLiteral("Levée le : %1 (UTC)") : QStringLiteral("Raised at: %1 (UTC)"))
                 .arg(a.firstAt.toString(Qt::ISODate));
    lines << QString()
          << (fr ? QStringLiteral("Acquittez-la dans DropCrew (alerte %1).")
                 : QStringLiteral("Acknowledge it in DropCrew (alert %1)."))
                 .arg(a.id);
    m.text = lines.join(QLatin1Char('\n')) + QLatin1Char('\n');
    return m;
}

std::expected<void, QString> AlertService::onRaised(const events::Event &e)
{
    const qint64 id = num(e.data, "alert_id");
    auto a = loadAlert(m_store.reader(), id);
    if (!a)
        return std::unexpected(a.error().message);
    if (!*a || (*a)->emailState != QLatin1String("pending"))
        return {}; // not to be mailed, or already sent (a delivery again)
    const auto mark = [&](const QString &state) -> std::expected<void, QString> {
        const qint64 t = nowMs();
        auto w = m_store.writeAndWait<bool>([&](WriteContext &ctx) -> DbResult<bool> {
            if (auto s = setEmailState(ctx, id, state, t); !s)
                return std::unexpected(s.error());
            return true;
        });
        if (!w)
            return std::unexpected(w.error().message);
        return {};
    };
    if (!m_mailer->configured() || m_options.emailTo.isEmpty())
        return mark(QStringLiteral("not_configured"));
    for (const QString &to : m_options.emailTo) {
        auto sent = m_mailer->send(mailFor(**a, to));
        if (sent)
            continue;
        if (sent.error().code == QLatin1String("SMTP_UNAVAILABLE"))
            return std::unexpected(sent.error().message); // later: the bus retries
        qCWarning(lcAlerts).noquote() << "alert" << id << "e-mail refused:" << sent.error().message;
        return mark(QStringLiteral("failed"));
    }
    return mark(QStringLiteral("sent"));
}

DbResult<QList<Alert>> AlertService::alerts(const AlertQuery &query)
{
    return listAlerts(m_store.reader(), query);
}

DbResult<std::optional<Alert>> AlertService::alert(qint64 id)
{
    return loadAlert(m_store.reader(), id);
}

DbResult<qint64> AlertService::openCount()
{
    return openAlertCount(m_store.reader());
}

DbResult<std::optional<Alert>> AlertService::acknowledge(qint64 id, const QString &by)
{
    const qint64 t = nowMs();
    return m_store.writeAndWait<std::optional<Alert>>(
        [&](WriteContext &w) -> DbResult<std::optional<Alert>> {
            auto r = acknowledgeAlert(w, id, by, t);
            if (!r)
                return std::unexpected(r.error());
            if (!*r)
                return std::nullopt;
            const auto &[alert, changed] = **r;
            if (changed)
                if (auto e = m_bus.append(
                        w, events::EventDraft{QString(topics::kAlertAcknowledged),
                                              {{QStringLiteral("alert_id"), id},
                                               {QStringLiteral("rule"), alert.rule},
                                               {QStringLiteral("acknowledged_by"), by}},
                                              QStringLiteral("alert:%1").arg(id),
                                              QStringLiteral("alerts"),
                                              {},
                                              {}});
                    !e)
                    return std::unexpected(e.error());
            return alert;
        });
}

DbResult<QList<AlertRule>> AlertService::rules()
{
    return loadRules(m_store.reader());
}

DbResult<std::optional<AlertRule>> AlertService::rule(const QString &name)
{
    return loadRule(m_store.reader(), name);
}

DbResult<std::optional<AlertRule>>
AlertService::updateRule(const QString &name, const RuleChange &change, const QString &by)
{
    const qint64 t = nowMs();
    return m_store.writeAndWait<std::optional<AlertRule>>(
        [&](WriteContext &w) -> DbResult<std::optional<AlertRule>> {
            auto r = loadRule(w.db(), name);
            if (!r || !*r)
                return r;
            AlertRule rule = **r;
            if (change.enabled)
                rule.enabled = *change.enabled;
            if (change.severity)
                rule.severity = *change.severity;
            if (change.params)
                rule.params = *change.params;
            if (change.channels)
                rule.channels = *change.channels;
            rule.updatedBy = by;
            if (auto s = saveRule(w, rule, t); !s)
                return std::unexpected(s.error());
            return loadRule(w.db(), name);
        });
}

} // namespace dc::alerts
