// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Dashboard: orders, revenue and margin, workflow success per hour or day (GET /api/dashboard,
// aggregated by the server), and a live strip of event delay and queue length sampled here.
// Refreshed when orders or runs change, at most every two seconds.
#include <QAbstractTableModel>
#include <QDateTime>
#include <QJsonObject>
#include <QWidget>

class QChart;
class QComboBox;
class QLabel;
class QLineSeries;
class QBarSet;
class QBarCategoryAxis;
class QDateTimeAxis;
class QValueAxis;
class QTimer;

namespace dc::ui {

class ApiClient;
class KpiTiles;

// One row per bucket of the answer, in the chosen currency.
class DashboardModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Start, Orders, Revenue, Margin, SuccessRate, Runs, ColumnCount };
    using QAbstractTableModel::QAbstractTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
    // The /api/dashboard answer; the currency shown (empty: the first the server lists).
    void setAnswer(const QJsonObject &answer, const QString &currency);
    QString currency() const { return m_currency; }
    bool daily() const { return m_daily; }
    QDateTime startAt(int row) const { return m_rows.value(row).start; }

    struct Row
    {
        QDateTime start;
        qint64 orders = 0, revenueMinor = 0, marginMinor = 0, sourcedOrders = 0, runs = 0;
        std::optional<double> successRate;
    };
    const QList<Row> &rows() const { return m_rows; }

private:
    QList<Row> m_rows;
    QString m_currency;
    bool m_daily = false;
};

class DashboardPage : public QWidget
{
    Q_OBJECT
public:
    explicit DashboardPage(ApiClient &api, QWidget *parent = nullptr);
    DashboardModel *model() const { return m_model; }
    void reload();
    // Samples shown in the live strip (tests).
    QLineSeries *delaySeries() const { return m_delay; }
    QLineSeries *queueSeries() const { return m_queue; }
    QString summaryText() const;
    // The KPI tiles above the charts, fed by the window's SummaryFeed.
    KpiTiles *tiles() const { return m_tiles; }

signals:
    void reloaded();
    // The server's samples of the last minutes are in the live strip (how many).
    void liveHistoryLoaded(int samples);

private:
    void redraw();
    void sample();

    ApiClient &m_api;
    DashboardModel *m_model;
    KpiTiles *m_tiles;
    QComboBox *m_range;
    QComboBox *m_currency;
    QLabel *m_summary;
    QLabel *m_now;
    QBarSet *m_ordersSet;
    QBarCategoryAxis *m_ordersAxis;
    QDateTimeAxis *m_ordersX;
    QValueAxis *m_ordersY;
    QLineSeries *m_revenue;
    QLineSeries *m_margin;
    QDateTimeAxis *m_moneyX;
    QValueAxis *m_moneyY;
    QLineSeries *m_success;
    QDateTimeAxis *m_successX;
    QLineSeries *m_delay;
    QLineSeries *m_queue;
    QDateTimeAxis *m_liveX;
    QValueAxis *m_delayY;
    QValueAxis *m_queueY;
    QTimer *m_refresh;
    QList<double> m_delays; // ms, events received since the last sample
    QJsonObject m_last;
    bool m_loading = false;
    bool m_again = false;
};

} // namespace dc::ui
