// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Orders: a live table (filters by status, shop, text and dates; sorted newest first, as the
// keyset cursor reads them) and a detail pane with the line items, the margin, the supplier
// orders, the shipments and the timeline of the order's events; actions by role.
#include "bulkorders.h"

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QDateTimeEdit;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;
class QTextBrowser;
class QToolButton;
class QCheckBox;

namespace dc::ui {

class ApiClient;
class OrdersModel;
class ManualOrderDialog;

class OrdersPage : public QWidget
{
    Q_OBJECT
public:
    explicit OrdersPage(ApiClient &api, QWidget *parent = nullptr);

    OrdersModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QTextBrowser *detail() const { return m_detail; }
    qint64 selectedOrderId() const { return m_selected; }
    // What the signed-in user may do (from /api/auth/me): the action buttons follow.
    void setPermissions(const QStringList &permissions);
    // The list filtered as a dashboard tile says: one status (empty: all), received today or not.
    void showFiltered(const QString &status, bool today);
    // The selected rows' orders, for a bulk action.
    QList<BulkOrder> selectedOrders() const;
    // The bulk action on the selection: its dialog, opened (not modal: tests drive it).
    BulkOrdersDialog *openBulk(BulkAction action);
    // The manual order form (phone or marketplace orders).
    ManualOrderDialog *openManualOrder();
    // Saved filters (status, shop, text, replacements), kept in the user's settings by name.
    void saveCurrentFilter(const QString &name);
    bool applySavedFilter(const QString &name);
    void deleteSavedFilter(const QString &name);
    QStringList savedFilterNames() const;
    // Sends a replacement of the selected order (the Replace… button asks for the reason).
    void replaceOrder(const QString &reason);
    // What the AliExpress buyer account shows of a supplier order asked for without an answer:
    // the AliExpress order id found, or empty when it is not there (the detail's links ask).
    void resolveSupplierOrder(qint64 supplierOrderId, const QString &aliExpressOrderId);

signals:
    // The detail pane shows the selected order in full (tests wait on it).
    void detailShown(qint64 orderId);

private:
    void applyFilter();
    void askAboutSupplierOrder(qint64 supplierOrderId, bool found);
    void showOrder(qint64 id);
    void renderDetail();
    void act(const QByteArray &method, const QString &path, const QJsonObject &body);
    void updateActions();

    ApiClient &m_api;
    OrdersModel *m_model = nullptr;
    QComboBox *m_status = nullptr;
    QLineEdit *m_shop = nullptr;
    QLineEdit *m_search = nullptr;
    QCheckBox *m_useDates = nullptr;
    QDateTimeEdit *m_from = nullptr;
    QDateTimeEdit *m_to = nullptr;
    QTableView *m_view = nullptr;
    QTextBrowser *m_detail = nullptr;
    QLabel *m_state = nullptr;
    QPushButton *m_process = nullptr;
    QPushButton *m_hold = nullptr;
    QPushButton *m_retry = nullptr;
    QPushButton *m_approve = nullptr;
    QPushButton *m_cancel = nullptr;
    QPushButton *m_replace = nullptr;
    QToolButton *m_bulk = nullptr;
    QPushButton *m_newOrder = nullptr;
    QCheckBox *m_replacements = nullptr;
    QComboBox *m_saved = nullptr;
    void refreshSavedFilters();
    QStringList m_permissions;
    qint64 m_selected = 0;
    int m_detailGeneration = 0;
    QJsonObject m_order;
    QJsonObject m_supplier, m_shipments, m_events;
    QJsonObject m_runs; // the order's workflow runs with their steps
    int m_detailParts = 0;
    bool m_fitted = false;
};

} // namespace dc::ui
