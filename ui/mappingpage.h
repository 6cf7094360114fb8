// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Mapping: the variants no supplier offers yet, those orders wait on first. Pick one, paste the
// AliExpress product page's address (or its id), see its SKUs (attributes, cost, stock) and the
// shipping to the countries given, the SKU that fits the variant preselected; Map creates the
// offer and puts the orders held for it back into the flow.
#include "jsontablemodel.h"

#include <QWidget>

class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace dc::ui {

class ApiClient;

// GET /api/variants/unmapped: one row per variant (id: the variant's).
class UnmappedModel : public JsonTableModel
{
    Q_OBJECT
public:
    enum Column { Product, Variant, Sku, Price, Pending, ColumnCount };
    explicit UnmappedModel(QObject *parent = nullptr)
        : JsonTableModel(ColumnCount, parent)
    {}
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
};

// The SKUs of a looked-up product; the suggested one in bold.
class SkusModel : public JsonTableModel
{
    Q_OBJECT
public:
    enum Column { Sku, Attributes, Cost, Stock, ColumnCount };
    explicit SkusModel(QObject *parent = nullptr)
        : JsonTableModel(ColumnCount, parent)
    {}
    void setSuggested(const QString &skuId) { m_suggested = skuId; }
    QString skuAt(int r) const { return row(r).value(QStringLiteral("sku_id")).toString(); }
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

private:
    QString m_suggested;
};

class MappingPage : public QWidget
{
    Q_OBJECT
public:
    explicit MappingPage(ApiClient &api, QWidget *parent = nullptr);
    UnmappedModel *unmappedModel() const { return m_unmapped; }
    SkusModel *skusModel() const { return m_skus; }
    QTableView *unmappedView() const { return m_unmappedView; }
    QTableView *skusView() const { return m_skusView; }
    void setPermissions(const QStringList &permissions);
    void reload();
    // The product in the form looked up for the selected variant (the Look up button).
    void lookUp();
    // The selected variant mapped to the selected SKU (the Map button).
    void map();
    QString summary() const; // "3 variants without an offer; 2 orders wait on them."
    QString shipping() const;
    QString message() const;

signals:
    void reloaded();
    void lookedUp();
    void mapped();

private:
    qint64 selectedVariant() const;
    void showShipping(const QJsonObject &lookup);

    ApiClient &m_api;
    UnmappedModel *m_unmapped;
    SkusModel *m_skus;
    QTableView *m_unmappedView;
    QTableView *m_skusView;
    QLabel *m_summary;
    QLabel *m_variant;
    QLineEdit *m_product;
    QLineEdit *m_countries;
    QPushButton *m_lookUp;
    QLabel *m_title;
    QLabel *m_shipping;
    QPushButton *m_map;
    QLabel *m_message;
    QTimer *m_reload;
    bool m_canWrite = true;
    QString m_lookedUp; // the product the SKUs shown are of
    qint64 m_lookedUpFor = 0;
};

} // namespace dc::ui
