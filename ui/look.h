// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// How the desktop looks, in one place: the light or dark theme, the pages' icons, and the colour
// and shape of every state (orders, runs, steps, tasks, supplier orders, alerts). The same state
// reads the same on every page, and not by hue alone: each tone has its own shape and the chip
// always says the state in words, for colour-blind operators.
#include <QColor>
#include <QIcon>
#include <QPalette>
#include <QStyledItemDelegate>

class QPainter;

namespace dc::ui::look {

enum class Theme { System, Light, Dark };
Theme savedTheme(); // QSettings "ui/theme"; System when unset
void saveTheme(Theme theme);
// Light and Dark: Qt's Fusion style with a palette of ours. System: the platform's own.
void applyTheme(Theme theme);
bool isDark(const QPalette &palette);

// A page's icon (resources/icons/README.md) for the current palette, at 1x and 2x.
QIcon pageIcon(const QString &name);

enum class Tone {
    Waiting,   // hollow circle: received, queued, pending, prepared
    Active,    // filled circle: running, validated, placed, shipped, retrying
    Success,   // check mark: succeeded, delivered, done
    Attention, // triangle: on hold, open alert, payment failed
    Failure,   // cross: failed, dead
    Closed,    // dash: cancelled, refunded, acknowledged, revoked
};
Tone toneOf(const QString &state);
QColor toneColour(Tone tone, bool dark);
// Every state the API reports, in the operator's language (the raw name when unknown).
QString stateLabel(const QString &state);

// A rounded chip with the tone's shape and the label, vertically centred in rect.
void paintChip(QPainter *p, const QRect &rect, const QString &state, const QString &label,
               const QPalette &palette);
QSize chipSize(const QFontMetrics &fm, const QString &label);

// The same chip in rich text (QTextBrowser panes): the tone's glyph and the label, in its colour.
QString chipHtml(const QString &state, const QPalette &palette);

// Paints a cell as a status chip: the raw state from stateRole (Qt::DisplayRole when the model
// shows raw states), the label from Qt::DisplayRole.
class StatusDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    explicit StatusDelegate(int stateRole, QObject *parent = nullptr);
    void paint(QPainter *p, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;

private:
    int m_stateRole;
};

// The sidebar's items: the icon and title as usual, and a count badge on the right (BadgeRole,
// none when 0) in the colour of BadgeToneRole's state.
class SidebarDelegate : public QStyledItemDelegate
{
    Q_OBJECT
public:
    static constexpr int BadgeRole = Qt::UserRole + 1;
    static constexpr int BadgeToneRole = Qt::UserRole + 2;
    using QStyledItemDelegate::QStyledItemDelegate;
    void paint(QPainter *p, const QStyleOptionViewItem &option,
               const QModelIndex &index) const override;
    QSize sizeHint(const QStyleOptionViewItem &option, const QModelIndex &index) const override;
};

// The label a status cell shows: stateLabel() of the raw state a model holds.
QString chipText(const QModelIndex &index, int stateRole);

} // namespace dc::ui::look
