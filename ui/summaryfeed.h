// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The operator's figures now (GET /api/dashboard/summary): what the sidebar's badges and the
// dashboard's KPI tiles show. Fetched once at start, then after the events that change them
// (orders, runs, dead tasks, alerts), at most every two seconds, and every minute regardless
// (a new day begins without any event).
#include <QJsonObject>
#include <QObject>

class QTimer;

namespace dc::ui {

class ApiClient;

class SummaryFeed : public QObject
{
    Q_OBJECT
public:
    explicit SummaryFeed(ApiClient &api, QObject *parent = nullptr);
    void reload();

signals:
    void updated(const QJsonObject &summary);

private:
    ApiClient &m_api;
    QTimer *m_throttle;
    bool m_loading = false, m_again = false;
};

} // namespace dc::ui
