// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Which supplier offers a variant is sold from: mapped and removed here, each change published
// as catalog.offer_changed in its own transaction, so the desktop's catalog and supplier pages
// follow it on every instance.
#include "core/domain.h"
#include "storage/store.h"

namespace dc::events {
class EventBus;
}

namespace dc::catalog {

// The offer an order line is bought from, as the Order Manager chooses it: the first of
// `offers` (preferred first) priced in the order's currency with enough stock; nullptr when none
// is, with why each was passed over in `skipped`.
const SupplierOffer *chooseOffer(const QList<SupplierOffer> &offers, const QString &currency,
                                 int quantity, QStringList *skipped);

class OfferService
{
public:
    OfferService(storage::Store &store, events::EventBus &bus)
        : m_store(store)
        , m_bus(bus)
    {}
    storage::DbResult<QList<SupplierOffer>> offers(qint64 variantId) const;
    // Upsert by (variant, supplier, SKU): NotFound for an unknown variant; Invalid
    // ("supplier_id: ...") for an unknown supplier. Returns the offer's id.
    storage::DbResult<qint64> map(const SupplierOffer &offer) const;
    storage::DbResult<void> remove(qint64 variantId, qint64 offerId) const;

private:
    storage::Store &m_store;
    events::EventBus &m_bus;
};

} // namespace dc::catalog
