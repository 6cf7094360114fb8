// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflowversions.h"

#include "apiclient.h"
#include "jsontablemodel.h"

#include <QColor>
#include <QDialogButtonBox>
#include <QFont>
#include <QFontDatabase>
#include <QHBoxLayout>
#include <QItemSelectionModel>
#include <QJsonArray>
#include <QLabel>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QSplitter>
#include <QTableView>
#include <QTextBlock>
#include <QTextEdit>
#include <QVBoxLayout>

#include <algorithm>
#include <vector>

namespace dc::ui {

namespace {

// Past this many cells the changed middle is marked whole rather than compared line by line
// (a 2,000-line definition against another: far beyond any workflow written by hand).
constexpr qsizetype kMaxDiffCells = 4'000'000;

QStringList linesOf(QString text)
{
    text.replace(QLatin1String("\r\n"), QLatin1String("\n"));
    return text.split(QLatin1Char('\n'));
}

void markLines(QPlainTextEdit *edit, const QList<int> &lines, const QColor &color)
{
    QList<QTextEdit::ExtraSelection> marks;
    for (int line : lines) {
        const QTextBlock block = edit->document()->findBlockByNumber(line);
        if (!block.isValid())
            continue;
        QTextEdit::ExtraSelection mark;
        mark.cursor = QTextCursor(block);
        mark.format.setBackground(color);
        mark.format.setProperty(QTextFormat::FullWidthSelection, true);
        marks << mark;
    }
    edit->setExtraSelections(marks);
}

} // namespace

LineDiff diffLines(const QStringList &a, const QStringList &b)
{
    LineDiff d;
    // The common head and tail need no table: an edit usually touches a few lines.
    qsizetype start = 0;
    while (start < a.size() && start < b.size() && a[start] == b[start])
        ++start;
    qsizetype endA = a.size(), endB = b.size();
    while (endA > start && endB > start && a[endA - 1] == b[endB - 1]) {
        --endA;
        --endB;
    }
    const qsizetype n = endA - start, m = endB - start;
    if (n * m > kMaxDiffCells) {
        for (qsizetype i = start; i < endA; ++i)
            d.removed << int(i);
        for (qsizetype j = start; j < endB; ++j)
            d.added << int(j);
        return d;
    }
    // lcs[i][j]: the length of a longest common subsequence of the middles' tails from i and j.
    std::vector<int> lcs(size_t((n + 1) * (m + 1)), 0);
    const auto at = [&lcs, m](qsizetype i, qsizetype j) -> int & {
        return lcs[size_t(i * (m + 1) + j)];
    };
    for (qsizetype i = n - 1; i >= 0; --i)
        for (qsizetype j = m - 1; j >= 0; --j)
            at(i, j) = a[start + i] == b[start + j] ? at(i + 1, j + 1) + 1
                                                    : std::max(at(i + 1, j), at(i, j + 1));
    qsizetype i = 0, j = 0;
    while (i < n && j < m) {
        if (a[start + i] == b[start + j]) {
            ++i;
            ++j;
        } else if (at(i + 1, j) >= at(i, j + 1)) {
            d.removed << int(start + i++);
        } else {
            d.added << int(start + j++);
        }
    }
    for (; i < n; ++i)
        d.removed << int(start + i);
    for (; j < m; ++j)
        d.added << int(start + j);
    return d;
}

int VersionsModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : int(m_rows.size());
}

int VersionsModel::columnCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : ColumnCount;
}

QVariant VersionsModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const VersionRow &r = m_rows.at(index.row());
    if (role == VersionRole)
        return r.version;
    if (role == Qt::FontRole && r.current) {
        QFont bold;
        bold.setBold(true);
        return bold;
    }
    if (role == Qt::ToolTipRole)
        return tr("Version %1, saved by %2 at %3 (UTC); SHA-256 %4")
            .arg(r.version)
            .arg(r.savedBy, r.savedAt.toString(Qt::ISODate), r.hash);
    if (role != Qt::DisplayRole)
        return {};
    switch (index.column()) {
    case Version:
        return r.current ? tr("%1 (current)").arg(r.version) : QString::number(r.version);
    case SavedBy:
        return r.savedBy;
    case SavedAt:
        return QLocale().toString(r.savedAt.toLocalTime(), QLocale::ShortFormat);
    default:
        return {};
    }
}

QVariant VersionsModel::headerData(int section, Qt::Orientation o, int role) const
{
    if (o != Qt::Horizontal || role != Qt::DisplayRole)
        return QAbstractTableModel::headerData(section, o, role);
    switch (section) {
    case Version:
        return tr("Version");
    case SavedBy:
        return tr("Saved by");
    case SavedAt:
        return tr("Saved at");
    default:
        return {};
    }
}

void VersionsModel::setVersions(const QList<VersionRow> &rows)
{
    beginResetModel();
    m_rows = rows;
    endResetModel();
}

int VersionsModel::rowOf(int version) const
{
    for (int i = 0; i < m_rows.size(); ++i)
        if (m_rows.at(i).version == version)
            return i;
    return -1;
}

int VersionsModel::currentVersion() const
{
    for (const VersionRow &r : m_rows)
        if (r.current)
            return r.version;
    return 0;
}

WorkflowVersionsDialog::WorkflowVersionsDialog(ApiClient &api, const QString &workflow,
                                               QWidget *parent)
    : QDialog(parent)
    , m_api(api)
    , m_workflow(workflow)
{
    setObjectName(QStringLiteral("WorkflowVersionsDialog"));
    setWindowTitle(tr("Versions of %1").arg(workflow));
    m_model = new VersionsModel(this);
    m_view = makeRowTable(m_model, this, QAbstractItemView::ExtendedSelection);
    m_view->setObjectName(QStringLiteral("versionsView"));
    m_view->setToolTip(tr("Choose one version to compare it with the current one, or two to "
                          "compare them with each other"));
    m_leftTitle = new QLabel(this);
    m_rightTitle = new QLabel(this);
    m_leftText = new QPlainTextEdit(this);
    m_rightText = new QPlainTextEdit(this);
    m_leftText->setObjectName(QStringLiteral("leftVersionText"));
    m_rightText->setObjectName(QStringLiteral("rightVersionText"));
    for (QPlainTextEdit *edit : {m_leftText, m_rightText}) {
        edit->setReadOnly(true);
        edit->setLineWrapMode(QPlainTextEdit::NoWrap);
        edit->setFont(QFontDatabase::systemFont(QFontDatabase::FixedFont));
    }
    m_restore = new QPushButton(tr("Restore this version"), this);
    m_restore->setObjectName(QStringLiteral("restoreVersionButton"));
    m_restore->setToolTip(tr("Save the chosen version's text again, as the newest version"));
    m_restore->setEnabled(false);
    m_status = new QLabel(this);
    m_status->setWordWrap(true);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    buttons->addButton(m_restore, QDialogButtonBox::ActionRole);

    const auto side = [this](QLabel *title, QPlainTextEdit *text) {
        auto *pane = new QWidget(this);
        auto *layout = new QVBoxLayout(pane);
        layout->setContentsMargins(0, 0, 0, 0);
        layout->addWidget(title);
        layout->addWidget(text, 1);
        return pane;
    };
    auto *sides = new QSplitter(Qt::Horizontal, this);
    sides->addWidget(side(m_leftTitle, m_leftText));
    sides->addWidget(side(m_rightTitle, m_rightText));
    auto *split = new QSplitter(Qt::Vertical, this);
    split->addWidget(m_view);
    split->addWidget(sides);
    split->setStretchFactor(1, 3);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(split, 1);
    layout->addWidget(m_status);
    layout->addWidget(buttons);
    resize(1100, 760);

    m_confirm = [this](const QString &question) {
        return QMessageBox::question(this, tr("Restore a version"), question) == QMessageBox::Yes;
    };
    connect(m_view->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &WorkflowVersionsDialog::selectionChanged);
    connect(m_restore, &QPushButton::clicked, this, [this] {
        const QList<int> chosen = selectedVersions();
        if (chosen.size() == 1)
            restore(chosen.first());
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    reload();
}

QString WorkflowVersionsDialog::statusText() const
{
    return m_status->text();
}

void WorkflowVersionsDialog::reload()
{
    m_api.get(QStringLiteral("/api/workflows/%1/versions").arg(m_workflow), this,
              [this](const ApiReply &r) {
                  if (!r.ok()) {
                      m_model->setVersions({});
                      m_status->setText(r.status == 404
                                            ? tr("%1 has no saved version yet.").arg(m_workflow)
                                            : tr("Cannot list the versions: %1").arg(r.error));
                      emit versionsLoaded();
                      return;
                  }
                  QList<VersionRow> rows;
                  for (const QJsonValue &v : r.json.value(QStringLiteral("versions")).toArray()) {
                      const QJsonObject o = v.toObject();
                      rows.append(VersionRow{
                          o.value(QStringLiteral("version")).toInt(),
                          o.value(QStringLiteral("saved_by")).toString(),
                          QDateTime::fromString(o.value(QStringLiteral("saved_at")).toString(),
                                                Qt::ISODateWithMs),
                          o.value(QStringLiteral("hash")).toString(),
                          o.value(QStringLiteral("current")).toBool()});
                  }
                  m_model->setVersions(rows);
                  m_view->resizeColumnsToContents();
                  // The newest version, compared with the one before it: what the last save
                  // changed.
                  if (!rows.isEmpty())
                      selectVersions({rows.first().version});
                  emit versionsLoaded();
              });
}

QList<int> WorkflowVersionsDialog::selectedVersions() const
{
    QList<int> out;
    for (const QModelIndex &i : m_view->selectionModel()->selectedRows())
        out << m_model->at(i.row()).version;
    std::sort(out.begin(), out.end());
    return out;
}

void WorkflowVersionsDialog::selectVersions(const QList<int> &versions)
{
    QItemSelection selection;
    for (int v : versions)
        if (const int row = m_model->rowOf(v); row >= 0)
            selection.select(m_model->index(row, 0),
                             m_model->index(row, VersionsModel::ColumnCount - 1));
    m_view->selectionModel()->select(selection, QItemSelectionModel::ClearAndSelect);
}

void WorkflowVersionsDialog::selectionChanged()
{
    const QList<int> chosen = selectedVersions();
    const int current = m_model->currentVersion();
    m_restore->setEnabled(chosen.size() == 1 && chosen.first() != current);
    if (chosen.size() >= 2) {
        compare(chosen.first(), chosen.last());
        return;
    }
    if (chosen.isEmpty())
        return;
    const int v = chosen.first();
    int other = current > 0 ? current : m_model->at(0).version;
    if (other == v) // the version the server runs: what it changed from the one before
        other = m_model->at(m_model->rowOf(v) + 1).version;
    if (other == 0)
        other = v;
    compare(std::min(v, other), std::max(v, other));
}

void WorkflowVersionsDialog::fetch(int version, std::function<void()> then)
{
    if (m_texts.contains(version)) {
        then();
        return;
    }
    m_api.get(QStringLiteral("/api/workflows/%1/versions/%2").arg(m_workflow).arg(version), this,
              [this, version, then](const ApiReply &r) {
                  if (!r.ok()) {
                      m_status->setText(tr("Cannot read version %1: %2").arg(version).arg(r.error));
                      return;
                  }
                  m_texts.insert(version, r.json.value(QStringLiteral("definition")).toString());
                  then();
              });
}

void WorkflowVersionsDialog::compare(int left, int right)
{
    m_left = left;
    m_right = right;
    const int generation = ++m_generation;
    // Only the last comparison asked for is shown, whatever order the answers come in.
    fetch(left, [this, generation, right] {
        fetch(right, [this, generation] {
            if (generation == m_generation)
                showDiff();
        });
    });
}

QString WorkflowVersionsDialog::title(int version) const
{
    const VersionRow r = m_model->at(m_model->rowOf(version));
    if (r.version == 0)
        return tr("Version %1").arg(version);
    return tr("Version %1 · %2 · %3")
        .arg(version)
        .arg(r.savedBy, QLocale().toString(r.savedAt.toLocalTime(), QLocale::ShortFormat));
}

void WorkflowVersionsDialog::showDiff()
{
    const QString a = m_texts.value(m_left), b = m_texts.value(m_right);
    m_leftText->setPlainText(QString(a).replace(QLatin1String("\r\n"), QLatin1String("\n")));
    m_rightText->setPlainText(QString(b).replace(QLatin1String("\r\n"), QLatin1String("\n")));
    const LineDiff d = diffLines(linesOf(a), linesOf(b));
    // Translucent, so that the marks read on light and dark themes alike.
    markLines(m_leftText, d.removed, QColor(220, 60, 60, 70));
    markLines(m_rightText, d.added, QColor(60, 170, 80, 70));
    m_leftTitle->setText(title(m_left));
    m_rightTitle->setText(m_left == m_right ? title(m_right)
                                            : tr("%1 (lines removed: %2, added: %3)")
                                                  .arg(title(m_right))
                                                  .arg(int(d.removed.size()))
                                                  .arg(int(d.added.size())));
    emit diffShown(m_left, m_right);
}

QList<int> WorkflowVersionsDialog::markedLines(bool right) const
{
    QList<int> out;
    for (const QTextEdit::ExtraSelection &s : (right ? m_rightText : m_leftText)->extraSelections())
        out << s.cursor.blockNumber();
    return out;
}

void WorkflowVersionsDialog::restore(int version)
{
    if (version <= 0 || !m_confirm ||
        !m_confirm(tr("Restore version %1 of %2? Its text is saved again as the newest version; "
                      "runs started from now on use it, and the editor shows it (changes not saved "
                      "there are dropped).")
                       .arg(version)
                       .arg(m_workflow)))
        return;
    m_restore->setEnabled(false);
    m_api.send("POST",
               QStringLiteral("/api/workflows/%1/versions/%2/restore").arg(m_workflow).arg(version),
               {}, this, [this, version](const ApiReply &r) {
                   if (!r.ok()) {
                       m_status->setText(tr("Not restored: %1").arg(r.error));
                       selectionChanged();
                       return;
                   }
                   const int saved = r.json.value(QStringLiteral("version")).toInt();
                   m_status->setText(
                       tr("Version %1 restored as version %2.").arg(version).arg(saved));
                   reload();
                   emit restored(saved);
               });
}

} // namespace dc::ui
