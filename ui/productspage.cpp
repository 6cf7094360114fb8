// SPDX-License-Identifier: GPL-3.0-or-later
#include "productspage.h"

#include "apiclient.h"
#include "core/money.h"
#include "orders/margin.h"
#include "shopimport.h"

#include <QCheckBox>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSpinBox>
#include <QSplitter>
#include <QTableView>
#include <QTimer>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <utility>

namespace dc::ui {

namespace {

constexpr int kPageSize = 50;
constexpr int kMaxPage = 200; // the API's limit

qint64 integer(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toInteger();
}

QString text(const QJsonObject &o, const char *key)
{
    return o.value(QLatin1String(key)).toString();
}

QString offerMoney(const QJsonObject &offer, const char *key)
{
    return formatMoney(integer(offer, key), text(offer, "currency"));
}

} // namespace

QList<QJsonObject> ProductsModel::variantRows(const QJsonArray &products, bool onlyUnmapped)
{
    QList<QJsonObject> rows;
    for (const QJsonValue &p : products) {
        const QJsonObject product = p.toObject();
        for (const QJsonValue &v : product.value(QStringLiteral("variants")).toArray()) {
            QJsonObject row = v.toObject();
            if (onlyUnmapped && !row.value(QStringLiteral("offers")).toArray().isEmpty())
                continue;
            row.insert(QStringLiteral("product_id"), product.value(QStringLiteral("id")));
            row.insert(QStringLiteral("product_title"), product.value(QStringLiteral("title")));
            row.insert(QStringLiteral("shop"), product.value(QStringLiteral("shop")));
            rows << row;
        }
    }
    return rows;
}

ProductsModel::ProductsModel(ApiClient &api, QObject *parent)
    : JsonTableModel(ColumnCount, parent)
    , m_api(api)
{}

void ProductsModel::setFilter(const QString &text, bool onlyUnmapped)
{
    m_text = text.trimmed();
    m_onlyUnmapped = onlyUnmapped;
    ++m_generation; // a page on its way answers for the old filter
    beginResetModel();
    m_rows.clear();
    m_products = 0;
    m_cursor = 0;
    endResetModel();
    refresh();
}

QString ProductsModel::query(qint64 cursor, int limit) const
{
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("limit"), QString::number(limit));
    if (!m_text.isEmpty())
        q.addQueryItem(QStringLiteral("q"), QString::fromLatin1(QUrl::toPercentEncoding(m_text)));
    if (m_onlyUnmapped)
        q.addQueryItem(QStringLiteral("unmapped"), QStringLiteral("true"));
    if (cursor > 0)
        q.addQueryItem(QStringLiteral("cursor"), QString::number(cursor));
    return QStringLiteral("/api/products?") + q.query(QUrl::FullyEncoded);
}

void ProductsModel::loadSuppliers()
{
    m_api.get(QStringLiteral("/api/suppliers"), this, [this](const ApiReply &r) {
        if (!r.ok())
            return; // the products' answer says what is wrong
        QHash<qint64, SupplierInfo> suppliers;
        for (const QJsonValue &v : r.json.value(QStringLiteral("suppliers")).toArray()) {
            const QJsonObject s = v.toObject();
            suppliers.insert(integer(s, "id"),
                             {text(s, "name"), s.value(QStringLiteral("active")).toBool()});
        }
        m_suppliers = std::move(suppliers);
        if (!m_rows.isEmpty())
            emit dataChanged(index(0, Margin), index(rowCount() - 1, BestOffer));
        emit suppliersChanged();
    });
}

void ProductsModel::refresh()
{
    loadSuppliers();
    const quint64 generation = ++m_generation;
    m_fetching = true;
    m_api.get(query(0, std::clamp(m_products, kPageSize, kMaxPage)), this,
              [this, generation](const ApiReply &r) {
                  if (generation == m_generation)
                      apply(r, true);
              });
}

bool ProductsModel::canFetchMore(const QModelIndex &parent) const
{
    return !parent.isValid() && hasMore() && !m_fetching;
}

void ProductsModel::fetchMore(const QModelIndex &parent)
{
    if (!canFetchMore(parent))
        return;
    m_fetching = true;
    m_api.get(query(m_cursor, kPageSize), this,
              [this, generation = m_generation](const ApiReply &r) {
                  if (generation == m_generation)
                      apply(r, false);
              });
}

void ProductsModel::apply(const ApiReply &r, bool replace)
{
    m_fetching = false;
    if (!r.ok()) {
        m_cursor = 0; // no asking again and again; the next refresh starts over
        emit errorOccurred(r.error);
        return;
    }
    const QJsonArray products = r.json.value(QStringLiteral("products")).toArray();
    const QList<QJsonObject> rows = variantRows(products, m_onlyUnmapped);
    const QJsonValue next = r.json.value(QStringLiteral("next_cursor"));
    m_cursor = next.isNull() ? 0 : next.toInteger();
    if (replace) {
        setRows(rows);
        m_products = int(products.size());
    } else {
        appendRows(rows);
        m_products += int(products.size());
    }
    emit updated();
    // A page whose variants were all filtered out changes nothing a view would notice: the
    // next one now, or the view would wait for a scroll that cannot happen.
    if (!replace && rows.isEmpty())
        fetchMore({});
}

QJsonObject ProductsModel::bestOffer(int row) const
{
    for (const QJsonValue &v : m_rows.value(row).value(QStringLiteral("offers")).toArray()) {
        const QJsonObject o = v.toObject();
        // A supplier the page has not heard of yet counts as active: the server decides.
        if (m_suppliers.value(integer(o, "supplier_id")).active)
            return o;
    }
    return {};
}

QVariant ProductsModel::data(const QModelIndex &index, int role) const
{
    const QJsonObject *row = at(index);
    if (!row)
        return {};
    const int offers = int(row->value(QStringLiteral("offers")).toArray().size());
    const QJsonObject best = offers ? bestOffer(index.row()) : QJsonObject();
    const QString currency = text(*row, "currency");
    const qint64 price = integer(*row, "price_minor");
    // The margin of the offer orders would go to, when it is priced in the shop's currency
    // (before payment fees, which are charged on a whole order's total).
    const bool priced = !best.isEmpty() && text(best, "currency") == currency;
    const orders::Margin unit = priced ? orders::Margin{price, integer(best, "cost_minor"),
                                                        integer(best, "shipping_minor"), 0}
                                       : orders::Margin{};
    const qint64 margin = unit.minor();

    if (role == Qt::ForegroundRole) {
        if (index.column() == BestOffer && best.isEmpty())
            return QColor(Qt::darkRed);
        if (index.column() == Margin && priced && margin < 0)
            return QColor(Qt::darkRed);
        return {};
    }
    if (role == Qt::TextAlignmentRole && index.column() >= Price && index.column() != BestOffer)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role == Qt::ToolTipRole && index.column() == Margin && !best.isEmpty() && !priced)
        return tr("The offer is priced in %1, the shop sells in %2")
            .arg(text(best, "currency"), currency);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Product:
        return text(*row, "product_title");
    case Variant:
        return text(*row, "title");
    case Sku:
        return text(*row, "sku");
    case Shop:
        return text(*row, "shop");
    case Price:
        return formatMoney(price, currency);
    case Stock:
        return integer(*row, "inventory_quantity");
    case Offers:
        return offers;
    case BestOffer:
        if (best.isEmpty())
            return offers ? tr("Suppliers paused") : tr("No offer");
        return tr("%1: %2 + %3 shipping")
            .arg(m_suppliers.value(integer(best, "supplier_id")).name,
                 offerMoney(best, "cost_minor"), offerMoney(best, "shipping_minor"));
    case Margin:
        if (!priced)
            return QStringLiteral("–");
        return price > 0 ? tr("%1 (%2 %)")
                               .arg(formatMoney(margin, currency))
                               .arg(QLocale().toString(unit.percent(), 'f', 1))
                         : formatMoney(margin, currency);
    default:
        return {};
    }
}

QVariant ProductsModel::headerData(int section, Qt::Orientation o, int role) const
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
    case Shop:
        return tr("Shop");
    case Price:
        return tr("Price");
    case Stock:
        return tr("Stock");
    case Offers:
        return tr("Offers");
    case BestOffer:
        return tr("Preferred offer");
    case Margin:
        return tr("Margin");
    default:
        return {};
    }
}

OffersModel::OffersModel(const ProductsModel &products, QObject *parent)
    : JsonTableModel(ColumnCount, parent)
    , m_products(products)
{
    // Supplier names and paused states are shown in every row.
    connect(&products, &ProductsModel::suppliersChanged, this, [this] {
        if (rowCount() > 0)
            emit dataChanged(index(0, 0), index(rowCount() - 1, ColumnCount - 1));
    });
}

QVariant OffersModel::data(const QModelIndex &index, int role) const
{
    const QJsonObject *row = at(index);
    if (!row)
        return {};
    const SupplierInfo supplier = m_products.suppliers().value(integer(*row, "supplier_id"));
    if (role == Qt::ForegroundRole && !supplier.active)
        return QColor(Qt::gray);
    if (role == Qt::TextAlignmentRole && index.column() >= Cost && index.column() != ShipsTo)
        return QVariant(Qt::AlignRight | Qt::AlignVCenter);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Supplier:
        return supplier.active ? supplier.name : tr("%1 (paused)").arg(supplier.name);
    case SupplierProduct:
        return text(*row, "supplier_product_id");
    case SupplierSku:
        return text(*row, "supplier_sku_id");
    case Cost:
        return offerMoney(*row, "cost_minor");
    case Shipping:
        return offerMoney(*row, "shipping_minor");
    case Stock:
        return integer(*row, "stock");
    case ShipsTo: {
        QStringList codes;
        for (const QJsonValue &c : row->value(QStringLiteral("ships_to")).toArray())
            codes << c.toString();
        return codes.isEmpty() ? tr("Worldwide") : codes.join(QStringLiteral(", "));
    }
    case Priority:
        return integer(*row, "priority");
    default:
        return {};
    }
}

QVariant OffersModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Supplier:
        return tr("Supplier");
    case SupplierProduct:
        return tr("Supplier product");
    case SupplierSku:
        return tr("Supplier SKU");
    case Cost:
        return tr("Cost");
    case Shipping:
        return tr("Shipping");
    case Stock:
        return tr("Stock");
    case ShipsTo:
        return tr("Ships to");
    case Priority:
        return tr("Priority");
    default:
        return {};
    }
}

ProductsPage::ProductsPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_model(new ProductsModel(api, this))
    , m_offers(new OffersModel(*m_model, this))
{
    setObjectName(QStringLiteral("ProductsPage"));
    m_search = new QLineEdit(this);
    m_search->setObjectName(QStringLiteral("search"));
    m_search->setPlaceholderText(tr("Search a product, variant or SKU"));
    m_search->setClearButtonEnabled(true);
    m_unmapped = new QCheckBox(tr("Only variants without an offer"), this);
    m_unmapped->setObjectName(QStringLiteral("unmapped"));
    m_unmapped->setToolTip(tr("Orders with such a variant are held until it has an offer"));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_search, 1);
    bar->addWidget(m_unmapped);

    m_view = makeRowTable(m_model, this);
    m_view->setObjectName(QStringLiteral("variants"));
    m_offerView = makeRowTable(m_offers, this);
    m_offerView->setObjectName(QStringLiteral("offers"));
    m_variantLabel = new QLabel(this);

    m_supplier = new QComboBox(this);
    m_supplier->setObjectName(QStringLiteral("supplier"));
    m_productId = new QLineEdit(this);
    m_productId->setObjectName(QStringLiteral("supplierProduct"));
    m_productId->setPlaceholderText(tr("The supplier's product id"));
    m_skuId = new QLineEdit(this);
    m_skuId->setObjectName(QStringLiteral("supplierSku"));
    m_skuId->setPlaceholderText(tr("The supplier's SKU id, if the product has several"));
    m_cost = new QLineEdit(this);
    m_cost->setObjectName(QStringLiteral("cost"));
    m_cost->setPlaceholderText(QStringLiteral("0.00"));
    m_shipping = new QLineEdit(this);
    m_shipping->setObjectName(QStringLiteral("shipping"));
    m_shipping->setPlaceholderText(QStringLiteral("0.00"));
    m_currency = new QLineEdit(this);
    m_currency->setObjectName(QStringLiteral("currency"));
    m_currency->setMaxLength(3);
    m_currency->setMaximumWidth(60);
    m_stock = new QSpinBox(this);
    m_stock->setObjectName(QStringLiteral("stock"));
    m_stock->setRange(0, 1'000'000'000);
    m_shipsTo = new QLineEdit(this);
    m_shipsTo->setObjectName(QStringLiteral("shipsTo"));
    m_shipsTo->setPlaceholderText(tr("Country codes (FR, DE); empty: worldwide"));
    m_priority = new QSpinBox(this);
    m_priority->setObjectName(QStringLiteral("priority"));
    m_priority->setRange(-1000, 1000);
    m_priority->setToolTip(tr("Lower is preferred; backups have higher numbers"));
    m_save = new QPushButton(tr("Save offer"), this);
    m_save->setToolTip(tr("An offer of the same supplier and SKU is updated"));
    m_save->setObjectName(QStringLiteral("saveOffer"));
    m_remove = new QPushButton(tr("Remove offer"), this);
    m_remove->setObjectName(QStringLiteral("removeOffer"));

    auto *money = new QHBoxLayout;
    money->addWidget(new QLabel(tr("Cost"), this));
    money->addWidget(m_cost, 1);
    money->addWidget(new QLabel(tr("Shipping"), this));
    money->addWidget(m_shipping, 1);
    money->addWidget(m_currency);
    auto *form = new QFormLayout;
    form->addRow(tr("Supplier"), m_supplier);
    form->addRow(tr("Supplier product"), m_productId);
    form->addRow(tr("Supplier SKU"), m_skuId);
    form->addRow(tr("Price"), money);
    form->addRow(tr("Supplier stock"), m_stock);
    form->addRow(tr("Ships to"), m_shipsTo);
    form->addRow(tr("Priority"), m_priority);
    auto *buttons = new QHBoxLayout;
    buttons->addStretch(1);
    buttons->addWidget(m_remove);
    buttons->addWidget(m_save);
    form->addRow(buttons);

    auto *detail = new QWidget(this);
    auto *detailLayout = new QHBoxLayout(detail);
    detailLayout->setContentsMargins(0, 0, 0, 0);
    auto *offersColumn = new QVBoxLayout;
    offersColumn->addWidget(m_variantLabel);
    offersColumn->addWidget(m_offerView, 1);
    detailLayout->addLayout(offersColumn, 3);
    detailLayout->addLayout(form, 2);
    auto *splitter = new QSplitter(Qt::Vertical, this);
    splitter->addWidget(m_view);
    splitter->addWidget(detail);
    splitter->setStretchFactor(0, 3);
    splitter->setStretchFactor(1, 2);

    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("message"));
    // Products already in the shop, brought in at once (webhooks then keep them current).
    m_import = new ShopImportBar(api, this);
    connect(m_import, &ShopImportBar::imported, this, &ProductsPage::reload);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_import);
    layout->addLayout(bar);
    layout->addWidget(splitter, 1);
    layout->addWidget(m_message);

    m_reload = new QTimer(this);
    m_reload->setSingleShot(true);
    m_reload->setInterval(500);
    connect(m_reload, &QTimer::timeout, this, &ProductsPage::reload);
    m_searchDelay = new QTimer(this);
    m_searchDelay->setSingleShot(true);
    m_searchDelay->setInterval(300);
    connect(m_searchDelay, &QTimer::timeout, this,
            [this] { m_model->setFilter(m_search->text(), m_unmapped->isChecked()); });
    connect(m_search, &QLineEdit::textChanged, m_searchDelay, qOverload<>(&QTimer::start));
    connect(m_unmapped, &QCheckBox::toggled, m_searchDelay, qOverload<>(&QTimer::start));
    connect(&m_api, &ApiClient::eventReceived, this, [this](const QJsonObject &e) {
        const QString topic = e.value(QStringLiteral("topic")).toString();
        if ((topic == QLatin1String("catalog.offer_changed") ||
             topic.startsWith(QLatin1String("product.")) ||
             topic == QLatin1String("price.changed")) &&
            !m_reload->isActive())
            m_reload->start();
    });
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] { m_fitColumns = true; });
    connect(m_model, &ProductsModel::updated, this, [this] {
        // Columns fitted to the first rows of a new list (only the visible rows are measured).
        if (std::exchange(m_fitColumns, false) && m_model->rowCount() > 0)
            m_view->resizeColumnsToContents();
        // Rows reset under the selection (a product added above): the variant being edited
        // is selected again.
        if (!m_view->currentIndex().isValid() && m_shownVariant > 0)
            if (const int r = m_model->rowOf(m_shownVariant); r >= 0)
                m_view->selectRow(r);
        showVariant();
    });
    connect(m_model, &ProductsModel::suppliersChanged, this, &ProductsPage::showSuppliers);
    connect(m_model, &ProductsModel::errorOccurred, this, [this](const QString &error) {
        m_message->setText(tr("Products unavailable: %1").arg(error));
    });
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            &ProductsPage::showVariant);
    connect(m_offerView->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (current.isValid())
                    fillForm(m_offers->row(current.row()));
            });
    connect(m_save, &QPushButton::clicked, this, &ProductsPage::saveOffer);
    connect(m_remove, &QPushButton::clicked, this, &ProductsPage::removeOffer);
    showVariant();
    reload();
}

void ProductsPage::reload()
{
    m_model->refresh();
}

void ProductsPage::showSuppliers()
{
    const QVariant current = m_supplier->currentData();
    m_supplier->clear();
    for (auto it = m_model->suppliers().cbegin(); it != m_model->suppliers().cend(); ++it)
        m_supplier->addItem(it->active ? it->name : tr("%1 (paused)").arg(it->name), it.key());
    m_supplier->model()->sort(0);
    if (const int i = m_supplier->findData(current); i >= 0)
        m_supplier->setCurrentIndex(i);
}

void ProductsPage::showVariant()
{
    const QModelIndex current = m_view->currentIndex();
    const bool selected = current.isValid();
    const QJsonObject variant = selected ? m_model->row(current.row()) : QJsonObject();
    QList<QJsonObject> offers;
    for (const QJsonValue &v : variant.value(QStringLiteral("offers")).toArray())
        offers << v.toObject();
    const qint64 id = selected ? m_model->idAt(current.row()) : 0;
    const qint64 shownOffer = m_offerView->currentIndex().isValid()
                                  ? m_offers->idAt(m_offerView->currentIndex().row())
                                  : 0;
    m_offers->setRows(offers);
    m_offerView->resizeColumnsToContents(); // a handful of rows
    if (id == m_shownVariant) {
        // The same variant refreshed: the offer being edited stays selected.
        if (const int r = m_offers->rowOf(shownOffer); r >= 0)
            m_offerView->selectRow(r);
    } else {
        // Another variant: a blank form in its currency.
        m_shownVariant = id;
        for (QLineEdit *f : {m_productId, m_skuId, m_cost, m_shipping, m_shipsTo})
            f->clear();
        m_stock->setValue(0);
        m_priority->setValue(0);
        m_currency->setText(text(variant, "currency"));
    }
    m_variantLabel->setText(selected ? tr("Offers for %1 — %2 (%3)")
                                           .arg(text(variant, "product_title"),
                                                text(variant, "title"), text(variant, "sku"))
                                     : tr("Select a variant to see and edit its offers."));
    m_save->setEnabled(m_canWrite && selected);
    m_remove->setEnabled(m_canWrite && selected && !offers.isEmpty());
}

void ProductsPage::fillForm(const QJsonObject &offer)
{
    // The amount as typed in the form (the locale's decimal point, no grouping).
    const auto decimal = [&](const char *key) {
        return formatAmount(integer(offer, key), text(offer, "currency"), false);
    };
    if (const int i = m_supplier->findData(integer(offer, "supplier_id")); i >= 0)
        m_supplier->setCurrentIndex(i);
    m_productId->setText(text(offer, "supplier_product_id"));
    m_skuId->setText(text(offer, "supplier_sku_id"));
    m_cost->setText(decimal("cost_minor"));
    m_shipping->setText(decimal("shipping_minor"));
    m_currency->setText(text(offer, "currency"));
    m_stock->setValue(int(integer(offer, "stock")));
    QStringList codes;
    for (const QJsonValue &c : offer.value(QStringLiteral("ships_to")).toArray())
        codes << c.toString();
    m_shipsTo->setText(codes.join(QStringLiteral(", ")));
    m_priority->setValue(int(integer(offer, "priority")));
}

void ProductsPage::setPermissions(const QStringList &permissions)
{
    m_canWrite = permissions.contains(QStringLiteral("catalog.write"));
    for (QWidget *w :
         std::initializer_list<QWidget *>{m_supplier, m_productId, m_skuId, m_cost, m_shipping,
                                          m_currency, m_stock, m_shipsTo, m_priority})
        w->setEnabled(m_canWrite);
    m_import->setPermissions(permissions);
    showVariant();
}

QString ProductsPage::message() const
{
    return m_message->text();
}

void ProductsPage::saveOffer()
{
    const QModelIndex current = m_view->currentIndex();
    if (!current.isValid())
        return;
    const qint64 variant = m_model->idAt(current.row());
    const QString currency = m_currency->text().trimmed().toUpper();
    if (!isCurrencyCode(currency)) {
        m_message->setText(tr("Currency: an ISO 4217 code such as EUR or USD."));
        return;
    }
    // Operators type a comma or a point, maybe with spaces between thousands; amounts are parsed
    // exactly, never through a double.
    const auto amount = [&](QLineEdit *field, const QString &name) -> std::optional<qint64> {
        QString t = field->text().replace(QLatin1Char(','), QLatin1Char('.'));
        t.removeIf([](QChar c) { return c.isSpace(); }); // also U+00A0 and U+202F
        auto m = parseDecimalMoney(t.isEmpty() ? QStringLiteral("0") : t, currency);
        if (!m || m->minor < 0) {
            // The parser's reason is English; the operator gets the rule in their language.
            m_message->setText(
                tr("%1: a positive amount with at most %n decimal(s), such as 12.50.", nullptr,
                   currencyExponent(currency))
                    .arg(name));
            return std::nullopt;
        }
        return m->minor;
    };
    const auto cost = amount(m_cost, tr("Cost"));
    if (!cost)
        return;
    const auto shipping = amount(m_shipping, tr("Shipping"));
    if (!shipping)
        return;
    if (m_supplier->currentIndex() < 0) {
        m_message->setText(tr("Add a supplier on the Suppliers page first."));
        return;
    }
    if (m_productId->text().trimmed().isEmpty()) {
        m_message->setText(tr("Give the supplier's product id."));
        return;
    }
    QJsonArray shipsTo;
    static const QRegularExpression separators(QStringLiteral("[,;\\s]+"));
    for (const QString &code : m_shipsTo->text().split(separators, Qt::SkipEmptyParts)) {
        if (code.size() != 2 || !code.at(0).isLetter() || !code.at(1).isLetter()) {
            m_message->setText(tr("Ships to: \"%1\" is not a two-letter country code.").arg(code));
            return;
        }
        shipsTo.append(code.toUpper());
    }
    const QJsonObject body{{QStringLiteral("supplier_id"), m_supplier->currentData().toLongLong()},
                           {QStringLiteral("supplier_product_id"), m_productId->text().trimmed()},
                           {QStringLiteral("supplier_sku_id"), m_skuId->text().trimmed()},
                           {QStringLiteral("currency"), currency},
                           {QStringLiteral("cost_minor"), *cost},
                           {QStringLiteral("shipping_minor"), *shipping},
                           {QStringLiteral("stock"), m_stock->value()},
                           {QStringLiteral("ships_to"), shipsTo},
                           {QStringLiteral("priority"), m_priority->value()}};
    m_api.send("PUT", QStringLiteral("/api/variants/%1/offers").arg(variant), body, this,
               [this](const ApiReply &r) {
                   if (!r.ok()) {
                       m_message->setText(tr("Not saved: %1").arg(r.error));
                       return;
                   }
                   m_message->setText(tr("Offer saved."));
                   reload();
               });
}

void ProductsPage::removeOffer()
{
    const QModelIndex variant = m_view->currentIndex();
    const QModelIndex offer = m_offerView->currentIndex();
    if (!variant.isValid())
        return;
    if (!offer.isValid()) {
        m_message->setText(tr("Select the offer to remove."));
        return;
    }
    m_api.send("DELETE",
               QStringLiteral("/api/variants/%1/offers/%2")
                   .arg(m_model->idAt(variant.row()))
                   .arg(m_offers->idAt(offer.row())),
               {}, this, [this](const ApiReply &r) {
                   if (!r.ok()) {
                       m_message->setText(tr("Not removed: %1").arg(r.error));
                       return;
                   }
                   m_message->setText(tr("Offer removed."));
                   reload();
               });
}

} // namespace dc::ui
