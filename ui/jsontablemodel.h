// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A table of JSON objects as the API returns them (runs, tasks, events): the row bookkeeping the
// pages' models share; each says how its columns read a row.
#include <QAbstractTableModel>
#include <QHeaderView>
#include <QJsonObject>
#include <QTableView>

namespace dc::ui {

class JsonTableModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    // The raw state of a row ("failed"), in its state column: what a status chip paints.
    static constexpr int StateRole = Qt::UserRole + 40;
    JsonTableModel(int columns, QObject *parent = nullptr)
        : QAbstractTableModel(parent)
        , m_columns(columns)
    {}
    int rowCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : int(m_rows.size());
    }
    int columnCount(const QModelIndex &parent = {}) const override
    {
        return parent.isValid() ? 0 : m_columns;
    }
    QJsonObject row(int r) const { return m_rows.value(r); }
    qint64 idAt(int r) const { return m_rows.value(r).value(QStringLiteral("id")).toInteger(); }
    int rowOf(qint64 id) const
    {
        for (int i = 0; i < m_rows.size(); ++i)
            if (idAt(i) == id)
                return i;
        return -1;
    }
    // The same ids in the same order are updated in place (a selection survives a live
    // refresh); anything else is a reset.
    void setRows(const QList<QJsonObject> &rows)
    {
        bool same = rows.size() == m_rows.size();
        for (qsizetype i = 0; same && i < rows.size(); ++i)
            same = rows[i].value(QStringLiteral("id")) == m_rows[i].value(QStringLiteral("id"));
        if (same) {
            m_rows = rows;
            if (!m_rows.isEmpty())
                emit dataChanged(index(0, 0), index(int(m_rows.size()) - 1, m_columns - 1));
            return;
        }
        beginResetModel();
        m_rows = rows;
        endResetModel();
    }

    // The next page of a keyset-paged list, after the rows shown.
    void appendRows(const QList<QJsonObject> &rows)
    {
        if (rows.isEmpty())
            return;
        beginInsertRows({}, int(m_rows.size()), int(m_rows.size() + rows.size()) - 1);
        m_rows << rows;
        endInsertRows();
    }

protected:
    // The row for data(): nullptr for an index that is not this model's.
    const QJsonObject *at(const QModelIndex &index) const
    {
        return checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid)
                   ? &m_rows.at(index.row())
                   : nullptr;
    }
    QList<QJsonObject> m_rows;

private:
    const int m_columns;
};

// The pages' tables: whole rows selected, no row numbers, fixed row heights (the view never
// measures its rows), the last column taking the rest.
inline QTableView *
makeRowTable(QAbstractItemModel *model, QWidget *parent,
             QAbstractItemView::SelectionMode mode = QAbstractItemView::SingleSelection)
{
    auto *view = new QTableView(parent);
    view->setModel(model);
    view->setSelectionBehavior(QAbstractItemView::SelectRows);
    view->setSelectionMode(mode);
    view->verticalHeader()->hide();
    view->verticalHeader()->setSectionResizeMode(QHeaderView::Fixed);
    view->horizontalHeader()->setStretchLastSection(true);
    return view;
}

} // namespace dc::ui
