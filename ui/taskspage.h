// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Tasks: the queue by state (queued ones by priority), its figures, and dead tasks with retry;
// kept current by the task events of the stream.
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

class TasksModel : public JsonTableModel
{
    Q_OBJECT
public:
    enum Column { Id, Kind, State, Priority, Attempts, NextRun, Error, ColumnCount };
    explicit TasksModel(QObject *parent = nullptr)
        : JsonTableModel(ColumnCount, parent)
    {}
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
};

class TasksPage : public QWidget
{
    Q_OBJECT
public:
    explicit TasksPage(ApiClient &api, QWidget *parent = nullptr);
    TasksModel *model() const { return m_model; }
    void showState(const QString &state);
    void reload();

signals:
    void reloaded();

private:
    ApiClient &m_api;
    TasksModel *m_model;
    QTableView *m_view;
    QComboBox *m_state;
    QLabel *m_stats;
    QPushButton *m_retry;
    QPushButton *m_cancel;
    QTimer *m_reload;
};

} // namespace dc::ui
