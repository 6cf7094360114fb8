// SPDX-License-Identifier: GPL-3.0-or-later
#include "ordersmodel.h"

#include "look.h"

#include "apiclient.h"

#include <QJsonArray>
#include <QLocale>
#include <QUrl>

namespace dc::ui {

OrdersModel::OrdersModel(ApiClient &api, QObject *parent)
    : QAbstractTableModel(parent)
    , m_api(api)
{
    m_newest.setSingleShot(true);
    m_newest.setInterval(150);
    connect(&m_newest, &QTimer::timeout, this, &OrdersModel::fetchNewest);
    m_refresh.setSingleShot(true);
    m_refresh.setInterval(100);
    connect(&m_refresh, &QTimer::timeout, this, [this] {
        const QSet<qint64> ids = std::exchange(m_stale, {});
        for (qint64 id : ids)
            refreshOrder(id);
    });
    connect(&m_api, &ApiClient::eventReceived, this, &OrdersModel::onEvent);
}

OrdersModel::Row OrdersModel::Row::from(const QJsonObject &o)
{
    Row r;
    r.id = o.value(QStringLiteral("id")).toInteger();
    r.totalMinor = o.value(QStringLiteral("total_minor")).toInteger();
    r.createdMs =
        QDateTime::fromString(o.value(QStringLiteral("created_at")).toString(), Qt::ISODateWithMs)
            .toMSecsSinceEpoch();
    r.name = o.value(QStringLiteral("name")).toString();
    r.status = o.value(QStringLiteral("status")).toString();
    r.currency = o.value(QStringLiteral("currency")).toString();
    r.country = o.value(QStringLiteral("shipping_country")).toString();
    r.shop = o.value(QStringLiteral("shop")).toString();
    r.holdReason = o.value(QStringLiteral("hold_reason")).toString();
    return r;
}

int OrdersModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int OrdersModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant OrdersModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &o = m_rows.at(index.row());
    switch (role) {
    case IdRole:
        return o.id;
    case StatusRole:
        return o.status;
    case Qt::ToolTipRole:
        return o.holdReason.isEmpty()
                   ? QVariant()
                   : tr("%1: %2").arg(statusLabel(o.status), reasonLabel(o.holdReason));
    case Qt::TextAlignmentRole:
        return index.column() == Total ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    case Qt::DisplayRole:
        switch (index.column()) {
        case Name:
            return o.name;
        case Status:
            return statusLabel(o.status);
        case Total:
            return formatMoney(o.totalMinor, o.currency);
        case Country:
            return o.country;
        case Shop:
            return o.shop;
        case Created:
            // Stored in UTC; shown in the operator's time zone.
            return QLocale().toString(
                QDateTime::fromMSecsSinceEpoch(o.createdMs, Qt::UTC).toLocalTime(),
                QLocale::ShortFormat);
        default:
            return {};
        }
    default:
        return {};
    }
}

QString OrdersModel::statusLabel(const QString &status)
{
    return look::stateLabel(status); // one vocabulary for every page
}

QString OrdersModel::reasonLabel(const QString &reason)
{
    static const QHash<QString, const char *> labels = {
        {QStringLiteral("not_paid"), QT_TR_NOOP("not paid yet")},
        {QStringLiteral("address_incomplete"), QT_TR_NOOP("shipping address incomplete")},
        {QStringLiteral("address_rejected"), QT_TR_NOOP("address refused by the supplier")},
        {QStringLiteral("unmapped_item"), QT_TR_NOOP("a product without a supplier offer")},
        {QStringLiteral("low_margin"), QT_TR_NOOP("margin below the minimum")},
        {QStringLiteral("out_of_stock"), QT_TR_NOOP("out of stock at every supplier")},
        {QStringLiteral("operator"), QT_TR_NOOP("held by an operator")}};
    const char *l = labels.value(reason);
    return l ? tr(l) : reason;
}

QVariant OrdersModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Name:
        return tr("Order");
    case Status:
        return tr("Status");
    case Total:
        return tr("Total");
    case Country:
        return tr("Country");
    case Shop:
        return tr("Shop");
    case Created:
        return tr("Received", "column header: when the order arrived");
    default:
        return {};
    }
}

bool OrdersModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && m_more && !m_fetching;
}

QString OrdersModel::query(qint64 cursor, int limit) const
{
    QStringList parts{QStringLiteral("limit=%1").arg(limit)};
    const auto add = [&parts](const char *key, const QString &value) {
        if (!value.isEmpty())
            parts << QLatin1String(key) + QLatin1Char('=') +
                         QString::fromLatin1(QUrl::toPercentEncoding(value));
    };
    if (cursor > 0)
        add("cursor", QString::number(cursor));
    if (m_sort != QLatin1String("newest"))
        add("sort", m_sort);
    add("status", m_filter.status);
    add("shop", m_filter.shop);
    add("q", m_filter.text);
    if (m_filter.replacementsOnly)
        add("replacements", QStringLiteral("only"));
    if (m_filter.from.isValid())
        add("from", m_filter.from.toUTC().toString(Qt::ISODateWithMs));
    if (m_filter.to.isValid())
        add("to", m_filter.to.toUTC().toString(Qt::ISODateWithMs));
    return QStringLiteral("/api/orders?") + parts.join(QLatin1Char('&'));
}

void OrdersModel::setFetching(bool on)
{
    if (m_fetching == on)
        return;
    m_fetching = on;
    emit loadingChanged(on);
}

void OrdersModel::fetchMore(const QModelIndex &parent)
{
    if (parent.isValid() || !m_more || m_fetching)
        return;
    setFetching(true);
    const int generation = m_generation;
    m_api.get(query(m_cursor, m_pageSize), this, [this, generation](const ApiReply &r) {
        if (generation != m_generation)
            return; // the filter changed meanwhile; reload() has started over
        setFetching(false);
        if (!r.ok()) {
            m_more = false;
            emit errorOccurred(r.error);
            return;
        }
        QList<Row> page;
        for (const QJsonValue &v : r.json.value(QStringLiteral("orders")).toArray()) {
            Row row = Row::from(v.toObject());
            if (!m_rowById.contains(row.id))
                page.append(std::move(row)); // a live insertion may have brought it in already
        }
        const QJsonValue next = r.json.value(QStringLiteral("next_cursor"));
        m_cursor = next.isNull() ? 0 : next.toInteger();
        m_more = m_cursor > 0;
        if (!page.isEmpty()) {
            const int first = int(m_rows.size());
            beginInsertRows({}, first, first + int(page.size()) - 1);
            m_rows.append(page);
            reindex(first);
            endInsertRows();
        }
        emit updated();
    });
}

void OrdersModel::setFilter(const OrderFilter &f)
{
    if (f == m_filter)
        return;
    m_filter = f;
    reload();
}

void OrdersModel::sort(int column, Qt::SortOrder order)
{
    if (!sortable(column))
        return;
    const bool descending = order == Qt::DescendingOrder;
    const QString key =
        column == Total ? (descending ? QStringLiteral("total_desc") : QStringLiteral("total_asc"))
                        : (descending ? QStringLiteral("newest") : QStringLiteral("oldest"));
    if (key == m_sort)
        return;
    m_sort = key;
    reload();
}

void OrdersModel::reload()
{
    ++m_generation;
    setFetching(false); // an answer to the old filter is dropped when it comes
    beginResetModel();
    m_rows.clear();
    m_rowById.clear();
    m_cursor = 0;
    m_more = true;
    m_stale.clear();
    endResetModel();
    fetchMore({}); // unless a view (or the model tester) has asked already
}

void OrdersModel::reindex(int from)
{
    for (int i = from; i < m_rows.size(); ++i)
        m_rowById.insert(m_rows.at(i).id, i);
}

bool OrdersModel::matches(const Row &r) const
{
    // What can be checked here; the text, date and replacement filters were applied by the
    // server.
    if (!m_filter.status.isEmpty() && r.status != m_filter.status)
        return false;
    if (!m_filter.shop.isEmpty() && r.shop != m_filter.shop)
        return false;
    return true;
}

void OrdersModel::onEvent(const QJsonObject &e)
{
    const QString topic = e.value(QStringLiteral("topic")).toString();
    if (!topic.startsWith(QLatin1String("order.")))
        return;
    const qint64 id =
        e.value(QStringLiteral("data")).toObject().value(QStringLiteral("order_id")).toInteger();
    if (m_rowById.contains(id)) {
        m_stale.insert(id);
        m_refresh.start();
    } else if (id > 0) {
        // New, or now matching the filter: the newest page brings in what is missing.
        m_newest.start();
    }
}

void OrdersModel::fetchNewest()
{
    if (m_sort != QLatin1String("newest"))
        return; // a new order's place in another order comes with the next reload
    if (m_rows.isEmpty() && m_more) {
        if (!m_fetching)
            fetchMore({});
        return;
    }
    const int generation = m_generation;
    m_api.get(query(0, 100), this, [this, generation](const ApiReply &r) {
        if (generation != m_generation || !r.ok())
            return;
        const qint64 top = m_rows.isEmpty() ? 0 : m_rows.first().id;
        QList<Row> fresh;
        for (const QJsonValue &v : r.json.value(QStringLiteral("orders")).toArray()) {
            Row row = Row::from(v.toObject());
            if (row.id > top && !m_rowById.contains(row.id))
                fresh.append(std::move(row));
        }
        if (fresh.isEmpty())
            return;
        beginInsertRows({}, 0, int(fresh.size()) - 1);
        m_rows = fresh + m_rows;
        m_rowById.clear();
        reindex(0);
        endInsertRows();
        emit updated();
    });
}

void OrdersModel::refreshOrder(qint64 id)
{
    const int generation = m_generation;
    m_api.get(QStringLiteral("/api/orders/%1").arg(id), this,
              [this, generation, id](const ApiReply &r) {
                  if (generation != m_generation || !r.ok())
                      return;
                  const int row = m_rowById.value(id, -1);
                  if (row < 0)
                      return;
                  Row o = Row::from(r.json); // the list keeps no personal data
                  if (!matches(o)) {
                      beginRemoveRows({}, row, row);
                      m_rows.removeAt(row);
                      m_rowById.clear();
                      reindex(0);
                      endRemoveRows();
                  } else {
                      m_rows[row] = std::move(o);
                      emit dataChanged(index(row, 0), index(row, ColumnCount - 1));
                  }
                  emit updated();
              });
}

} // namespace dc::ui
