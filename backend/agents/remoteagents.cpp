// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/remoteagents.h"

#include "core/blockinghttp.h"
#include "core/jsonschema.h"
#include "core/logging.h"
#include "core/urls.h"
#include "events/topics.h"
#include "security/permissions.h"
#include "security/secretstore.h"
#include "storage/sqlutil.h"

#include <QJsonDocument>
#include <QMessageAuthenticationCode>
#include <QNetworkReply>
#include <QRegularExpression>

namespace dc::agents {

using storage::DbResult;
using storage::exec;
using storage::WriteContext;

namespace {
const QSet<QString> kBuiltIn{QStringLiteral("order_manager"), QStringLiteral("website_builder"),
                             QStringLiteral("data_analyzer"), QStringLiteral("content_generator"),
                             QStringLiteral("system"),        QStringLiteral("shopify")};
const QRegularExpression kName(QStringLiteral("^[a-z][a-z0-9_]{1,39}$"));

// Secret names have no underscores; agent names have no dashes, so this stays one-to-one.
QString secretName(const QString &agent)
{
    return QStringLiteral("remote-agent.") +
           QString(agent).replace(QLatin1Char('_'), QLatin1Char('-'));
}

QList<ActionError> errorsOf(const QJsonObject &action)
{
    QList<ActionError> out;
    for (const QJsonValue &v : action.value(QStringLiteral("errors")).toArray()) {
        const QJsonObject e = v.toObject();
        out.append({e.value(QStringLiteral("code")).toString(),
                    e.value(QStringLiteral("retryable")).toBool(),
                    e.value(QStringLiteral("description")).toString()});
    }
    out.append({QStringLiteral("REMOTE_UNAVAILABLE"), true,
                QStringLiteral("the agent did not answer, or answered 5xx")});
    out.append({QStringLiteral("REMOTE_REFUSED"), false,
                QStringLiteral("the agent answered 4xx with an undeclared code")});
    return out;
}
} // namespace

QJsonObject RemoteAgent::toJson() const
{
    return {{QStringLiteral("name"), name},
            {QStringLiteral("url"), url},
            {QStringLiteral("actions"), actions},
            {QStringLiteral("timeout_ms"), timeoutMs},
            {QStringLiteral("created_at"), createdAt.toString(Qt::ISODateWithMs)},
            {QStringLiteral("updated_at"), updatedAt.toString(Qt::ISODateWithMs)}};
}

RemoteAgents::RemoteAgents(storage::Store &store, security::SecretStore &secrets,
                           tasks::TaskManager &tasks, events::EventBus &bus)
    : m_store(store)
    , m_secrets(secrets)
    , m_bus(bus)
    , m_tasks(tasks)
{}

QByteArray RemoteAgents::signature(const QByteArray &secret, const QByteArray &timestamp,
                                   const QByteArray &body)
{
    return "sha256=" + QMessageAuthenticationCode::hash(timestamp + '.' + body, secret,
                                                        QCryptographicHash::Sha256)
                           .toHex();
}

DbResult<QList<RemoteAgent>> RemoteAgents::list(QSqlDatabase db) const
{
    auto q =
        exec(db, QStringLiteral("SELECT name, url, actions, timeout_ms, created_at, updated_at "
                                "FROM remote_agents ORDER BY name"));
    if (!q)
        return std::unexpected(q.error());
    QList<RemoteAgent> out;
    while (q->next())
        out.append({q->value(0).toString(), q->value(1).toString(),
                    QJsonDocument::fromJson(q->value(2).toString().toUtf8()).array(),
                    q->value(3).toInt(), storage::utcFromMs(q->value(4)),
                    storage::utcFromMs(q->value(5))});
    return out;
}

namespace {
events::EventDraft changedEvent(const QString &name)
{
    return {QString(events::topics::kRemoteAgentChanged),
            {{QStringLiteral("name"), name}},
            QStringLiteral("remote_agent:") + name,
            QStringLiteral("agents"),
            {},
            {}};
}
} // namespace

std::expected<void, QString> RemoteAgents::load()
{
    auto l = list(m_store.reader());
    if (!l)
        return std::unexpected(l.error().message);
    for (const RemoteAgent &a : *l)
        registerAgent(a);
    return {};
}

std::expected<RemoteAgent, QString> RemoteAgents::save(const QString &name, const QJsonObject &body)
{
    if (!kName.match(name).hasMatch())
        return std::unexpected(QStringLiteral("name: lower-case letters, digits and _, 2 to 40"));
    if (kBuiltIn.contains(name))
        return std::unexpected(QStringLiteral("name: \"%1\" is a built-in agent").arg(name));
    for (auto it = body.begin(); it != body.end(); ++it)
        if (!QStringList{QStringLiteral("url"), QStringLiteral("secret"), QStringLiteral("actions"),
                         QStringLiteral("timeout_ms")}
                 .contains(it.key()))
            return std::unexpected(it.key() + QStringLiteral(": unknown field"));
    const QUrl url(body.value(QStringLiteral("url")).toString(), QUrl::StrictMode);
    if (!url.isValid() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https")) ||
        url.host().isEmpty())
        return std::unexpected(QStringLiteral("url: an http or https URL is required"));
    const int timeout = body.value(QStringLiteral("timeout_ms")).toInt(30'000);
    if (timeout < 100 || timeout > 10 * 60'000)
        return std::unexpected(QStringLiteral("timeout_ms: from 100 to 600000"));
    const QJsonValue actionsValue = body.value(QStringLiteral("actions"));
    if (!actionsValue.isArray() || actionsValue.toArray().isEmpty() ||
        actionsValue.toArray().size() > 100)
        return std::unexpected(QStringLiteral("actions: a list of 1 to 100 actions is required"));
    QSet<QString> seen;
    QJsonArray actions;
    for (qsizetype i = 0; i < actionsValue.toArray().size(); ++i) {
        const QString at = QStringLiteral("actions[%1]").arg(i);
        const QJsonObject a = actionsValue.toArray().at(i).toObject();
        const QString an = a.value(QStringLiteral("name")).toString();
        if (!kName.match(an).hasMatch() || seen.contains(an))
            return std::unexpected(at + QStringLiteral(".name: a unique lower_snake name"));
        seen.insert(an);
        for (const QString &f : {QStringLiteral("input_schema"), QStringLiteral("output_schema")})
            if (a.contains(f) && !a.value(f).isObject())
                return std::unexpected(at + QLatin1Char('.') + f +
                                       QStringLiteral(": an object (JSON Schema)"));
        const QString permission =
            a.value(QStringLiteral("permission")).toString(QStringLiteral("agents.call"));
        if (!security::allPermissions().contains(permission))
            return std::unexpected(at +
                                   QStringLiteral(".permission: one of the permission table's (%1)")
                                       .arg(security::allPermissions().join(QStringLiteral(", "))));
        for (const QJsonValue &e : a.value(QStringLiteral("errors")).toArray())
            if (e.toObject().value(QStringLiteral("code")).toString().isEmpty() ||
                !e.toObject().value(QStringLiteral("retryable")).isBool())
                return std::unexpected(at +
                                       QStringLiteral(".errors: each needs a code and retryable"));
        actions.append(QJsonObject{
            {QStringLiteral("name"), an},
            {QStringLiteral("description"),
             a.value(QStringLiteral("description")).toString().left(500)},
            {QStringLiteral("input_schema"), a.value(QStringLiteral("input_schema")).toObject()},
            {QStringLiteral("output_schema"), a.value(QStringLiteral("output_schema")).toObject()},
            {QStringLiteral("errors"), a.value(QStringLiteral("errors")).toArray()},
            {QStringLiteral("permission"), permission}});
    }
    const QByteArray secret = body.value(QStringLiteral("secret")).toString().toUtf8();
    if (!secret.isEmpty() && secret.size() < 16)
        return std::unexpected(QStringLiteral("secret: at least 16 characters"));
    if (secret.isEmpty()) {
        // The stored secret signs calls to this URL; a new destination must be given it again,
        // or whoever can edit agents could point signed calls at a host of their own.
        for (const RemoteAgent &stored : list(m_store.reader()).value_or(QList<RemoteAgent>()))
            if (stored.name == name && !sameOrigin(QUrl(stored.url), url))
                return std::unexpected(
                    QStringLiteral("secret: required again when the URL's origin changes"));
        auto existing = m_secrets.read(secretName(name));
        if (!existing)
            return std::unexpected(existing.error());
        if (!existing->has_value())
            return std::unexpected(QStringLiteral("secret: required for a new agent"));
    } else if (auto w = m_secrets.write(secretName(name), secret); !w) {
        return std::unexpected(w.error());
    }
    const qint64 now = storage::nowMs();
    const QString json = QString::fromUtf8(QJsonDocument(actions).toJson(QJsonDocument::Compact));
    auto w = m_store.writeAndWait<bool>([&](WriteContext &ctx) -> DbResult<bool> {
        auto q = exec(ctx.db(),
                      QStringLiteral("INSERT INTO remote_agents (name, url, actions, timeout_ms, "
                                     "created_at, updated_at) VALUES (?,?,?,?,?,?) ON CONFLICT "
                                     "(name) DO UPDATE SET url = excluded.url, actions = "
                                     "excluded.actions, timeout_ms = excluded.timeout_ms, "
                                     "updated_at = excluded.updated_at"),
                      {name, url.toString(), json, timeout, now, now});
        if (!q)
            return std::unexpected(q.error());
        if (auto e = m_bus.append(ctx, changedEvent(name)); !e)
            return std::unexpected(e.error());
        return true;
    });
    if (!w)
        return std::unexpected(w.error().message);
    RemoteAgent a{name, url.toString(), actions, timeout, {}, {}};
    for (const RemoteAgent &stored : list(m_store.reader()).value_or(QList<RemoteAgent>()))
        if (stored.name == name)
            a = stored;
    registerAgent(a);
    qCInfo(lcAgents).noquote() << "remote agent" << name << "registered with" << actions.size()
                               << "actions";
    return a;
}

void RemoteAgents::reload(const QString &name)
{
    auto l = list(m_store.reader());
    if (!l)
        return;
    for (const RemoteAgent &a : *l)
        if (a.name == name)
            return registerAgent(a);
    unregisterAgent(name);
}

DbResult<bool> RemoteAgents::remove(const QString &name)
{
    auto w = m_store.writeAndWait<bool>([&](WriteContext &ctx) -> DbResult<bool> {
        auto q = exec(ctx.db(), QStringLiteral("DELETE FROM remote_agents WHERE name = ?"), {name});
        if (!q)
            return std::unexpected(q.error());
        if (q->numRowsAffected() == 0)
            return false;
        if (auto e = m_bus.append(ctx, changedEvent(name)); !e)
            return std::unexpected(e.error());
        return true;
    });
    if (w && *w) {
        unregisterAgent(name);
        (void)m_secrets.remove(secretName(name));
    }
    return w;
}

void RemoteAgents::unregisterAgent(const QString &name)
{
    QMutexLocker lock(&m_lock);
    for (const QString &kind : m_kinds.take(name))
        m_tasks.unregisterKind(kind);
}

void RemoteAgents::registerAgent(const RemoteAgent &a)
{
    unregisterAgent(a.name);
    QStringList kinds;
    for (const QJsonValue &v : a.actions) {
        const QJsonObject action = v.toObject();
        const QString an = action.value(QStringLiteral("name")).toString();
        ActionSpec spec;
        spec.agent = a.name;
        spec.action = an;
        spec.description = action.value(QStringLiteral("description")).toString();
        spec.input = action.value(QStringLiteral("input_schema")).toObject();
        spec.output = action.value(QStringLiteral("output_schema")).toObject();
        spec.errors = errorsOf(action);
        spec.timeoutMs = a.timeoutMs + 5000;
        const QList<ActionError> declared = spec.errors;
        // Agents saved before actions declared a permission get the base one.
        const QString permission =
            action.value(QStringLiteral("permission")).toString(QStringLiteral("agents.call"));
        registerAction(m_tasks, permission, spec, [this, a, an, declared](tasks::TaskContext &ctx) {
            return call(a, an, declared, ctx);
        });
        kinds << a.name + QLatin1Char('.') + an;
    }
    QMutexLocker lock(&m_lock);
    m_kinds.insert(a.name, kinds);
}

ActionResult RemoteAgents::call(const RemoteAgent &a, const QString &action,
                                const QList<ActionError> &declared, tasks::TaskContext &ctx)
{
    auto secret = m_secrets.read(secretName(a.name));
    if (!secret || !secret->has_value())
        return fail(QStringLiteral("REMOTE_REFUSED"),
                    QStringLiteral("no signing secret for remote agent %1").arg(a.name));
    const QByteArray body =
        QJsonDocument(QJsonObject{{QStringLiteral("agent"), a.name},
                                  {QStringLiteral("action"), action},
                                  {QStringLiteral("input"), ctx.input},
                                  {QStringLiteral("task_id"), ctx.id},
                                  {QStringLiteral("attempt"), ctx.attempt},
                                  {QStringLiteral("idempotency_key"), ctx.idempotencyKey},
                                  {QStringLiteral("correlation_id"), ctx.correlationId}})
            .toJson(QJsonDocument::Compact);
    const QByteArray ts = QByteArray::number(QDateTime::currentSecsSinceEpoch());
    QNetworkRequest req{QUrl(a.url)};
    req.setHeader(QNetworkRequest::ContentTypeHeader, QByteArray("application/json"));
    req.setRawHeader("X-DropCrew-Timestamp", ts);
    req.setRawHeader("X-DropCrew-Signature", signature(**secret, ts, body));
    req.setRawHeader("X-DropCrew-Task", QByteArray::number(ctx.id));
    req.setTransferTimeout(a.timeoutMs);
    constexpr qint64 kMaxAnswerBytes = 4 * 1024 * 1024;
    const BlockingReply reply = blockingPost(req, body, kMaxAnswerBytes);
    const int status = reply.status;
    const QByteArray &answer = reply.body;
    const QString &netMessage = reply.errorString;
    if (reply.tooLarge)
        return fail(QStringLiteral("invalid_output"),
                    QStringLiteral("the agent's answer is larger than 4 MiB"));
    if (status == 0)
        return fail(QStringLiteral("REMOTE_UNAVAILABLE"), netMessage);
    const QJsonObject o = QJsonDocument::fromJson(answer).object();
    if (status == 200) {
        const QJsonValue out = o.value(QStringLiteral("output"));
        if (!out.isObject())
            return fail(QStringLiteral("invalid_output"),
                        QStringLiteral("the agent answered 200 without an \"output\" object"));
        return out.toObject();
    }
    const QJsonObject err = o.value(QStringLiteral("error")).toObject();
    const QString code = err.value(QStringLiteral("code")).toString();
    const QString message = err.value(QStringLiteral("message")).toString().left(1000);
    for (const ActionError &d : declared)
        if (!code.isEmpty() && d.code == code)
            return fail(code, message);
    return fail(status >= 500 ? QStringLiteral("REMOTE_UNAVAILABLE")
                              : QStringLiteral("REMOTE_REFUSED"),
                QStringLiteral("HTTP %1 %2 %3").arg(status).arg(code, message).trimmed());
}

} // namespace dc::agents
