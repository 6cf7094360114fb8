// SPDX-License-Identifier: GPL-3.0-or-later
#include "manualorder.h"

#include "apiclient.h"
#include "core/money.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTableWidget>
#include <QTimer>
#include <QUrlQuery>
#include <QVBoxLayout>

#include <cmath>

namespace dc::ui {

namespace {
enum LineColumn { Title, Sku, Quantity, UnitPrice, LineColumns };
constexpr int kVariantRole = Qt::UserRole + 1;
constexpr int kPriceRole = Qt::UserRole + 2; // the catalog's price in minor units, as shown

const char *const kAddressFields[] = {"name", "address1", "address2",     "zip",
                                      "city", "province", "country_code", "phone"};

qint64 minorOf(double major, const QString &currency)
{
    return qint64(std::llround(major * std::pow(10.0, currencyExponent(currency))));
}

// A price as typed in the operator's locale ("19,90" in French), exactly, in minor units.
std::optional<qint64> priceOf(QString text, const QString &currency)
{
    const QLocale locale;
    text.remove(locale.groupSeparator());
    text.replace(locale.decimalPoint(), QStringLiteral("."));
    auto m = parseDecimalMoney(text.trimmed(), currency);
    return m ? std::optional(m->minor) : std::nullopt;
}
} // namespace

ManualOrderDialog::ManualOrderDialog(ApiClient &api, QWidget *parent)
    : QDialog(parent)
    , m_api(api)
{
    setObjectName(QStringLiteral("ManualOrderDialog"));
    setWindowTitle(tr("New order"));
    auto *form = new QFormLayout;
    auto *name = new QLineEdit(this);
    name->setObjectName(QStringLiteral("order_name"));
    name->setPlaceholderText(tr("e.g. PHONE-1042 (unique, shown in lists)"));
    form->addRow(tr("Order name:"), name);
    const std::pair<const char *, QString> address[] = {{"name", tr("Customer name:")},
                                                        {"address1", tr("Address:")},
                                                        {"address2", tr("Address (2):")},
                                                        {"zip", tr("Postal code:")},
                                                        {"city", tr("City:")},
                                                        {"province", tr("Region:")},
                                                        {"country_code", tr("Country (ISO code):")},
                                                        {"phone", tr("Phone:")}};
    for (const auto &[key, label] : address) {
        auto *e = new QLineEdit(this);
        e->setObjectName(QStringLiteral("address_%1").arg(QLatin1String(key)));
        if (QLatin1String(key) == QLatin1String("country_code")) {
            e->setMaxLength(2);
            e->setPlaceholderText(tr("FR, DE, US…"));
        }
        form->addRow(label, e);
    }

    // Items: found in the catalog by title or SKU, or typed by hand in the table.
    m_lookup = new QLineEdit(this);
    m_lookup->setObjectName(QStringLiteral("variantLookup"));
    m_lookup->setPlaceholderText(tr("Find a product: title or SKU"));
    m_lookup->setClearButtonEnabled(true);
    m_matches = new QComboBox(this);
    m_matches->setObjectName(QStringLiteral("variantMatches"));
    m_matches->setMinimumContentsLength(30);
    auto *add = new QPushButton(tr("Add"), this);
    add->setObjectName(QStringLiteral("addVariant"));
    auto *addLine = new QPushButton(tr("Add a line by hand"), this);
    auto *removeLine = new QPushButton(tr("Remove line"), this);
    auto *lookupRow = new QHBoxLayout;
    lookupRow->addWidget(m_lookup, 2);
    lookupRow->addWidget(m_matches, 3);
    lookupRow->addWidget(add);
    m_lines = new QTableWidget(0, LineColumns, this);
    m_lines->setObjectName(QStringLiteral("orderLines"));
    m_lines->setHorizontalHeaderLabels(
        {tr("Product"), tr("SKU"), tr("Quantity"), tr("Unit price")});
    m_lines->horizontalHeader()->setSectionResizeMode(Title, QHeaderView::Stretch);
    m_lines->verticalHeader()->hide();
    auto *lineButtons = new QHBoxLayout;
    lineButtons->addWidget(addLine);
    lineButtons->addWidget(removeLine);
    lineButtons->addStretch(1);

    m_currency = new QComboBox(this);
    m_currency->setObjectName(QStringLiteral("currency"));
    m_currency->setEditable(true);
    m_currency->addItems({QStringLiteral("EUR"), QStringLiteral("USD"), QStringLiteral("GBP")});
    m_shipping = new QDoubleSpinBox(this);
    m_tax = new QDoubleSpinBox(this);
    for (QDoubleSpinBox *s : {m_shipping, m_tax}) {
        s->setRange(0, 1e9);
        s->setDecimals(2);
    }
    m_paid = new QComboBox(this);
    m_paid->setObjectName(QStringLiteral("financialStatus"));
    m_paid->addItem(tr("Paid"), QStringLiteral("paid"));
    m_paid->addItem(tr("Payment authorised"), QStringLiteral("authorized"));
    m_paid->addItem(tr("Not paid yet (held until paid)"), QStringLiteral("pending"));
    auto *money = new QFormLayout;
    // Amounts take the currency's own decimals (0 for JPY, 3 for KWD).
    connect(m_currency, &QComboBox::currentTextChanged, this, [this](const QString &c) {
        const int decimals = currencyExponent(c.trimmed().toUpper());
        for (QDoubleSpinBox *s : {m_shipping, m_tax})
            s->setDecimals(decimals);
    });
    money->addRow(tr("Currency:"), m_currency);
    money->addRow(tr("Shipping charged:"), m_shipping);
    money->addRow(tr("Tax:"), m_tax);
    money->addRow(tr("Payment:"), m_paid);

    m_status = new QLabel(this);
    m_status->setObjectName(QStringLiteral("manualOrderStatus"));
    m_status->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Cancel, this);
    m_create = buttons->addButton(tr("Create order"), QDialogButtonBox::AcceptRole);
    m_create->setObjectName(QStringLiteral("createOrder"));
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(m_create, &QPushButton::clicked, this, &ManualOrderDialog::submit);

    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addLayout(lookupRow);
    layout->addWidget(m_lines, 1);
    layout->addLayout(lineButtons);
    layout->addLayout(money);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(640, 720);

    m_debounce = new QTimer(this);
    m_debounce->setSingleShot(true);
    m_debounce->setInterval(250);
    connect(m_debounce, &QTimer::timeout, this, &ManualOrderDialog::lookUp);
    connect(m_lookup, &QLineEdit::textChanged, m_debounce, qOverload<>(&QTimer::start));
    connect(m_lookup, &QLineEdit::returnPressed, this, &ManualOrderDialog::addChosenVariant);
    connect(add, &QPushButton::clicked, this, &ManualOrderDialog::addChosenVariant);
    connect(addLine, &QPushButton::clicked, this, [this] {
        const int row = m_lines->rowCount();
        m_lines->insertRow(row);
        m_lines->setItem(row, Quantity, new QTableWidgetItem(QStringLiteral("1")));
        m_lines->editItem(m_lines->item(row, Quantity));
    });
    connect(removeLine, &QPushButton::clicked, this, [this] {
        if (m_lines->currentRow() >= 0)
            m_lines->removeRow(m_lines->currentRow());
    });
}

QLineEdit *ManualOrderDialog::field(const QString &key) const
{
    return findChild<QLineEdit *>(key);
}

void ManualOrderDialog::lookUp()
{
    const QString text = m_lookup->text().trimmed();
    const int generation = ++m_lookupGeneration;
    if (text.isEmpty()) {
        m_matches->clear();
        m_found = {};
        return;
    }
    QUrlQuery q;
    q.addQueryItem(QStringLiteral("q"), text);
    q.addQueryItem(QStringLiteral("limit"), QStringLiteral("20"));
    m_api.get(
        QStringLiteral("/api/products?") + q.toString(QUrl::FullyEncoded), this,
        [this, generation](const ApiReply &r) {
            if (generation != m_lookupGeneration)
                return; // typed on since
            m_matches->clear();
            m_found = {};
            if (!r.ok()) {
                m_status->setText(tr("Cannot search the catalog: %1").arg(r.error));
                return;
            }
            for (const QJsonValue &pv : r.json.value(QStringLiteral("products")).toArray()) {
                const QJsonObject p = pv.toObject();
                for (const QJsonValue &vv : p.value(QStringLiteral("variants")).toArray()) {
                    QJsonObject v = vv.toObject();
                    v.insert(QStringLiteral("product_title"), p.value(QStringLiteral("title")));
                    const QString title = v.value(QStringLiteral("title")).toString();
                    m_matches->addItem(
                        QStringLiteral("%1 · %2 · %3 · %4")
                            .arg(p.value(QStringLiteral("title")).toString(),
                                 title.isEmpty() ? QStringLiteral("–") : title,
                                 v.value(QStringLiteral("sku")).toString(),
                                 formatMoney(v.value(QStringLiteral("price_minor")).toInteger(),
                                             v.value(QStringLiteral("currency")).toString())),
                        int(m_found.size()));
                    m_found.append(v);
                }
            }
            if (m_found.isEmpty())
                m_matches->addItem(tr("Nothing found"), -1);
        });
}

void ManualOrderDialog::addChosenVariant()
{
    const int at = m_matches->currentData().isValid() ? m_matches->currentData().toInt() : -1;
    if (at < 0 || at >= m_found.size())
        return;
    const QJsonObject v = m_found.at(at).toObject();
    const qint64 id = v.value(QStringLiteral("id")).toInteger();
    // One order, one currency: a variant priced in another is not mixed in.
    const QString cur = v.value(QStringLiteral("currency")).toString();
    if (m_lines->rowCount() > 0 && !cur.isEmpty() &&
        cur != m_currency->currentText().trimmed().toUpper()) {
        m_status->setText(tr("This product is priced in %1 and the order in %2: one currency per "
                             "order.")
                              .arg(cur, m_currency->currentText()));
        return;
    }
    // The same variant again: one more of it, not a second line.
    for (int row = 0; row < m_lines->rowCount(); ++row)
        if (m_lines->item(row, Title) && m_lines->item(row, Title)->data(kVariantRole) == id) {
            auto *qty = m_lines->item(row, Quantity);
            qty->setText(QString::number(qty->text().toInt() + 1));
            return;
        }
    const int row = m_lines->rowCount();
    m_lines->insertRow(row);
    const QString variantTitle = v.value(QStringLiteral("title")).toString();
    auto *title = new QTableWidgetItem(
        variantTitle.isEmpty()
            ? v.value(QStringLiteral("product_title")).toString()
            : QStringLiteral("%1 – %2").arg(v.value(QStringLiteral("product_title")).toString(),
                                            variantTitle));
    title->setData(kVariantRole, id);
    m_lines->setItem(row, Title, title);
    m_lines->setItem(row, Sku, new QTableWidgetItem(v.value(QStringLiteral("sku")).toString()));
    m_lines->setItem(row, Quantity, new QTableWidgetItem(QStringLiteral("1")));
    // The catalog's price, in the catalog's currency: the order takes that currency.
    const qint64 price = v.value(QStringLiteral("price_minor")).toInteger();
    auto *priceItem = new QTableWidgetItem(formatAmount(price, cur, false));
    priceItem->setData(kPriceRole, price);
    m_lines->setItem(row, UnitPrice, priceItem);
    if (!cur.isEmpty() && m_lines->rowCount() == 1)
        m_currency->setCurrentText(cur);
}

QJsonObject ManualOrderDialog::body() const
{
    const QString cur = m_currency->currentText().trimmed().toUpper();
    QJsonObject b{{QStringLiteral("name"), field(QStringLiteral("order_name"))->text().trimmed()},
                  {QStringLiteral("currency"), cur},
                  {QStringLiteral("financial_status"), m_paid->currentData().toString()},
                  {QStringLiteral("shipping_minor"), minorOf(m_shipping->value(), cur)},
                  {QStringLiteral("tax_minor"), minorOf(m_tax->value(), cur)}};
    QJsonObject address;
    for (const char *key : kAddressFields) {
        const QString v =
            field(QStringLiteral("address_%1").arg(QLatin1String(key)))->text().trimmed();
        if (!v.isEmpty())
            address.insert(QLatin1String(key),
                           QLatin1String(key) == QLatin1String("country_code") ? v.toUpper() : v);
    }
    if (!address.isEmpty())
        b.insert(QStringLiteral("shipping_address"), address);
    QJsonArray items;
    for (int row = 0; row < m_lines->rowCount(); ++row) {
        const auto text = [&](int column) {
            const QTableWidgetItem *i = m_lines->item(row, column);
            return i ? i->text().trimmed() : QString();
        };
        QJsonObject line{{QStringLiteral("quantity"), text(Quantity).toInt()}};
        if (const QTableWidgetItem *t = m_lines->item(row, Title);
            t && t->data(kVariantRole).isValid())
            line.insert(QStringLiteral("variant_id"), t->data(kVariantRole).toLongLong());
        if (!text(Title).isEmpty())
            line.insert(QStringLiteral("title"), text(Title));
        if (!text(Sku).isEmpty())
            line.insert(QStringLiteral("sku"), text(Sku));
        // The catalog's price as shown, exactly; a price typed over it is read in the order's
        // currency. One that does not read is not sent: the server then says the line needs
        // one (or takes the variant's), rather than a wrong amount being guessed here.
        const QTableWidgetItem *p = m_lines->item(row, UnitPrice);
        if (p && p->data(kPriceRole).isValid() &&
            p->text() == formatAmount(p->data(kPriceRole).toLongLong(), cur, false))
            line.insert(QStringLiteral("unit_price_minor"), p->data(kPriceRole).toLongLong());
        else if (const auto price = priceOf(text(UnitPrice), cur))
            line.insert(QStringLiteral("unit_price_minor"), *price);
        items.append(line);
    }
    b.insert(QStringLiteral("line_items"), items);
    return b;
}

void ManualOrderDialog::submit()
{
    const QJsonObject b = body();
    if (b.value(QStringLiteral("line_items")).toArray().isEmpty()) {
        m_status->setText(tr("Add at least one item."));
        return;
    }
    m_create->setEnabled(false);
    m_status->setText(tr("Creating…"));
    m_api.send("POST", QStringLiteral("/api/orders"), b, this, [this](const ApiReply &r) {
        m_create->setEnabled(true);
        if (!r.ok()) {
            // The server names the field and the reason (problem+json).
            m_status->setText(tr("Not created: %1").arg(r.error));
            return;
        }
        emit created(r.json.value(QStringLiteral("id")).toInteger(),
                     r.json.value(QStringLiteral("name")).toString());
        accept();
    });
}

} // namespace dc::ui
