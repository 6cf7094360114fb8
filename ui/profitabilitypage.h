// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Profitability per product, supplier or day (GET /api/reports/profitability, aggregated by the
// server over the orders sent to a supplier): one row per group and currency, sortable, the
// totals per currency under it, and the rows exported as CSV. Refreshed when orders change while
// the page is shown.
#include <QAbstractTableModel>
#include <QJsonArray>
#include <QJsonObject>
#include <QWidget>

#include <functional>

class QComboBox;
class QDateEdit;
class QLabel;
class QPushButton;
class QSortFilterProxyModel;
class QTableView;
class QTimer;

namespace dc::ui {

class ApiClient;

class ProfitabilityModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column {
        Label,
        Currency,
        Orders,
        Units,
        Revenue,
        Cost,
        Shipping,
        Fees,
        Margin,
        MarginPercent,
        ColumnCount
    };
    // The raw value of a cell (the label or day as text, counts and minor units as integers,
    // the percent as a double): what the sort compares, and what tests read.
    static constexpr int SortRole = Qt::UserRole + 1;

    struct Row
    {
        QString key, label, currency;
        qint64 orders = 0, units = 0, revenue = 0, cost = 0, shipping = 0, fees = 0, margin = 0;
        double marginPercent = 0;
    };
    static Row rowFrom(const QJsonObject &o);

    using QAbstractTableModel::QAbstractTableModel;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    // by: product, supplier or day (how the labels read).
    void setRows(QList<Row> rows, const QString &by);
    const QList<Row> &rows() const { return m_rows; }
    QString groupBy() const { return m_by; }
    // RFC 4180: a header row, then the rows at `order` (row numbers of this model), CRLF line
    // ends, UTF-8; amounts in major units with a '.' (19.90) next to their currency code.
    QByteArray toCsv(const QList<int> &order) const;

private:
    QList<Row> m_rows;
    QString m_by = QStringLiteral("product");
};

class ProfitabilityPage : public QWidget
{
    Q_OBJECT
public:
    explicit ProfitabilityPage(ApiClient &api, QWidget *parent = nullptr);
    ProfitabilityModel *model() const { return m_model; }
    QSortFilterProxyModel *proxy() const { return m_proxy; }
    // Asks the server again for the chosen grouping, dates and currency (every page of rows).
    void reload();
    // Where "Export CSV…" writes: a file dialog unless set (tests give a path; empty: cancelled).
    void setSaveFileChooser(std::function<QString()> chooser) { m_chooser = std::move(chooser); }
    // Writes the rows as shown (sorted) to the chosen file; false when nothing was written
    // (cancelled, or an error the message says).
    bool exportCsv();
    QString totalsText() const;
    QString message() const;

signals:
    void reloaded();
    void exported(const QString &path);

protected:
    void showEvent(QShowEvent *event) override;

private:
    QString path(const QString &cursor) const;
    void fetch(const QString &cursor, QList<ProfitabilityModel::Row> rows, int pages);
    void setCurrencies(const QJsonArray &currencies);
    void showTotals();
    QString chooseFile();

    ApiClient &m_api;
    ProfitabilityModel *m_model;
    QSortFilterProxyModel *m_proxy;
    QTableView *m_view;
    QComboBox *m_groupBy;
    QDateEdit *m_from;
    QDateEdit *m_to;
    QComboBox *m_currency;
    QPushButton *m_export;
    QLabel *m_totals;
    QLabel *m_message;
    QTimer *m_refresh;
    QJsonArray m_totalRows;
    std::function<QString()> m_chooser;
    quint64 m_generation = 0; // answers to an older question are dropped
    bool m_stale = true;      // orders changed (or nothing asked yet) while hidden
};

} // namespace dc::ui
