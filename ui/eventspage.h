// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Events: a live tail of the event stream (newest first, the last 10,000 kept) filtered by a topic
// pattern, with pause; a search in the history (topic, key); and, for administrators, a replay
// of the selected events to a durable subscription.
#include "events/topic.h"

#include "jsontablemodel.h"
#include <QJsonObject>
#include <QWidget>

#include <optional>

class QCheckBox;
class QComboBox;
class QLabel;
class QLineEdit;
class QPushButton;
class QTableView;

namespace dc::ui {

class ApiClient;

class EventsModel : public JsonTableModel
{
    Q_OBJECT
public:
    enum Column { Id, Time, Topic, Key, Source, Data, ColumnCount };
    explicit EventsModel(int capacity = 10000, QObject *parent = nullptr)
        : JsonTableModel(ColumnCount, parent)
        , m_capacity(capacity)
    {}
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;
    void prepend(const QJsonObject &event); // a live event: newest first, oldest dropped
    void setEvents(const QList<QJsonObject> &events) { setRows(events.mid(0, m_capacity)); }

private:
    int m_capacity;
};

class EventsPage : public QWidget
{
    Q_OBJECT
public:
    explicit EventsPage(ApiClient &api, QWidget *parent = nullptr);
    ~EventsPage() override;
    EventsModel *model() const { return m_model; }
    void setPattern(const QString &pattern);
    void setPaused(bool paused);
    void search(const QString &topic, const QString &key);
    int missedWhilePaused() const { return m_missed; }

signals:
    void historyShown(int count);

private:
    void onEvent(const QJsonObject &e);
    void replay();

    ApiClient &m_api;
    EventsModel *m_model;
    QTableView *m_view;
    QLineEdit *m_pattern;
    QLineEdit *m_key;
    QCheckBox *m_pause;
    QComboBox *m_subscriptions;
    QPushButton *m_replay;
    QLabel *m_status;
    std::optional<events::TopicPatternSet> m_filter; // the backend's own topic matcher
    bool m_live = true;
    int m_missed = 0;
};

} // namespace dc::ui
