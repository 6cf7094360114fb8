// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Alerts: the open ones (or acknowledged, or all), newest first, with an Acknowledge button;
// kept current by the alert events of the stream. It tells the window how many are open (the
// badge) and about each new one (the tray notification).
#include "jsontablemodel.h"

#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTimer;

namespace dc::ui {

class ApiClient;

class AlertsModel : public JsonTableModel
{
    Q_OBJECT
public:
    enum Column { Severity, Subject, Rule, Count, Raised, State, ColumnCount };
    explicit AlertsModel(QObject *parent = nullptr)
        : JsonTableModel(ColumnCount, parent)
    {}
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
};

class AlertsPage : public QWidget
{
    Q_OBJECT
public:
    explicit AlertsPage(ApiClient &api, QWidget *parent = nullptr);
    AlertsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPushButton *acknowledgeButton() const { return m_ack; }
    // "open", "acknowledged" or "all".
    void showState(const QString &state);
    void reload();
    int openCount() const { return m_open; }

signals:
    void reloaded();
    void openCountChanged(int open);
    // An alert.raised event: what the tray shows.
    void alertRaised(const QString &severity, const QString &subject);

private:
    void acknowledgeSelected();

    ApiClient &m_api;
    AlertsModel *m_model;
    QTableView *m_view;
    QComboBox *m_state;
    QLabel *m_status;
    QPushButton *m_ack;
    QTimer *m_reload;
    int m_open = -1;
};

} // namespace dc::ui
