// SPDX-License-Identifier: GPL-3.0-or-later
#include "catalog/offerservice.h"

#include "events/eventbus.h"
#include "events/topics.h"
#include "storage/catalogrepository.h"
#include "storage/sqlutil.h"

namespace dc::catalog {

using storage::DbError;
using storage::DbResult;

namespace {
DbResult<qint64> publishOfferChanged(storage::WriteContext &w, events::EventBus &bus,
                                     qint64 variant, qint64 offer)
{
    return bus.append(w, events::EventDraft{QString(events::topics::kCatalogOfferChanged),
                                            {{QStringLiteral("variant_id"), variant},
                                             {QStringLiteral("offer_id"), offer}},
                                            QStringLiteral("variant:%1").arg(variant),
                                            QStringLiteral("api")});
}
} // namespace

const SupplierOffer *chooseOffer(const QList<SupplierOffer> &offers, const QString &currency,
                                 int quantity, QStringList *skipped)
{
    for (const SupplierOffer &offer : offers) {
        if (offer.cost.currency != currency)
            *skipped << QStringLiteral("offer %1 is priced in %2")
                            .arg(offer.id)
                            .arg(offer.cost.currency);
        else if (offer.stock < quantity)
            *skipped << QStringLiteral("offer %1 has %2 in stock").arg(offer.id).arg(offer.stock);
        else
            return &offer;
    }
    return nullptr;
}

DbResult<QList<SupplierOffer>> OfferService::offers(qint64 variantId) const
{
    return storage::CatalogRepository().offersForVariant(m_store.reader(), variantId);
}

DbResult<qint64> OfferService::map(const SupplierOffer &o) const
{
    return m_store.writeAndWait<qint64>([&](storage::WriteContext &w) -> DbResult<qint64> {
        auto v = storage::exec(w.db(), QStringLiteral("SELECT 1 FROM variants WHERE id = ?"),
                               {o.variantId});
        if (!v)
            return std::unexpected(v.error());
        if (!v->next())
            return std::unexpected(
                DbError{DbError::Kind::NotFound, QStringLiteral("no variant %1").arg(o.variantId)});
        auto s = storage::CatalogRepository().supplier(w.db(), o.supplierId);
        if (!s)
            return std::unexpected(s.error());
        if (!s->has_value())
            return std::unexpected(
                DbError{DbError::Kind::Invalid,
                        QStringLiteral("supplier_id: no supplier %1").arg(o.supplierId)});
        auto id = storage::CatalogRepository().upsertOffer(w, o);
        if (!id)
            return id;
        if (auto e = publishOfferChanged(w, m_bus, o.variantId, *id); !e)
            return std::unexpected(e.error());
        return id;
    });
}

DbResult<void> OfferService::remove(qint64 variantId, qint64 offerId) const
{
    auto done = m_store.writeAndWait<qint64>([&](storage::WriteContext &w) -> DbResult<qint64> {
        if (auto d = storage::CatalogRepository().removeOffer(w, variantId, offerId); !d)
            return std::unexpected(d.error());
        return publishOfferChanged(w, m_bus, variantId, offerId);
    });
    if (!done)
        return std::unexpected(done.error());
    return {};
}

} // namespace dc::catalog
