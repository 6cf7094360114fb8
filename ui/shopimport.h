// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// "Import from Shopify" on the products page: picks the shop (when there are several), starts
// the catalog import (POST /api/shops/{domain}/import: products, then the open orders of the
// last 30 days) and follows its task (GET /api/tasks/{id}) with a progress bar until it ends.
#include <QWidget>

class QComboBox;
class QLabel;
class QProgressBar;
class QPushButton;
class QTimer;

namespace dc::ui {

class ApiClient;
struct ApiReply;

class ShopImportBar : public QWidget
{
    Q_OBJECT
public:
    explicit ShopImportBar(ApiClient &api, QWidget *parent = nullptr);
    // The shops again (GET /api/shops, which needs settings.manage: without it the button says
    // so); whenever the bar is shown.
    void loadShops();
    void setPermissions(const QStringList &permissions);
    // Starts the import of the shop picked.
    void start();
    bool running() const { return m_task > 0; }
    QString message() const;

signals:
    // The import ended well: the products are to be fetched again.
    void imported();

protected:
    void showEvent(QShowEvent *event) override;

private:
    void poll();
    void follow(const ApiReply &r);
    void updateButton();

    ApiClient &m_api;
    QComboBox *m_shop;
    QPushButton *m_button;
    QProgressBar *m_bar;
    QLabel *m_message;
    QTimer *m_poll;
    QString m_importTip;
    qint64 m_task = 0;
    bool m_canWrite = true;
};

} // namespace dc::ui
