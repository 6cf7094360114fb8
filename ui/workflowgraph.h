// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A workflow drawn as a graph: steps are nodes, dependencies edges (implied template
// dependencies dashed). Each node is as wide as its step, agent and action names. Editable:
// nodes move, dragging from a node's output port to another node asks for a dependency, and a
// solid edge can be selected and removed with Delete. Read-only (runs): nodes are coloured by
// their state. Zoom with Ctrl+wheel or the +/- keys, pan by dragging the background.
#include <QGraphicsView>
#include <QHash>
#include <QJsonObject>

#include <utility>

class QGraphicsLineItem;

namespace dc::ui {

class StepNode;
class EdgeItem;

class WorkflowGraph : public QGraphicsView
{
    Q_OBJECT
public:
    explicit WorkflowGraph(QWidget *parent = nullptr);
    ~WorkflowGraph() override;

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
    // Selects a step (an empty or unknown name: nothing).
    void selectStep(const QString &name);
    QString selectedStep() const;
    // The selected explicit dependency as {from, to} ("to" depends on "from"); empty strings
    // when none is. Only an editable graph's solid edges can be selected.
    std::pair<QString, QString> selectedEdge() const;
    bool selectEdge(const QString &from, const QString &to);
    // The node of `step`, when setSteps() next creates it, goes below `anchor` in free space
    // instead of the whole graph being laid out again (a pasted step beside its original).
    void placeNear(const QString &step, const QString &anchor);
    void autoLayout();
    // Shows the whole graph (never enlarged past 100 %).
    void fitAll();
    QHash<QString, QPointF> positions() const;
    void setPositions(const QHash<QString, QPointF> &positions);

    // For tests and tools: where a node and its output port are, in view coordinates.
    QPoint nodeCenter(const QString &step) const;
    QPoint portCenter(const QString &step) const;
    // A node's rectangle in scene coordinates, and the texts it shows: {step, agent.action}.
    QRectF nodeRect(const QString &step) const;
    QStringList nodeText(const QString &step) const;
    QStringList steps() const { return m_nodes.keys(); }
    int edgeCount(bool implied) const;
    QString errorShown(const QString &step) const;
    QString stateShown(const QString &step) const;

signals:
    void stepSelected(const QString &step);
    // The selection no longer holds a step (the background or an edge was clicked).
    void stepDeselected();
    void connectRequested(const QString &from, const QString &to); // "to" depends on "from"
    // Delete pressed on a selected edge: "to" should no longer depend on "from".
    void disconnectRequested(const QString &from, const QString &to);
    void nodesMoved();

protected:
    bool event(QEvent *e) override;
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
    QList<EdgeItem *> m_edges;
    QHash<QString, QPointF> m_pending; // placeNear(): where a node yet to come goes
    bool m_editable = false;
    QString m_connectFrom;
    QGraphicsLineItem *m_rubber = nullptr;
    bool m_autoFit = true; // until the user zooms: the graph follows the view's size
};

} // namespace dc::ui
