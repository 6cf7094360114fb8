// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/logging.h"

Q_LOGGING_CATEGORY(lcApp, "dropcrew.app", QtInfoMsg)
Q_LOGGING_CATEGORY(lcStore, "dropcrew.store", QtInfoMsg)
Q_LOGGING_CATEGORY(lcHttp, "dropcrew.http", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSecrets, "dropcrew.secrets", QtInfoMsg)
Q_LOGGING_CATEGORY(lcUi, "dropcrew.ui", QtInfoMsg)
Q_LOGGING_CATEGORY(lcEvents, "dropcrew.events", QtInfoMsg)
Q_LOGGING_CATEGORY(lcTasks, "dropcrew.tasks", QtInfoMsg)
Q_LOGGING_CATEGORY(lcWorkflows, "dropcrew.workflows", QtInfoMsg)
Q_LOGGING_CATEGORY(lcShopify, "dropcrew.shopify", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAgents, "dropcrew.agents", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAliExpress, "dropcrew.aliexpress", QtInfoMsg)
Q_LOGGING_CATEGORY(lcSetup, "dropcrew.setup", QtInfoMsg)
Q_LOGGING_CATEGORY(lcAlerts, "dropcrew.alerts", QtInfoMsg)
