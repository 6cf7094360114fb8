// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// What the agents can be told in dropcrew.ini ([order_manager], [aliexpress], [data_analyzer],
// [llm]); secrets never live here.
#include "orders/margin.h"

#include <QString>
#include <QStringList>

namespace dc::agents {

struct OrderManagerSettings
{
    int minMarginBasisPoints = 1000; // below 10 % of revenue an order waits for approval
    int feeBasisPoints = 290;        // payment fees: 2.9 % of the total...
    long long feeFixedMinor = 30;    // ...plus 0.30
    int stockAlertThreshold = 10;    // product.stock_alert when the best offer has less
    QString logisticsService;        // AliExpress logistics_service_name; empty: supplier default
    orders::FeePolicy feePolicy() const { return {feeFixedMinor, feeBasisPoints}; }
};

struct DataAnalyzerSettings
{
    int priceChangeBasisPoints = 500; // price.changed beyond 5 %
    int minOrdersForScore = 5;
};

struct ContentSettings
{
    QString llmUrl; // base URL of an OpenAI-compatible server; empty: templates only
    QString model;
    int timeoutMs = 60'000;
};

struct SmtpSettings
{
    QString url;  // smtp://host:587 or smtps://host:465; empty: notifications go through Shopify
    QString from; // the sender address
    QString username;
    bool requireTls = true; // STARTTLS required on smtp:// (off only for a local relay)
    QString language = QStringLiteral("en"); // en or fr
    int timeoutMs = 30'000;
    QStringList alertsTo; // operators mailed about alerts (alerts/alertservice.h)
};

struct CrewSettings
{
    OrderManagerSettings orderManager;
    DataAnalyzerSettings dataAnalyzer;
    ContentSettings content;
    SmtpSettings smtp;
    QString aliexpressUrl = QStringLiteral("https://api-sg.aliexpress.com");
    int aliexpressTimeoutMs = 30'000;
};

} // namespace dc::agents
