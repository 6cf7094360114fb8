// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The AliExpress app authorised from the desktop: "Authorise…" opens AliExpress's consent page in
// the browser, and the code it sends back to the app's callback URL is exchanged by the server
// for tokens. A callback on this computer (http://127.0.0.1:PORT/...) is caught here once; any
// other shows the code in the browser, to paste (the code or the whole address).
#include <QTcpServer>
#include <QUrl>
#include <QWidget>

#include <functional>

class QLabel;
class QLineEdit;
class QPushButton;

namespace dc::ui {

class ApiClient;

// One browser redirect to a loopback address, answered with a page to close and reported.
class LoopbackCatcher : public QObject
{
    Q_OBJECT
public:
    explicit LoopbackCatcher(QObject *parent = nullptr);
    // Listens for `callback` (its host must be 127.0.0.1 or localhost); false with the reason.
    bool listen(const QUrl &callback, QString *error);
    void stop();
    bool listening() const { return m_server.isListening(); }

signals:
    void caught(const QString &code, const QString &state);

private:
    void answer(QTcpSocket *socket);
    QTcpServer m_server;
    QString m_path;
};

class AliExpressAuthorisation : public QWidget
{
    Q_OBJECT
public:
    explicit AliExpressAuthorisation(ApiClient &api, QWidget *parent = nullptr);
    // How the browser is opened (tests catch the URL); QDesktopServices by default.
    void setUrlOpener(std::function<bool(const QUrl &)> open) { m_open = std::move(open); }
    QString status() const;
    // Whether a loopback callback is being listened for.
    bool catching() const { return m_catcher.listening(); }

signals:
    void authorised();

private:
    void authorise();
    void connectCode();
    void exchange(const QString &code, const QString &state);

    ApiClient &m_api;
    QLineEdit *m_callback;
    QLineEdit *m_code;
    QPushButton *m_authorise;
    QPushButton *m_connect;
    QLabel *m_status;
    QString m_state; // of the last authorisation URL opened
    LoopbackCatcher m_catcher;
    std::function<bool(const QUrl &)> m_open;
};

} // namespace dc::ui
