// SPDX-License-Identifier: GPL-3.0-or-later
#include "eventspage.h"

#include "apiclient.h"

#include <QCheckBox>
#include <QComboBox>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonArray>
#include <QJsonDocument>
#include <QLabel>
#include <QLineEdit>
#include <QLocale>
#include <QPushButton>
#include <QTableView>
#include <QUrl>
#include <QVBoxLayout>

namespace dc::ui {

QVariant EventsModel::data(const QModelIndex &index, int role) const
{
    const QJsonObject *row = at(index);
    if (!row)
        return {};
    const QJsonObject &e = *row;
    if (role == Qt::ToolTipRole && index.column() == Data)
        return QString::fromUtf8(QJsonDocument(e.value(QStringLiteral("data")).toObject())
                                     .toJson(QJsonDocument::Indented));
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Id:
        return e.value(QStringLiteral("id")).toInteger();
    case Time:
        return QLocale().toString(
            QDateTime::fromString(e.value(QStringLiteral("created_at")).toString(),
                                  Qt::ISODateWithMs)
                .toLocalTime(),
            QStringLiteral("yyyy-MM-dd HH:mm:ss.zzz"));
    case Topic:
        return e.value(QStringLiteral("topic")).toString();
    case Key:
        return e.value(QStringLiteral("key")).toString();
    case Source:
        return e.value(QStringLiteral("source")).toString();
    case Data:
        return QString::fromUtf8(QJsonDocument(e.value(QStringLiteral("data")).toObject())
                                     .toJson(QJsonDocument::Compact))
            .left(200);
    default:
        return {};
    }
}

QVariant EventsModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Id:
        return tr("Id");
    case Time:
        return tr("Time");
    case Topic:
        return tr("Topic");
    case Key:
        return tr("Key");
    case Source:
        return tr("Source");
    case Data:
        return tr("Data");
    default:
        return {};
    }
}

void EventsModel::prepend(const QJsonObject &event)
{
    beginInsertRows({}, 0, 0);
    m_rows.prepend(event);
    endInsertRows();
    if (m_rows.size() > m_capacity) {
        const int first = m_capacity;
        beginRemoveRows({}, first, int(m_rows.size()) - 1);
        m_rows.resize(m_capacity);
        endRemoveRows();
    }
}

EventsPage::EventsPage(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
{
    setObjectName(QStringLiteral("EventsPage"));
    m_model = new EventsModel(10000, this);
    m_pattern = new QLineEdit(QStringLiteral("#"), this);
    m_pattern->setObjectName(QStringLiteral("topicPattern"));
    m_pattern->setToolTip(
        tr("Topic patterns, comma-separated: * is one word, # any number (order.#)"));
    m_key = new QLineEdit(this);
    m_key->setPlaceholderText(tr("key, e.g. order:42"));
    m_pause = new QCheckBox(tr("Pause"), this);
    auto *live = new QPushButton(tr("Live"), this);
    auto *search = new QPushButton(tr("Search history"), this);
    m_subscriptions = new QComboBox(this);
    m_subscriptions->setToolTip(tr("Durable subscription to replay the selected events to"));
    m_replay = new QPushButton(tr("Replay selection"), this);
    m_status = new QLabel(this);
    m_view = makeRowTable(m_model, this, QAbstractItemView::ExtendedSelection); // replay ranges
    m_view->setColumnWidth(EventsModel::Time, 170);
    m_view->setColumnWidth(EventsModel::Topic, 200);

    auto *bar = new QHBoxLayout;
    bar->addWidget(new QLabel(tr("Topics:"), this));
    bar->addWidget(m_pattern, 1);
    bar->addWidget(m_key);
    bar->addWidget(m_pause);
    bar->addWidget(live);
    bar->addWidget(search);
    bar->addStretch(1);
    bar->addWidget(m_subscriptions);
    bar->addWidget(m_replay);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(bar);
    layout->addWidget(m_view, 1);
    layout->addWidget(m_status);

    connect(m_pattern, &QLineEdit::editingFinished, this,
            [this] { setPattern(m_pattern->text()); });
    connect(m_pause, &QCheckBox::toggled, this, &EventsPage::setPaused);
    connect(live, &QPushButton::clicked, this, [this] {
        m_live = true;
        m_model->setEvents({});
        m_status->setText(tr("Live."));
    });
    connect(search, &QPushButton::clicked, this,
            [this] { this->search(m_pattern->text().trimmed(), m_key->text().trimmed()); });
    connect(m_replay, &QPushButton::clicked, this, &EventsPage::replay);
    connect(&m_api, &ApiClient::eventReceived, this, &EventsPage::onEvent);
    m_api.get(QStringLiteral("/api/subscriptions"), this, [this](const ApiReply &r) {
        for (const QJsonValue &v : r.json.value(QStringLiteral("subscriptions")).toArray())
            m_subscriptions->addItem(v.toObject().value(QStringLiteral("name")).toString(),
                                     v.toObject().value(QStringLiteral("id")).toInteger());
        m_replay->setEnabled(r.ok() && m_subscriptions->count() > 0);
    });
    setPattern(QStringLiteral("#"));
}

EventsPage::~EventsPage()
{
    // A line edit losing focus while the page is destroyed emits editingFinished().
    m_pattern->disconnect(this);
}

void EventsPage::setPattern(const QString &pattern)
{
    auto parsed = events::TopicPatternSet::parse(pattern.trimmed().isEmpty() ? QStringLiteral("#")
                                                                             : pattern.trimmed());
    if (!parsed) {
        m_status->setText(tr("Pattern: %1").arg(parsed.error()));
        return;
    }
    m_pattern->setText(pattern);
    m_filter = *parsed;
    m_status->clear();
}

void EventsPage::setPaused(bool paused)
{
    const QSignalBlocker b(m_pause);
    m_pause->setChecked(paused);
    if (!paused && m_missed > 0)
        m_status->setText(tr("%n event(s) arrived while paused: search the history to see them.",
                             nullptr, m_missed));
    if (paused)
        m_missed = 0;
}

void EventsPage::onEvent(const QJsonObject &e)
{
    if (!m_live)
        return;
    if (m_filter && !m_filter->matches(e.value(QStringLiteral("topic")).toString()))
        return;
    if (m_pause->isChecked()) {
        ++m_missed;
        m_status->setText(tr("Paused: %n event(s) not shown.", nullptr, m_missed));
        return;
    }
    m_model->prepend(e);
}

void EventsPage::search(const QString &topic, const QString &key)
{
    m_live = false;
    QStringList q{QStringLiteral("limit=500")};
    if (!topic.isEmpty() && topic != QLatin1String("#"))
        q << QStringLiteral("topic=") + QString::fromLatin1(QUrl::toPercentEncoding(topic));
    if (!key.isEmpty())
        q << QStringLiteral("key=") + QString::fromLatin1(QUrl::toPercentEncoding(key));
    m_api.get(QStringLiteral("/api/events?") + q.join(QLatin1Char('&')), this,
              [this](const ApiReply &r) {
                  if (!r.ok()) {
                      m_status->setText(tr("Search refused: %1").arg(r.error));
                      return;
                  }
                  QList<QJsonObject> events;
                  for (const QJsonValue &v : r.json.value(QStringLiteral("events")).toArray())
                      events.prepend(v.toObject()); // the API answers oldest first
                  m_model->setEvents(events);
                  m_status->setText(tr("History: %n event(s).", nullptr, int(events.size())));
                  emit historyShown(int(events.size()));
              });
}

void EventsPage::replay()
{
    qint64 from = 0, to = 0;
    for (const QModelIndex &i : m_view->selectionModel()->selectedRows()) {
        const qint64 id = m_model->idAt(i.row());
        from = from == 0 ? id : std::min(from, id);
        to = std::max(to, id);
    }
    if (from == 0) {
        m_status->setText(tr("Select the events to replay first."));
        return;
    }
    const qint64 sub = m_subscriptions->currentData().toLongLong();
    m_api.send("POST", QStringLiteral("/api/subscriptions/%1/replay").arg(sub),
               {{QStringLiteral("from_id"), from}, {QStringLiteral("to_id"), to}}, this,
               [this](const ApiReply &r) {
                   m_status->setText(r.ok() ? tr("Replayed.") : tr("Refused: %1").arg(r.error));
               });
}

} // namespace dc::ui
