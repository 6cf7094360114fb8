// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A workflow drawn as a graph: steps are nodes, dependencies edges (implied template
// dependencies dashed). Editable: nodes move, and dragging from a node's output port to another
// node asks for a dependency. Read-only (runs): nodes are coloured by their state. Zoom with
// Ctrl+wheel or the +/- keys, pan by dragging the background.
#include <QGraphicsView>
#include <QHash>
#include <QJsonObject>

class QGraphicsLineItem;

namespace dc::ui {

class StepNode;

class WorkflowGraph : public QGraphicsView
{
    Q_OBJECT
public:
    explicit WorkflowGraph(QWidget *parent = nullptr);

    // step -> the steps its templates refer to (drawn dashed), for a whole document.
    static QHash<QString, QStringList> impliedDependencies(const QJsonObject &document);
    // steps: the document's steps; implied: step -> steps its templates refer to.
    void setSteps(const QJsonArray &steps, const QHash<QString, QStringList> &implied = {});
    void setEditable(bool editable) { m_editable = editable; }
    // Runs: state per step (queued, running, succeeded, failed, skipped) and a second line.
    void setStepStates(const QHash<QString, QString> &states,
                       const QHash<QString, QString> &notes = {});
    // Validation: a message per step, drawn on the node.
    void setStepErrors(const QHash<QString, QString> &errors);
    void selectStep(const QString &name);
    QString selectedStep() const;
    void autoLayout();
    // Shows the whole graph (never enlarged past 100 %).
    void fitAll();
    QHash<QString, QPointF> positions() const;
    void setPositions(const QHash<QString, QPointF> &positions);

    // For tests and tools: where a node and its output port are, in view coordinates.
    QPoint nodeCenter(const QString &step) const;
    QPoint portCenter(const QString &step) const;
    QStringList steps() const { return m_nodes.keys(); }
    int edgeCount(bool implied) const;
    QString errorShown(const QString &step) const;
    QString stateShown(const QString &step) const;

signals:
    void stepSelected(const QString &step);
    void connectRequested(const QString &from, const QString &to); // "to" depends on "from"
    void nodesMoved();

protected:
    void mousePressEvent(QMouseEvent *e) override;
    void mouseMoveEvent(QMouseEvent *e) override;
    void mouseReleaseEvent(QMouseEvent *e) override;
    void wheelEvent(QWheelEvent *e) override;
    void keyPressEvent(QKeyEvent *e) override;
    void resizeEvent(QResizeEvent *e) override;

private:
    StepNode *nodeAt(const QPoint &viewPos) const;
    void rebuildEdges();

    QHash<QString, StepNode *> m_nodes;
    QHash<QString, QStringList> m_deps, m_implied;
    QList<QGraphicsItem *> m_edges;
    bool m_editable = false;
    QString m_connectFrom;
    QGraphicsLineItem *m_rubber = nullptr;
    bool m_autoFit = true; // until the user zooms: the graph follows the view's size
};

} // namespace dc::ui
