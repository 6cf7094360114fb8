// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Whether a shipping address can be delivered in its country: the rules the Order Manager
// holds an order on (address_incomplete) and the order pages show.
#include "core/domain.h"

#include <QStringList>
#include <optional>

namespace dc::orders {

// What is missing or malformed in an address for its country (empty: deliverable).
QStringList addressProblems(const std::optional<Address> &a);

} // namespace dc::orders
