// SPDX-License-Identifier: GPL-3.0-or-later
#include "setup/setupguide.h"

#include "agents/crew.h"
#include "agents/integrations.h"
#include "catalog/offerservice.h"
#include "catalog/variantmapping.h"
#include "core/logging.h"
#include "orders/margin.h"
#include "shopify/shopregistry.h"
#include "storage/catalogrepository.h"
#include "storage/mappingrepository.h"
#include "storage/sqlutil.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QRegularExpression>

namespace dc::setup {

using storage::DbError;
using storage::DbResult;
using storage::exec;
using storage::WriteContext;

namespace {

const QString kAdminPassword = QStringLiteral("admin_password");
const QString kShopifyStore = QStringLiteral("shopify_store");
const QString kAliExpressAccount = QStringLiteral("aliexpress_account");
const QString kProductMapping = QStringLiteral("product_mapping");
const QString kTestOrder = QStringLiteral("test_order");

dc::Error invalid(const QString &field, const QString &reason)
{
    return dc::Error{dc::Error::Kind::Invalid, reason, QString(), field};
}

Step missingStep(const QString &name, QList<Missing> missing, const QString &how,
                 QJsonObject detail = {})
{
    Step s;
    s.name = name;
    s.state = missing.isEmpty() ? StepState::Done : StepState::Missing;
    s.missing = std::move(missing);
    s.how = how;
    s.detail = std::move(detail);
    return s;
}

QJsonObject check(const QString &name, bool ok, const QString &detail, bool warning = false)
{
    return {{QStringLiteral("check"), name},
            {QStringLiteral("ok"), ok},
            {QStringLiteral("warning"), warning},
            {QStringLiteral("detail"), detail}};
}

qint64 countOf(DbResult<QSqlQuery> &q)
{
    return q->next() ? q->value(0).toLongLong() : 0;
}

} // namespace

QString stepStateName(StepState s)
{
    switch (s) {
    case StepState::Done:
        return QStringLiteral("done");
    case StepState::Skipped:
        return QStringLiteral("skipped");
    case StepState::Missing:
        break;
    }
    return QStringLiteral("missing");
}

QJsonObject Missing::toJson() const
{
    QJsonObject o = params;
    o.insert(QStringLiteral("code"), code);
    o.insert(QStringLiteral("message"), message);
    return o;
}

QJsonObject Step::toJson() const
{
    QJsonArray lacking;
    for (const Missing &m : missing)
        lacking.append(m.toJson());
    return {
        {QStringLiteral("step"), name},
        {QStringLiteral("state"), stepStateName(state)},
        {QStringLiteral("missing"), lacking},
        {QStringLiteral("how"), how},
        {QStringLiteral("skipped_at"),
         skippedAt.isValid() ? QJsonValue(skippedAt.toString(Qt::ISODate)) : QJsonValue()},
        {QStringLiteral("skipped_by"), skippedAt.isValid() ? QJsonValue(skippedBy) : QJsonValue()},
        {QStringLiteral("detail"), detail}};
}

SetupGuide::SetupGuide(storage::Store &store, const shopify::ShopRegistry &shops,
                       agents::Crew &crew, const catalog::VariantMapping &mapping,
                       agents::OrderManagerSettings settings)
    : m_store(store)
    , m_shops(shops)
    , m_crew(crew)
    , m_mapping(mapping)
    , m_settings(std::move(settings))
{}

const QStringList &SetupGuide::stepNames()
{
    // Literals, not the constants above: callers in other files may ask during their own
    // static initialisation, before this file's.
    static const QStringList names{QStringLiteral("admin_password"),
                                   QStringLiteral("shopify_store"),
                                   QStringLiteral("aliexpress_account"),
                                   QStringLiteral("product_mapping"), QStringLiteral("test_order")};
    return names;
}

Result<Step> SetupGuide::adminPassword(QSqlDatabase db) const
{
    auto q = exec(db, QStringLiteral("SELECT id, password_generated FROM users WHERE role = "
                                     "'admin' AND disabled = 0 ORDER BY password_generated, id"));
    if (!q)
        return std::unexpected(q.error());
    QList<Missing> missing;
    QJsonObject detail;
    if (!q->next())
        missing << Missing{QStringLiteral("admin_disabled"),
                           QStringLiteral("no administrator can log in: every admin user is "
                                          "disabled"),
                           {}};
    else if (q->value(1).toInt() != 0) {
        missing << Missing{QStringLiteral("password_generated"),
                           QStringLiteral("the administrator's password is the one generated at "
                                          "the first start: choose one of your own"),
                           {}};
        detail.insert(QStringLiteral("user_id"), q->value(0).toLongLong());
    }
    return missingStep(kAdminPassword, missing,
                       QStringLiteral("PATCH /api/users/{id} {password} (12 to 256 characters)"),
                       detail);
}

Result<Step> SetupGuide::shopifyStore(QSqlDatabase db) const
{
    auto shops = m_shops.shops(db);
    if (!shops)
        return std::unexpected(shops.error());
    QList<Missing> missing;
    QJsonArray list;
    int active = 0;
    for (const shopify::Shop &s : *shops) {
        if (!s.active)
            continue;
        ++active;
        list.append(QJsonObject{{QStringLiteral("domain"), s.domain},
                                {QStringLiteral("mode"), s.polling() ? QStringLiteral("polling")
                                                                     : QStringLiteral("webhooks")},
                                {QStringLiteral("health"), s.health}});
        const auto lack = [&](const char *code, const QString &text, QJsonObject params) {
            params.insert(QStringLiteral("shop"), s.domain);
            missing << Missing{QLatin1String(code), s.domain + QStringLiteral(": ") + text, params};
        };
        if (!s.hasAccessToken) {
            lack("no_token",
                 QStringLiteral("no Admin API access token (a custom app's, shpat_...)"), {});
            continue;
        }
        if (!s.scopesCheckedAt.isValid())
            lack("scopes_unchecked", QStringLiteral("the token's scopes have not been checked yet"),
                 {});
        else if (const QStringList lacking = s.missingScopes(); !lacking.isEmpty())
            lack("scopes_missing",
                 QStringLiteral("the token lacks the scopes %1: grant them in the app's "
                                "configuration and install it again")
                     .arg(lacking.join(QStringLiteral(", "))),
                 {{QStringLiteral("scopes"), QJsonArray::fromStringList(lacking)}});
        if (s.health == QLatin1String("unauthorized") || s.health == QLatin1String("forbidden"))
            lack("token_refused", QStringLiteral("Shopify refuses the token (%1)").arg(s.health),
                 {{QStringLiteral("health"), s.health}});
        if (!s.polling() && !s.hasWebhookSecret)
            lack("no_webhook_secret",
                 QStringLiteral("no webhook secret (the app's client secret): Shopify's webhooks "
                                "would be refused"),
                 {});
    }
    if (active == 0)
        missing << Missing{
            QStringLiteral("no_shop"), QStringLiteral("no Shopify store is connected"), {}};
    return missingStep(kShopifyStore, missing,
                       QStringLiteral("PUT /api/shops/{domain} {access_token, webhook_secret, "
                                      "public_url?}; POST /api/shops/{domain}/check; POST "
                                      "/api/shops/{domain}/import"),
                       {{QStringLiteral("shops"), list}});
}

Result<Step> SetupGuide::aliexpressAccount() const
{
    auto status = m_crew.integrations().aliexpressStatus(m_crew.aliexpress().health(),
                                                         m_crew.aliexpress().now());
    if (!status)
        return std::unexpected(dc::Error{dc::Error::Kind::Unavailable, status.error()});
    QList<Missing> missing;
    if (status->value(QStringLiteral("app_key")).toString().isEmpty() ||
        !status->value(QStringLiteral("has_app_secret")).toBool())
        missing << Missing{QStringLiteral("no_app_key"),
                           QStringLiteral("no AliExpress app key and secret (the Open Platform "
                                          "console's app)"),
                           {}};
    else if (status->value(QStringLiteral("needs_authorization")).toBool())
        missing << Missing{QStringLiteral("not_authorised"),
                           QStringLiteral("the seller has not authorised the app, or the "
                                          "authorisation has lapsed"),
                           {}};
    QJsonObject detail;
    for (const char *key : {"access_expires_at", "refresh_expires_at"})
        detail.insert(QLatin1String(key), status->value(QLatin1String(key)));
    return missingStep(kAliExpressAccount, missing,
                       QStringLiteral("PUT /api/integrations/aliexpress {app_key, app_secret}; "
                                      "GET /api/integrations/aliexpress/authorize-url; POST "
                                      "/api/integrations/aliexpress/token {code, state}"),
                       detail);
}

Result<Step> SetupGuide::productMapping(QSqlDatabase db) const
{
    auto variants = exec(db, QStringLiteral("SELECT COUNT(*) FROM variants v JOIN products p ON "
                                            "p.id = v.product_id WHERE p.status <> 'archived'"));
    if (!variants)
        return std::unexpected(variants.error());
    int unmapped = 0;
    if (auto u = storage::MappingRepository().unmapped(db, 1, &unmapped); !u)
        return std::unexpected(u.error());
    auto held = exec(db, QStringLiteral("SELECT COUNT(*) FROM orders WHERE status = 'on_hold' "
                                        "AND hold_reason = 'unmapped_item'"));
    if (!held)
        return std::unexpected(held.error());
    const qint64 total = countOf(variants), waiting = countOf(held);
    QList<Missing> missing;
    if (total == 0)
        missing << Missing{QStringLiteral("catalog_empty"),
                           QStringLiteral("the catalog is empty: import the store's products"),
                           {}};
    else if (unmapped > 0)
        missing << Missing{QStringLiteral("unmapped"),
                           QStringLiteral("%1 of %2 variants have no AliExpress offer; %3 orders "
                                          "wait for one")
                               .arg(unmapped)
                               .arg(total)
                               .arg(waiting),
                           {{QStringLiteral("unmapped"), unmapped},
                            {QStringLiteral("variants"), total},
                            {QStringLiteral("waiting"), waiting}}};
    return missingStep(kProductMapping, missing,
                       QStringLiteral("GET /api/variants/unmapped; POST /api/variants/{id}/map "
                                      "{product (an AliExpress page URL or id), sku_id?}"),
                       {{QStringLiteral("variants"), total},
                        {QStringLiteral("unmapped"), unmapped},
                        {QStringLiteral("waiting_orders"), waiting}});
}

Result<Step> SetupGuide::lastTestOrder(QSqlDatabase db) const
{
    auto q =
        exec(db, QStringLiteral("SELECT result FROM setup_steps WHERE step = ?"), {kTestOrder});
    if (!q)
        return std::unexpected(q.error());
    const QJsonObject last =
        q->next() ? QJsonDocument::fromJson(q->value(0).toByteArray()).object() : QJsonObject();
    QList<Missing> missing;
    if (last.isEmpty())
        missing << Missing{
            QStringLiteral("not_run"), QStringLiteral("no test order has been run"), {}};
    else if (!last.value(QStringLiteral("ok")).toBool())
        for (const QJsonValue &c : last.value(QStringLiteral("checks")).toArray())
            if (!c[QStringLiteral("ok")].toBool())
                missing << Missing{QStringLiteral("failed"),
                                   QStringLiteral("the last test order failed: %1")
                                       .arg(c[QStringLiteral("detail")].toString()),
                                   {{QStringLiteral("check"), c[QStringLiteral("check")]},
                                    {QStringLiteral("detail"), c[QStringLiteral("detail")]}}};
    return missingStep(kTestOrder, missing,
                       QStringLiteral("POST /api/setup/test-order {variant_id?, country?, "
                                      "quantity?}: a dry run, nothing is bought"),
                       last.isEmpty() ? QJsonObject()
                                      : QJsonObject{{QStringLiteral("last"), last}});
}

Result<Step> SetupGuide::step(const QString &name) const
{
    QSqlDatabase db = m_store.reader();
    Result<Step> s;
    if (name == kAdminPassword)
        s = adminPassword(db);
    else if (name == kShopifyStore)
        s = shopifyStore(db);
    else if (name == kAliExpressAccount)
        s = aliexpressAccount();
    else if (name == kProductMapping)
        s = productMapping(db);
    else if (name == kTestOrder)
        s = lastTestOrder(db);
    else
        return std::unexpected(
            invalid(QStringLiteral("step"), QStringLiteral("one of ") + stepNames().join(u", ")));
    if (!s || s->state == StepState::Done)
        return s;
    auto q = exec(db,
                  QStringLiteral("SELECT skipped_at, skipped_by FROM setup_steps WHERE step = ? "
                                 "AND skipped_at IS NOT NULL"),
                  {name});
    if (!q)
        return std::unexpected(q.error());
    if (q->next()) {
        s->state = StepState::Skipped;
        s->skippedAt = storage::utcFromMs(q->value(0));
        s->skippedBy = q->value(1).toString();
    }
    return s;
}

Result<QList<Step>> SetupGuide::steps() const
{
    QList<Step> out;
    for (const QString &name : stepNames()) {
        auto s = step(name);
        if (!s)
            return std::unexpected(s.error());
        out << *s;
    }
    return out;
}

Result<Step> SetupGuide::skip(const QString &name, const QString &actor)
{
    auto now = step(name); // an unknown name: the error naming the steps
    if (!now)
        return now;
    if (now->state == StepState::Done) // a skip would hide the step when it is undone later
        return std::unexpected(dc::Error{dc::Error::Kind::Conflict,
                                         QStringLiteral("the step %1 is done").arg(name),
                                         QStringLiteral("STEP_DONE"), QStringLiteral("step")});
    auto w = m_store.writeAndWait<bool>([&](WriteContext &c) -> DbResult<bool> {
        auto q = exec(c.db(),
                      QStringLiteral("INSERT INTO setup_steps (step, skipped_at, skipped_by) "
                                     "VALUES (?, ?, ?) ON CONFLICT (step) DO UPDATE SET "
                                     "skipped_at = excluded.skipped_at, skipped_by = "
                                     "excluded.skipped_by"),
                      {name, storage::nowMs(), actor});
        return q ? DbResult<bool>(true) : std::unexpected(q.error());
    });
    if (!w)
        return std::unexpected(w.error());
    qCInfo(lcSetup).noquote() << "step" << name << "skipped by" << actor;
    return step(name);
}

Result<Step> SetupGuide::resume(const QString &name)
{
    if (!stepNames().contains(name))
        return step(name);
    auto w = m_store.writeAndWait<bool>([&](WriteContext &c) -> DbResult<bool> {
        auto q = exec(c.db(),
                      QStringLiteral("UPDATE setup_steps SET skipped_at = NULL, skipped_by = '' "
                                     "WHERE step = ?"),
                      {name});
        return q ? DbResult<bool>(true) : std::unexpected(q.error());
    });
    if (!w)
        return std::unexpected(w.error());
    return step(name);
}

Result<QJsonObject> SetupGuide::testOrder(const TestOrder &r) const
{
    if (r.quantity < 1 || r.quantity > 100)
        return std::unexpected(invalid(QStringLiteral("quantity"), QStringLiteral("1 to 100")));
    QSqlDatabase db = m_store.reader();
    const storage::CatalogRepository catalog;
    qint64 variantId = r.variantId;
    if (variantId <= 0) {
        auto ids = storage::selectIds(
            db, QStringLiteral("SELECT v.id FROM variants v JOIN products p ON p.id = "
                               "v.product_id WHERE p.status <> 'archived' AND EXISTS (SELECT 1 "
                               "FROM supplier_offers so JOIN suppliers s ON s.id = "
                               "so.supplier_id WHERE so.variant_id = v.id AND s.active = 1) "
                               "ORDER BY v.id LIMIT 1"));
        if (!ids)
            return std::unexpected(ids.error());
        if (ids->isEmpty())
            return std::unexpected(invalid(QStringLiteral("variant_id"),
                                           QStringLiteral("no variant has a supplier offer yet: "
                                                          "map one first")));
        variantId = ids->first();
    }
    auto ref = catalog.variantRef(db, variantId);
    if (!ref)
        return std::unexpected(ref.error());
    if (!ref->has_value())
        return std::unexpected(
            invalid(QStringLiteral("variant_id"), QStringLiteral("no variant %1").arg(variantId)));
    const Variant &v = (*ref)->variant;
    auto all = catalog.offersForVariant(db, variantId);
    if (!all)
        return std::unexpected(all.error());

    QString country = r.country.trimmed().toUpper();
    if (country.isEmpty()) {
        if (auto main = m_mapping.mainCountries(); main && !main->isEmpty())
            country = main->first();
        else
            for (const SupplierOffer &o : *all)
                if (!o.shipsTo.isEmpty()) {
                    country = o.shipsTo.first();
                    break;
                }
    }
    if (country.isEmpty())
        return std::unexpected(invalid(QStringLiteral("country"),
                                       QStringLiteral("no order says where customers live yet: "
                                                      "give the country to ship to")));
    static const QRegularExpression iso(QStringLiteral("^[A-Z]{2}$"));
    if (!iso.match(country).hasMatch())
        return std::unexpected(invalid(QStringLiteral("country"),
                                       QStringLiteral("an ISO 3166 country code such as FR")));

    const QString currency = v.price.currency;
    QJsonArray checks;
    QJsonObject report{{QStringLiteral("placed"), false},
                       {QStringLiteral("variant"),
                        QJsonObject{{QStringLiteral("id"), v.id},
                                    {QStringLiteral("title"), v.title},
                                    {QStringLiteral("sku"), v.sku},
                                    {QStringLiteral("product_title"), (*ref)->productTitle},
                                    {QStringLiteral("price_minor"), v.price.minor}}},
                       {QStringLiteral("country"), country},
                       {QStringLiteral("quantity"), r.quantity},
                       {QStringLiteral("currency"), currency}};
    // Ends the report: ok when every check is (warnings do not stop a real order).
    const auto finish = [&]() -> Result<QJsonObject> {
        bool ok = true;
        for (const QJsonValue &c : std::as_const(checks))
            ok = ok && c[QStringLiteral("ok")].toBool();
        report.insert(QStringLiteral("ok"), ok);
        report.insert(QStringLiteral("checks"), checks);
        report.insert(QStringLiteral("at"),
                      QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs));
        const QByteArray kept = QJsonDocument(report).toJson(QJsonDocument::Compact);
        auto w = m_store.writeAndWait<bool>([&](WriteContext &c) -> DbResult<bool> {
            auto q = exec(c.db(),
                          QStringLiteral("INSERT INTO setup_steps (step, result, result_at) "
                                         "VALUES (?, ?, ?) ON CONFLICT (step) DO UPDATE SET "
                                         "result = excluded.result, result_at = "
                                         "excluded.result_at"),
                          {kTestOrder, QString::fromUtf8(kept), storage::nowMs()});
            return q ? DbResult<bool>(true) : std::unexpected(q.error());
        });
        if (!w)
            return std::unexpected(w.error());
        qCInfo(lcSetup).noquote() << "test order of variant" << v.id << "to" << country
                                  << (ok ? "would go through" : "would not go through");
        return report;
    };

    // The offer, as prepare_supplier_order chooses it.
    QList<SupplierOffer> offers;
    for (const SupplierOffer &o : *all)
        if (o.shipsTo.isEmpty() || o.shipsTo.contains(country))
            offers << o;
    QStringList skipped;
    const SupplierOffer *offer = catalog::chooseOffer(offers, currency, r.quantity, &skipped);
    if (!offer) {
        checks.append(
            check(QStringLiteral("offer"), false,
                  offers.isEmpty()
                      ? QStringLiteral("no supplier offer of the variant ships to %1").arg(country)
                      : QStringLiteral("no offer can take it: %1")
                            .arg(skipped.join(QStringLiteral("; ")))));
        return finish();
    }
    report.insert(QStringLiteral("offer_id"), offer->id);
    checks.append(check(QStringLiteral("offer"), true,
                        QStringLiteral("offer %1: AliExpress product %2, SKU %3")
                            .arg(offer->id)
                            .arg(offer->supplierProductId, offer->supplierSkuId)));

    // What AliExpress says of that product and SKU now.
    aliexpress::AliExpressClient &ae = m_crew.aliexpress();
    auto product = ae.product(offer->supplierProductId, country, currency);
    if (!product) {
        checks.append(check(QStringLiteral("supplier_product"), false,
                            QStringLiteral("AliExpress: %1 (%2)")
                                .arg(product.error().message, product.error().code)));
        return finish();
    }
    const auto sku =
        std::find_if(product->skus.cbegin(), product->skus.cend(),
                     [&](const aliexpress::SkuInfo &s) { return s.skuId == offer->supplierSkuId; });
    if (sku == product->skus.cend()) {
        checks.append(check(QStringLiteral("supplier_product"), false,
                            QStringLiteral("the product no longer lists SKU %1: map the variant "
                                           "again")
                                .arg(offer->supplierSkuId)));
        return finish();
    }
    checks.append(check(QStringLiteral("supplier_product"), true,
                        QStringLiteral("\"%1\" is sold").arg(product->title)));
    checks.append(check(QStringLiteral("supplier_stock"), sku->stock >= r.quantity,
                        QStringLiteral("%1 in stock at AliExpress").arg(sku->stock)));
    checks.append(check(QStringLiteral("sku_attr"), !sku->skuAttr.isEmpty(),
                        sku->skuAttr.isEmpty()
                            ? QStringLiteral("AliExpress gives no attribute string for the SKU")
                            : QStringLiteral("ordered as %1").arg(sku->skuAttr)));
    const qint64 cost = sku->price.minor * r.quantity;
    if (sku->price.currency == offer->cost.currency && sku->price.minor > offer->cost.minor)
        checks.append(check(QStringLiteral("supplier_price"), true,
                            QStringLiteral("AliExpress now asks %1 minor units a unit, the offer "
                                           "says %2")
                                .arg(sku->price.minor)
                                .arg(offer->cost.minor),
                            true));

    // The delivery: the configured service when AliExpress offers it, else the cheapest.
    auto freight =
        ae.freight(offer->supplierProductId, offer->supplierSkuId, r.quantity, country, currency);
    if (!freight || freight->isEmpty()) {
        checks.append(
            check(QStringLiteral("shipping"), false,
                  freight ? QStringLiteral("AliExpress does not deliver it to %1").arg(country)
                          : QStringLiteral("AliExpress: %1 (%2)")
                                .arg(freight.error().message, freight.error().code)));
        return finish();
    }
    const auto chosen =
        std::find_if(freight->cbegin(), freight->cend(), [&](const aliexpress::FreightOption &o) {
            return o.code == m_settings.logisticsService;
        });
    const aliexpress::FreightOption &ship = chosen != freight->cend() ? *chosen : freight->first();
    checks.append(check(
        QStringLiteral("shipping"), true,
        QStringLiteral("%1, %2 to %3 days").arg(ship.code).arg(ship.minDays).arg(ship.maxDays)));
    report.insert(QStringLiteral("would_order"),
                  QJsonObject{{QStringLiteral("product_id"), offer->supplierProductId},
                              {QStringLiteral("sku_id"), offer->supplierSkuId},
                              {QStringLiteral("sku_attr"), sku->skuAttr},
                              {QStringLiteral("quantity"), r.quantity},
                              {QStringLiteral("logistics_service"), ship.code},
                              {QStringLiteral("cost_minor"), cost},
                              {QStringLiteral("shipping_minor"), ship.fee.minor}});

    if (sku->price.currency != currency || ship.fee.currency != currency) {
        checks.append(check(
            QStringLiteral("margin"), true,
            QStringLiteral("AliExpress answered in %1, the variant sells in %2: "
                           "no margin computed")
                .arg(sku->price.currency != currency ? sku->price.currency : ship.fee.currency,
                     currency),
            true));
        return finish();
    }
    // The margin guard's figure for an order of just this line at the store's price.
    const orders::Margin margin = orders::Margin::ofOrder(v.price.minor * r.quantity, 0, cost,
                                                          ship.fee.minor, m_settings.feePolicy());
    report.insert(QStringLiteral("margin"), margin.toJson());
    const bool low = margin.below(m_settings.minMarginBasisPoints);
    checks.append(check(QStringLiteral("margin"), true,
                        low ? QStringLiteral("%1 %: below %2 %, a real order would wait for an "
                                             "operator's approval")
                                  .arg(margin.percent())
                                  .arg(m_settings.minMarginBasisPoints / 100.0)
                            : QStringLiteral("%1 %").arg(margin.percent()),
                        low));
    return finish();
}

} // namespace dc::setup
