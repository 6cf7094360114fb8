// SPDX-License-Identifier: GPL-3.0-or-later
#include "agents/mailer.h"

#include "core/logging.h"

#include <QDateTime>
#include <QJsonObject>
#include <QLocale>
#include <QUuid>

#include <curl/curl.h>

namespace dc::agents {

namespace {

struct Upload
{
    QByteArray data;
    qsizetype pos = 0;
};

size_t readBody(char *buffer, size_t size, size_t count, void *user)
{
    auto *u = static_cast<Upload *>(user);
    const size_t n = std::min(size * count, size_t(u->data.size() - u->pos));
    std::memcpy(buffer, u->data.constData() + u->pos, n);
    u->pos += qsizetype(n);
    return n;
}

// Header values never carry a line break: a crafted name cannot add headers.
QByteArray headerSafe(const QString &s)
{
    QString v = s;
    v.remove(QLatin1Char('\r'));
    v.remove(QLatin1Char('\n'));
    return v.toUtf8();
}

QByteArray encodedWord(const QString &s)
{
    return "=?UTF-8?B?" + headerSafe(s).toBase64() + "?=";
}

} // namespace

Mailer::Mailer(SmtpSettings settings, std::function<QByteArray()> password)
    : m_settings(std::move(settings))
    , m_password(std::move(password))
{
    curl_global_init(CURL_GLOBAL_DEFAULT); // reference-counted; thread-safe since 7.84
}

QByteArray Mailer::message(const Mail &mail) const
{
    const QString domain = m_settings.from.section(QLatin1Char('@'), 1);
    QByteArray body = mail.text.toUtf8().toBase64();
    QByteArray wrapped;
    for (qsizetype i = 0; i < body.size(); i += 76)
        wrapped += body.mid(i, 76) + "\r\n";
    return "Date: " +
           QLocale::c()
               .toString(QDateTime::currentDateTimeUtc(),
                         QStringLiteral("ddd, dd MMM yyyy HH:mm:ss"))
               .toLatin1() +
           " +0000\r\nFrom: <" + headerSafe(m_settings.from) + ">\r\nTo: <" + headerSafe(mail.to) +
           ">\r\nSubject: " + encodedWord(mail.subject) + "\r\nMessage-ID: <" +
           QUuid::createUuid().toString(QUuid::Id128).toLatin1() + "@" + headerSafe(domain) +
           ">\r\nMIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n" +
           wrapped;
}

std::expected<void, MailError> Mailer::send(const Mail &mail) const
{
    if (!configured())
        return std::unexpected(MailError{QStringLiteral("SMTP_UNAVAILABLE"),
                                         QStringLiteral("no SMTP server is configured")});
    CURL *curl = curl_easy_init();
    if (!curl)
        return std::unexpected(MailError{QStringLiteral("SMTP_UNAVAILABLE"),
                                         QStringLiteral("libcurl could not start")});
    Upload upload{message(mail)};
    const QByteArray url = m_settings.url.toUtf8();
    const QByteArray from = "<" + headerSafe(m_settings.from) + ">";
    const QByteArray to = "<" + headerSafe(mail.to) + ">";
    const QByteArray user = m_settings.username.toUtf8();
    const QByteArray password = m_password ? m_password() : QByteArray();
    curl_slist *rcpt = curl_slist_append(nullptr, to.constData());
    curl_easy_setopt(curl, CURLOPT_URL, url.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_FROM, from.constData());
    curl_easy_setopt(curl, CURLOPT_MAIL_RCPT, rcpt);
    curl_easy_setopt(curl, CURLOPT_READFUNCTION, readBody);
    curl_easy_setopt(curl, CURLOPT_READDATA, &upload);
    curl_easy_setopt(curl, CURLOPT_UPLOAD, 1L);
    curl_easy_setopt(curl, CURLOPT_NOSIGNAL, 1L);
    curl_easy_setopt(curl, CURLOPT_TIMEOUT_MS, long(m_settings.timeoutMs));
    curl_easy_setopt(curl, CURLOPT_PROTOCOLS_STR, "smtp,smtps");
    if (m_settings.requireTls)
        curl_easy_setopt(curl, CURLOPT_USE_SSL, long(CURLUSESSL_ALL));
    if (!user.isEmpty()) {
        curl_easy_setopt(curl, CURLOPT_USERNAME, user.constData());
        curl_easy_setopt(curl, CURLOPT_PASSWORD, password.constData());
    }
    const CURLcode rc = curl_easy_perform(curl);
    long smtpCode = 0;
    curl_easy_getinfo(curl, CURLINFO_RESPONSE_CODE, &smtpCode);
    curl_slist_free_all(rcpt);
    curl_easy_cleanup(curl);
    if (rc == CURLE_OK)
        return {};
    const QString what = QStringLiteral("%1 (SMTP %2)")
                             .arg(QString::fromLatin1(curl_easy_strerror(rc)))
                             .arg(smtpCode);
    if (rc == CURLE_LOGIN_DENIED)
        return std::unexpected(MailError{QStringLiteral("SMTP_AUTH"), what});
    // 5xx: the server refused for good (unknown recipient, policy); 4xx and no answer: later.
    if (smtpCode >= 500)
        return std::unexpected(MailError{QStringLiteral("SMTP_REJECTED"), what});
    return std::unexpected(MailError{QStringLiteral("SMTP_UNAVAILABLE"), what});
}

Mail renderNotification(const QString &templateName, const QString &language, const QJsonObject &v)
{
    const bool fr = language == QLatin1String("fr");
    const QString name = v.value(QStringLiteral("first_name")).toString();
    const QString order = v.value(QStringLiteral("order_name")).toString();
    const QString shop = v.value(QStringLiteral("shop_name")).toString();
    const QString hello =
        name.isEmpty()
            ? (fr ? QStringLiteral("Bonjour,") : QStringLiteral("Hello,"))
            : (fr ? QStringLiteral("Bonjour %1,") : QStringLiteral("Hello %1,")).arg(name);
    Mail m;
    if (templateName == QLatin1String("shipped")) {
        m.subject = fr ? QStringLiteral("Votre commande %1 est en route").arg(order)
                       : QStringLiteral("Your order %1 is on its way").arg(order);
        const QString carrier = v.value(QStringLiteral("carrier")).toString();
        const QString number = v.value(QStringLiteral("tracking_number")).toString();
        const QString url = v.value(QStringLiteral("tracking_url")).toString();
        m.text = hello + QStringLiteral("\n\n") +
                 (fr ? QStringLiteral("Votre commande %1 a été expédiée (%2, suivi %3).\nSuivre le "
                                      "colis : %4\n\nMerci pour votre achat.\n%5\n")
                     : QStringLiteral("Your order %1 has shipped (%2, tracking %3).\nTrack the "
                                      "parcel: %4\n\nThank you for your purchase.\n%5\n"))
                     .arg(order, carrier, number, url, shop);
    } else {
        m.subject = fr ? QStringLiteral("Commande %1 confirmée").arg(order)
                       : QStringLiteral("Order %1 confirmed").arg(order);
        m.text = hello + QStringLiteral("\n\n") +
                 (fr ? QStringLiteral("Nous avons bien reçu votre commande %1 (%2). Nous vous "
                                      "écrirons dès son expédition.\n\n%3\n")
                     : QStringLiteral("We have received your order %1 (%2). We will write again "
                                      "when it ships.\n\n%3\n"))
                     .arg(order, v.value(QStringLiteral("total")).toString(), shop);
    }
    return m;
}

} // namespace dc::agents
