// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The outside services the agents call and how they are reached: AliExpress's credentials and
// the language model's endpoint. Both live in the secret store shared by every instance; each
// status says whether the service answered its last call ("configured" is not "working").
#include "agents/settings.h"
#include "aliexpress/aliexpressclient.h"
#include "core/callhealth.h"
#include "storage/store.h"

#include <QJsonObject>
#include <optional>

namespace dc::security {
class SecretStore;
}

namespace dc::agents {

class Integrations
{
public:
    Integrations(security::SecretStore &secrets, ContentSettings iniLlm)
        : m_secrets(secrets)
        , m_iniLlm(std::move(iniLlm))
    {}

    // The AliExpress credentials ("aliexpress.credentials").
    static std::expected<aliexpress::Credentials, QString>
    loadCredentials(security::SecretStore &s);
    static std::expected<void, QString> saveCredentials(security::SecretStore &s,
                                                        const aliexpress::Credentials &c);
    std::expected<aliexpress::Credentials, QString> aliexpressCredentials() const
    {
        return loadCredentials(m_secrets);
    }
    // {configured, app_key, has_refresh_token, access/refresh_expires_at,
    // needs_authorization, last_call}
    std::expected<QJsonObject, QString> aliexpressStatus(const CallHealth &lastCall,
                                                         qint64 nowMs) const;
    // Without an access token, the tokens already stored for the same app key are kept (a new
    // secret for the same app); another app key starts unauthorised.
    std::expected<void, QString> setAliExpress(const aliexpress::Credentials &c);
    // The OAuth state of a new authorisation URL, pending for ttlMs in the shared secret store
    // (any instance may receive the code); the oldest go past 20 pending.
    std::expected<QString, QString> newAuthorizationState(qint64 nowMs, qint64 ttlMs);
    // Whether `state` was pending and is unexpired; it is used up either way.
    std::expected<bool, QString> takeAuthorizationState(const QString &state, qint64 nowMs);

    // The endpoint the Content Generator calls now: set through the API (shared by every
    // instance) or from [llm] of the INI file.
    ContentSettings llmSettings() const;
    QByteArray llmKey() const;
    // {configured, url, model, timeout_seconds, has_api_key, source, last_call}
    std::expected<QJsonObject, QString> llmStatus(const CallHealth &lastCall) const;
    // url empty: templates only. key: absent keeps the stored one (refused when the URL moves
    // to another origin: the key must be given again, or empty for none), empty removes it.
    // Invalid errors name their field; Unavailable when the secret store cannot be used.
    storage::DbResult<void> setLlm(const QString &url, const QString &model,
                                   const std::optional<QString> &key);

private:
    security::SecretStore &m_secrets;
    ContentSettings m_iniLlm;
};

} // namespace dc::agents
