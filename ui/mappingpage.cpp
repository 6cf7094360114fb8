// SPDX-License-Identifier: GPL-3.0-or-later
#include "mappingpage.h"

#include "apiclient.h"

#include <QFont>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QSettings>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace dc::ui {

namespace {
const QString kCountriesKey = QStringLiteral("mapping/countries");

QString priceOf(const QJsonObject &price)
{
    return formatMoney(price.value(QStringLiteral("minor")).toInteger(),
                       price.value(QStringLiteral("currency")).toString());
}
} // namespace

QVariant UnmappedModel::data(const QModelIndex &index, int role) const
{
    const QJsonObject *row = at(index);
    if (!row)
        return {};
    const int pending = row->value(QStringLiteral("pending_orders")).toInt();
    if (role == Qt::ForegroundRole && index.column() == Pending && pending > 0)
        return QColor(Qt::darkRed);
    if (role == Qt::TextAlignmentRole && (index.column() == Price || index.column() == Pending))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Product:
        return row->value(QStringLiteral("product_title")).toString();
    case Variant:
        return row->value(QStringLiteral("title")).toString();
    case Sku:
        return row->value(QStringLiteral("sku")).toString();
    case Price:
        return priceOf(row->value(QStringLiteral("price")).toObject());
    case Pending:
        return pending;
    default:
        return {};
    }
}

QVariant UnmappedModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Product:
        return tr("Product");
    case Variant:
        return tr("Variant");
    case Sku:
        return tr("SKU");
    case Price:
        return tr("Price");
    case Pending:
        return tr("Orders waiting");
    default:
        return {};
    }
}

QVariant SkusModel::data(const QModelIndex &index, int role) const
{
    const QJsonObject *row = at(index);
    if (!row)
        return {};
    const bool suggested = row->value(QStringLiteral("sku_id")).toString() == m_suggested;
    if (role == Qt::FontRole && suggested) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ToolTipRole && suggested)
        return tr("The SKU whose attributes match the variant's options");
    const int stock = row->value(QStringLiteral("stock")).toInt();
    if (role == Qt::ForegroundRole && index.column() == Stock && stock == 0)
        return QColor(Qt::darkRed);
    if (role == Qt::TextAlignmentRole && (index.column() == Cost || index.column() == Stock))
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Sku:
        return row->value(QStringLiteral("sku_id")).toString();
    case Attributes: {
        const QString text = row->value(QStringLiteral("attributes_text")).toString();
        return text.isEmpty() ? QStringLiteral("–") : text;
    }
    case Cost:
        return formatMoney(row->value(QStringLiteral("cost_minor")).toInteger(),
                           row->value(QStringLiteral("currency")).toString());
    case Stock:
        return stock;
    default:
        return {};
    }
}

QVariant SkusModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Sku:
        return tr("AliExpress SKU");
    case Attributes:
        return tr("Attributes");
    case Cost:
        return tr("Cost");
    case Stock:
        return tr("Stock");
    default:
        return {};
    }
}

MappingPage::MappingPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_unmapped(new UnmappedModel(this))
    , m_skus(new SkusModel(this))
{
    setObjectName(QStringLiteral("MappingPage"));
    m_summary = new QLabel(this);
    m_summary->setObjectName(QStringLiteral("mappingSummary"));
    m_unmappedView = makeRowTable(m_unmapped, this);
    m_unmappedView->setObjectName(QStringLiteral("unmappedView"));

    auto *right = new QWidget(this);
    m_variant = new QLabel(tr("Select a variant on the left."), right);
    m_variant->setObjectName(QStringLiteral("mappingVariant"));
    m_variant->setWordWrap(true);
    m_product = new QLineEdit(right);
    m_product->setObjectName(QStringLiteral("mapProduct"));
    m_product->setPlaceholderText(tr("https://www.aliexpress.com/item/….html, or the product id"));
    // The countries last typed; empty, the server quotes to where most orders went.
    m_countries = new QLineEdit(QSettings().value(kCountriesKey).toString(), right);
    m_countries->setPlaceholderText(tr("where most orders go"));
    m_countries->setObjectName(QStringLiteral("mapCountries"));
    m_countries->setToolTip(tr("Countries to quote shipping to, e.g. FR,BE; the offer ships to "
                               "those AliExpress delivers to"));
    m_lookUp = new QPushButton(tr("Look up"), right);
    m_lookUp->setObjectName(QStringLiteral("mapLookUp"));
    m_title = new QLabel(right);
    m_title->setObjectName(QStringLiteral("mapTitle"));
    m_title->setWordWrap(true);
    m_skusView = makeRowTable(m_skus, right);
    m_skusView->setObjectName(QStringLiteral("skusView"));
    m_shipping = new QLabel(right);
    m_shipping->setObjectName(QStringLiteral("mapShipping"));
    m_shipping->setWordWrap(true);
    m_map = new QPushButton(tr("Map to the selected SKU"), right);
    m_map->setObjectName(QStringLiteral("mapButton"));
    m_map->setEnabled(false);
    m_message = new QLabel(right);
    m_message->setObjectName(QStringLiteral("mapMessage"));
    m_message->setWordWrap(true);
    auto *form = new QFormLayout;
    form->addRow(tr("AliExpress product:"), m_product);
    auto *where = new QHBoxLayout;
    where->addWidget(m_countries, 1);
    where->addWidget(m_lookUp);
    form->addRow(tr("Ship to:"), where);
    auto *side = new QVBoxLayout(right);
    side->setContentsMargins(0, 0, 0, 0);
    side->addWidget(m_variant);
    side->addLayout(form);
    side->addWidget(m_title);
    side->addWidget(m_skusView, 1);
    side->addWidget(m_shipping);
    side->addWidget(m_map);
    side->addWidget(m_message);

    auto *split = new QSplitter(this);
    split->addWidget(m_unmappedView);
    split->addWidget(right);
    split->setStretchFactor(0, 1);
    split->setStretchFactor(1, 1);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_summary);
    layout->addWidget(split, 1);

    connect(m_unmappedView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this] {
                const QJsonObject v = m_unmapped->row(m_unmappedView->currentIndex().row());
                m_variant->setText(
                    v.isEmpty() ? tr("Select a variant on the left.")
                                : tr("%1 — %2 (%3), sold %4")
                                      .arg(v.value(QStringLiteral("product_title")).toString(),
                                           v.value(QStringLiteral("title")).toString(),
                                           v.value(QStringLiteral("sku")).toString(),
                                           priceOf(v.value(QStringLiteral("price")).toObject())));
                m_map->setEnabled(false); // the SKUs shown were looked up for another variant
                if (!m_lookedUp.isEmpty() && m_lookedUpFor != selectedVariant())
                    m_message->setText(tr("Look the product up again for this variant."));
            });
    connect(m_lookUp, &QPushButton::clicked, this, &MappingPage::lookUp);
    connect(m_product, &QLineEdit::returnPressed, this, &MappingPage::lookUp);
    connect(m_map, &QPushButton::clicked, this, &MappingPage::map);
    m_reload = new QTimer(this);
    m_reload->setSingleShot(true);
    m_reload->setInterval(1000);
    connect(m_reload, &QTimer::timeout, this, &MappingPage::reload);
    connect(&m_api, &ApiClient::eventReceived, this, [this](const QJsonObject &e) {
        const QString topic = e.value(QStringLiteral("topic")).toString();
        // New products and variants, offers, orders held or released.
        if ((topic.startsWith(QLatin1String("catalog.")) ||
             topic.startsWith(QLatin1String("product.")) ||
             topic.startsWith(QLatin1String("order."))) &&
            !m_reload->isActive())
            m_reload->start();
    });
    reload();
}

void MappingPage::setPermissions(const QStringList &permissions)
{
    m_canWrite = permissions.contains(QStringLiteral("catalog.write"));
    m_map->setEnabled(m_canWrite && m_lookedUpFor == selectedVariant() && m_lookedUpFor > 0);
    m_map->setToolTip(m_canWrite ? QString() : tr("Needs the catalog.write permission"));
}

QString MappingPage::summary() const
{
    return m_summary->text();
}

QString MappingPage::shipping() const
{
    return m_shipping->text();
}

QString MappingPage::message() const
{
    return m_message->text();
}

qint64 MappingPage::selectedVariant() const
{
    const QModelIndex i = m_unmappedView->currentIndex();
    return i.isValid() ? m_unmapped->idAt(i.row()) : 0;
}

void MappingPage::reload()
{
    m_api.get(QStringLiteral("/api/variants/unmapped"), this, [this](const ApiReply &r) {
        if (!r.ok()) {
            m_summary->setText(tr("Unmapped variants unavailable: %1").arg(r.error));
            return;
        }
        QList<QJsonObject> rows;
        int waiting = 0;
        for (const QJsonValue &v : r.json.value(QStringLiteral("variants")).toArray()) {
            QJsonObject row = v.toObject();
            row.insert(QStringLiteral("id"), row.value(QStringLiteral("variant_id")));
            waiting += row.value(QStringLiteral("pending_orders")).toInt();
            rows << row;
        }
        const qint64 selected = selectedVariant();
        m_unmapped->setRows(rows);
        if (const int again = m_unmapped->rowOf(selected); again >= 0 && selected > 0)
            m_unmappedView->setCurrentIndex(m_unmapped->index(again, 0));
        m_unmappedView->resizeColumnsToContents();
        const int total = r.json.value(QStringLiteral("total")).toInt();
        m_summary->setText(total == 0
                               ? tr("Every variant has a supplier offer.")
                               : tr("%n variant(s) without a supplier offer", nullptr, total) +
                                     tr("; %n held order(s) wait on them.", nullptr, waiting));
        emit reloaded();
    });
}

void MappingPage::lookUp()
{
    const qint64 variant = selectedVariant();
    const QString product = m_product->text().trimmed();
    if (product.isEmpty()) {
        m_message->setText(tr("Paste the AliExpress product page's address first."));
        return;
    }
    const QString countries = m_countries->text().trimmed().toUpper();
    QSettings().setValue(kCountriesKey, countries);
    QJsonObject body{{QStringLiteral("url_or_id"), product}};
    if (!countries.isEmpty())
        body.insert(QStringLiteral("country"), countries);
    if (variant > 0)
        body.insert(QStringLiteral("variant_id"), variant);
    m_message->setText(tr("Asking AliExpress…"));
    m_lookUp->setEnabled(false);
    m_api.send("POST", QStringLiteral("/api/aliexpress/lookup"), body, this,
               [this, variant, product](const ApiReply &r) {
                   m_lookUp->setEnabled(true);
                   if (!r.ok()) {
                       m_message->setText(tr("Not found: %1").arg(r.error));
                       return;
                   }
                   const QString suggested =
                       r.json.value(QStringLiteral("suggested_sku")).toString();
                   QList<QJsonObject> rows;
                   int pick = -1;
                   for (const QJsonValue &v : r.json.value(QStringLiteral("skus")).toArray()) {
                       if (v.toObject().value(QStringLiteral("sku_id")).toString() == suggested)
                           pick = int(rows.size());
                       rows << v.toObject();
                   }
                   m_skus->setSuggested(suggested);
                   m_skus->setRows(rows);
                   m_skusView->resizeColumnsToContents();
                   if (pick >= 0)
                       m_skusView->setCurrentIndex(m_skus->index(pick, 0));
                   else
                       m_skusView->clearSelection();
                   const QString store = r.json.value(QStringLiteral("store_name")).toString();
                   m_title->setText(
                       store.isEmpty()
                           ? r.json.value(QStringLiteral("title")).toString()
                           : tr("%1 — sold by %2")
                                 .arg(r.json.value(QStringLiteral("title")).toString(), store));
                   showShipping(r.json);
                   m_lookedUp = product;
                   m_lookedUpFor = variant;
                   m_map->setEnabled(m_canWrite && variant > 0 && !rows.isEmpty());
                   m_message->setText(pick >= 0 ? tr("The SKU in bold matches the variant.")
                                                : tr("No SKU matches the variant's options: "
                                                     "pick one."));
                   emit lookedUp();
               });
}

void MappingPage::showShipping(const QJsonObject &lookup)
{
    QStringList lines;
    for (const QJsonValue &v : lookup.value(QStringLiteral("shipping")).toArray()) {
        const QJsonObject c = v.toObject();
        QStringList options;
        for (const QJsonValue &o : c.value(QStringLiteral("options")).toArray())
            options << tr("%1 %2 (%3–%4 days)")
                           .arg(o[QStringLiteral("code")].toString(),
                                formatMoney(o[QStringLiteral("fee_minor")].toInteger(),
                                            o[QStringLiteral("currency")].toString()))
                           .arg(o[QStringLiteral("min_days")].toInt())
                           .arg(o[QStringLiteral("max_days")].toInt());
        lines << QStringLiteral("%1: %2").arg(c.value(QStringLiteral("country")).toString(),
                                              options.isEmpty() ? tr("not delivered")
                                                                : options.join(u", "));
    }
    m_shipping->setText(lines.isEmpty() ? QString()
                                        : tr("Shipping, cheapest first:") + QLatin1Char('\n') +
                                              lines.join(QLatin1Char('\n')));
}

void MappingPage::map()
{
    const qint64 variant = selectedVariant();
    const QModelIndex sku = m_skusView->currentIndex();
    if (variant <= 0 || variant != m_lookedUpFor || !sku.isValid()) {
        m_message->setText(tr("Select a variant, look the product up, then pick a SKU."));
        return;
    }
    QJsonObject body{{QStringLiteral("product"), m_lookedUp},
                     {QStringLiteral("sku_id"), m_skus->skuAt(sku.row())}};
    if (const QString c = m_countries->text().trimmed().toUpper(); !c.isEmpty())
        body.insert(QStringLiteral("country"), c);
    m_map->setEnabled(false);
    m_api.send("POST", QStringLiteral("/api/variants/%1/map").arg(variant), body, this,
               [this](const ApiReply &r) {
                   if (!r.ok()) {
                       m_map->setEnabled(m_canWrite);
                       m_message->setText(tr("Not mapped: %1").arg(r.error));
                       return;
                   }
                   const int released =
                       int(r.json.value(QStringLiteral("released_orders")).toArray().size());
                   m_message->setText(
                       tr("Mapped to %1 from %2: cost %3, shipping %4.")
                           .arg(r.json.value(QStringLiteral("sku_id")).toString(),
                                r.json.value(QStringLiteral("supplier_name")).toString(),
                                priceOf(r.json.value(QStringLiteral("cost")).toObject()),
                                priceOf(r.json.value(QStringLiteral("shipping")).toObject())) +
                       (released > 0 ? QLatin1Char(' ') + tr("%n held order(s) back in the flow.",
                                                             nullptr, released)
                                     : QString()));
                   m_skus->setRows({});
                   m_shipping->clear();
                   m_title->clear();
                   m_product->clear();
                   m_lookedUp.clear();
                   m_lookedUpFor = 0;
                   emit mapped();
                   reload();
               });
}

} // namespace dc::ui
