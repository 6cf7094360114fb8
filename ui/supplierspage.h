// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Suppliers: who fulfils the orders and how they do it (offers, last 30 days' supplier orders,
// failures, time to ship, and the Data Analyzer's score and delivery days over all their supplier
// orders); add, rename, pause or resume one. Refreshed by supplier order and catalog events.
#include "jsontablemodel.h"

#include <QWidget>

class QCheckBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTimer;

namespace dc::ui {

class ApiClient;

class SuppliersModel : public JsonTableModel
{
    Q_OBJECT
public:
    enum Column {
        Name,
        Platform,
        Active,
        Score,
        Offers,
        Orders,
        Open,
        Failed,
        ShipHours,
        DeliveryDays,
        LastOrder,
        ColumnCount
    };
    explicit SuppliersModel(QObject *parent = nullptr)
        : JsonTableModel(ColumnCount, parent)
    {}
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
};

class SuppliersPage : public QWidget
{
    Q_OBJECT
public:
    explicit SuppliersPage(ApiClient &api, QWidget *parent = nullptr);
    SuppliersModel *model() const { return m_model; }
    void reload();
    void setPermissions(const QStringList &permissions);
    // Adds a supplier with the name and platform in the form (the Add button).
    void addSupplier();
    // Pauses or resumes the selected supplier.
    void toggleActive();
    QString message() const;

signals:
    void reloaded();

private:
    ApiClient &m_api;
    SuppliersModel *m_model;
    QTableView *m_view;
    QLineEdit *m_name;
    QLineEdit *m_platform;
    QPushButton *m_add;
    QPushButton *m_toggle;
    QLabel *m_message;
    QTimer *m_reload;
};

} // namespace dc::ui
