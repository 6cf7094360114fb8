// SPDX-License-Identifier: GPL-3.0-or-later
#include "kpitiles.h"

#include "apiclient.h"
#include "look.h"

#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QVBoxLayout>

namespace dc::ui {

KpiTile::KpiTile(const QString &caption, QWidget *parent)
    : QPushButton(parent)
    , m_value(new QLabel(QStringLiteral("–"), this))
    , m_caption(new QLabel(caption, this))
{
    QFont big = font();
    big.setPointSizeF(big.pointSizeF() * 1.6);
    big.setBold(true);
    m_value->setFont(big);
    for (QLabel *l : {m_value, m_caption}) {
        l->setAttribute(Qt::WA_TransparentForMouseEvents); // the click is the button's
        l->setAlignment(Qt::AlignLeft | Qt::AlignVCenter);
    }
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(10, 6, 10, 6);
    layout->setSpacing(0);
    layout->addWidget(m_value);
    layout->addWidget(m_caption);
    setMinimumSize(layout->sizeHint());
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setAccessibleName(caption);
}

void KpiTile::setValue(const QString &value, const QString &tone)
{
    m_value->setText(value);
    const QString colour =
        tone.isEmpty() ? QString()
                       : look::toneColour(look::toneOf(tone), look::isDark(palette())).name();
    m_value->setStyleSheet(colour.isEmpty() ? QString() : QStringLiteral("color: %1").arg(colour));
    setAccessibleDescription(value);
    setMinimumSize(layout()->sizeHint());
}

QString KpiTile::value() const
{
    return m_value->text();
}

KpiTiles::KpiTiles(QWidget *parent)
    : QWidget(parent)
{
    setObjectName(QStringLiteral("kpiTiles"));
    struct Def
    {
        const char *key;
        QString caption, tip, status;
        bool today;
    };
    const Def defs[] = {
        {"orders", tr("Orders today"), tr("Show today's orders"), {}, true},
        {"revenue", tr("Revenue today"), tr("Total less tax of today's orders"), {}, true},
        {"margin",
         tr("Margin today"),
         tr("Revenue less supplier cost, shipping and fees of today's orders sent to a supplier"),
         {},
         true},
        {"held", tr("Held"), tr("Orders on hold, waiting for an operator"),
         QStringLiteral("on_hold"), false},
        {"failed", tr("Failed"), tr("Orders whose processing failed"), QStringLiteral("failed"),
         false},
        {"in_transit", tr("In transit"), tr("Orders shipped, not delivered yet"),
         QStringLiteral("shipped"), false},
        {"ship_hours", tr("Hours to ship"),
         tr("Average hours from order to first shipment, orders of the last 30 days"),
         QStringLiteral("shipped"), false},
    };
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    for (const Def &d : defs) {
        auto *t = new KpiTile(d.caption, this);
        t->setObjectName(QStringLiteral("kpi_%1").arg(QLatin1String(d.key)));
        t->setToolTip(d.tip);
        connect(t, &QPushButton::clicked, this,
                [this, status = d.status, today = d.today] { emit activated(status, today); });
        layout->addWidget(t);
        m_tiles.append({QString::fromLatin1(d.key), t});
    }
}

KpiTile *KpiTiles::tile(const QString &key) const
{
    for (const auto &[k, t] : m_tiles)
        if (k == key)
            return t;
    return nullptr;
}

void KpiTiles::setSummary(const QJsonObject &s)
{
    const QLocale locale;
    const auto count = [&](const char *key) {
        return locale.toString(s.value(QLatin1String(key)).toInteger());
    };
    tile(QStringLiteral("orders"))->setValue(count("orders"));
    // The currency with the most revenue today; the others in the tooltip.
    const QJsonArray currencies = s.value(QStringLiteral("currencies")).toArray();
    const QJsonObject money = s.value(QStringLiteral("money")).toObject();
    QStringList revenues, margins;
    for (const QJsonValue &c : currencies) {
        const QJsonObject m = money.value(c.toString()).toObject();
        revenues << formatMoney(m.value(QStringLiteral("revenue_minor")).toInteger(), c.toString());
        margins << formatMoney(m.value(QStringLiteral("margin_minor")).toInteger(), c.toString());
    }
    tile(QStringLiteral("revenue"))->setValue(revenues.value(0, QStringLiteral("–")));
    tile(QStringLiteral("margin"))->setValue(margins.value(0, QStringLiteral("–")));
    // Every currency in the tooltip when there are several; the description otherwise.
    for (auto [key, list] : {std::pair{QStringLiteral("revenue"), &revenues},
                             std::pair{QStringLiteral("margin"), &margins}}) {
        KpiTile *t = tile(key);
        if (t->property("description").isNull())
            t->setProperty("description", t->toolTip());
        t->setToolTip(list->size() > 1 ? list->join(QLatin1Char('\n'))
                                       : t->property("description").toString());
    }
    const auto attention = [&](const char *key, const char *tone) {
        const qint64 n = s.value(QLatin1String(key)).toInteger();
        return std::pair{locale.toString(n), n > 0 ? QString::fromLatin1(tone) : QString()};
    };
    const auto [held, heldTone] = attention("held", "on_hold");
    tile(QStringLiteral("held"))->setValue(held, heldTone);
    const auto [failed, failedTone] = attention("failed_orders", "failed");
    tile(QStringLiteral("failed"))->setValue(failed, failedTone);
    tile(QStringLiteral("in_transit"))->setValue(count("in_transit"));
    const QJsonValue hours = s.value(QStringLiteral("avg_hours_to_ship"));
    tile(QStringLiteral("ship_hours"))
        ->setValue(hours.isDouble() ? locale.toString(hours.toDouble(), 'f', 1)
                                    : QStringLiteral("–"));
}

} // namespace dc::ui
