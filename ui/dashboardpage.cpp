// SPDX-License-Identifier: GPL-3.0-or-later
#include "dashboardpage.h"

#include "apiclient.h"
#include "kpitiles.h"

#include <QBarCategoryAxis>
#include <QBarSeries>
#include <QBarSet>
#include <QChart>
#include <QChartView>
#include <QComboBox>
#include <QDateTimeAxis>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineSeries>
#include <QLocale>
#include <QTimer>
#include <QVBoxLayout>
#include <QValueAxis>

#include <algorithm>
#include <cmath>
#include <utility>

namespace dc::ui {

namespace {

constexpr int kLiveSamples = 120; // ten minutes of five-second samples
constexpr int kSampleMs = 5000;

double major(qint64 minor)
{
    return double(minor) / 100.0;
}

// A round upper bound for an axis (never 0, so an empty chart still has a scale).
double niceCeiling(double v)
{
    if (v <= 1)
        return 1;
    const double magnitude = std::pow(10.0, std::floor(std::log10(v)));
    for (double f : {1.0, 2.0, 5.0, 10.0})
        if (v <= f * magnitude)
            return f * magnitude;
    return 10 * magnitude;
}

// A count axis from 0 with whole, evenly spaced labels.
void setCountRange(QValueAxis *axis, double max)
{
    const double top = niceCeiling(max);
    axis->setRange(0, top);
    const double lead = top / std::pow(10.0, std::floor(std::log10(top))); // 1, 2 or 5
    axis->setTickCount(top <= 5 ? int(top) + 1 : std::lround(lead) == 2 ? 5 : 6);
}

QChartView *chartView(QChart *chart, QWidget *parent)
{
    chart->legend()->setAlignment(Qt::AlignBottom);
    chart->setMargins(QMargins(4, 4, 4, 4));
    auto *view = new QChartView(chart, parent);
    view->setRenderHint(QPainter::Antialiasing);
    view->setMinimumSize(320, 200);
    return view;
}

} // namespace

int DashboardModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int DashboardModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant DashboardModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    if (role == Qt::TextAlignmentRole)
        return index.column() == Start ? QVariant() : QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole && role != Qt::EditRole)
        return {};
    const bool edit = role == Qt::EditRole; // raw values for charts and tests
    switch (index.column()) {
    case Start:
        return edit
                   ? QVariant(r.start)
                   : QVariant(QLocale().toString(
                         r.start.toLocalTime(), m_daily ? QLocale().dateFormat(QLocale::ShortFormat)
                                                        : QStringLiteral("ddd HH:mm")));
    case Orders:
        return r.orders;
    case Revenue:
        return edit ? QVariant(r.revenueMinor) : QVariant(formatMoney(r.revenueMinor, m_currency));
    case Margin:
        return edit ? QVariant(r.marginMinor) : QVariant(formatMoney(r.marginMinor, m_currency));
    case SuccessRate:
        if (!r.successRate)
            return edit ? QVariant() : QVariant(QStringLiteral("–"));
        return edit ? QVariant(*r.successRate)
                    : QVariant(QLocale().toString(*r.successRate * 100, 'f', 1) +
                               QStringLiteral(" %"));
    case Runs:
        return r.runs;
    default:
        return {};
    }
}

QVariant DashboardModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Start:
        return tr("From");
    case Orders:
        return tr("Orders");
    case Revenue:
        return tr("Revenue");
    case Margin:
        return tr("Margin");
    case SuccessRate:
        return tr("Workflow success");
    case Runs:
        return tr("Runs");
    default:
        return {};
    }
}

void DashboardModel::setAnswer(const QJsonObject &answer, const QString &currency)
{
    const QJsonArray currencies = answer.value(QStringLiteral("currencies")).toArray();
    QString cur = currency;
    if (cur.isEmpty() || !currencies.contains(cur))
        cur = currencies.isEmpty() ? QString() : currencies.first().toString();
    QList<Row> rows;
    for (const QJsonValue &v : answer.value(QStringLiteral("buckets")).toArray()) {
        const QJsonObject b = v.toObject();
        Row r;
        r.start = QDateTime::fromString(b.value(QStringLiteral("start")).toString(), Qt::ISODate);
        r.orders = b.value(QStringLiteral("orders")).toInteger();
        const QJsonObject money = b.value(QStringLiteral("money")).toObject().value(cur).toObject();
        r.revenueMinor = money.value(QStringLiteral("revenue_minor")).toInteger();
        r.marginMinor = money.value(QStringLiteral("margin_minor")).toInteger();
        r.sourcedOrders = money.value(QStringLiteral("sourced_orders")).toInteger();
        const QJsonObject runs = b.value(QStringLiteral("runs")).toObject();
        for (auto it = runs.begin(); it != runs.end(); ++it)
            r.runs += it.value().toInteger();
        if (const QJsonValue s = b.value(QStringLiteral("success_rate")); s.isDouble())
            r.successRate = s.toDouble();
        rows << r;
    }
    const bool daily = answer.value(QStringLiteral("bucket")).toString() == QLatin1String("day");
    // Same buckets (a live refresh): changed in place; another window or currency: a reset.
    bool same = rows.size() == m_rows.size() && cur == m_currency && daily == m_daily;
    for (qsizetype i = 0; same && i < rows.size(); ++i)
        same = rows[i].start == m_rows[i].start;
    if (same) {
        m_rows = rows;
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, ColumnCount - 1));
        return;
    }
    beginResetModel();
    m_rows = rows;
    m_currency = cur;
    m_daily = daily;
    endResetModel();
}

DashboardPage::DashboardPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_model(new DashboardModel(this))
{
    setObjectName(QStringLiteral("DashboardPage"));
    m_tiles = new KpiTiles(this);
    m_range = new QComboBox(this);
    m_range->setObjectName(QStringLiteral("range"));
    m_range->addItem(tr("Last 24 hours"), QStringLiteral("bucket=hour&count=24"));
    m_range->addItem(tr("Last 7 days (hourly)"), QStringLiteral("bucket=hour&count=168"));
    m_range->addItem(tr("Last 30 days"), QStringLiteral("bucket=day&count=30"));
    m_range->addItem(tr("Last 12 months (daily)"), QStringLiteral("bucket=day&count=365"));
    m_currency = new QComboBox(this);
    m_currency->setObjectName(QStringLiteral("currency"));
    m_currency->setToolTip(tr("Revenue and margin are shown per currency"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("summary"));
    m_now = new QLabel(this);
    m_now->setObjectName(QStringLiteral("now"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_range);
    bar->addWidget(m_currency);
    bar->addWidget(m_summary, 1);

    // Orders per bucket.
    auto *ordersChart = new QChart;
    ordersChart->setTitle(tr("Orders"));
    m_ordersSet = new QBarSet(tr("Orders"));
    auto *ordersSeries = new QBarSeries;
    ordersSeries->append(m_ordersSet);
    ordersChart->addSeries(ordersSeries);
    // The bars sit on a category axis without labels (Qt cuts them to a bar's width); a time
    // axis over the same span labels them like the other charts.
    m_ordersAxis = new QBarCategoryAxis;
    m_ordersAxis->setLabelsVisible(false);
    m_ordersAxis->setGridLineVisible(false);
    m_ordersX = new QDateTimeAxis;
    ordersChart->addAxis(m_ordersX, Qt::AlignBottom);
    m_ordersY = new QValueAxis;
    m_ordersY->setLabelFormat(QStringLiteral("%d"));
    ordersChart->addAxis(m_ordersAxis, Qt::AlignBottom);
    ordersChart->addAxis(m_ordersY, Qt::AlignLeft);
    ordersSeries->attachAxis(m_ordersAxis);
    ordersSeries->attachAxis(m_ordersY);
    ordersChart->legend()->hide();

    // Revenue and margin.
    auto *moneyChart = new QChart;
    moneyChart->setTitle(tr("Revenue and margin"));
    m_revenue = new QLineSeries;
    m_revenue->setName(tr("Revenue"));
    m_margin = new QLineSeries;
    m_margin->setName(tr("Margin (orders sent to a supplier)"));
    moneyChart->addSeries(m_revenue);
    moneyChart->addSeries(m_margin);
    m_moneyX = new QDateTimeAxis;
    m_moneyY = new QValueAxis;
    moneyChart->addAxis(m_moneyX, Qt::AlignBottom);
    moneyChart->addAxis(m_moneyY, Qt::AlignLeft);
    for (QLineSeries *s : {m_revenue, m_margin}) {
        s->setPointsVisible(true);
        s->attachAxis(m_moneyX);
        s->attachAxis(m_moneyY);
    }

    // Workflow success rate.
    auto *successChart = new QChart;
    successChart->setTitle(tr("Workflow success rate"));
    m_success = new QLineSeries;
    m_success->setName(tr("Succeeded among finished runs (%)"));
    m_success->setPointsVisible(true);
    successChart->addSeries(m_success);
    m_successX = new QDateTimeAxis;
    auto *successY = new QValueAxis;
    successY->setRange(0, 100);
    successY->setLabelFormat(QStringLiteral("%d %%"));
    successChart->addAxis(m_successX, Qt::AlignBottom);
    successChart->addAxis(successY, Qt::AlignLeft);
    m_success->attachAxis(m_successX);
    m_success->attachAxis(successY);

    // Live: event delay and queue length, sampled here.
    auto *liveChart = new QChart;
    liveChart->setTitle(tr("Live: event delay and queue"));
    m_delay = new QLineSeries;
    m_delay->setName(tr("Event delay, median (ms)"));
    m_queue = new QLineSeries;
    m_queue->setName(tr("Tasks queued and running"));
    liveChart->addSeries(m_delay);
    liveChart->addSeries(m_queue);
    m_liveX = new QDateTimeAxis;
    m_liveX->setFormat(QStringLiteral("HH:mm"));
    m_delayY = new QValueAxis;
    m_delayY->setLabelFormat(QStringLiteral("%d"));
    m_queueY = new QValueAxis;
    m_queueY->setLabelFormat(QStringLiteral("%d"));
    liveChart->addAxis(m_liveX, Qt::AlignBottom);
    liveChart->addAxis(m_delayY, Qt::AlignLeft);
    liveChart->addAxis(m_queueY, Qt::AlignRight);
    m_delay->attachAxis(m_liveX);
    m_delay->attachAxis(m_delayY);
    m_queue->attachAxis(m_liveX);
    m_queue->attachAxis(m_queueY);

    auto *grid = new QGridLayout;
    grid->addWidget(chartView(ordersChart, this), 0, 0);
    grid->addWidget(chartView(moneyChart, this), 0, 1);
    grid->addWidget(chartView(successChart, this), 1, 0);
    grid->addWidget(chartView(liveChart, this), 1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_tiles);
    layout->addLayout(bar);
    layout->addLayout(grid, 1);
    layout->addWidget(m_now);

    m_refresh = new QTimer(this);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(2000); // a burst of orders is one refresh (longer for long windows)
    connect(m_refresh, &QTimer::timeout, this, &DashboardPage::reload);
    auto *periodic = new QTimer(this);
    periodic->start(60'000); // a new hour or day begins without any event
    connect(periodic, &QTimer::timeout, this, &DashboardPage::reload);
    auto *sampler = new QTimer(this);
    sampler->start(kSampleMs);
    connect(sampler, &QTimer::timeout, this, &DashboardPage::sample);

    connect(m_range, &QComboBox::currentIndexChanged, this, [this](int index) {
        // A year of orders costs the server about a second: refresh long windows less often.
        m_refresh->setInterval(index == 0 ? 2000 : index == 1 ? 10'000 : 30'000);
        reload();
    });
    connect(m_currency, &QComboBox::currentIndexChanged, this, [this] {
        if (!m_last.isEmpty())
            m_model->setAnswer(m_last, m_currency->currentText());
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, &DashboardPage::redraw);
    connect(m_model, &QAbstractItemModel::dataChanged, this, &DashboardPage::redraw);
    connect(&m_api, &ApiClient::eventReceived, this, [this](const QJsonObject &e) {
        const QDateTime at = QDateTime::fromString(e.value(QStringLiteral("created_at")).toString(),
                                                   Qt::ISODateWithMs);
        if (at.isValid()) // from commit on the server to this window (includes clock skew)
            m_delays << double(std::max<qint64>(0, at.msecsTo(QDateTime::currentDateTimeUtc())));
        const QString topic = e.value(QStringLiteral("topic")).toString();
        if ((topic.startsWith(QLatin1String("order.")) ||
             topic.startsWith(QLatin1String("workflow.run."))) &&
            !m_refresh->isActive())
            m_refresh->start();
    });
    reload();
    // The queue's last minutes as the server sampled them: the strip is not empty at first.
    m_api.get(QStringLiteral("/api/dashboard/live"), this, [this](const ApiReply &r) {
        if (!r.ok())
            return;
        QList<QPointF> history;
        for (const QJsonValue &v : r.json.value(QStringLiteral("samples")).toArray()) {
            const QJsonObject s = v.toObject();
            const QDateTime at =
                QDateTime::fromString(s.value(QStringLiteral("at")).toString(), Qt::ISODate);
            if (at.isValid())
                history << QPointF(qreal(at.toMSecsSinceEpoch()),
                                   qreal(s.value(QStringLiteral("queued")).toInteger() +
                                         s.value(QStringLiteral("running")).toInteger()));
        }
        // Before what this window sampled itself.
        const QList<QPointF> own = m_queue->points();
        const qreal firstOwn = own.isEmpty() ? 1e300 : own.first().x();
        QList<QPointF> merged;
        for (const QPointF &p : std::as_const(history))
            if (p.x() < firstOwn)
                merged << p;
        merged << own;
        m_queue->replace(merged);
        double maxQueue = 0;
        for (const QPointF &p : std::as_const(merged))
            maxQueue = std::max(maxQueue, p.y());
        setCountRange(m_queueY, maxQueue);
        if (!merged.isEmpty())
            m_liveX->setRange(QDateTime::fromMSecsSinceEpoch(qint64(merged.first().x())),
                              QDateTime::currentDateTime());
        emit liveHistoryLoaded(int(history.size()));
    });
    sample();
}

void DashboardPage::reload()
{
    // One request at a time; what is asked meanwhile is one more once it is answered.
    if (m_loading) {
        m_again = true;
        return;
    }
    m_loading = true;
    const QString query = m_range->currentData().toString();
    m_api.get(QStringLiteral("/api/dashboard?") + query, this, [this, query](const ApiReply &r) {
        m_loading = false;
        if (std::exchange(m_again, false) || query != m_range->currentData().toString()) {
            reload(); // another range was chosen, or the data changed meanwhile
            return;
        }
        if (!r.ok()) {
            m_summary->setText(tr("Dashboard unavailable: %1").arg(r.error));
            return;
        }
        m_last = r.json;
        // The currencies the server lists, keeping the operator's choice.
        const QString chosen = m_currency->currentText();
        QStringList currencies;
        for (const QJsonValue &v : r.json.value(QStringLiteral("currencies")).toArray())
            currencies << v.toString();
        QStringList shown;
        for (int i = 0; i < m_currency->count(); ++i)
            shown << m_currency->itemText(i);
        if (shown != currencies) {
            const QSignalBlocker block(m_currency);
            m_currency->clear();
            m_currency->addItems(currencies);
            m_currency->setCurrentIndex(std::max<qsizetype>(0, currencies.indexOf(chosen)));
        }
        m_currency->setVisible(currencies.size() > 1);
        m_model->setAnswer(r.json, m_currency->currentText());
        const QJsonObject queue = r.json.value(QStringLiteral("queue")).toObject();
        const QJsonObject events = r.json.value(QStringLiteral("events")).toObject();
        m_now->setText(
            tr("Now: %1 queued, %2 running, %3 dead tasks · subscriptions behind by up to %4 "
               "events, %5 dead letters")
                .arg(queue.value(QStringLiteral("queued")).toInteger())
                .arg(queue.value(QStringLiteral("running")).toInteger())
                .arg(queue.value(QStringLiteral("dead")).toInteger())
                .arg(events.value(QStringLiteral("max_subscription_lag")).toInteger())
                .arg(events.value(QStringLiteral("dead_letters")).toInteger()));
        emit reloaded();
    });
}

QString DashboardPage::summaryText() const
{
    return m_summary->text();
}

void DashboardPage::redraw()
{
    const auto &rows = m_model->rows();
    const bool daily = m_model->daily();
    const QString cur = m_model->currency();
    qint64 orders = 0, revenue = 0, margin = 0, sourced = 0, runs = 0;
    double successWeighted = 0, finishedWeight = 0, maxOrders = 0, maxMoney = 0, minMoney = 0;
    QStringList categories;
    QList<qreal> counts;
    QList<QPointF> revenuePts, marginPts, successPts;
    for (qsizetype i = 0; i < rows.size(); ++i) {
        const DashboardModel::Row &r = rows.at(i);
        orders += r.orders;
        revenue += r.revenueMinor;
        margin += r.marginMinor;
        sourced += r.sourcedOrders;
        runs += r.runs;
        categories << QString::number(i); // unique; the labels are hidden
        counts << qreal(r.orders);
        maxOrders = std::max(maxOrders, double(r.orders));
        // Points at the middle of their bucket, above the bar of the orders chart.
        const qreal x = qreal(r.start.toMSecsSinceEpoch()) + (daily ? 43'200'000.0 : 1'800'000.0);
        revenuePts << QPointF(x, major(r.revenueMinor));
        marginPts << QPointF(x, major(r.marginMinor));
        maxMoney = std::max({maxMoney, major(r.revenueMinor), major(r.marginMinor)});
        minMoney = std::min(minMoney, major(r.marginMinor));
        if (r.successRate) {
            successPts << QPointF(x, *r.successRate * 100);
            successWeighted += *r.successRate * double(r.runs);
            finishedWeight += double(r.runs);
        }
    }
    m_ordersSet->remove(0, m_ordersSet->count());
    m_ordersSet->append(counts);
    m_ordersAxis->clear();
    m_ordersAxis->append(categories);
    setCountRange(m_ordersY, maxOrders);
    m_revenue->replace(revenuePts);
    m_margin->replace(marginPts);
    m_moneyY->setRange(minMoney < 0 ? -niceCeiling(-minMoney) : 0, niceCeiling(maxMoney));
    m_moneyY->setTitleText(cur);
    m_success->replace(successPts);
    if (!rows.isEmpty()) {
        const QDateTime first = rows.first().start.toLocalTime();
        const QDateTime end = rows.last().start.toLocalTime().addSecs(daily ? 86400 : 3600);
        for (QDateTimeAxis *axis : {m_ordersX, m_moneyX, m_successX}) {
            axis->setRange(first, end);
            axis->setFormat(daily ? QStringLiteral("dd/MM") : QStringLiteral("HH:mm"));
        }
    }
    QString text = tr("%n order(s)", nullptr, int(orders));
    if (!cur.isEmpty())
        text += QStringLiteral(" · ") + tr("revenue %1").arg(formatMoney(revenue, cur)) +
                QStringLiteral(" · ") +
                tr("margin %1 on %n order(s) sent to a supplier", nullptr, int(sourced))
                    .arg(formatMoney(margin, cur));
    if (finishedWeight > 0)
        text += QStringLiteral(" · ") +
                tr("workflow success %1 %")
                    .arg(QLocale().toString(successWeighted / finishedWeight * 100, 'f', 1));
    text += QStringLiteral(" · ") + tr("%n run(s)", nullptr, int(runs));
    m_summary->setText(text);
}

void DashboardPage::sample()
{
    const QDateTime now = QDateTime::currentDateTime();
    double median = 0;
    if (!m_delays.isEmpty()) {
        std::sort(m_delays.begin(), m_delays.end());
        median = m_delays.at(m_delays.size() / 2);
        m_delays.clear();
    }
    const auto push = [](QLineSeries *s, QPointF p) {
        s->append(p);
        if (s->count() > kLiveSamples)
            s->removePoints(0, s->count() - kLiveSamples);
    };
    push(m_delay, QPointF(qreal(now.toMSecsSinceEpoch()), median));
    m_api.get(QStringLiteral("/api/tasks/stats"), this, [this, now, push](const ApiReply &r) {
        if (!r.ok())
            return;
        const QJsonObject by = r.json.value(QStringLiteral("by_state")).toObject();
        push(m_queue, QPointF(qreal(now.toMSecsSinceEpoch()),
                              qreal(by.value(QStringLiteral("queued")).toInteger() +
                                    by.value(QStringLiteral("running")).toInteger())));
        double maxQueue = 0, maxDelay = 0;
        for (const QPointF &p : m_queue->points())
            maxQueue = std::max(maxQueue, p.y());
        for (const QPointF &p : m_delay->points())
            maxDelay = std::max(maxDelay, p.y());
        setCountRange(m_queueY, maxQueue);
        setCountRange(m_delayY, maxDelay);
        m_liveX->setRange(now.addSecs(-kLiveSamples * kSampleMs / 1000), now);
    });
}

} // namespace dc::ui
