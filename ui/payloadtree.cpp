// SPDX-License-Identifier: GPL-3.0-or-later
#include "payloadtree.h"

#include "apiclient.h"

#include <QHeaderView>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QPlainTextEdit>
#include <QSplitter>
#include <QTreeView>
#include <QUrlQuery>
#include <QVBoxLayout>

namespace dc::ui {

struct PayloadModel::Node
{
    Node *parent = nullptr;
    QString key, type, path;
    qint64 size = 0;
    QJsonValue preview;
    bool more = false;      // a "more…" row: fetches the parent's next children
    bool fetched = false;   // its first page was asked for
    qint64 nextOffset = -1; // where its next page starts; -1 when all are in
    bool redacted = false;
    std::vector<std::unique_ptr<Node>> children;
    int row() const
    {
        if (!parent)
            return 0;
        for (size_t i = 0; i < parent->children.size(); ++i)
            if (parent->children[i].get() == this)
                return int(i);
        return 0;
    }
    bool container() const
    {
        return type == QLatin1String("object") || type == QLatin1String("array");
    }
};

PayloadModel::PayloadModel(ApiClient &api, QObject *parent)
    : QAbstractItemModel(parent)
    , m_api(api)
    , m_root(std::make_unique<Node>())
{}

PayloadModel::~PayloadModel() = default;

void PayloadModel::setSource(qint64 run, const QString &step, const QString &part)
{
    beginResetModel();
    m_root = std::make_unique<Node>();
    m_root->type = QStringLiteral("object");
    m_run = run;
    m_step = step;
    m_part = part;
    m_error.clear();
    ++m_generation;
    m_pending = 0;
    endResetModel();
    emit noticeChanged(QString());
    if (run > 0)
        fetch(m_root.get());
}

QString PayloadModel::url(const QString &path, qint64 offset) const
{
    QUrlQuery q;
    if (!m_step.isEmpty())
        q.addQueryItem(QStringLiteral("step"), m_step);
    q.addQueryItem(QStringLiteral("part"), m_part);
    q.addQueryItem(QStringLiteral("path"), path);
    q.addQueryItem(QStringLiteral("offset"), QString::number(offset));
    q.addQueryItem(QStringLiteral("limit"), QStringLiteral("100"));
    return QStringLiteral("/api/runs/%1/payload?").arg(m_run) + q.toString(QUrl::FullyEncoded);
}

void PayloadModel::fetch(Node *node)
{
    const qint64 offset = node->fetched ? node->nextOffset : 0;
    if (node->fetched && offset < 0)
        return;
    node->fetched = true;
    node->nextOffset = -1; // until answered: no second request for the same page
    ++m_pending;
    const int generation = m_generation;
    m_api.get(url(node->path, offset), this, [this, node, generation](const ApiReply &r) {
        if (generation != m_generation)
            return; // the tree was reset meanwhile: node is gone
        --m_pending;
        if (!r.ok()) {
            m_error = r.error;
            emit noticeChanged(tr("Cannot read this payload: %1").arg(r.error));
            emit loaded();
            return;
        }
        if (r.json.value(QStringLiteral("redacted")).toBool()) {
            node->redacted = true;
            const QModelIndex i = node == m_root.get() ? QModelIndex() : indexOf(node, Value);
            if (i.isValid())
                emit dataChanged(i, i);
            else
                emit noticeChanged(
                    tr("Personal data: reading it needs the personal.read permission."));
            emit loaded();
            return;
        }
        if (node == m_root.get()) {
            node->type = r.json.value(QStringLiteral("type")).toString();
            node->size = r.json.value(QStringLiteral("size")).toInteger();
        }
        const QModelIndex parentIndex = node == m_root.get() ? QModelIndex() : indexOf(node);
        // The "more…" row, if any, gives way to the page it asked for.
        if (!node->children.empty() && node->children.back()->more) {
            const int last = int(node->children.size()) - 1;
            beginRemoveRows(parentIndex, last, last);
            node->children.pop_back();
            endRemoveRows();
        }
        const QJsonArray children = r.json.value(QStringLiteral("children")).toArray();
        const QJsonValue next = r.json.value(QStringLiteral("next_offset"));
        const int added = int(children.size()) + (next.isDouble() ? 1 : 0);
        if (added > 0) {
            const int first = int(node->children.size());
            beginInsertRows(parentIndex, first, first + added - 1);
            for (const QJsonValue &v : children) {
                const QJsonObject c = v.toObject();
                auto n = std::make_unique<Node>();
                n->parent = node;
                n->key = c.value(QStringLiteral("key")).toString();
                n->type = c.value(QStringLiteral("type")).toString();
                n->size = c.value(QStringLiteral("size")).toInteger();
                n->preview = c.value(QStringLiteral("preview"));
                QString token = n->key;
                token.replace(QLatin1Char('~'), QStringLiteral("~0"))
                    .replace(QLatin1Char('/'), QStringLiteral("~1"));
                n->path = node->path + QLatin1Char('/') + token;
                node->children.push_back(std::move(n));
            }
            if (next.isDouble()) {
                auto m = std::make_unique<Node>();
                m->parent = node;
                m->more = true;
                node->children.push_back(std::move(m));
            }
            endInsertRows();
        }
        node->nextOffset = next.isDouble() ? next.toInteger() : -1;
        emit loaded();
    });
}

PayloadModel::Node *PayloadModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : m_root.get();
}

QModelIndex PayloadModel::indexOf(Node *node, int column) const
{
    if (!node || node == m_root.get())
        return {};
    return createIndex(node->row(), column, node);
}

QModelIndex PayloadModel::index(int row, int column, const QModelIndex &parent) const
{
    if (!hasIndex(row, column, parent))
        return {};
    Node *p = nodeOf(parent);
    return createIndex(row, column, p->children[size_t(row)].get());
}

QModelIndex PayloadModel::parent(const QModelIndex &child) const
{
    if (!child.isValid())
        return {};
    Node *n = nodeOf(child);
    return indexOf(n->parent);
}

int PayloadModel::rowCount(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return 0;
    return int(nodeOf(parent)->children.size());
}

int PayloadModel::columnCount(const QModelIndex &) const
{
    return ColumnCount;
}

bool PayloadModel::hasChildren(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const Node *n = nodeOf(parent);
    if (!parent.isValid())
        return !n->children.empty();
    return n->container() && n->size > 0 && !n->redacted;
}

bool PayloadModel::canFetchMore(const QModelIndex &parent) const
{
    if (parent.isValid() && parent.column() != 0)
        return false;
    const Node *n = nodeOf(parent);
    return parent.isValid() && n->container() && n->size > 0 && !n->fetched;
}

void PayloadModel::fetchMore(const QModelIndex &parent)
{
    if (canFetchMore(parent))
        fetch(nodeOf(parent));
}

bool PayloadModel::redacted() const
{
    return m_root->redacted;
}

void PayloadModel::fetchNextPage(const QModelIndex &parent)
{
    Node *n = nodeOf(parent);
    if (n->fetched && n->nextOffset >= 0)
        fetch(n);
}

QVariant PayloadModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *n = nodeOf(index);
    if (role == PathRole)
        return n->path;
    if (role == TypeRole)
        return n->more ? QStringLiteral("more") : n->type;
    if (role != Qt::DisplayRole && role != Qt::ToolTipRole)
        return {};
    if (n->more)
        return index.column() == Key ? tr("more… (double-click)") : QVariant();
    const QLocale locale;
    switch (index.column()) {
    case Key:
        return n->key;
    case Value:
        if (n->redacted)
            return tr("(personal data: needs the personal.read permission)");
        if (n->type == QLatin1String("object"))
            return tr("{%n key(s)}", nullptr, int(n->size));
        if (n->type == QLatin1String("array"))
            return tr("[%n item(s)]", nullptr, int(n->size));
        if (n->type == QLatin1String("string")) {
            const QString s = n->preview.toString();
            return n->size > s.size() ? tr("%1… (%2 characters)").arg(s, locale.toString(n->size))
                                      : s;
        }
        if (n->type == QLatin1String("null"))
            return QStringLiteral("null");
        if (n->type == QLatin1String("boolean"))
            return n->preview.toBool() ? QStringLiteral("true") : QStringLiteral("false");
        return n->preview.toVariant().toString();
    case Type:
        return n->type;
    default:
        return {};
    }
}

QVariant PayloadModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractItemModel::headerData(section, o, role);
    switch (section) {
    case Key:
        return tr("Key");
    case Value:
        return tr("Value");
    case Type:
        return tr("Type");
    default:
        return {};
    }
}

PayloadView::PayloadView(ApiClient &api, QWidget *parent)
    : QWidget(parent)
    , m_api(api)
    , m_model(new PayloadModel(api, this))
    , m_tree(new QTreeView(this))
    , m_value(new QPlainTextEdit(this))
{
    m_tree->setObjectName(QStringLiteral("payloadTree"));
    m_tree->setModel(m_model);
    m_tree->setUniformRowHeights(true);
    m_tree->header()->setSectionResizeMode(PayloadModel::Key, QHeaderView::ResizeToContents);
    m_value->setObjectName(QStringLiteral("payloadValue"));
    m_value->setReadOnly(true);
    m_value->setPlaceholderText(tr("Select a text value to read it whole."));
    m_notice = new QLabel(this);
    m_notice->setObjectName(QStringLiteral("payloadNotice"));
    m_notice->setWordWrap(true);
    m_notice->hide();
    connect(m_model, &PayloadModel::noticeChanged, this, [this](const QString &n) {
        m_notice->setText(n);
        m_notice->setVisible(!n.isEmpty());
    });
    // Another step or run: the value pane forgets the old one, and a late answer for it.
    connect(m_model, &QAbstractItemModel::modelReset, this, [this] {
        ++m_valueGeneration;
        m_value->clear();
    });
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_tree);
    split->addWidget(m_value);
    split->setStretchFactor(0, 3);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_notice);
    layout->addWidget(split);
    // "more…" rows fetch the next page of their parent.
    connect(m_tree, &QTreeView::doubleClicked, this, [this](const QModelIndex &i) {
        if (i.data(PayloadModel::TypeRole).toString() == QLatin1String("more"))
            m_model->fetchNextPage(i.parent());
    });
    // A string: its text as far as the server sends at once, in the pane below.
    connect(m_tree->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &i) {
                const int generation = ++m_valueGeneration;
                m_value->clear();
                if (i.data(PayloadModel::TypeRole).toString() != QLatin1String("string"))
                    return;
                m_api.get(m_model->nodeUrl(i.data(PayloadModel::PathRole).toString()), this,
                          [this, generation](const ApiReply &r) {
                              if (generation != m_valueGeneration || !r.ok())
                                  return;
                              QString text = r.json.value(QStringLiteral("value")).toString();
                              if (r.json.value(QStringLiteral("truncated")).toBool())
                                  text +=
                                      QLatin1Char('\n') +
                                      tr("… cut here: %1 characters in all.")
                                          .arg(QLocale().toString(
                                              r.json.value(QStringLiteral("size")).toInteger()));
                              m_value->setPlainText(text);
                          });
            });
}

} // namespace dc::ui
