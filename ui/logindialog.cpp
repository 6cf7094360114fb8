// SPDX-License-Identifier: GPL-3.0-or-later
#include "logindialog.h"

#include "apiclient.h"

#include <QDialogButtonBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>

namespace dc::ui {

LoginDialog::LoginDialog(const QString &url, QWidget *parent)
    : QDialog(parent)
{
    setWindowTitle(tr("Connect to a DropCrew server"));
    setObjectName(QStringLiteral("LoginDialog"));
    QSettings s;
    m_url =
        new QLineEdit(url.isEmpty() ? s.value(QStringLiteral("remote/url")).toString() : url, this);
    m_url->setPlaceholderText(QStringLiteral("https://dropcrew.example.com:8765"));
    m_user = new QLineEdit(s.value(QStringLiteral("remote/user")).toString(), this);
    m_password = new QLineEdit(this);
    m_password->setEchoMode(QLineEdit::Password);
    m_error = new QLabel(this);
    m_error->setObjectName(QStringLiteral("loginError"));
    m_error->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    m_ok = buttons->button(QDialogButtonBox::Ok);
    m_ok->setText(tr("Sign in"));
    auto *form = new QFormLayout(this);
    form->addRow(tr("Server URL:"), m_url);
    form->addRow(tr("User name:"), m_user);
    form->addRow(tr("Password:"), m_password);
    form->addRow(m_error);
    form->addRow(buttons);
    connect(buttons, &QDialogButtonBox::accepted, this, &LoginDialog::signIn);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    (m_user->text().isEmpty() ? m_user : m_password)->setFocus();
}

LoginDialog::LoginDialog(ApiClient &existing, QWidget *parent)
    : LoginDialog(existing.baseUrl().toString(), parent)
{
    m_existing = &existing;
    m_url->setReadOnly(true);
    setWindowTitle(tr("Session expired: sign in again"));
    m_password->setFocus();
}

LoginDialog::~LoginDialog() = default;

std::unique_ptr<ApiClient> LoginDialog::takeClient()
{
    return std::move(m_client);
}

void LoginDialog::setCredentials(const QString &url, const QString &user, const QString &password)
{
    m_url->setText(url);
    m_user->setText(user);
    m_password->setText(password);
}

QString LoginDialog::errorText() const
{
    return m_error->text();
}

void LoginDialog::signIn()
{
    const QUrl url(m_url->text().trimmed(), QUrl::StrictMode);
    if (!url.isValid() || url.host().isEmpty() ||
        (url.scheme() != QLatin1String("http") && url.scheme() != QLatin1String("https"))) {
        m_error->setText(tr("The URL must look like https://host:port."));
        return;
    }
    if (url.scheme() == QLatin1String("http") && url.host() != QLatin1String("localhost") &&
        url.host() != QLatin1String("127.0.0.1") && url.host() != QLatin1String("::1"))
        m_error->setText(tr("Warning: without https the password crosses the network in clear."));
    m_ok->setEnabled(false);
    if (m_existing) {
        m_existing->login(m_user->text().trimmed(), m_password->text(), [this](const ApiReply &r) {
            m_ok->setEnabled(true);
            if (!r.ok()) {
                m_error->setText(r.status == 401 ? tr("Wrong user name or password.")
                                                 : tr("Cannot sign in: %1").arg(r.error));
                return;
            }
            m_password->clear();
            accept();
        });
        return;
    }
    auto client = std::make_unique<ApiClient>(url);
    ApiClient *raw = client.get();
    m_client = std::move(client);
    raw->login(m_user->text().trimmed(), m_password->text(), [this, url](const ApiReply &r) {
        m_ok->setEnabled(true);
        if (!r.ok()) {
            m_client.release()->deleteLater(); // this runs inside the client's reply
            m_error->setText(r.status == 401 ? tr("Wrong user name or password.")
                                             : tr("Cannot sign in: %1").arg(r.error));
            return;
        }
        m_password->clear();
        QSettings s;
        s.setValue(QStringLiteral("remote/url"), url.toString());
        s.setValue(QStringLiteral("remote/user"), m_user->text().trimmed());
        accept();
    });
}

} // namespace dc::ui
