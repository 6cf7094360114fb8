// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/integrations.h"

#include "core/urls.h"
#include "security/secretstore.h"

#include <QDateTime>
#include <QJsonDocument>
#include <QRandomGenerator>
#include <QUrl>

namespace dc::agents {

namespace {
const QString kCredentials = QStringLiteral("aliexpress.credentials");
// {state: expires_at_ms} of the authorisation URLs handed out and not yet answered.
const QString kAuthStates = QStringLiteral("aliexpress.oauth-states");
constexpr int kMaxAuthStates = 20;
// {url, model} set through the API: shared by every instance and overriding [llm] of the INI.
const QString kLlmEndpoint = QStringLiteral("llm.endpoint");
const QString kLlmKey = QStringLiteral("llm-api-key");

storage::DbError invalid(const QString &field, const QString &reason)
{
    return {storage::DbError::Kind::Invalid, field + QStringLiteral(": ") + reason};
}
storage::DbError unavailable(const QString &why)
{
    return {storage::DbError::Kind::Unavailable, QStringLiteral("secrets unavailable: ") + why};
}
} // namespace

std::expected<aliexpress::Credentials, QString>
Integrations::loadCredentials(security::SecretStore &s)
{
    auto raw = s.read(kCredentials);
    if (!raw)
        return std::unexpected(raw.error());
    aliexpress::Credentials c;
    if (!raw->has_value())
        return c;
    const QJsonObject o = QJsonDocument::fromJson(**raw).object();
    c.appKey = o.value(QStringLiteral("app_key")).toString();
    c.appSecret = o.value(QStringLiteral("app_secret")).toString().toUtf8();
    c.accessToken = o.value(QStringLiteral("access_token")).toString().toUtf8();
    c.refreshToken = o.value(QStringLiteral("refresh_token")).toString().toUtf8();
    c.accessExpiresMs = o.value(QStringLiteral("access_expires_at")).toInteger();
    c.refreshExpiresMs = o.value(QStringLiteral("refresh_expires_at")).toInteger();
    c.accessIssuedMs = o.value(QStringLiteral("access_issued_at")).toInteger();
    return c;
}

std::expected<void, QString> Integrations::saveCredentials(security::SecretStore &s,
                                                           const aliexpress::Credentials &c)
{
    return s.write(
        kCredentials,
        QJsonDocument(
            QJsonObject{{QStringLiteral("app_key"), c.appKey},
                        {QStringLiteral("app_secret"), QString::fromUtf8(c.appSecret)},
                        {QStringLiteral("access_token"), QString::fromUtf8(c.accessToken)},
                        {QStringLiteral("refresh_token"), QString::fromUtf8(c.refreshToken)},
                        {QStringLiteral("access_expires_at"), c.accessExpiresMs},
                        {QStringLiteral("refresh_expires_at"), c.refreshExpiresMs},
                        {QStringLiteral("access_issued_at"), c.accessIssuedMs}})
            .toJson(QJsonDocument::Compact));
}

std::expected<QJsonObject, QString> Integrations::aliexpressStatus(const CallHealth &lastCall,
                                                                   qint64 nowMs) const
{
    auto c = loadCredentials(m_secrets);
    if (!c)
        return std::unexpected(c.error());
    const auto iso = [](qint64 ms) {
        return ms > 0
                   ? QJsonValue(QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC).toString(Qt::ISODate))
                   : QJsonValue();
    };
    // No token, or one that can no longer be renewed: the seller must authorise again.
    const bool lapsed =
        c->accessExpiresMs > 0 && c->accessExpiresMs <= nowMs &&
        (c->refreshToken.isEmpty() || (c->refreshExpiresMs > 0 && c->refreshExpiresMs <= nowMs));
    return QJsonObject{{QStringLiteral("configured"), c->complete()},
                       {QStringLiteral("app_key"), c->appKey},
                       {QStringLiteral("has_app_secret"), !c->appSecret.isEmpty()},
                       {QStringLiteral("has_refresh_token"), !c->refreshToken.isEmpty()},
                       {QStringLiteral("access_expires_at"), iso(c->accessExpiresMs)},
                       {QStringLiteral("refresh_expires_at"), iso(c->refreshExpiresMs)},
                       {QStringLiteral("needs_authorization"), c->accessToken.isEmpty() || lapsed},
                       {QStringLiteral("last_call"), lastCall.toJson()}};
}

std::expected<void, QString> Integrations::setAliExpress(const aliexpress::Credentials &c)
{
    if (!c.accessToken.isEmpty())
        return saveCredentials(m_secrets, c);
    auto before = loadCredentials(m_secrets);
    if (!before)
        return std::unexpected(before.error());
    aliexpress::Credentials keep = c;
    if (before->appKey == c.appKey) {
        keep = *before;
        keep.appSecret = c.appSecret;
    }
    return saveCredentials(m_secrets, keep);
}

namespace {
// The pending states, the expired ones left out.
std::expected<QJsonObject, QString> pendingStates(security::SecretStore &s, qint64 nowMs)
{
    auto raw = s.read(kAuthStates);
    if (!raw)
        return std::unexpected(raw.error());
    QJsonObject live;
    if (raw->has_value()) {
        const QJsonObject all = QJsonDocument::fromJson(**raw).object();
        for (auto it = all.begin(); it != all.end(); ++it)
            if (it.value().toInteger() > nowMs)
                live.insert(it.key(), it.value());
    }
    return live;
}
} // namespace

std::expected<QString, QString> Integrations::newAuthorizationState(qint64 nowMs, qint64 ttlMs)
{
    auto pending = pendingStates(m_secrets, nowMs);
    if (!pending)
        return std::unexpected(pending.error());
    while (pending->size() >= kMaxAuthStates) {
        auto oldest = pending->begin();
        for (auto it = pending->begin(); it != pending->end(); ++it)
            if (it.value().toInteger() < oldest.value().toInteger())
                oldest = it;
        pending->erase(oldest);
    }
    quint32 words[4];
    QRandomGenerator::system()->fillRange(words);
    const QString state = QString::fromLatin1(
        QByteArray(reinterpret_cast<const char *>(words), sizeof words)
            .toBase64(QByteArray::Base64UrlEncoding | QByteArray::OmitTrailingEquals));
    pending->insert(state, nowMs + ttlMs);
    if (auto w =
            m_secrets.write(kAuthStates, QJsonDocument(*pending).toJson(QJsonDocument::Compact));
        !w)
        return std::unexpected(w.error());
    return state;
}

std::expected<bool, QString> Integrations::takeAuthorizationState(const QString &state,
                                                                  qint64 nowMs)
{
    auto pending = pendingStates(m_secrets, nowMs);
    if (!pending)
        return std::unexpected(pending.error());
    const bool known = !state.isEmpty() && pending->contains(state);
    pending->remove(state);
    if (auto w =
            m_secrets.write(kAuthStates, QJsonDocument(*pending).toJson(QJsonDocument::Compact));
        !w)
        return std::unexpected(w.error());
    return known;
}

ContentSettings Integrations::llmSettings() const
{
    ContentSettings now = m_iniLlm;
    auto raw = m_secrets.read(kLlmEndpoint);
    if (raw && raw->has_value()) {
        const QJsonObject o = QJsonDocument::fromJson(**raw).object();
        now.llmUrl = o.value(QStringLiteral("url")).toString();
        now.model = o.value(QStringLiteral("model")).toString();
    }
    return now;
}

QByteArray Integrations::llmKey() const
{
    auto k = m_secrets.read(kLlmKey);
    return k && k->has_value() ? **k : QByteArray();
}

std::expected<QJsonObject, QString> Integrations::llmStatus(const CallHealth &lastCall) const
{
    auto fromApi = m_secrets.read(kLlmEndpoint);
    auto key = m_secrets.read(kLlmKey);
    if (!key)
        return std::unexpected(key.error());
    const ContentSettings now = llmSettings();
    return QJsonObject{{QStringLiteral("configured"), !now.llmUrl.isEmpty()},
                       {QStringLiteral("url"), now.llmUrl},
                       {QStringLiteral("model"), now.model},
                       {QStringLiteral("timeout_seconds"), now.timeoutMs / 1000},
                       {QStringLiteral("has_api_key"), key->has_value() && !(*key)->isEmpty()},
                       {QStringLiteral("source"), fromApi && fromApi->has_value()
                                                      ? QStringLiteral("api")
                                                      : QStringLiteral("ini")},
                       {QStringLiteral("last_call"), lastCall.toJson()}};
}

storage::DbResult<void> Integrations::setLlm(const QString &url, const QString &model,
                                             const std::optional<QString> &key)
{
    if (!url.isEmpty()) {
        const QUrl parsed(url, QUrl::StrictMode);
        if (!parsed.isValid() || parsed.host().isEmpty() ||
            (parsed.scheme() != QLatin1String("http") && parsed.scheme() != QLatin1String("https")))
            return std::unexpected(
                invalid(QStringLiteral("url"), QStringLiteral("an http or https URL")));
        if (model.isEmpty())
            return std::unexpected(
                invalid(QStringLiteral("model"), QStringLiteral("required with a url")));
    }
    // The stored key goes with every call to this URL: a new destination is given the key
    // again (or none), never the old one silently.
    if (!key && !url.isEmpty()) {
        const QString before = llmSettings().llmUrl;
        auto stored = m_secrets.read(kLlmEndpoint);
        if (!llmKey().isEmpty() && stored && stored->has_value() && !before.isEmpty() &&
            !sameOrigin(QUrl(before), QUrl(url)))
            return std::unexpected(invalid(QStringLiteral("api_key"),
                                           QStringLiteral("required again when the url's origin "
                                                          "changes (empty for none)")));
    }
    if (key) {
        auto k =
            key->isEmpty() ? m_secrets.remove(kLlmKey) : m_secrets.write(kLlmKey, key->toUtf8());
        if (!k)
            return std::unexpected(unavailable(k.error()));
    }
    if (auto w = m_secrets.write(kLlmEndpoint,
                                 QJsonDocument(QJsonObject{{QStringLiteral("url"), url},
                                                           {QStringLiteral("model"), model}})
                                     .toJson(QJsonDocument::Compact));
        !w)
        return std::unexpected(unavailable(w.error()));
    return {};
}

} // namespace dc::agents
