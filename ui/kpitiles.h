// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// The dashboard's KPI tiles: orders today, revenue, margin, held, failed, in transit, average
// hours to ship (from GET /api/dashboard/summary). Each is a button that opens the orders list
// filtered to what it counts.
#include <QJsonObject>
#include <QPushButton>

class QLabel;

namespace dc::ui {

class KpiTile : public QPushButton
{
    Q_OBJECT
public:
    KpiTile(const QString &caption, QWidget *parent = nullptr);
    void setValue(const QString &value, const QString &tone = {}); // tone: a look::toneOf state
    QString value() const;

private:
    QLabel *m_value;
    QLabel *m_caption;
};

class KpiTiles : public QWidget
{
    Q_OBJECT
public:
    explicit KpiTiles(QWidget *parent = nullptr);
    void setSummary(const QJsonObject &summary);
    // orders, revenue, margin, held, failed, in_transit, ship_hours
    KpiTile *tile(const QString &key) const;

signals:
    // The orders list to show: one status (empty: all), received today or at any time.
    void activated(const QString &status, bool today);

private:
    QList<std::pair<QString, KpiTile *>> m_tiles;
};

} // namespace dc::ui
