// SPDX-License-Identifier: GPL-3.0-or-later
#include "taskspage.h"

#include "apiclient.h"
#include "look.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QTimer>
#include <QVBoxLayout>

namespace dc::ui {

QVariant TasksModel::data(const QModelIndex &index, int role) const
{
    const QJsonObject *row = at(index);
    if (!row)
        return {};
    if (role == StateRole)
        return index.column() == State ? row->value(QStringLiteral("state")).toString()
                                       : QVariant();
    if (role == Qt::ToolTipRole) // the whole text where the column is too narrow
        return data(index, Qt::DisplayRole);
    if (role != Qt::DisplayRole)
        return {};
    const QJsonObject &t = *row;
    switch (index.column()) {
    case Id:
        return t.value(QStringLiteral("id")).toInteger();
    case Kind:
        return t.value(QStringLiteral("kind")).toString();
    case State:
        return look::stateLabel(t.value(QStringLiteral("state")).toString());
    case Priority:
        return t.value(QStringLiteral("priority")).toInt();
    case Attempts:
        return QStringLiteral("%1/%2")
            .arg(t.value(QStringLiteral("attempts")).toInt())
            .arg(t.value(QStringLiteral("max_attempts")).toInt());
    case NextRun:
        return QLocale().toString(
            QDateTime::fromString(t.value(QStringLiteral("next_run_at")).toString(),
                                  Qt::ISODateWithMs)
                .toLocalTime(),
            QLocale::ShortFormat);
    case Error:
        return t.value(QStringLiteral("error")).toString();
    default:
        return {};
    }
}

QVariant TasksModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Id:
        return tr("Task");
    case Kind:
        return tr("Action");
    case State:
        return tr("State");
    case Priority:
        return tr("Priority");
    case Attempts:
        return tr("Attempts");
    case NextRun:
        return tr("Next run");
    case Error:
        return tr("Error");
    default:
        return {};
    }
}

TasksPage::TasksPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    setObjectName(QStringLiteral("TasksPage"));
    m_model = new TasksModel(this);
    m_state = new QComboBox(this);
    const std::pair<const char *, QString> states[] = {
        {"queued", tr("Queued")}, {"running", tr("Running")},     {"dead", tr("Dead letters")},
        {"failed", tr("Failed")}, {"succeeded", tr("Succeeded")}, {"cancelled", tr("Cancelled")}};
    for (const auto &[key, label] : states)
        m_state->addItem(label, QString::fromLatin1(key));
    m_stats = new QLabel(this);
    m_retry = new QPushButton(tr("Retry"), this);
    m_cancel = new QPushButton(tr("Cancel"), this);
    m_view = makeRowTable(m_model, this);
    m_view->setItemDelegateForColumn(TasksModel::State,
                                     new look::StatusDelegate(JsonTableModel::StateRole, m_view));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_state);
    bar->addWidget(m_stats, 1);
    bar->addWidget(m_retry);
    bar->addWidget(m_cancel);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    m_reload = new QTimer(this);
    m_reload->setSingleShot(true);
    m_reload->setInterval(300); // a burst of task events is one reload
    connect(m_reload, &QTimer::timeout, this, &TasksPage::reload);
    connect(m_state, &QComboBox::currentIndexChanged, this, &TasksPage::reload);
    connect(&m_api, &ApiClient::eventReceived, this, [this](const QJsonObject &e) {
        if (e.value(QStringLiteral("topic")).toString().startsWith(QLatin1String("task.")))
            m_reload->start();
    });
    const auto act = [this](const char *verb) {
        const QModelIndex i = m_view->currentIndex();
        if (!i.isValid())
            return;
        const qint64 id = m_model->row(i.row()).value(QStringLiteral("id")).toInteger();
        m_api.send("POST", QStringLiteral("/api/tasks/%1/%2").arg(id).arg(QLatin1String(verb)), {},
                   this, [this](const ApiReply &r) {
                       if (!r.ok())
                           m_stats->setText(tr("Refused: %1").arg(r.error));
                       reload();
                   });
    };
    connect(m_retry, &QPushButton::clicked, this, [act] { act("retry"); });
    connect(m_cancel, &QPushButton::clicked, this, [act] { act("cancel"); });
    reload();
}

void TasksPage::showState(const QString &state)
{
    m_state->setCurrentIndex(std::max(0, m_state->findData(state)));
    reload();
}

void TasksPage::reload()
{
    const QString state = m_state->currentData().toString();
    m_api.get(QStringLiteral("/api/tasks?limit=500&state=") + state, this,
              [this, state](const ApiReply &r) {
                  if (state != m_state->currentData().toString() || !r.ok())
                      return;
                  QList<QJsonObject> tasks;
                  for (const QJsonValue &v : r.json.value(QStringLiteral("tasks")).toArray())
                      tasks << v.toObject();
                  if (state == QLatin1String("queued"))
                      std::stable_sort(tasks.begin(), tasks.end(),
                                       [](const QJsonObject &a, const QJsonObject &b) {
                                           return a.value(QStringLiteral("priority")).toInt() >
                                                  b.value(QStringLiteral("priority")).toInt();
                                       });
                  m_model->setRows(tasks);
                  m_retry->setEnabled(state == QLatin1String("dead") ||
                                      state == QLatin1String("failed"));
                  m_cancel->setEnabled(state == QLatin1String("queued") ||
                                       state == QLatin1String("running"));
                  emit reloaded();
              });
    m_api.get(QStringLiteral("/api/tasks/stats"), this, [this](const ApiReply &r) {
        if (!r.ok())
            return;
        QStringList parts;
        const QJsonObject by = r.json.value(QStringLiteral("by_state")).toObject();
        for (auto it = by.begin(); it != by.end(); ++it)
            parts << QStringLiteral("%1 %2").arg(it.key()).arg(it.value().toInteger());
        m_stats->setText(parts.join(QStringLiteral(" · ")));
    });
}

} // namespace dc::ui
