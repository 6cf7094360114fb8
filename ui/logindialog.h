// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Signing in to a remote DropCrew server: its URL, a user name and a password. The dialog stays
// open on a refusal and says why; on success the signed-in client is handed over. The URL and
// user name are remembered, never the password.
#include <QDialog>

#include <memory>

class QLabel;
class QLineEdit;
class QPushButton;

namespace dc::ui {

class ApiClient;

class LoginDialog : public QDialog
{
    Q_OBJECT
public:
    explicit LoginDialog(const QString &url = {}, QWidget *parent = nullptr);
    // Signing in again on a client whose session expired: its server is fixed, and on success
    // the client carries the new session (nothing to take).
    explicit LoginDialog(ApiClient &existing, QWidget *parent = nullptr);
    ~LoginDialog() override;
    // The signed-in client after accept(); the caller owns it.
    std::unique_ptr<ApiClient> takeClient();
    void setCredentials(const QString &url, const QString &user, const QString &password);
    // Tries to sign in (the Sign in button).
    void signIn();
    QString errorText() const;

private:
    QLineEdit *m_url;
    QLineEdit *m_user;
    QLineEdit *m_password;
    QLabel *m_error;
    QPushButton *m_ok;
    std::unique_ptr<ApiClient> m_client;
    ApiClient *m_existing = nullptr;
};

} // namespace dc::ui
