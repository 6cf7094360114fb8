// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A run's or step's payload as a tree that loads as it is expanded (GET /api/runs/{id}/payload):
// each expansion asks the server for one node's children, a hundred at a time ("more…" rows
// fetch the next ones), and strings come cut to a preview. A payload of megabytes is never
// loaded whole, in the server's answer or in the window.
#include <QAbstractItemModel>
#include <QJsonObject>
#include <QWidget>

#include <memory>
#include <vector>

class QLabel;
class QPlainTextEdit;
class QTreeView;

namespace dc::ui {

class ApiClient;

class PayloadModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Column { Key, Value, Type, ColumnCount };
    static constexpr int PathRole = Qt::UserRole + 1;
    static constexpr int TypeRole = Qt::UserRole + 2;
    explicit PayloadModel(ApiClient &api, QObject *parent = nullptr);
    ~PayloadModel() override;
    // The payload to show: the run's own (step empty: input, trigger_data or outputs) or a
    // step's (input or output). Loads the root's first children.
    void setSource(qint64 run, const QString &step, const QString &part);
    bool loading() const { return m_pending > 0; }
    // The whole payload is personal data the user may not read (no personal.read).
    bool redacted() const;
    // The next page of a node's children (its "more…" row).
    void fetchNextPage(const QModelIndex &parent);
    // Where one node is read (a string's text from its start).
    QString nodeUrl(const QString &path) const { return url(path, 0); }
    QString error() const { return m_error; }

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    bool canFetchMore(const QModelIndex &parent) const override;
    void fetchMore(const QModelIndex &parent) override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

signals:
    void loaded();                             // an answer was applied (tests wait on it)
    void noticeChanged(const QString &notice); // redacted or an error, said to the user

private:
    struct Node;
    Node *nodeOf(const QModelIndex &index) const;
    QModelIndex indexOf(Node *node, int column = 0) const;
    void fetch(Node *node);
    QString url(const QString &path, qint64 offset) const;

    ApiClient &m_api;
    std::unique_ptr<Node> m_root;
    qint64 m_run = 0;
    QString m_step, m_part, m_error;
    int m_pending = 0;
    int m_generation = 0; // answers for a previous source are dropped
};

// The tree and, below it, the selected string in full (as far as the server sends at once).
class PayloadView : public QWidget
{
    Q_OBJECT
public:
    explicit PayloadView(ApiClient &api, QWidget *parent = nullptr);
    PayloadModel *model() const { return m_model; }
    QTreeView *tree() const { return m_tree; }
    QPlainTextEdit *valueView() const { return m_value; }
    QLabel *notice() const { return m_notice; }

private:
    ApiClient &m_api;
    PayloadModel *m_model;
    QTreeView *m_tree;
    QPlainTextEdit *m_value;
    QLabel *m_notice;
    int m_valueGeneration = 0;
};

} // namespace dc::ui
