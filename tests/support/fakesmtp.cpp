// SPDX-License-Identifier: GPL-3.0-or-later
#include "fakesmtp.h"

#include <QTcpSocket>

namespace dc::test {

QByteArray FakeSmtp::Message::header(const QByteArray &name) const
{
    for (const QByteArray &line : data.split('\n')) {
        if (line.trimmed().isEmpty())
            break;
        if (line.toLower().startsWith(QByteArray(name.toLower() + ':')))
            return line.mid(name.size() + 1).trimmed();
    }
    return {};
}

QString FakeSmtp::Message::text() const
{
    const qsizetype start = data.indexOf("\r\n\r\n");
    QByteArray b64 = data.mid(start + 4);
    b64.replace("\r\n", "");
    return QString::fromUtf8(QByteArray::fromBase64(b64));
}

FakeSmtp::FakeSmtp(QObject *parent)
    : QObject(parent)
{
    m_server.listen(QHostAddress::LocalHost, 0);
    connect(&m_server, &QTcpServer::newConnection, this, &FakeSmtp::onConnection);
}

void FakeSmtp::onConnection()
{
    while (QTcpSocket *s = m_server.nextPendingConnection()) {
        auto msg = std::make_shared<Message>();
        auto inData = std::make_shared<bool>(false);
        auto buffer = std::make_shared<QByteArray>();
        connect(s, &QTcpSocket::disconnected, s, &QObject::deleteLater);
        s->write("220 fake.local ESMTP\r\n");
        connect(s, &QTcpSocket::readyRead, this, [this, s, msg, inData, buffer] {
            *buffer += s->readAll();
            qsizetype eol;
            while ((eol = buffer->indexOf("\r\n")) >= 0) {
                const QByteArray line = buffer->left(eol);
                buffer->remove(0, eol + 2);
                if (*inData) {
                    if (line == ".") {
                        *inData = false;
                        if (deferData) {
                            s->write("451 try again later\r\n");
                        } else {
                            m_messages.append(*msg);
                            s->write("250 queued\r\n");
                        }
                        *msg = Message{};
                    } else {
                        msg->data += (line.startsWith("..") ? line.mid(1) : line) + "\r\n";
                    }
                    continue;
                }
                const QByteArray verb = line.left(4).toUpper();
                if (verb == "EHLO")
                    s->write("250-fake.local\r\n250 8BITMIME\r\n");
                else if (verb == "HELO" || verb == "RSET" || verb == "NOOP")
                    s->write("250 ok\r\n");
                else if (verb == "MAIL") {
                    msg->from = QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
                    s->write("250 ok\r\n");
                } else if (verb == "RCPT") {
                    if (rejectRecipients) {
                        s->write("550 no such mailbox\r\n");
                    } else {
                        msg->to << QString::fromUtf8(line.mid(line.indexOf(':') + 1).trimmed());
                        s->write("250 ok\r\n");
                    }
                } else if (verb == "DATA") {
                    *inData = true;
                    s->write("354 end with .\r\n");
                } else if (verb == "QUIT") {
                    s->write("221 bye\r\n");
                    s->disconnectFromHost();
                } else
                    s->write("502 not implemented\r\n");
            }
        });
    }
}

} // namespace dc::test
