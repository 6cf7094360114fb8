// SPDX-License-Identifier: GPL-3.0-or-later
#include "supplierspage.h"

#include "apiclient.h"

#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace dc::ui {

namespace {

QString days(const QJsonValue &v)
{
    return v.isDouble() ? QLocale().toString(v.toDouble(), 'f', 1) : QStringLiteral("–");
}

// What the score is made of, or why there is none yet.
QString scoreToolTip(const QJsonObject &perf)
{
    if (perf.isEmpty())
        return {};
    const qint64 orders = perf.value(QStringLiteral("orders")).toInteger();
    const QJsonValue score = perf.value(QStringLiteral("score"));
    if (!score.isDouble())
        return SuppliersModel::tr("Not scored yet: %1 supplier orders so far, %2 needed.")
            .arg(orders)
            .arg(perf.value(QStringLiteral("min_orders")).toInteger());
    return SuppliersModel::tr("Score %1 of 100: %2 supplier orders, %3 failed (%4 %), median "
                              "delivery %5 days.")
        .arg(QLocale().toString(score.toDouble(), 'f', 2))
        .arg(orders)
        .arg(perf.value(QStringLiteral("failed")).toInteger())
        .arg(
            QLocale().toString(perf.value(QStringLiteral("failure_rate")).toDouble() * 100, 'f', 0))
        .arg(days(perf.value(QStringLiteral("delivery_days_p50"))));
}

QString deliveryToolTip(const QJsonObject &perf)
{
    if (perf.isEmpty())
        return {};
    if (!perf.value(QStringLiteral("delivery_days_p50")).isDouble())
        return SuppliersModel::tr("No delivery recorded yet.");
    return SuppliersModel::tr("Half the deliveries took at most %1 days, 9 in 10 at most %2 days "
                              "(%3 deliveries).")
        .arg(days(perf.value(QStringLiteral("delivery_days_p50"))),
             days(perf.value(QStringLiteral("delivery_days_p90"))))
        .arg(perf.value(QStringLiteral("delivered")).toInteger());
}

} // namespace

QVariant SuppliersModel::data(const QModelIndex &index, int role) const
{
    const QJsonObject *row = at(index);
    if (!row)
        return {};
    const QJsonObject stats = row->value(QStringLiteral("stats")).toObject();
    const QJsonObject perf = row->value(QStringLiteral("performance")).toObject();
    const bool active = row->value(QStringLiteral("active")).toBool();
    if (role == Qt::ForegroundRole && !active)
        return QColor(Qt::gray);
    if (role == Qt::ForegroundRole && index.column() == Failed &&
        stats.value(QStringLiteral("failed")).toInteger() > 0)
        return QColor(Qt::darkRed);
    if (role == Qt::TextAlignmentRole && index.column() >= Score && index.column() <= DeliveryDays)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Score)
        return scoreToolTip(perf);
    if (role == Qt::ToolTipRole && index.column() == DeliveryDays)
        return deliveryToolTip(perf);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Name:
        return row->value(QStringLiteral("name")).toString();
    case Platform:
        return row->value(QStringLiteral("platform")).toString();
    case Active:
        return active ? tr("Active") : tr("Paused");
    case Score: {
        const QJsonValue score = perf.value(QStringLiteral("score"));
        return score.isDouble() ? QLocale().toString(score.toDouble(), 'f', 0)
                                : QStringLiteral("–");
    }
    case Offers:
        return stats.value(QStringLiteral("offers")).toInteger();
    case Orders:
        return stats.value(QStringLiteral("orders_30d")).toInteger();
    case Open:
        return stats.value(QStringLiteral("open")).toInteger();
    case Failed:
        return stats.value(QStringLiteral("failed")).toInteger();
    case ShipHours: {
        const QJsonValue h = stats.value(QStringLiteral("mean_ship_hours"));
        return h.isDouble() ? QLocale().toString(h.toDouble(), 'f', 1) : QStringLiteral("–");
    }
    case DeliveryDays:
        return days(perf.value(QStringLiteral("delivery_days_p50")));
    case LastOrder: {
        const QDateTime t = QDateTime::fromString(
            stats.value(QStringLiteral("last_order_at")).toString(), Qt::ISODate);
        return t.isValid() ? QLocale().toString(t.toLocalTime(), QLocale::ShortFormat)
                           : QStringLiteral("–");
    }
    default:
        return {};
    }
}

QVariant SuppliersModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o == Qt::Horizontal && role == Qt::ToolTipRole && section == Score)
        return tr("The Data Analyzer's score, 0 to 100, over all the supplier's orders: 100 less "
                  "the share of its supplier orders that failed, less 2 points for each day its "
                  "median delivery takes beyond 10 days. A supplier with fewer orders than the "
                  "minimum (min_orders_for_score) is not scored yet.");
    if (o == Qt::Horizontal && role == Qt::ToolTipRole && section == DeliveryDays)
        return tr("Median days from the supplier order's placing to its delivery, over the "
                  "supplier's latest 1000 deliveries: what an order from this supplier is "
                  "expected to take.");
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Name:
        return tr("Supplier");
    case Platform:
        return tr("Platform");
    case Active:
        return tr("State");
    case Score:
        return tr("Score");
    case Offers:
        return tr("Offers");
    case Orders:
        return tr("Orders (30 days)");
    case Open:
        return tr("Open");
    case Failed:
        return tr("Failed");
    case ShipHours:
        return tr("Hours to ship");
    case DeliveryDays:
        return tr("Delivery days");
    case LastOrder:
        return tr("Last order");
    default:
        return {};
    }
}

SuppliersPage::SuppliersPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_model(new SuppliersModel(this))
{
    setObjectName(QStringLiteral("SuppliersPage"));
    m_view = makeRowTable(m_model, this);
    m_name = new QLineEdit(this);
    m_name->setObjectName(QStringLiteral("supplierName"));
    m_name->setPlaceholderText(tr("New supplier's name"));
    m_platform = new QLineEdit(QStringLiteral("aliexpress"), this);
    m_platform->setObjectName(QStringLiteral("supplierPlatform"));
    m_add = new QPushButton(tr("Add"), this);
    m_toggle = new QPushButton(tr("Pause / resume"), this);
    m_toggle->setToolTip(tr("A paused supplier gets no new orders; its open orders continue"));
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_name, 2);
    bar->addWidget(m_platform, 1);
    bar->addWidget(m_add);
    bar->addStretch(1);
    bar->addWidget(m_toggle);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_message);

    m_reload = new QTimer(this);
    m_reload->setSingleShot(true);
    m_reload->setInterval(1000);
    connect(m_reload, &QTimer::timeout, this, &SuppliersPage::reload);
    connect(&m_api, &ApiClient::eventReceived, this, [this](const QJsonObject &e) {
        const QString topic = e.value(QStringLiteral("topic")).toString();
        // Supplier orders move with their order; catalog changes bring offers.
        if ((topic.startsWith(QLatin1String("order.")) ||
             topic.startsWith(QLatin1String("product.")) ||
             topic.startsWith(QLatin1String("shipment."))) &&
            !m_reload->isActive())
            m_reload->start();
    });
    connect(m_add, &QPushButton::clicked, this, &SuppliersPage::addSupplier);
    connect(m_name, &QLineEdit::returnPressed, this, &SuppliersPage::addSupplier);
    connect(m_toggle, &QPushButton::clicked, this, &SuppliersPage::toggleActive);
    reload();
}

void SuppliersPage::setPermissions(const QStringList &permissions)
{
    const bool write = permissions.contains(QStringLiteral("catalog.write"));
    for (QWidget *w : {static_cast<QWidget *>(m_name), static_cast<QWidget *>(m_platform),
                       static_cast<QWidget *>(m_add), static_cast<QWidget *>(m_toggle)})
        w->setEnabled(write);
}

QString SuppliersPage::message() const
{
    return m_message->text();
}

void SuppliersPage::reload()
{
    m_api.get(QStringLiteral("/api/suppliers"), this, [this](const ApiReply &r) {
        if (!r.ok()) {
            m_message->setText(tr("Suppliers unavailable: %1").arg(r.error));
            return;
        }
        QList<QJsonObject> rows;
        for (const QJsonValue &v : r.json.value(QStringLiteral("suppliers")).toArray())
            rows << v.toObject();
        m_model->setRows(rows);
        m_view->resizeColumnsToContents(); // a handful of rows: cheap
        emit reloaded();
    });
}

void SuppliersPage::addSupplier()
{
    const QString name = m_name->text().trimmed();
    if (name.isEmpty()) {
        m_message->setText(tr("Give the supplier a name."));
        return;
    }
    m_api.send("POST", QStringLiteral("/api/suppliers"),
               {{QStringLiteral("name"), name},
                {QStringLiteral("platform"), m_platform->text().trimmed()},
                {QStringLiteral("active"), true}},
               this, [this, name](const ApiReply &r) {
                   if (!r.ok()) {
                       m_message->setText(tr("Not added: %1").arg(r.error));
                       return;
                   }
                   m_name->clear();
                   m_message->setText(tr("Supplier %1 added.").arg(name));
                   reload();
               });
}

void SuppliersPage::toggleActive()
{
    const QModelIndex i = m_view->currentIndex();
    if (!i.isValid())
        return;
    const QJsonObject s = m_model->row(i.row());
    const bool active = !s.value(QStringLiteral("active")).toBool();
    m_api.send(
        "PUT", QStringLiteral("/api/suppliers/%1").arg(s.value(QStringLiteral("id")).toInteger()),
        {{QStringLiteral("active"), active}}, this,
        [this, name = s.value(QStringLiteral("name")).toString(), active](const ApiReply &r) {
            if (!r.ok()) {
                m_message->setText(tr("Refused: %1").arg(r.error));
                return;
            }
            m_message->setText(active ? tr("%1 resumed.").arg(name) : tr("%1 paused.").arg(name));
            reload();
        });
}

} // namespace dc::ui
