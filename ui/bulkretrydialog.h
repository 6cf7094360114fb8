// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Retrying many failed runs at once (POST /api/runs/retry): the failed runs of a workflow, of a
// step, or failed since a time. A dry run counts what the filter matches as it is edited; Retry
// sends it for real and hands the server's answer over.
#include <QDialog>
#include <QJsonArray>
#include <QJsonObject>

class QCheckBox;
class QComboBox;
class QDateTimeEdit;
class QLabel;
class QPushButton;
class QTimer;

namespace dc::ui {

class ApiClient;

class BulkRetryDialog : public QDialog
{
    Q_OBJECT
public:
    // workflows: GET /api/workflows's list (each with its steps); current: preselected.
    BulkRetryDialog(ApiClient &api, const QJsonArray &workflows, const QString &current,
                    QWidget *parent = nullptr);

    QComboBox *workflowBox() const { return m_workflow; }
    QComboBox *stepBox() const { return m_step; }
    QCheckBox *sinceBox() const { return m_useSince; }
    QDateTimeEdit *sinceEdit() const { return m_since; }
    QPushButton *retryButton() const { return m_retry; }
    // What the last dry run matched; -1 while unknown or when nothing is chosen.
    qint64 previewCount() const { return m_count; }
    QString previewText() const;
    // The request body for the filter as chosen (without dry_run); empty when nothing is.
    QJsonObject filter() const;

signals:
    // The server's answer to the retry: {matched, retried, skipped}.
    void retried(const QJsonObject &result);

private:
    void fillSteps();
    void refreshPreview();
    void retry();

    ApiClient &m_api;
    QJsonArray m_workflows;
    QComboBox *m_workflow;
    QComboBox *m_step;
    QCheckBox *m_useSince;
    QDateTimeEdit *m_since;
    QLabel *m_preview;
    QPushButton *m_retry;
    QTimer *m_debounce;
    qint64 m_count = -1;
    int m_generation = 0;
};

} // namespace dc::ui
