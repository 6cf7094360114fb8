// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Customer emails over SMTP, through libcurl (Debian-packaged, handles STARTTLS, implicit TLS
// and AUTH). Blocking: called from task worker threads.
#include "agents/settings.h"

#include <QByteArray>
#include <QString>
#include <expected>
#include <functional>

namespace dc::agents {

struct MailError
{
    QString code; // SMTP_UNAVAILABLE (retry), SMTP_AUTH, SMTP_REJECTED
    QString message;
};

struct Mail
{
    QString to;
    QString subject;
    QString text; // plain text, UTF-8
};

class Mailer
{
public:
    // password: read at send time (the secret "smtp-password").
    Mailer(SmtpSettings settings, std::function<QByteArray()> password);
    bool configured() const { return !m_settings.url.isEmpty(); }
    std::expected<void, MailError> send(const Mail &mail) const;
    // The RFC 5322 message (headers with RFC 2047 subject, base64 body).
    QByteArray message(const Mail &mail) const;

private:
    SmtpSettings m_settings;
    std::function<QByteArray()> m_password;
};

// The notification templates, in English or French: subject and text.
Mail renderNotification(const QString &templateName, const QString &language,
                        const QJsonObject &values);

} // namespace dc::agents
