// SPDX-License-Identifier: GPL-3.0-or-later
#include "profitabilitypage.h"

#include "apiclient.h"
#include "jsontablemodel.h"

#include "core/money.h"

#include <QColor>
#include <QComboBox>
#include <QDateEdit>
#include <QDir>
#include <QFileDialog>
#include <QHBoxLayout>
#include <QJsonObject>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QSaveFile>
#include <QSignalBlocker>
#include <QSortFilterProxyModel>
#include <QTableView>
#include <QTimer>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <algorithm>

namespace dc::ui {

namespace {

constexpr int kPageRows = 5000; // the server's largest page
constexpr int kMaxPages = 20;   // beyond 100,000 groups the table says it shows a part

// "1912.50", "-3.00", "1250" (JPY): exact digits in the currency's decimals, a '.' whatever the
// locale, as spreadsheets and scripts read a CSV.
QString decimal(qint64 minor, const QString &currency)
{
    const MoneyDigits d = moneyDigits(Money{minor, currency});
    QString out = d.negative ? QStringLiteral("-") : QString();
    out += d.whole;
    if (!d.fraction.isEmpty())
        out += QLatin1Char('.') + d.fraction;
    return out;
}

// RFC 4180: quoted when it holds a comma, a quote or a line break; quotes doubled.
QByteArray csvField(const QString &v)
{
    if (!v.contains(QLatin1Char(',')) && !v.contains(QLatin1Char('"')) &&
        !v.contains(QLatin1Char('\r')) && !v.contains(QLatin1Char('\n')))
        return v.toUtf8();
    QString q = v;
    q.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return q.toUtf8().prepend('"').append('"');
}

// A name from a shop or a supplier ("=HYPERLINK(…)") must stay text when a spreadsheet opens the
// file (CSV injection): a leading formula character is escaped with an apostrophe.
QByteArray csvText(const QString &v)
{
    if (!v.isEmpty() && QStringLiteral("=+-@\t\r").contains(v.front()))
        return csvField(QLatin1Char('\'') + v);
    return csvField(v);
}

QString percent(double p)
{
    return QLocale().toString(p, 'f', 2) + QStringLiteral(" %");
}

} // namespace

ProfitabilityModel::Row ProfitabilityModel::rowFrom(const QJsonObject &o)
{
    Row r;
    r.key = o.value(QStringLiteral("key")).toString();
    r.label = o.value(QStringLiteral("label")).toString();
    r.currency = o.value(QStringLiteral("currency")).toString();
    r.orders = o.value(QStringLiteral("orders")).toInteger();
    r.units = o.value(QStringLiteral("units")).toInteger();
    r.revenue = o.value(QStringLiteral("revenue_minor")).toInteger();
    r.cost = o.value(QStringLiteral("cost_minor")).toInteger();
    r.shipping = o.value(QStringLiteral("shipping_minor")).toInteger();
    r.fees = o.value(QStringLiteral("fees_minor")).toInteger();
    r.margin = o.value(QStringLiteral("margin_minor")).toInteger();
    r.marginPercent = o.value(QStringLiteral("margin_percent")).toDouble();
    return r;
}

int ProfitabilityModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int ProfitabilityModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant ProfitabilityModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const Row &r = m_rows.at(index.row());
    const int column = index.column();
    if (role == Qt::TextAlignmentRole)
        return column >= Orders ? QVariant(Qt::AlignRight | Qt::AlignVCenter) : QVariant();
    if (role == Qt::ForegroundRole && (column == Margin || column == MarginPercent) && r.margin < 0)
        return QColor(Qt::darkRed);
    if (role == Qt::ToolTipRole && column == Label && !r.key.isEmpty() &&
        m_by != QLatin1String("day"))
        return m_by == QLatin1String("product") ? tr("Product %1").arg(r.key)
                                                : tr("Supplier %1").arg(r.key);
    const bool raw = role == SortRole;
    if (role != Qt::DisplayRole && !raw)
        return {};
    const auto money = [&](qint64 minor) {
        return raw ? QVariant(minor) : QVariant(formatMoney(minor, r.currency));
    };
    switch (column) {
    case Label:
        if (raw)
            return r.label;
        if (m_by == QLatin1String("day"))
            return QLocale().toString(QDate::fromString(r.label, Qt::ISODate),
                                      QLocale::ShortFormat);
        return r.label.isEmpty() ? tr("(no longer in the catalog)") : r.label;
    case Currency:
        return r.currency;
    case Orders:
        return raw ? QVariant(r.orders) : QVariant(QLocale().toString(r.orders));
    case Units:
        return raw ? QVariant(r.units) : QVariant(QLocale().toString(r.units));
    case Revenue:
        return money(r.revenue);
    case Cost:
        return money(r.cost);
    case Shipping:
        return money(r.shipping);
    case Fees:
        return money(r.fees);
    case Margin:
        return money(r.margin);
    case MarginPercent:
        return raw ? QVariant(r.marginPercent) : QVariant(percent(r.marginPercent));
    default:
        return {};
    }
}

QVariant ProfitabilityModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal)
        return QAbstractTableModel::headerData(section, o, role);
    if (role == Qt::ToolTipRole) {
        switch (section) {
        case Orders:
            return tr("Orders sent to a supplier, created in the period (an order of two "
                      "products counts in each)");
        case Revenue:
            return tr("What the customers paid, tax excluded; an order's revenue is shared "
                      "between its lines by what each sold for");
        case Cost:
            return tr("What the supplier orders cost, as recorded when they were prepared");
        case Fees:
            return tr("Payment fees on what the customers paid (the settings' fixed part and "
                      "rate)");
        case Margin:
            return tr("Revenue less supplier cost, shipping and fees");
        default:
            return {};
        }
    }
    if (role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Label:
        return m_by == QLatin1String("day")        ? tr("Day (UTC)")
               : m_by == QLatin1String("supplier") ? tr("Supplier")
                                                   : tr("Product");
    case Currency:
        return tr("Currency");
    case Orders:
        return tr("Orders");
    case Units:
        return tr("Units");
    case Revenue:
        return tr("Revenue");
    case Cost:
        return tr("Supplier cost");
    case Shipping:
        return tr("Shipping");
    case Fees:
        return tr("Fees");
    case Margin:
        return tr("Margin");
    case MarginPercent:
        return tr("Margin %");
    default:
        return {};
    }
}

void ProfitabilityModel::setRows(QList<Row> rows, const QString &by)
{
    beginResetModel();
    m_rows = std::move(rows);
    m_by = by;
    endResetModel();
    emit headerDataChanged(Qt::Horizontal, Label, Label); // "Product", "Supplier" or "Day"
}

QByteArray ProfitabilityModel::toCsv(const QList<int> &order) const
{
    QByteArray out = "key,label,currency,orders,units,revenue,supplier_cost,shipping,fees,margin,"
                     "margin_percent\r\n";
    for (int i : order) {
        if (i < 0 || i >= m_rows.size())
            continue;
        const Row &r = m_rows.at(i);
        const QList<QByteArray> fields{csvText(r.key),
                                       csvText(r.label),
                                       csvField(r.currency),
                                       QByteArray::number(r.orders),
                                       QByteArray::number(r.units),
                                       decimal(r.revenue, r.currency).toUtf8(),
                                       decimal(r.cost, r.currency).toUtf8(),
                                       decimal(r.shipping, r.currency).toUtf8(),
                                       decimal(r.fees, r.currency).toUtf8(),
                                       decimal(r.margin, r.currency).toUtf8(),
                                       QByteArray::number(r.marginPercent, 'f', 2)};
        out += fields.join(',') + "\r\n";
    }
    return out;
}

ProfitabilityPage::ProfitabilityPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_model(new ProfitabilityModel(this))
    , m_proxy(new QSortFilterProxyModel(this))
{
    setObjectName(QStringLiteral("ProfitabilityPage"));
    m_proxy->setSourceModel(m_model);
    m_proxy->setSortRole(ProfitabilityModel::SortRole);
    m_proxy->setSortCaseSensitivity(Qt::CaseInsensitive);
    m_view = makeRowTable(m_proxy, this);
    m_view->setObjectName(QStringLiteral("profitabilityTable"));
    m_view->setSortingEnabled(true);
    m_view->sortByColumn(ProfitabilityModel::Label, Qt::AscendingOrder);

    m_groupBy = new QComboBox(this);
    m_groupBy->setObjectName(QStringLiteral("groupBy"));
    m_groupBy->addItem(tr("Per product"), QStringLiteral("product"));
    m_groupBy->addItem(tr("Per supplier"), QStringLiteral("supplier"));
    m_groupBy->addItem(tr("Per day"), QStringLiteral("day"));
    // Days are UTC, as the server groups them.
    const QDate today = QDateTime::currentDateTimeUtc().date();
    m_from = new QDateEdit(today.addDays(-29), this);
    m_from->setObjectName(QStringLiteral("from"));
    m_to = new QDateEdit(today, this);
    m_to->setObjectName(QStringLiteral("to"));
    for (QDateEdit *d : {m_from, m_to}) {
        d->setCalendarPopup(true);
        d->setToolTip(tr("Days in UTC; both days are included"));
    }
    m_to->setMinimumDate(m_from->date());
    m_from->setMaximumDate(m_to->date());
    m_currency = new QComboBox(this);
    m_currency->setObjectName(QStringLiteral("currency"));
    m_currency->setToolTip(tr("Amounts are never added across currencies"));
    m_currency->addItem(tr("All currencies"), QString());
    m_export = new QPushButton(tr("Export CSV…"), this);
    m_export->setObjectName(QStringLiteral("exportCsvButton"));
    m_export->setToolTip(tr("The rows as sorted here, amounts with a '.' decimal point"));
    m_export->setEnabled(false);
    m_totals = new QLabel(this);
    m_totals->setObjectName(QStringLiteral("totals"));
    m_totals->setTextInteractionFlags(Qt::TextSelectableByMouse);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    auto *note = new QLabel(tr("Orders sent to a supplier only; revenue is tax excluded."), this);
    note->setEnabled(false);

    auto *bar = new QHBoxLayout;
    bar->addWidget(m_groupBy);
    bar->addWidget(new QLabel(tr("From"), this));
    bar->addWidget(m_from);
    bar->addWidget(new QLabel(tr("to"), this));
    bar->addWidget(m_to);
    bar->addWidget(m_currency);
    bar->addStretch(1);
    bar->addWidget(m_export);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(note);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_totals);
    layout->addWidget(m_message);

    // Typing a date moves it digit by digit: ask once it settles.
    m_refresh = new QTimer(this);
    m_refresh->setSingleShot(true);
    m_refresh->setInterval(400);
    connect(m_refresh, &QTimer::timeout, this, &ProfitabilityPage::reload);
    connect(m_groupBy, &QComboBox::currentIndexChanged, this, &ProfitabilityPage::reload);
    connect(m_currency, &QComboBox::currentIndexChanged, this, &ProfitabilityPage::reload);
    connect(m_from, &QDateEdit::dateChanged, this, [this](QDate d) {
        m_to->setMinimumDate(d);
        m_refresh->start();
    });
    connect(m_to, &QDateEdit::dateChanged, this, [this](QDate d) {
        m_from->setMaximumDate(d);
        m_refresh->start();
    });
    connect(m_export, &QPushButton::clicked, this, &ProfitabilityPage::exportCsv);
    connect(&m_api, &ApiClient::eventReceived, this, [this](const QJsonObject &e) {
        const QString topic = e.value(QStringLiteral("topic")).toString();
        // Supplier orders move with their order's events.
        if (!topic.startsWith(QLatin1String("order.")))
            return;
        if (!isVisible())
            m_stale = true; // asked again when shown: no heavy query for a hidden page
        else if (!m_refresh->isActive())
            m_refresh->start();
    });
}

void ProfitabilityPage::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    if (m_stale)
        reload();
}

QString ProfitabilityPage::path(const QString &cursor) const
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("by"), m_groupBy->currentData().toString());
    q.addQueryItem(QStringLiteral("from"), m_from->date().toString(Qt::ISODate));
    q.addQueryItem(QStringLiteral("to"), m_to->date().toString(Qt::ISODate));
    const QString currency = m_currency->currentData().toString();
    if (!currency.isEmpty())
        q.addQueryItem(QStringLiteral("currency"), currency);
    q.addQueryItem(QStringLiteral("limit"), QString::number(kPageRows));
    if (!cursor.isEmpty())
        q.addQueryItem(QStringLiteral("cursor"), cursor);
    return QStringLiteral("/api/reports/profitability?") + q.toString(QUrl::FullyEncoded);
}

void ProfitabilityPage::reload()
{
    m_stale = false;
    m_refresh->stop();
    ++m_generation;
    fetch(QString(), {}, 1);
}

void ProfitabilityPage::fetch(const QString &cursor, QList<ProfitabilityModel::Row> rows, int pages)
{
    const QString by = m_groupBy->currentData().toString();
    m_api.get(path(cursor), this,
              [this, generation = m_generation, first = cursor.isEmpty(), by,
               rows = std::move(rows), pages](const ApiReply &r) mutable {
                  if (generation != m_generation)
                      return; // the grouping, the dates or the currency changed meanwhile
                  if (!r.ok()) {
                      m_message->setText(tr("Report unavailable: %1").arg(r.error));
                      return;
                  }
                  if (first) {
                      m_totalRows = r.json.value(QStringLiteral("totals")).toArray();
                      setCurrencies(r.json.value(QStringLiteral("currencies")).toArray());
                  }
                  for (const QJsonValue &v : r.json.value(QStringLiteral("rows")).toArray())
                      rows << ProfitabilityModel::rowFrom(v.toObject());
                  const QString next = r.json.value(QStringLiteral("next_cursor")).toString();
                  if (!next.isEmpty() && pages < kMaxPages) {
                      fetch(next, std::move(rows), pages + 1);
                      return;
                  }
                  const qsizetype count = rows.size();
                  m_model->setRows(std::move(rows), by);
                  m_view->resizeColumnsToContents();
                  showTotals();
                  m_export->setEnabled(count > 0);
                  m_message->setText(next.isEmpty() ? QString()
                                                    : tr("Only the first %1 rows are shown: "
                                                         "choose fewer days or one currency.")
                                                          .arg(count));
                  emit reloaded();
              });
}

void ProfitabilityPage::setCurrencies(const QJsonArray &currencies)
{
    const QString chosen = m_currency->currentData().toString();
    const QSignalBlocker quiet(m_currency); // the same question: no second request
    while (m_currency->count() > 1)
        m_currency->removeItem(1);
    for (const QJsonValue &c : currencies)
        m_currency->addItem(c.toString(), c.toString());
    // A currency asked for keeps its place even when the period has none of it.
    if (!chosen.isEmpty() && m_currency->findData(chosen) < 0)
        m_currency->addItem(chosen, chosen);
    m_currency->setCurrentIndex(std::max(0, m_currency->findData(chosen)));
}

void ProfitabilityPage::showTotals()
{
    QStringList lines;
    for (const QJsonValue &v : std::as_const(m_totalRows)) {
        const ProfitabilityModel::Row t = ProfitabilityModel::rowFrom(v.toObject());
        lines << tr("Total %1: %2 orders, %3 units, revenue %4, supplier cost %5, shipping %6, "
                    "fees %7, margin %8 (%9)")
                     .arg(t.currency, QLocale().toString(t.orders), QLocale().toString(t.units),
                          formatMoney(t.revenue, t.currency), formatMoney(t.cost, t.currency),
                          formatMoney(t.shipping, t.currency), formatMoney(t.fees, t.currency),
                          formatMoney(t.margin, t.currency), percent(t.marginPercent));
    }
    m_totals->setText(lines.isEmpty() ? tr("No order was sent to a supplier in this period.")
                                      : lines.join(QLatin1Char('\n')));
}

QString ProfitabilityPage::totalsText() const
{
    return m_totals->text();
}

QString ProfitabilityPage::message() const
{
    return m_message->text();
}

QString ProfitabilityPage::chooseFile()
{
    const QString name =
        QStringLiteral("profitability-%1-%2-%3.csv")
            .arg(m_groupBy->currentData().toString(), m_from->date().toString(Qt::ISODate),
                 m_to->date().toString(Qt::ISODate));
    return QFileDialog::getSaveFileName(this, tr("Export the profitability as CSV"),
                                        QDir::home().filePath(name), tr("CSV files (*.csv)"));
}

bool ProfitabilityPage::exportCsv()
{
    const QString file = m_chooser ? m_chooser() : chooseFile();
    if (file.isEmpty())
        return false; // cancelled
    QList<int> order;
    for (int i = 0; i < m_proxy->rowCount(); ++i)
        order << m_proxy->mapToSource(m_proxy->index(i, 0)).row();
    const QByteArray csv = m_model->toCsv(order);
    QSaveFile f(file);
    if (!f.open(QIODevice::WriteOnly) || f.write(csv) != csv.size() || !f.commit()) {
        m_message->setText(tr("Not exported: %1").arg(f.errorString()));
        return false;
    }
    m_message->setText(
        tr("%1 rows exported to %2.").arg(order.size()).arg(QDir::toNativeSeparators(file)));
    emit exported(file);
    return true;
}

} // namespace dc::ui
