// SPDX-License-Identifier: GPL-3.0-or-later
#include "look.h"

#include <QApplication>
#include <QCoreApplication>
#include <QHash>
#include <QPainter>
#include <QPainterPath>
#include <QSettings>
#include <QStyle>
#include <QStyleFactory>

namespace dc::ui::look {

namespace {

const char *const kThemeKey = "ui/theme";

// The platform's palette and style, kept from before the first change so "System" can go back.
struct Platform
{
    QPalette palette;
    QString style;
};
Platform &platform()
{
    static Platform p{QApplication::palette(),
                      QApplication::style() ? QApplication::style()->name() : QString()};
    return p;
}

QPalette lightPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0xf5, 0xf6, 0xf7));
    p.setColor(QPalette::WindowText, QColor(0x23, 0x26, 0x29));
    p.setColor(QPalette::Base, Qt::white);
    p.setColor(QPalette::AlternateBase, QColor(0xf0, 0xf2, 0xf4));
    p.setColor(QPalette::Text, QColor(0x23, 0x26, 0x29));
    p.setColor(QPalette::Button, QColor(0xef, 0xf0, 0xf1));
    p.setColor(QPalette::ButtonText, QColor(0x23, 0x26, 0x29));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, QColor(0xff, 0xff, 0xe1));
    p.setColor(QPalette::ToolTipText, Qt::black);
    p.setColor(QPalette::PlaceholderText, QColor(0x70, 0x77, 0x7d));
    p.setColor(QPalette::Link, QColor(0x29, 0x80, 0xb9));
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0xa0, 0xa4, 0xa8));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0xa0, 0xa4, 0xa8));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0xa0, 0xa4, 0xa8));
    return p;
}

QPalette darkPalette()
{
    QPalette p;
    p.setColor(QPalette::Window, QColor(0x2a, 0x2e, 0x32));
    p.setColor(QPalette::WindowText, QColor(0xef, 0xf0, 0xf1));
    p.setColor(QPalette::Base, QColor(0x1b, 0x1e, 0x20));
    p.setColor(QPalette::AlternateBase, QColor(0x23, 0x26, 0x29));
    p.setColor(QPalette::Text, QColor(0xef, 0xf0, 0xf1));
    p.setColor(QPalette::Button, QColor(0x31, 0x36, 0x3b));
    p.setColor(QPalette::ButtonText, QColor(0xef, 0xf0, 0xf1));
    p.setColor(QPalette::Highlight, QColor(0x3d, 0xae, 0xe9));
    p.setColor(QPalette::HighlightedText, Qt::white);
    p.setColor(QPalette::ToolTipBase, QColor(0x31, 0x36, 0x3b));
    p.setColor(QPalette::ToolTipText, QColor(0xef, 0xf0, 0xf1));
    p.setColor(QPalette::PlaceholderText, QColor(0x9a, 0xa0, 0xa6));
    p.setColor(QPalette::Link, QColor(0x5d, 0xb8, 0xf0));
    p.setColor(QPalette::BrightText, Qt::white);
    p.setColor(QPalette::Light, QColor(0x40, 0x45, 0x4a));
    p.setColor(QPalette::Midlight, QColor(0x38, 0x3d, 0x42));
    p.setColor(QPalette::Mid, QColor(0x25, 0x28, 0x2b));
    p.setColor(QPalette::Dark, QColor(0x18, 0x1a, 0x1c));
    p.setColor(QPalette::Shadow, Qt::black);
    p.setColor(QPalette::Disabled, QPalette::Text, QColor(0x6e, 0x73, 0x78));
    p.setColor(QPalette::Disabled, QPalette::WindowText, QColor(0x6e, 0x73, 0x78));
    p.setColor(QPalette::Disabled, QPalette::ButtonText, QColor(0x6e, 0x73, 0x78));
    return p;
}

struct StateInfo
{
    Tone tone;
    const char *label;
};

// One vocabulary for every kind of state the API reports; where two kinds share a word
// (failed, cancelled) they mean the same to the operator.
const QHash<QString, StateInfo> &states()
{
    static const QHash<QString, StateInfo> s = {
        // Orders
        {QStringLiteral("received"),
         {Tone::Waiting, QT_TRANSLATE_NOOP("dc::ui::State", "Received")}},
        {QStringLiteral("validated"),
         {Tone::Active, QT_TRANSLATE_NOOP("dc::ui::State", "Validated")}},
        {QStringLiteral("on_hold"),
         {Tone::Attention, QT_TRANSLATE_NOOP("dc::ui::State", "On hold")}},
        {QStringLiteral("supplier_ordered"),
         {Tone::Active, QT_TRANSLATE_NOOP("dc::ui::State", "Ordered from supplier")}},
        {QStringLiteral("shipped"), {Tone::Active, QT_TRANSLATE_NOOP("dc::ui::State", "Shipped")}},
        {QStringLiteral("delivered"),
         {Tone::Success, QT_TRANSLATE_NOOP("dc::ui::State", "Delivered")}},
        {QStringLiteral("failed"), {Tone::Failure, QT_TRANSLATE_NOOP("dc::ui::State", "Failed")}},
        {QStringLiteral("cancelled"),
         {Tone::Closed, QT_TRANSLATE_NOOP("dc::ui::State", "Cancelled")}},
        {QStringLiteral("refunded"),
         {Tone::Closed, QT_TRANSLATE_NOOP("dc::ui::State", "Refunded")}},
        // Runs, steps and tasks
        {QStringLiteral("pending"), {Tone::Waiting, QT_TRANSLATE_NOOP("dc::ui::State", "Pending")}},
        {QStringLiteral("queued"), {Tone::Waiting, QT_TRANSLATE_NOOP("dc::ui::State", "Queued")}},
        {QStringLiteral("running"), {Tone::Active, QT_TRANSLATE_NOOP("dc::ui::State", "Running")}},
        {QStringLiteral("retrying"),
         {Tone::Active, QT_TRANSLATE_NOOP("dc::ui::State", "Retrying")}},
        {QStringLiteral("succeeded"),
         {Tone::Success, QT_TRANSLATE_NOOP("dc::ui::State", "Succeeded")}},
        {QStringLiteral("dead"), {Tone::Failure, QT_TRANSLATE_NOOP("dc::ui::State", "Dead")}},
        {QStringLiteral("skipped"), {Tone::Closed, QT_TRANSLATE_NOOP("dc::ui::State", "Skipped")}},
        // Supplier orders and shipments
        {QStringLiteral("prepared"),
         {Tone::Waiting, QT_TRANSLATE_NOOP("dc::ui::State", "Prepared")}},
        {QStringLiteral("submitting"),
         {Tone::Active, QT_TRANSLATE_NOOP("dc::ui::State", "Submitting")}},
        {QStringLiteral("placed"), {Tone::Active, QT_TRANSLATE_NOOP("dc::ui::State", "Placed")}},
        {QStringLiteral("payment_failed"),
         {Tone::Attention, QT_TRANSLATE_NOOP("dc::ui::State", "Payment failed")}},
        {QStringLiteral("in_transit"),
         {Tone::Active, QT_TRANSLATE_NOOP("dc::ui::State", "In transit")}},
        {QStringLiteral("closed"), {Tone::Closed, QT_TRANSLATE_NOOP("dc::ui::State", "Closed")}},
        // Alerts and keys
        {QStringLiteral("open"), {Tone::Attention, QT_TRANSLATE_NOOP("dc::ui::State", "Open")}},
        {QStringLiteral("acknowledged"),
         {Tone::Closed, QT_TRANSLATE_NOOP("dc::ui::State", "Acknowledged")}},
        {QStringLiteral("active"), {Tone::Success, QT_TRANSLATE_NOOP("dc::ui::State", "Active")}},
        {QStringLiteral("revoked"), {Tone::Closed, QT_TRANSLATE_NOOP("dc::ui::State", "Revoked")}},
        {QStringLiteral("critical"),
         {Tone::Failure, QT_TRANSLATE_NOOP("dc::ui::State", "Critical")}},
        {QStringLiteral("warning"),
         {Tone::Attention, QT_TRANSLATE_NOOP("dc::ui::State", "Warning")}},
        {QStringLiteral("done"), {Tone::Success, QT_TRANSLATE_NOOP("dc::ui::State", "Done")}},
    };
    return s;
}

// The tone's shape, in the chip's text colour, inside a square of side d at (x, y).
void paintShape(QPainter *p, Tone tone, QRectF r, const QColor &c)
{
    QPen pen(c, std::max(1.5, r.width() / 6), Qt::SolidLine, Qt::RoundCap, Qt::RoundJoin);
    p->setPen(pen);
    p->setBrush(Qt::NoBrush);
    const QRectF in = r.adjusted(r.width() / 6, r.height() / 6, -r.width() / 6, -r.height() / 6);
    switch (tone) {
    case Tone::Waiting:
        p->drawEllipse(in);
        break;
    case Tone::Active:
        p->setBrush(c);
        p->drawEllipse(in);
        break;
    case Tone::Success: {
        QPainterPath path;
        path.moveTo(in.left(), in.center().y());
        path.lineTo(in.left() + in.width() * 0.4, in.bottom());
        path.lineTo(in.right(), in.top());
        p->drawPath(path);
        break;
    }
    case Tone::Attention: {
        QPolygonF tri;
        tri << QPointF(in.center().x(), in.top()) << in.bottomRight() << in.bottomLeft();
        p->setBrush(c);
        p->drawPolygon(tri);
        break;
    }
    case Tone::Failure:
        p->drawLine(in.topLeft(), in.bottomRight());
        p->drawLine(in.topRight(), in.bottomLeft());
        break;
    case Tone::Closed:
        p->drawLine(QPointF(in.left(), in.center().y()), QPointF(in.right(), in.center().y()));
        break;
    }
}

} // namespace

Theme savedTheme()
{
    const QString v = QSettings().value(QLatin1String(kThemeKey)).toString();
    return v == QLatin1String("light")  ? Theme::Light
           : v == QLatin1String("dark") ? Theme::Dark
                                        : Theme::System;
}

void saveTheme(Theme theme)
{
    QSettings().setValue(QLatin1String(kThemeKey), theme == Theme::Light ? QStringLiteral("light")
                                                   : theme == Theme::Dark
                                                       ? QStringLiteral("dark")
                                                       : QStringLiteral("system"));
}

void applyTheme(Theme theme)
{
    const Platform &native = platform();
    if (theme == Theme::System) {
        if (!native.style.isEmpty() && QApplication::style()->name() != native.style)
            QApplication::setStyle(native.style);
        QApplication::setPalette(native.palette);
        return;
    }
    QApplication::setStyle(QStyleFactory::create(QStringLiteral("Fusion")));
    QApplication::setPalette(theme == Theme::Dark ? darkPalette() : lightPalette());
}

bool isDark(const QPalette &palette)
{
    return palette.color(QPalette::Window).lightness() < 128;
}

QIcon pageIcon(const QString &name)
{
    const QString dir = isDark(QApplication::palette()) ? QStringLiteral(":/icons/dark/")
                                                        : QStringLiteral(":/icons/light/");
    QIcon icon;
    icon.addFile(dir + name + QStringLiteral(".png"), QSize(22, 22));
    icon.addFile(dir + name + QStringLiteral("@2x.png"), QSize(44, 44));
    return icon;
}

Tone toneOf(const QString &state)
{
    const auto it = states().constFind(state);
    return it == states().cend() ? Tone::Waiting : it->tone;
}

QColor toneColour(Tone tone, bool dark)
{
    // Okabe-Ito inspired hues, told apart by the common colour-blindnesses; the shape and the
    // word carry the meaning in any case.
    switch (tone) {
    case Tone::Waiting:
        return dark ? QColor(0x9a, 0xa0, 0xa6) : QColor(0x6b, 0x72, 0x78);
    case Tone::Active:
        return dark ? QColor(0x56, 0xb4, 0xe9) : QColor(0x00, 0x72, 0xb2);
    case Tone::Success:
        return dark ? QColor(0x3d, 0xc2, 0x8c) : QColor(0x00, 0x85, 0x5a);
    case Tone::Attention:
        return dark ? QColor(0xf0, 0xb0, 0x3a) : QColor(0xb2, 0x6b, 0x00);
    case Tone::Failure:
        return dark ? QColor(0xff, 0x6b, 0x5b) : QColor(0xc6, 0x28, 0x28);
    case Tone::Closed:
        return dark ? QColor(0x80, 0x86, 0x8b) : QColor(0x8a, 0x90, 0x96);
    }
    return {};
}

QString stateLabel(const QString &state)
{
    const auto it = states().constFind(state);
    return it == states().cend() ? state : QCoreApplication::translate("dc::ui::State", it->label);
}

QSize chipSize(const QFontMetrics &fm, const QString &label)
{
    const int h = fm.height() + 4;
    return {h /*shape*/ + fm.horizontalAdvance(label) + 14, h};
}

void paintChip(QPainter *p, const QRect &rect, const QString &state, const QString &label,
               const QPalette &palette)
{
    const bool dark = isDark(palette);
    const Tone tone = toneOf(state);
    const QColor c = toneColour(tone, dark);
    const QFontMetrics fm = p->fontMetrics();
    QSize s = chipSize(fm, label);
    s.setWidth(std::min(s.width(), rect.width() - 4));
    const QRectF chip(rect.left() + 2, rect.top() + (rect.height() - s.height()) / 2.0, s.width(),
                      s.height());
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    QColor fill = c;
    fill.setAlphaF(dark ? 0.22f : 0.14f);
    p->setPen(QPen(c, 1));
    p->setBrush(fill);
    p->drawRoundedRect(chip.adjusted(0.5, 0.5, -0.5, -0.5), chip.height() / 2, chip.height() / 2);
    const qreal d = fm.ascent() * 0.8;
    const QRectF shape(chip.left() + 6, chip.center().y() - d / 2, d, d);
    paintShape(p, tone, shape, c);
    p->setPen(palette.color(QPalette::Text));
    const QRectF text = chip.adjusted(shape.right() - chip.left() + 4, 0, -6, 0);
    p->drawText(text, Qt::AlignVCenter | Qt::AlignLeft,
                fm.elidedText(label, Qt::ElideRight, int(text.width())));
    p->restore();
}

QString chipHtml(const QString &state, const QPalette &palette)
{
    const Tone tone = toneOf(state);
    static const QChar glyphs[] = {QChar(0x25CB), QChar(0x25CF), QChar(0x2713),
                                   QChar(0x25B2), QChar(0x2715), QChar(0x2013)};
    return QStringLiteral("<span style=\"color:%1\"><b>%2&nbsp;%3</b></span>")
        .arg(toneColour(tone, isDark(palette)).name(), glyphs[int(tone)],
             stateLabel(state).toHtmlEscaped());
}

QString chipText(const QModelIndex &index, int stateRole)
{
    const QString label = index.data(Qt::DisplayRole).toString();
    if (stateRole == Qt::DisplayRole)
        return stateLabel(label);
    return label;
}

StatusDelegate::StatusDelegate(int stateRole, QObject *parent)
    : QStyledItemDelegate(parent)
    , m_stateRole(stateRole)
{}

void StatusDelegate::paint(QPainter *p, const QStyleOptionViewItem &option,
                           const QModelIndex &index) const
{
    const QString state = index.data(m_stateRole).toString();
    if (state.isEmpty())
        return QStyledItemDelegate::paint(p, option, index);
    // The cell's background (selection, alternate rows), then the chip on it.
    QStyleOptionViewItem opt = option;
    initStyleOption(&opt, index);
    opt.text.clear();
    const QWidget *w = option.widget;
    (w ? w->style() : QApplication::style())->drawControl(QStyle::CE_ItemViewItem, &opt, p, w);
    paintChip(p, option.rect, state, chipText(index, m_stateRole), option.palette);
}

QSize StatusDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    const QSize base = QStyledItemDelegate::sizeHint(option, index);
    const QString state = index.data(m_stateRole).toString();
    if (state.isEmpty())
        return base;
    const QSize chip = chipSize(option.fontMetrics, chipText(index, m_stateRole));
    return {chip.width() + 8, std::max(base.height(), chip.height() + 4)};
}

namespace {
QString badgeText(const QModelIndex &index)
{
    const qint64 n = index.data(SidebarDelegate::BadgeRole).toLongLong();
    return n <= 0 ? QString() : n > 999 ? QStringLiteral("999+") : QString::number(n);
}
} // namespace

void SidebarDelegate::paint(QPainter *p, const QStyleOptionViewItem &option,
                            const QModelIndex &index) const
{
    QStyledItemDelegate::paint(p, option, index);
    const QString text = badgeText(index);
    if (text.isEmpty())
        return;
    const QFontMetrics fm = option.fontMetrics;
    const int h = fm.height();
    const int w = std::max(h, fm.horizontalAdvance(text) + h / 2 + 4);
    const QRectF pill(option.rect.right() - w - 6, option.rect.center().y() - h / 2.0 + 0.5, w, h);
    p->save();
    p->setRenderHint(QPainter::Antialiasing);
    p->setPen(Qt::NoPen);
    p->setBrush(toneColour(toneOf(index.data(BadgeToneRole).toString()), false));
    p->drawRoundedRect(pill, h / 2.0, h / 2.0);
    p->setPen(Qt::white);
    p->drawText(pill, Qt::AlignCenter, text);
    p->restore();
}

QSize SidebarDelegate::sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const
{
    QSize s = QStyledItemDelegate::sizeHint(option, index);
    // Room for a badge of four characters, whether one shows now or not.
    s.rwidth() += option.fontMetrics.horizontalAdvance(QStringLiteral("999+")) +
                  option.fontMetrics.height() / 2 + 14;
    s.setHeight(std::max(s.height(), option.fontMetrics.height() + 12));
    return s;
}

} // namespace dc::ui::look
