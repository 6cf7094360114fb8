// SPDX-License-Identifier: GPL-3.0-or-later
#include "alertspage.h"

#include "apiclient.h"
#include "look.h"

#include <QColor>
#include <QComboBox>
#include <QHBoxLayout>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QTimer>
#include <QVBoxLayout>

namespace dc::ui {

QVariant AlertsModel::data(const QModelIndex &index, int role) const
{
    const QJsonObject *row = at(index);
    if (!row)
        return {};
    const QJsonObject &a = *row;
    const bool critical =
        a.value(QStringLiteral("severity")).toString() == QLatin1String("critical");
    if (role == StateRole)
        return index.column() == Severity
                   ? (critical ? QStringLiteral("critical") : QStringLiteral("warning"))
               : index.column() == State ? a.value(QStringLiteral("state")).toString()
                                         : QString();
    if (role == Qt::ToolTipRole)
        return data(index, Qt::DisplayRole);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Severity:
        return critical ? tr("Critical") : tr("Warning");
    case Subject:
        return a.value(QStringLiteral("subject")).toString();
    case Rule:
        return a.value(QStringLiteral("rule")).toString();
    case Count:
        return a.value(QStringLiteral("count")).toInt();
    case Raised:
        return QLocale().toString(
            QDateTime::fromString(a.value(QStringLiteral("first_at")).toString(), Qt::ISODateWithMs)
                .toLocalTime(),
            QLocale::ShortFormat);
    case State:
        return a.value(QStringLiteral("state")).toString() == QLatin1String("open")
                   ? tr("Open")
                   : tr("Acknowledged by %1")
                         .arg(a.value(QStringLiteral("acknowledged_by")).toString());
    default:
        return {};
    }
}

QVariant AlertsModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Severity:
        return tr("Severity");
    case Subject:
        return tr("Alert");
    case Rule:
        return tr("Rule");
    case Count:
        return tr("Count");
    case Raised:
        return tr("Raised");
    case State:
        return tr("State");
    default:
        return {};
    }
}

AlertsPage::AlertsPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    setObjectName(QStringLiteral("AlertsPage"));
    m_model = new AlertsModel(this);
    m_state = new QComboBox(this);
    m_state->addItem(tr("Open"), QStringLiteral("open"));
    m_state->addItem(tr("Acknowledged"), QStringLiteral("acknowledged"));
    m_state->addItem(tr("All"), QStringLiteral("all"));
    m_status = new QLabel(this);
    m_ack = new QPushButton(tr("Acknowledge"), this);
    m_ack->setEnabled(false);
    m_view = makeRowTable(m_model, this);
    for (int column : {int(AlertsModel::Severity), int(AlertsModel::State)})
        m_view->setItemDelegateForColumn(
            column, new look::StatusDelegate(JsonTableModel::StateRole, m_view));
    auto *bar = new QHBoxLayout;
    bar->addWidget(m_state);
    bar->addWidget(m_status, 1);
    bar->addWidget(m_ack);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);

    m_reload = new QTimer(this);
    m_reload->setSingleShot(true);
    m_reload->setInterval(300); // a burst of alerts is one reload
    connect(m_reload, &QTimer::timeout, this, &AlertsPage::reload);
    connect(m_state, &QComboBox::currentIndexChanged, this, &AlertsPage::reload);
    connect(&m_api, &ApiClient::eventReceived, this, [this](const QJsonObject &e) {
        const QString topic = e.value(QStringLiteral("topic")).toString();
        if (!topic.startsWith(QLatin1String("alert.")))
            return;
        if (topic == QLatin1String("alert.raised")) {
            const QJsonObject d = e.value(QStringLiteral("data")).toObject();
            emit alertRaised(d.value(QStringLiteral("severity")).toString(),
                             d.value(QStringLiteral("subject")).toString());
        }
        m_reload->start();
    });
    const auto selectionChanged = [this] {
        const QModelIndex i = m_view->currentIndex();
        m_ack->setEnabled(i.isValid() &&
                          m_model->row(i.row()).value(QStringLiteral("state")).toString() ==
                              QLatin1String("open"));
    };
    connect(m_view->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            selectionChanged);
    connect(m_model, &QAbstractItemModel::modelReset, this, selectionChanged);
    connect(m_model, &QAbstractItemModel::dataChanged, this, selectionChanged);
    connect(m_ack, &QPushButton::clicked, this, &AlertsPage::acknowledgeSelected);
    reload();
}

void AlertsPage::showState(const QString &state)
{
    m_state->setCurrentIndex(std::max(0, m_state->findData(state)));
    reload();
}

void AlertsPage::acknowledgeSelected()
{
    const QModelIndex i = m_view->currentIndex();
    if (!i.isValid())
        return;
    const qint64 id = m_model->idAt(i.row());
    m_api.send("POST", QStringLiteral("/api/alerts/%1/ack").arg(id), {}, this,
               [this](const ApiReply &r) {
                   if (!r.ok())
                       m_status->setText(tr("Refused: %1").arg(r.error));
                   reload();
               });
}

void AlertsPage::reload()
{
    const QString state = m_state->currentData().toString();
    m_api.get(QStringLiteral("/api/alerts?limit=500&state=") + state, this,
              [this, state](const ApiReply &r) {
                  if (!r.ok())
                      return;
                  const int open = int(r.json.value(QStringLiteral("open")).toInteger());
                  if (open != m_open) {
                      m_open = open;
                      emit openCountChanged(open);
                  }
                  m_status->setText(tr("%n open alert(s)", "", open));
                  if (state != m_state->currentData().toString())
                      return;
                  QList<QJsonObject> rows;
                  for (const QJsonValue &v : r.json.value(QStringLiteral("alerts")).toArray())
                      rows << v.toObject();
                  m_model->setRows(rows);
                  emit reloaded();
              });
}

} // namespace dc::ui
