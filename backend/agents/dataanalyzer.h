// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Data Analyzer agent: profitability per order, product, supplier and day; price.changed
// when a supplier cost moves beyond a threshold; supplier scores from real performance; a
// delivery-time estimate per supplier and destination from history.
#include "agents/agent.h"
#include "agents/ordermanager.h"

namespace dc::events {
class EventBus;
}

namespace dc::agents {

class DataAnalyzer
{
public:
    DataAnalyzer(storage::Store &store, events::EventBus &bus, OrderManagerSettings fees,
                 DataAnalyzerSettings settings);
    void registerActions(tasks::TaskManager &tasks);

    ActionResult profitability(tasks::TaskContext &ctx);
    ActionResult detectPriceChanges(tasks::TaskContext &ctx);
    ActionResult supplierScores(tasks::TaskContext &ctx);
    ActionResult deliveryEstimate(tasks::TaskContext &ctx);

private:
    storage::Store &m_store;
    events::EventBus &m_bus;
    OrderManagerSettings m_fees;
    DataAnalyzerSettings m_settings;
};

} // namespace dc::agents
