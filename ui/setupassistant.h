// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The first-run assistant: the steps of GET /api/setup (administrator password, Shopify store,
// AliExpress account, product mapping, test order) in a list with their state, and one page per
// step that says what is missing, in the window's language, with the form that does it. Any step
// can be skipped (kept on the server until resumed) and come back to. The same steps are the API
// calls and `dropcrew setup` on a server.
#include <QDialog>
#include <QJsonObject>

class QLabel;
class QLineEdit;
class QListWidget;
class QPushButton;
class QStackedWidget;

namespace dc::ui {

class AliExpressAuthorisation;
class ApiClient;
class ShopImportBar;
struct ApiReply;

class SetupAssistant : public QDialog
{
    Q_OBJECT
public:
    explicit SetupAssistant(ApiClient &api, QWidget *parent = nullptr);

    static QStringList stepNames();
    // The steps again from the server.
    void reload();
    void showStep(const QString &step);
    QString currentStep() const;
    // done, missing or skipped as last read; empty before the first answer.
    QString stateOf(const QString &step) const;
    bool complete() const { return m_overview.value(QStringLiteral("complete")).toBool(); }
    // What the current page says is missing (the tests read it).
    QString missingText() const;
    QString statusText() const;
    AliExpressAuthorisation *aliexpressAuthorisation() const { return m_aeAuth; }

    // What is missing, in the window's language, from the item's code and figures.
    static QString describe(const QJsonObject &missing);

signals:
    // Every answer of GET /api/setup.
    void loaded();
    // "Open the mapping view": the main window shows its mapping page.
    void mappingRequested();

private:
    QWidget *stepPage(const QString &step, QWidget *form);
    QWidget *adminForm();
    QWidget *shopifyForm();
    QWidget *aliexpressForm();
    QWidget *mappingForm();
    QWidget *testOrderForm();
    void present(const ApiReply &r);
    void setStatus(const QString &text);
    void skipOrResume(bool skip);
    void connectShop();
    void runTestOrder();
    QJsonObject step(const QString &name) const;

    ApiClient &m_api;
    QJsonObject m_overview;
    QListWidget *m_list;
    QStackedWidget *m_pages;
    QLabel *m_missing;
    QLabel *m_status;
    QPushButton *m_skip;
    QPushButton *m_resume;
    QPushButton *m_next;
    QLineEdit *m_password = nullptr;
    QLineEdit *m_password2 = nullptr;
    QLineEdit *m_shopDomain = nullptr;
    QLineEdit *m_shopToken = nullptr;
    QLineEdit *m_shopSecret = nullptr;
    QLineEdit *m_publicUrl = nullptr;
    QLineEdit *m_aeKey = nullptr;
    QLineEdit *m_aeSecret = nullptr;
    QLineEdit *m_country = nullptr;
    QLabel *m_mappingFigures = nullptr;
    QLabel *m_report = nullptr;
    ShopImportBar *m_import = nullptr;
    AliExpressAuthorisation *m_aeAuth = nullptr;
};

} // namespace dc::ui
