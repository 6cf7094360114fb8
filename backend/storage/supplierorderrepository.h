// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include "core/domain.h"
#include "storage/store.h"

namespace dc::storage {

// Supplier orders: one per (order, supplier), keyed for the supplier by out_order_id.
class SupplierOrderRepository
{
public:
    // Creates the row, or replaces the lines and costs of one not yet submitted. A row already
    // placed (or further) is left as it is: its id is returned with placed=true.
    struct Prepared
    {
        qint64 id = 0;
        bool placed = false;
    };
    DbResult<Prepared> prepare(WriteContext &ctx, const SupplierOrder &o) const;
    DbResult<std::optional<SupplierOrder>> get(QSqlDatabase db, qint64 id) const;
    DbResult<QList<SupplierOrder>> forOrder(QSqlDatabase db, qint64 orderId) const;
    // Still open at AliExpress (placed, shipped, a supplier problem, a cancellation asked
    // for): what tracking sync polls, least recently checked first.
    DbResult<QList<SupplierOrder>> open(QSqlDatabase db, int limit) const;
    // Every supplier order created in [from, to) (epoch ms), for analysis.
    DbResult<QList<SupplierOrder>> createdBetween(QSqlDatabase db, qint64 fromMs,
                                                  qint64 toMs) const;
    DbResult<QList<SupplierOrder>> all(QSqlDatabase db, int limit) const;
    // Asked for (submitting, or flagged cancel_requested since) without an answer seen, first
    // asked for between `afterMs` and `beforeMs`: least recently checked first.
    DbResult<QList<SupplierOrder>> unconfirmed(QSqlDatabase db, qint64 afterMs, qint64 beforeMs,
                                               int limit) const;
    // One of those found at AliExpress: its id recorded (a submitting one is placed, a flagged
    // one stays flagged). False when it changed meanwhile.
    DbResult<bool> confirm(WriteContext &ctx, qint64 id, const QString &supplierOrderId,
                           qint64 atMs) const;
    // An order's supplier orders when every one (but cancelled ones) is placed at AliExpress
    // and without a problem: what its move to supplier_ordered names. Empty otherwise.
    static QJsonArray allPlaced(const QList<SupplierOrder> &rows);
    // Status, supplier order id, error, what tracking read (supplier status, problem, last
    // error, checked_at) and the milestone times (kept once set).
    DbResult<void> update(WriteContext &ctx, const SupplierOrder &o) const;
    // Marked `submitting` just before AliExpress is asked to place it: from then on it may exist
    // there even when the answer is lost. Not marked when the row is no longer placeable
    // (dropped with a cancelled order, or placed). `again`: an earlier attempt asked for it
    // and saw no answer; `sinceMs` is when that first ask was marked (kept by later marks).
    struct Marked
    {
        bool marked = false;
        bool again = false;
        qint64 sinceMs = 0;
    };
    DbResult<Marked> markSubmitting(WriteContext &ctx, qint64 id) const;
    // AliExpress refused it (an answer, so nothing was created): back to `status` (prepared for
    // a retry, or failed), or cancelled when an operator's cancellation flagged it meanwhile;
    // unchanged when it was placed since.
    DbResult<bool> refused(WriteContext &ctx, qint64 id, const QString &status,
                           const QString &error) const;
    // An operator's cancellation of an order whose supplier order was asked for without an
    // answer: flagged cancel_requested, its first ask's time kept (updated_at).
    DbResult<bool> flagUnconfirmed(WriteContext &ctx, qint64 id) const;
    // A tracking look at `atMs` that failed (or went through, error empty) without changing
    // anything else (checked_at orders the next pass: least recently checked first).
    DbResult<void> recordCheck(WriteContext &ctx, qint64 id, const QString &error,
                               qint64 atMs) const;
    // A closed supplier order made ready to be placed again under a new out_order_id (the
    // closed AliExpress order is over; AliExpress keeps an out_order_id for about 24 h, so a
    // new one is needed). Conflict when it is not closed (any more).
    DbResult<void> replaceClosed(WriteContext &ctx, const SupplierOrder &o,
                                 const QString &outOrderId) const;

private:
    DbResult<QList<SupplierOrder>> query(QSqlDatabase db, const QString &where,
                                         const QVariantList &binds) const;
};

} // namespace dc::storage
