// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Orders, fetched a page at a time through the API (keyset cursor) as the view scrolls: a
// million orders cost what is on screen, never a full load. Sorted by the server: newest first
// (the default), oldest first, or by total. Live: order events from the stream update loaded
// rows and, newest first, bring new orders in at the top without a refresh (in another order
// they take their place at the next reload).
#include <QAbstractTableModel>
#include <QDateTime>
#include <QHash>
#include <QJsonObject>
#include <QSet>
#include <QTimer>

namespace dc::ui {

class ApiClient;

struct OrderFilter
{
    QString status; // an order status name, empty for all
    QString shop;
    QString text; // the order name, a line item's title or SKU
    QDateTime from, to;
    bool replacementsOnly = false;
    bool operator==(const OrderFilter &) const = default;
};

class OrdersModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Name, Status, Total, Country, Shop, Created, ColumnCount };
    enum Role { IdRole = Qt::UserRole + 1, StatusRole };

    explicit OrdersModel(ApiClient &api, QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    // Name and Created sort by age, Total by amount; the other columns keep the current order.
    void sort(int column, Qt::SortOrder order = Qt::AscendingOrder) override;
    static bool sortable(int column)
    {
        return column == Name || column == Created || column == Total;
    }
    QString sortKey() const { return m_sort; }
    void fetchMore(const QModelIndex &parent) override;

    // An order status as operators read it ("on_hold" -> "On hold"), translated.
    static QString statusLabel(const QString &status);
    // Why an order is held or failed, as operators read it ("unmapped_item" -> "a product
    // without a supplier offer"), translated; an unknown reason as it is.
    static QString reasonLabel(const QString &reason);

    void setFilter(const OrderFilter &f);
    OrderFilter filter() const { return m_filter; }
    void reload();
    void setPageSize(int n) { m_pageSize = n; }
    bool loading() const { return m_fetching; }
    qint64 idAt(int row) const { return m_rows.value(row).id; }
    int rowOf(qint64 id) const { return m_rowById.value(id, -1); }

signals:
    void loadingChanged(bool loading);
    void errorOccurred(const QString &message);
    // A page, a live insertion or an update has been applied.
    void updated();

private:
    // What a row shows, compact: a million loaded rows stay in the hundreds of megabytes.
    struct Row
    {
        qint64 id = 0;
        qint64 totalMinor = 0;
        qint64 createdMs = 0;
        QString name, status, currency, country, shop, holdReason;
        static Row from(const QJsonObject &o);
    };
    QString query(qint64 cursor, int limit) const;
    void onEvent(const QJsonObject &e);
    void fetchNewest();
    void refreshOrder(qint64 id);
    bool matches(const Row &r) const;
    void setFetching(bool on);
    void reindex(int from);

    ApiClient &m_api;
    OrderFilter m_filter;
    QString m_sort = QStringLiteral("newest"); // the API's ?sort=
    QList<Row> m_rows;
    QHash<qint64, int> m_rowById;
    qint64 m_cursor = 0; // the next page's cursor
    bool m_more = true;
    bool m_fetching = false;
    int m_generation = 0; // answers to an older filter are dropped
    int m_pageSize = 200;
    QTimer m_newest;      // coalesces bursts of order.created
    QSet<qint64> m_stale; // loaded orders to fetch again
    QTimer m_refresh;
};

} // namespace dc::ui
