// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A product as an operator pastes it (a product page's URL or its id), read from AliExpress with
// its SKUs and the shipping to the shop's countries, and which SKU fits a store variant.
#include "aliexpress/aliexpressclient.h"

#include <QStringList>

namespace dc::aliexpress {

// The product id of an AliExpress product page (https://www.aliexpress.com/item/<id>.html, any
// country's site or m.aliexpress, with or without a query) or of a bare id; empty when the text
// is neither.
QString productIdFrom(const QString &urlOrId);

// The authorisation code and state of what an operator pastes after the consent page: the
// address the browser was sent back to (its code= and state=), or the code alone (no state).
std::pair<QString, QString> codeAndStateFrom(const QString &pasted);

// A variant title's option values: "Silver / M" -> {"Silver", "M"}.
QStringList optionValues(const QString &variantTitle);
// The SKU whose properties best match the variant's option values (by name or value, case
// apart; a whole value counts more than one containing it): its index, -1 when none matches
// anything. A product with one SKU suggests it.
int suggestSku(const QList<SkuInfo> &skus, const QStringList &optionValues);

struct CountryShipping
{
    QString country;
    QList<FreightOption> options; // cheapest first; empty: not delivered there
    QString error;                // AliExpress refused the quote (the options are then empty)
};

struct ProductLookup
{
    ProductInfo product;
    int suggested = -1;    // index in product.skus
    QString shippingSkuId; // the SKU the shipping was quoted for
    QList<CountryShipping> shipping;
};

// aliexpress.ds.product.get (prices in `currency`, for the first country), then
// aliexpress.ds.freight.query for one unit of skuId (empty: the suggested SKU, else the first
// in stock) to each country. A quote AliExpress refuses is said per country; a product it
// refuses, or no answer, is the error.
std::expected<ProductLookup, AeError>
lookUpProduct(AliExpressClient &client, const QString &productId, const QStringList &countries,
              const QString &currency, const QStringList &variantOptions,
              const QString &skuId = {});

} // namespace dc::aliexpress
