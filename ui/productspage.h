// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Products: the shops' variants and the supplier offers that fulfil them. Operators find the
// variants nobody supplies yet (an order with one is held), see the margin each preferred offer
// leaves, and add, change or remove offers. Pages of products are fetched as the table scrolls
// (keyset paging, never the whole catalog); offer and product events refresh what is shown.
#include "jsontablemodel.h"

#include <QHash>
#include <QWidget>

class QCheckBox;
class QJsonArray;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableView;
class QTimer;

namespace dc::ui {

class ApiClient;
struct ApiReply;
class ShopImportBar;

struct SupplierInfo
{
    QString name;
    bool active = true;
};

// One row per variant (id: the variant's), with its product's title and shop. Products are
// fetched a page at a time as the view scrolls (canFetchMore/fetchMore, keyset cursor): a large
// catalog costs what is on screen.
class ProductsModel : public JsonTableModel
{
    Q_OBJECT
public:
    enum Column {
        Product,
        Variant,
        Sku,
        Shop,
        Price,
        Stock,
        Offers,
        Margin,
        BestOffer,
        ColumnCount
    };
    explicit ProductsModel(ApiClient &api, QObject *parent = nullptr);
    // The rows of a GET /api/products answer, one per variant; `onlyUnmapped` keeps the
    // variants without any offer.
    static QList<QJsonObject> variantRows(const QJsonArray &products, bool onlyUnmapped);
    // Text in a product's or variant's title or SKU; only variants without an offer. From one
    // page again.
    void setFilter(const QString &text, bool onlyUnmapped);
    // The products shown fetched again, with the suppliers' names and states: rows still there
    // are updated in place, so a selection survives.
    void refresh();
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    bool hasMore() const { return m_cursor > 0; }
    const QHash<qint64, SupplierInfo> &suppliers() const { return m_suppliers; }
    // The offer orders go to: the first (preferred) one whose supplier is active; empty if none.
    QJsonObject bestOffer(int row) const;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

signals:
    void suppliersChanged();
    // A page or a refresh has been applied.
    void updated();
    void errorOccurred(const QString &message);

private:
    QString query(qint64 cursor, int limit) const;
    void loadSuppliers();
    // Applies an answer: the first pages again (`replace`) or the next one.
    void apply(const ApiReply &r, bool replace);

    ApiClient &m_api;
    QHash<qint64, SupplierInfo> m_suppliers;
    QString m_text;
    bool m_onlyUnmapped = false;
    qint64 m_cursor = 0; // next page's cursor; 0 at the end
    int m_products = 0;  // products shown (a refresh fetches as many)
    bool m_fetching = false;
    quint64 m_generation = 0; // an answer for older filters is dropped
};

// The selected variant's offers, preferred first.
class OffersModel : public JsonTableModel
{
    Q_OBJECT
public:
    enum Column {
        Supplier,
        SupplierProduct,
        SupplierSku,
        Cost,
        Shipping,
        Stock,
        ShipsTo,
        Priority,
        ColumnCount
    };
    explicit OffersModel(const ProductsModel &products, QObject *parent = nullptr);
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    const ProductsModel &m_products; // supplier names and states
};

class ProductsPage : public QWidget
{
    Q_OBJECT
public:
    explicit ProductsPage(ApiClient &api, QWidget *parent = nullptr);
    ProductsModel *model() const { return m_model; }
    OffersModel *offersModel() const { return m_offers; }
    ShopImportBar *importBar() const { return m_import; }
    QTableView *view() const { return m_view; }
    // The products and offers shown fetched again.
    void reload();
    void setPermissions(const QStringList &permissions);
    // Puts the offer in the form on the selected variant (upsert by supplier and SKU).
    void saveOffer();
    // Removes the offer selected in the offers table.
    void removeOffer();
    QString message() const;

private:
    void showVariant();
    void fillForm(const QJsonObject &offer);
    void showSuppliers();

    ApiClient &m_api;
    ProductsModel *m_model;
    OffersModel *m_offers;
    QTableView *m_view;
    QTableView *m_offerView;
    QLineEdit *m_search;
    QCheckBox *m_unmapped;
    QLabel *m_variantLabel;
    QComboBox *m_supplier;
    QLineEdit *m_productId;
    QLineEdit *m_skuId;
    QLineEdit *m_cost;
    QLineEdit *m_shipping;
    QLineEdit *m_currency;
    QSpinBox *m_stock;
    QLineEdit *m_shipsTo;
    QSpinBox *m_priority;
    QPushButton *m_save;
    QPushButton *m_remove;
    QLabel *m_message;
    ShopImportBar *m_import;
    QTimer *m_reload;
    QTimer *m_searchDelay;
    bool m_canWrite = true;
    bool m_fitColumns = true;
    qint64 m_shownVariant = -1; // whose offers the form is editing (0: none selected)
};

} // namespace dc::ui
