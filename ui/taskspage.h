// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Tasks: the queue by state (queued ones by priority), its figures, and dead tasks with retry;
// kept current by the task events of the stream.
#include <QAbstractTableModel>
#include <QJsonObject>
#include <QWidget>

class QComboBox;
class QLabel;
class QPushButton;
class QTableView;
class QTimer;

namespace dc::ui {

class ApiClient;

class TasksModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Id, Kind, State, Priority, Attempts, NextRun, Error, ColumnCount };
    explicit TasksModel(QObject *parent = nullptr)
        : QAbstractTableModel(parent)
    {}
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
    void setTasks(const QList<QJsonObject> &tasks);
    QJsonObject task(int row) const { return m_rows.value(row); }

private:
    QList<QJsonObject> m_rows;
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
