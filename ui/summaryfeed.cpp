// SPDX-License-Identifier: GPL-3.0-or-later
#include "summaryfeed.h"

#include "apiclient.h"

#include <QDateTime>
#include <QTimer>
#include <QUrl>

namespace dc::ui {

SummaryFeed::SummaryFeed(ApiClient &api, QObject *parent)
    : QObject(parent)
    , m_api(api)
    , m_throttle(new QTimer(this))
{
    m_throttle->setSingleShot(true);
    m_throttle->setInterval(2000);
    connect(m_throttle, &QTimer::timeout, this, &SummaryFeed::reload);
    auto *minute = new QTimer(this);
    minute->start(60'000);
    connect(minute, &QTimer::timeout, this, &SummaryFeed::reload);
    connect(&m_api, &ApiClient::eventReceived, this, [this](const QJsonObject &e) {
        const QString topic = e.value(QStringLiteral("topic")).toString();
        if ((topic.startsWith(QLatin1String("order.")) ||
             topic.startsWith(QLatin1String("workflow.run.")) ||
             topic.startsWith(QLatin1String("alert.")) || topic == QLatin1String("task.dead") ||
             topic == QLatin1String("task.queued")) && // a dead task retried
            !m_throttle->isActive())
            m_throttle->start();
    });
    reload();
}

void SummaryFeed::reload()
{
    // One request at a time; what is asked meanwhile is one more once it is answered.
    if (m_loading) {
        m_again = true;
        return;
    }
    m_loading = true;
    // "Today" is the operator's day: from local midnight, sent in UTC.
    // startOfDay: valid even where clocks change at midnight.
    const QDateTime midnight = QDate::currentDate().startOfDay();
    const QString since = midnight.toUTC().toString(Qt::ISODate);
    m_api.get(QStringLiteral("/api/dashboard/summary?since=") +
                  QString::fromLatin1(QUrl::toPercentEncoding(since)),
              this, [this](const ApiReply &r) {
                  m_loading = false;
                  if (r.ok()) {
                      emit updated(r.json);
                  }
                  if (m_again) {
                      m_again = false;
                      reload();
                  }
              });
}

} // namespace dc::ui
