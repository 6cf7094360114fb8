// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The Admin API access scopes DropCrew needs of a shop's custom app, each with the calls and
// webhooks that need it: the one list the connection check compares a token's scopes with.
#include <QLatin1StringView>
#include <QList>
#include <QStringList>

namespace dc::shopify {

struct RequiredScope
{
    QLatin1StringView handle; // "read_orders"
    QLatin1StringView why;
};

QList<RequiredScope> requiredScopes();
// The required scopes `granted` lacks, in the list's order. A write scope grants its read scope.
QStringList missingScopes(const QStringList &granted);
// "write_inventory (setting stock in Shopify), ..." for a message.
QString describeScopes(const QStringList &handles);

} // namespace dc::shopify
