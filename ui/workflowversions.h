// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A workflow's versions (GET /api/workflows/{name}/versions): every text it was saved with, who
// saved it and when; two of them side by side with the changed lines marked (a line diff
// computed here: definitions are small); and a rollback to one of them, which the server saves
// as the newest version (POST .../versions/{version}/restore).
#include <QAbstractTableModel>
#include <QDateTime>
#include <QDialog>
#include <QHash>
#include <QList>
#include <QStringList>

#include <functional>

class QLabel;
class QPlainTextEdit;
class QPushButton;
class QTableView;

namespace dc::ui {

class ApiClient;

// The lines two texts do not share, 0-based: those of `a` outside a longest common subsequence
// of the two (removed) and those of `b` (added).
struct LineDiff
{
    QList<int> removed;
    QList<int> added;
};
LineDiff diffLines(const QStringList &a, const QStringList &b);

struct VersionRow
{
    int version = 0;
    QString savedBy;
    QDateTime savedAt; // UTC
    QString hash;
    bool current = false; // the text the server runs
};

class VersionsModel : public QAbstractTableModel
{
    Q_OBJECT
public:
    enum Column { Version, SavedBy, SavedAt, ColumnCount };
    static constexpr int VersionRole = Qt::UserRole + 1; // the version number, in every column

    explicit VersionsModel(QObject *parent = nullptr)
        : QAbstractTableModel(parent)
    {}
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QVariant headerData(int section, Qt::Orientation o, int role = Qt::DisplayRole) const override;

    void setVersions(const QList<VersionRow> &rows);
    VersionRow at(int row) const { return m_rows.value(row); }
    int rowOf(int version) const;
    int currentVersion() const; // 0: none is current

private:
    QList<VersionRow> m_rows; // newest first
};

class WorkflowVersionsDialog : public QDialog
{
    Q_OBJECT
public:
    WorkflowVersionsDialog(ApiClient &api, const QString &workflow, QWidget *parent = nullptr);

    QString workflow() const { return m_workflow; }
    VersionsModel *model() const { return m_model; }
    QTableView *view() const { return m_view; }
    QPlainTextEdit *leftText() const { return m_leftText; }
    QPlainTextEdit *rightText() const { return m_rightText; }
    QPushButton *restoreButton() const { return m_restore; }
    QString statusText() const;

    // Asked before a rollback, with the question; the default asks with a message box.
    void setConfirmer(std::function<bool(const QString &question)> confirm)
    {
        m_confirm = std::move(confirm);
    }
    // Selects these versions in the list: one is compared with the current version (or, if it
    // is the current one, with the version before it), two with each other.
    void selectVersions(const QList<int> &versions);
    // Shows two versions side by side, the older on the left.
    void compare(int left, int right);
    int leftVersion() const { return m_left; }
    int rightVersion() const { return m_right; }
    // The lines marked changed on a side (0-based), as drawn.
    QList<int> markedLines(bool right) const;
    // Rolls back to a version once the confirmer agrees.
    void restore(int version);
    void reload();

signals:
    void versionsLoaded();
    void diffShown(int left, int right);
    // The server saved the restored text: `version` is the version it is now.
    void restored(int version);

private:
    void selectionChanged();
    QList<int> selectedVersions() const;
    // Calls `then` once the version's text is known (fetched once).
    void fetch(int version, std::function<void()> then);
    void showDiff();
    QString title(int version) const;

    ApiClient &m_api;
    const QString m_workflow;
    VersionsModel *m_model;
    QTableView *m_view;
    QLabel *m_leftTitle;
    QLabel *m_rightTitle;
    QPlainTextEdit *m_leftText;
    QPlainTextEdit *m_rightText;
    QPushButton *m_restore;
    QLabel *m_status;
    std::function<bool(const QString &)> m_confirm;
    QHash<int, QString> m_texts; // version -> text (versions never change)
    int m_left = 0;
    int m_right = 0;
    int m_generation = 0;
};

} // namespace dc::ui
