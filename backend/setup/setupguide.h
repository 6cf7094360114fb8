// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The first hour of a real operator, as steps read from what is there: the administrator's own
// password, a Shopify store connected, the AliExpress account authorised, the store's variants
// mapped to AliExpress SKUs, and a test order. A step is done, missing (saying what is missing
// and how to do it) or skipped by an operator (kept in the store until resumed, on every
// instance). The desktop's assistant, `dropcrew setup` and GET /api/setup read the same steps.
//
// The test order is a dry run of a real order of one variant: the offer chosen as the Order
// Manager chooses it, the AliExpress product, SKU, stock and shipping read live, the margin
// computed as the margin guard does. Nothing is bought and no order is stored.
#include "agents/settings.h"
#include "core/error.h"
#include "storage/store.h"

#include <QDateTime>
#include <QJsonObject>
#include <QStringList>

namespace dc::agents {
class Crew;
}
namespace dc::catalog {
class VariantMapping;
}
namespace dc::shopify {
class ShopRegistry;
}

namespace dc::setup {

enum class StepState { Done, Missing, Skipped };
QString stepStateName(StepState s);

// One thing a step lacks: a stable code with its figures (clients say it in their language) and
// the sentence in English.
struct Missing
{
    QString code; // password_generated, no_shop, scopes_missing, unmapped, ...
    QString message;
    QJsonObject params; // shop, scopes, unmapped, variants, waiting, check, detail...
    QJsonObject toJson() const;
};

struct Step
{
    QString name; // one of SetupGuide::stepNames()
    StepState state = StepState::Missing;
    QList<Missing> missing; // kept while skipped
    QString how;            // the API calls that do it
    QDateTime skippedAt;
    QString skippedBy;
    QJsonObject detail; // the step's figures (shops and their mode, unmapped variants, ...)
    QJsonObject toJson() const;
};

class SetupGuide
{
public:
    SetupGuide(storage::Store &store, const shopify::ShopRegistry &shops, agents::Crew &crew,
               const catalog::VariantMapping &mapping, agents::OrderManagerSettings settings);

    // admin_password, shopify_store, aliexpress_account, product_mapping, test_order.
    static const QStringList &stepNames();

    Result<QList<Step>> steps() const;
    // A step skipped stays so until resumed; done steps stay done. Invalid (field "step") for a
    // name that is not a step.
    Result<Step> skip(const QString &step, const QString &actor);
    Result<Step> resume(const QString &step);

    struct TestOrder
    {
        qint64 variantId = 0; // 0: the first variant with an offer
        QString country;      // empty: where most orders go, else the offer's first country
        int quantity = 1;
    };
    // The dry run's report {ok, placed: false, variant, country, quantity, currency, offer_id,
    // would_order, margin, checks: [{check, ok, warning, detail}]}; a failed check says why in
    // the report (200), not as an error. Invalid for a variant or country that cannot be used.
    // Calls AliExpress on the caller's thread. The report is kept as the step's result.
    Result<QJsonObject> testOrder(const TestOrder &request) const;

private:
    Result<Step> adminPassword(QSqlDatabase db) const;
    Result<Step> shopifyStore(QSqlDatabase db) const;
    Result<Step> aliexpressAccount() const;
    Result<Step> productMapping(QSqlDatabase db) const;
    Result<Step> lastTestOrder(QSqlDatabase db) const;
    Result<Step> step(const QString &name) const;

    storage::Store &m_store;
    const shopify::ShopRegistry &m_shops;
    agents::Crew &m_crew;
    const catalog::VariantMapping &m_mapping;
    agents::OrderManagerSettings m_settings;
};

} // namespace dc::setup
