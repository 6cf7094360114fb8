// SPDX-License-Identifier: GPL-3.0-or-later
#include "aliexpressauth.h"

#include "aliexpress/productlookup.h"
#include "apiclient.h"

#include <QDesktopServices>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QSettings>
#include <QTcpSocket>
#include <QUrlQuery>

namespace dc::ui {

namespace {
const QString kCallbackKey = QStringLiteral("aliexpress/callback_url");
} // namespace

LoopbackCatcher::LoopbackCatcher(QObject *parent)
    : QObject(parent)
{
    connect(&m_server, &QTcpServer::newConnection, this, [this] {
        while (QTcpSocket *s = m_server.nextPendingConnection()) {
            connect(s, &QTcpSocket::readyRead, this, [this, s] { answer(s); });
            connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        }
    });
}

bool LoopbackCatcher::listen(const QUrl &callback, QString *error)
{
    stop();
    const QString host = callback.host();
    if (host != QLatin1String("127.0.0.1") && host != QLatin1String("localhost")) {
        *error = tr("not a loopback address");
        return false;
    }
    m_path = callback.path().isEmpty() ? QStringLiteral("/") : callback.path();
    if (!m_server.listen(QHostAddress::LocalHost, quint16(callback.port(80)))) {
        *error = m_server.errorString();
        return false;
    }
    return true;
}

void LoopbackCatcher::stop()
{
    m_server.close();
}

void LoopbackCatcher::answer(QTcpSocket *socket)
{
    // The request line is all that matters: GET <path>?code=...&state=... HTTP/1.1
    if (!socket->canReadLine())
        return;
    const QList<QByteArray> request = socket->readLine(8192).trimmed().split(' ');
    const QUrl target(QString::fromLatin1(request.value(1)));
    const QUrlQuery q(target);
    const QString code = q.queryItemValue(QStringLiteral("code"), QUrl::FullyDecoded);
    const bool ours = request.value(0) == "GET" && target.path() == m_path && !code.isEmpty();
    const QByteArray page =
        ours
            ? tr("DropCrew received the AliExpress authorisation. You can close this tab.").toUtf8()
            : QByteArrayLiteral("Not found");
    socket->write((ours ? "HTTP/1.1 200 OK\r\n" : "HTTP/1.1 404 Not Found\r\n") +
                  QByteArrayLiteral("Content-Type: text/plain; charset=utf-8\r\nContent-Length: ") +
                  QByteArray::number(page.size()) + "\r\nConnection: close\r\n\r\n" + page);
    socket->disconnectFromHost();
    if (ours) {
        stop(); // once
        emit caught(code, q.queryItemValue(QStringLiteral("state"), QUrl::FullyDecoded));
    }
}

AliExpressAuthorisation::AliExpressAuthorisation(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_open([](const QUrl &u) { return QDesktopServices::openUrl(u); })
{
    m_callback = new QLineEdit(
        QSettings()
            .value(kCallbackKey, QStringLiteral("http://127.0.0.1:8767/aliexpress/callback"))
            .toString(),
        this);
    m_callback->setObjectName(QStringLiteral("aeCallback"));
    m_callback->setToolTip(tr("The callback URL set in the app's AliExpress console. An address "
                              "on this computer (127.0.0.1) is caught here; with any other, "
                              "paste the code the browser is sent back with."));
    m_authorise = new QPushButton(tr("Authorise…"), this);
    m_authorise->setObjectName(QStringLiteral("aeAuthorize"));
    m_code = new QLineEdit(this);
    m_code->setObjectName(QStringLiteral("aeCode"));
    m_code->setPlaceholderText(tr("the code, or the whole address the browser was sent to"));
    m_connect = new QPushButton(tr("Connect"), this);
    m_connect->setObjectName(QStringLiteral("aeConnect"));
    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("aeAuthStatus"));
    m_status->setWordWrap(true);
    auto *form = new QFormLayout(this);
    form->setContentsMargins(0, 0, 0, 0);
    auto *top = new QHBoxLayout;
    top->addWidget(m_callback, 1);
    top->addWidget(m_authorise);
    form->addRow(tr("Callback URL:"), top);
    auto *bottom = new QHBoxLayout;
    bottom->addWidget(m_code, 1);
    bottom->addWidget(m_connect);
    form->addRow(tr("Code:"), bottom);
    form->addRow(m_status);
    connect(m_authorise, &QPushButton::clicked, this, &AliExpressAuthorisation::authorise);
    connect(m_connect, &QPushButton::clicked, this, &AliExpressAuthorisation::connectCode);
    connect(m_code, &QLineEdit::returnPressed, this, &AliExpressAuthorisation::connectCode);
    connect(&m_catcher, &LoopbackCatcher::caught, this, &AliExpressAuthorisation::exchange);
}

QString AliExpressAuthorisation::status() const
{
    return m_status->text();
}

void AliExpressAuthorisation::authorise()
{
    const QString callback = m_callback->text().trimmed();
    QSettings().setValue(kCallbackKey, callback);
    m_api.get(QStringLiteral("/api/integrations/aliexpress/authorize-url?redirect_uri=") +
                  QString::fromLatin1(QUrl::toPercentEncoding(callback)),
              this, [this, callback](const ApiReply &r) {
                  if (!r.ok()) {
                      m_status->setText(tr("Cannot authorise: %1").arg(r.error));
                      return;
                  }
                  m_state = r.json.value(QStringLiteral("state")).toString();
                  QString why;
                  const bool caught = m_catcher.listen(QUrl(callback), &why);
                  const QUrl page(r.json.value(QStringLiteral("url")).toString());
                  if (!m_open(page)) {
                      m_status->setText(tr("Open this address in a browser: %1")
                                            .arg(page.toString(QUrl::FullyEncoded)));
                      return;
                  }
                  m_status->setText(caught ? tr("Grant access in the browser: DropCrew takes "
                                                "the answer itself.")
                                           : tr("Grant access in the browser, then paste the "
                                                "code it is sent back with."));
              });
}

void AliExpressAuthorisation::connectCode()
{
    const auto [code, state] = aliexpress::codeAndStateFrom(m_code->text());
    if (code.isEmpty()) {
        m_status->setText(tr("Paste the code first."));
        return;
    }
    exchange(code, state.isEmpty() ? m_state : state);
}

void AliExpressAuthorisation::exchange(const QString &code, const QString &state)
{
    if (state.isEmpty()) {
        m_status->setText(tr("Click Authorise… first: the code must answer this computer's "
                             "request."));
        return;
    }
    m_status->setText(tr("Connecting…"));
    m_api.send("POST", QStringLiteral("/api/integrations/aliexpress/token"),
               {{QStringLiteral("code"), code}, {QStringLiteral("state"), state}}, this,
               [this](const ApiReply &r) {
                   if (!r.ok()) {
                       m_status->setText(tr("Not connected: %1").arg(r.error));
                       return;
                   }
                   m_code->clear();
                   m_state.clear();
                   m_catcher.stop();
                   m_status->setText(tr("AliExpress authorised; the tokens are in the server's "
                                        "secret store."));
                   emit authorised();
               });
}

} // namespace dc::ui
