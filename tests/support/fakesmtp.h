// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A local SMTP server (plain, no TLS) that records the messages it accepts and can refuse a
// recipient (550) or the message (451).
#include <QObject>
#include <QStringList>
#include <QTcpServer>

namespace dc::test {

class FakeSmtp : public QObject
{
    Q_OBJECT
public:
    struct Message
    {
        QString from;
        QStringList to;
        QByteArray data; // headers and body as sent (dot-unstuffed)
        QByteArray header(const QByteArray &name) const;
        QString text() const; // the base64 text body, decoded
    };
    explicit FakeSmtp(QObject *parent = nullptr);
    quint16 port() const { return m_server.serverPort(); }
    QList<Message> messages() const { return m_messages; }
    bool rejectRecipients = false; // 550 on RCPT
    bool deferData = false;        // 451 after DATA

private:
    void onConnection();
    QTcpServer m_server;
    QList<Message> m_messages;
};

} // namespace dc::test
