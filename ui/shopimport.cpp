// SPDX-License-Identifier: GPL-3.0-or-later
#include "shopimport.h"

#include "apiclient.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QProgressBar>
#include <QPushButton>
#include <QTimer>

namespace dc::ui {

ShopImportBar::ShopImportBar(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    m_shop = new QComboBox(this);
    m_shop->setObjectName(QStringLiteral("importShop"));
    m_shop->setVisible(false);
    m_button = new QPushButton(tr("Import from Shopify"), this);
    m_button->setObjectName(QStringLiteral("importFromShopify"));
    m_importTip = tr("Every product and variant of the shop, then its open unfulfilled orders of "
                     "the last 30 days; running it again changes only what changed in Shopify");
    m_button->setToolTip(m_importTip);
    m_bar = new QProgressBar(this);
    m_bar->setObjectName(QStringLiteral("importProgress"));
    m_bar->setRange(0, 100);
    m_bar->setVisible(false);
    m_message = new QLabel(this);
    m_message->setObjectName(QStringLiteral("importMessage"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_shop);
    layout->addWidget(m_button);
    layout->addWidget(m_bar, 1);
    layout->addWidget(m_message, 2);
    m_poll = new QTimer(this);
    m_poll->setInterval(500);
    connect(m_poll, &QTimer::timeout, this, &ShopImportBar::poll);
    connect(m_button, &QPushButton::clicked, this, &ShopImportBar::start);
    updateButton();
}

void ShopImportBar::loadShops()
{
    m_api.get(QStringLiteral("/api/shops"), this, [this](const ApiReply &r) {
        const QString current = m_shop->currentText();
        m_shop->clear();
        if (!r.ok()) {
            m_shop->setVisible(false);
            m_button->setToolTip(r.status == 403
                                     ? tr("Only an administrator sees the shops to import from")
                                     : tr("Shops unavailable: %1").arg(r.error));
            updateButton();
            return;
        }
        for (const QJsonValue &v : r.json.value(QStringLiteral("shops")).toArray())
            if (v.toObject().value(QStringLiteral("active")).toBool(true))
                m_shop->addItem(v.toObject().value(QStringLiteral("domain")).toString());
        if (const int i = m_shop->findText(current); i >= 0)
            m_shop->setCurrentIndex(i);
        // One shop needs no choosing.
        m_shop->setVisible(m_shop->count() > 1);
        m_button->setToolTip(m_shop->count() > 0 ? m_importTip
                                                 : tr("Connect a shop in Settings first"));
        updateButton();
    });
}

void ShopImportBar::showEvent(QShowEvent *event)
{
    QWidget::showEvent(event);
    loadShops(); // a shop may have been connected since
}

void ShopImportBar::setPermissions(const QStringList &permissions)
{
    m_canWrite = permissions.contains(QStringLiteral("catalog.write"));
    updateButton();
}

void ShopImportBar::updateButton()
{
    m_button->setEnabled(m_canWrite && m_task == 0 && m_shop->count() > 0);
    m_shop->setEnabled(m_task == 0);
}

QString ShopImportBar::message() const
{
    return m_message->text();
}

void ShopImportBar::start()
{
    const QString shop = m_shop->currentText();
    if (shop.isEmpty() || m_task > 0)
        return;
    m_task = -1; // asked for: no second click meanwhile
    updateButton();
    m_bar->setValue(0);
    m_bar->setVisible(true);
    m_message->setText(tr("Importing from %1…").arg(shop));
    m_api.send("POST", QStringLiteral("/api/shops/%1/import").arg(shop), {}, this,
               [this](const ApiReply &r) {
                   if (!r.ok()) {
                       m_task = 0;
                       m_bar->setVisible(false);
                       m_message->setText(tr("Import not started: %1").arg(r.error));
                       updateButton();
                       return;
                   }
                   m_task = r.json.value(QStringLiteral("task_id")).toInteger();
                   m_poll->start();
               });
}

void ShopImportBar::poll()
{
    if (m_task <= 0)
        return;
    m_api.get(QStringLiteral("/api/tasks/%1").arg(m_task), this,
              [this](const ApiReply &r) { follow(r); });
}

void ShopImportBar::follow(const ApiReply &r)
{
    if (!r.ok() || m_task <= 0)
        return; // asked again at the next tick
    const QString state = r.json.value(QStringLiteral("state")).toString();
    m_bar->setValue(r.json.value(QStringLiteral("progress")).toInt());
    if (state == QLatin1String("queued") || state == QLatin1String("running") ||
        state == QLatin1String("failed")) { // failed: waiting for its next attempt
        const QString error = r.json.value(QStringLiteral("error")).toString();
        m_message->setText(state == QLatin1String("failed")
                               ? tr("Import interrupted, trying again: %1").arg(error)
                               : tr("Importing…"));
        return;
    }
    m_poll->stop();
    m_task = 0;
    updateButton();
    if (state != QLatin1String("succeeded")) {
        m_bar->setVisible(false);
        m_message->setText(
            state == QLatin1String("cancelled")
                ? tr("Import cancelled.")
                : tr("Import failed: %1").arg(r.json.value(QStringLiteral("error")).toString()));
        return;
    }
    const QJsonObject result = r.json.value(QStringLiteral("result")).toObject();
    const QJsonObject products = result.value(QStringLiteral("products")).toObject();
    const QJsonObject orders = result.value(QStringLiteral("orders")).toObject();
    m_bar->setValue(100);
    m_message->setText(tr("Imported %n product(s) (%1 new, %2 changed); open orders: %3.", nullptr,
                          products.value(QStringLiteral("read")).toInt())
                           .arg(products.value(QStringLiteral("created")).toInt())
                           .arg(products.value(QStringLiteral("updated")).toInt())
                           .arg(orders.value(QStringLiteral("read")).toInt()));
    emit imported();
}

} // namespace dc::ui
