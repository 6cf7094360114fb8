// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A manual order (taken by phone or on a marketplace): the customer's address, line items found
// by a lookup in the catalog (title or SKU; the variant's price is proposed), shipping and tax,
// whether it is paid. POST /api/orders computes the totals; the server's field errors are shown
// beside the form, and nothing is created until it accepts the whole order.
#include <QDialog>
#include <QJsonArray>
#include <QJsonObject>

class QComboBox;
class QDoubleSpinBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QSpinBox;
class QTableWidget;
class QTimer;

namespace dc::ui {

class ApiClient;

class ManualOrderDialog : public QDialog
{
    Q_OBJECT
public:
    explicit ManualOrderDialog(ApiClient &api, QWidget *parent = nullptr);
    // The request body as the form reads now.
    QJsonObject body() const;
    // The lookup's matches for the text typed (title or SKU), then adds the chosen one.
    QLineEdit *lookupEdit() const { return m_lookup; }
    QComboBox *matches() const { return m_matches; }
    void addChosenVariant();
    QTableWidget *lines() const { return m_lines; }
    QLabel *status() const { return m_status; }
    void submit();

signals:
    void created(qint64 id, const QString &name);

private:
    void lookUp();
    QLineEdit *field(const QString &key) const;

    ApiClient &m_api;
    QLineEdit *m_lookup;
    QComboBox *m_matches;
    QTableWidget *m_lines;
    QComboBox *m_currency;
    QDoubleSpinBox *m_shipping;
    QDoubleSpinBox *m_tax;
    QComboBox *m_paid;
    QLabel *m_status;
    QPushButton *m_create;
    QTimer *m_debounce;
    QJsonArray m_found; // the variants the last lookup found (each with its product title)
    int m_lookupGeneration = 0;
};

} // namespace dc::ui
