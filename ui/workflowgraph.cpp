// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflowgraph.h"

#include "apiclient.h"

#include "workflows/definition.h"

#include <QFontMetricsF>
#include <QGraphicsEllipseItem>
#include <QGraphicsLineItem>
#include <QGraphicsPathItem>
#include <QGraphicsRectItem>
#include <QGraphicsScene>
#include <QGraphicsSimpleTextItem>
#include <QJsonArray>
#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainterPath>
#include <QResizeEvent>
#include <QWheelEvent>

#include <cmath>

namespace dc::ui {

namespace {
constexpr qreal kWidth = 190;
constexpr qreal kHeight = 64;

QColor stateColor(const QString &state)
{
    if (state == QLatin1String("succeeded"))
        return QColor(0xc8, 0xf0, 0xc8);
    if (state == QLatin1String("failed"))
        return QColor(0xf6, 0xc0, 0xc0);
    if (state == QLatin1String("running"))
        return QColor(0xc8, 0xdc, 0xff);
    if (state == QLatin1String("skipped"))
        return QColor(0xe4, 0xe4, 0xe4);
    if (state == QLatin1String("queued") || state == QLatin1String("pending"))
        return QColor(0xff, 0xf0, 0xc0);
    return QColor(0xfa, 0xfa, 0xfa);
}
} // namespace

class StepNode : public QGraphicsRectItem
{
public:
    StepNode(const QString &name, const QString &subtitle, WorkflowGraph *graph)
        : QGraphicsRectItem(0, 0, kWidth, kHeight)
        , m_name(name)
        , m_graph(graph)
    {
        setBrush(stateColor({}));
        setPen(QPen(QColor(0x55, 0x55, 0x55), 1.5));
        setFlags(ItemIsSelectable | ItemSendsGeometryChanges);
        setCursor(Qt::OpenHandCursor);
        m_title = new QGraphicsSimpleTextItem(this);
        QFont f = m_title->font();
        f.setBold(true);
        m_title->setFont(f);
        m_title->setText(QFontMetricsF(f).elidedText(name, Qt::ElideRight, kWidth - 26));
        m_title->setPos(8, 6);
        m_sub = new QGraphicsSimpleTextItem(this);
        // Long agent.action names are elided: the full name is in the tooltip.
        m_sub->setText(
            QFontMetricsF(m_sub->font()).elidedText(subtitle, Qt::ElideMiddle, kWidth - 26));
        m_sub->setToolTip(subtitle);
        m_sub->setPos(8, 26);
        m_note = new QGraphicsSimpleTextItem(this);
        m_note->setPos(8, 44);
        m_port = new QGraphicsEllipseItem(kWidth - 7, kHeight / 2 - 7, 14, 14, this);
        m_port->setBrush(QColor(0x33, 0x66, 0xcc));
        m_port->setPen(Qt::NoPen);
        m_port->setCursor(Qt::CrossCursor);
        m_port->setToolTip(QObject::tr("Drag to a step that depends on this one"));
    }
    QString name() const { return m_name; }
    QGraphicsEllipseItem *port() const { return m_port; }
    void setState(const QString &state, const QString &note)
    {
        m_state = state;
        setBrush(stateColor(state));
        m_note->setText(QFontMetricsF(m_note->font())
                            .elidedText(note.isEmpty()
                                            ? stateLabel(state)
                                            : stateLabel(state) + QStringLiteral(" · ") + note,
                                        Qt::ElideRight, kWidth - 26));
    }
    QString state() const { return m_state; }
    void setError(const QString &error)
    {
        m_error = error;
        setPen(error.isEmpty() ? QPen(QColor(0x55, 0x55, 0x55), 1.5) : QPen(Qt::red, 3));
        setToolTip(error);
        if (m_state.isEmpty())
            m_note->setText(error.isEmpty() ? QString() : QStringLiteral("⚠ ") + error.left(30));
    }
    QString error() const { return m_error; }
    void setMovable(bool on) { setFlag(ItemIsMovable, on); }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override
    {
        if (change == ItemPositionHasChanged && m_graph)
            QMetaObject::invokeMethod(m_graph, "nodesMoved", Qt::QueuedConnection);
        return QGraphicsRectItem::itemChange(change, value);
    }

private:
    QString m_name;
    QString m_state, m_error;
    WorkflowGraph *m_graph;
    QGraphicsSimpleTextItem *m_title, *m_sub, *m_note;
    QGraphicsEllipseItem *m_port;
};

WorkflowGraph::WorkflowGraph(QWidget *parent)
    : QGraphicsView(parent)
{
    setScene(new QGraphicsScene(this));
    setRenderHint(QPainter::Antialiasing);
    setDragMode(QGraphicsView::ScrollHandDrag);
    setTransformationAnchor(QGraphicsView::AnchorUnderMouse);
    setFocusPolicy(Qt::StrongFocus);
    connect(scene(), &QGraphicsScene::selectionChanged, this, [this] {
        const QString s = selectedStep();
        if (!s.isEmpty())
            emit stepSelected(s);
    });
    connect(this, &WorkflowGraph::nodesMoved, this, &WorkflowGraph::rebuildEdges);
}

QHash<QString, QStringList> WorkflowGraph::impliedDependencies(const QJsonObject &document)
{
    // As the engine reads them: the loader resolves template references to steps.
    const workflows::ActionCatalog any = [](const QString &, const QString &) {
        return std::optional<QString>();
    };
    QHash<QString, QStringList> out;
    if (auto def = workflows::loadWorkflow(workflows::workflowToYaml(document),
                                           QStringLiteral("graph"), any))
        for (const workflows::StepDef &st : def->steps)
            out.insert(st.name, st.impliedDeps);
    return out;
}

void WorkflowGraph::setSteps(const QJsonArray &steps, const QHash<QString, QStringList> &implied)
{
    const QHash<QString, QPointF> old = positions();
    const QString selected = selectedStep();
    const QSignalBlocker block(scene());
    for (QGraphicsItem *e : std::as_const(m_edges))
        delete e;
    m_edges.clear();
    qDeleteAll(m_nodes);
    m_nodes.clear();
    m_deps.clear();
    m_implied = implied;
    bool missing = false;
    for (const QJsonValue &v : steps) {
        const QJsonObject st = v.toObject();
        const QString name = st.value(QStringLiteral("name")).toString();
        if (name.isEmpty() || m_nodes.contains(name))
            continue;
        auto *node = new StepNode(name,
                                  st.value(QStringLiteral("agent")).toString() + QLatin1Char('.') +
                                      st.value(QStringLiteral("action")).toString(),
                                  this);
        node->setMovable(m_editable);
        scene()->addItem(node);
        m_nodes.insert(name, node);
        QStringList deps;
        for (const QJsonValue &d : st.value(QStringLiteral("depends_on")).toArray())
            deps << d.toString();
        m_deps.insert(name, deps);
        if (old.contains(name))
            node->setPos(old.value(name));
        else
            missing = true;
    }
    if (missing)
        autoLayout();
    rebuildEdges();
    if (m_nodes.contains(selected))
        m_nodes.value(selected)->setSelected(true);
}

void WorkflowGraph::autoLayout()
{
    // Layers by longest path from the roots (explicit and implied dependencies).
    QHash<QString, int> layer;
    std::function<int(const QString &, int)> depth = [&](const QString &s, int guard) -> int {
        if (layer.contains(s))
            return layer.value(s);
        if (guard > m_nodes.size())
            return 0; // a cycle: validation reports it
        int d = 0;
        for (const QString &p : m_deps.value(s) + m_implied.value(s))
            if (m_nodes.contains(p) && p != s)
                d = std::max(d, depth(p, guard + 1) + 1);
        layer.insert(s, d);
        return d;
    };
    QMap<int, QStringList> byLayer;
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        byLayer[depth(it.key(), 0)] << it.key();
    for (auto it = byLayer.begin(); it != byLayer.end(); ++it) {
        it->sort();
        for (int i = 0; i < it->size(); ++i)
            m_nodes.value(it->at(i))->setPos(it.key() * (kWidth + 70), i * (kHeight + 40));
    }
    rebuildEdges();
    fitAll();
}

void WorkflowGraph::fitAll()
{
    const QRectF r = scene()->itemsBoundingRect().adjusted(-30, -30, 30, 30);
    if (r.isEmpty())
        return;
    // The scene is exactly the graph: smaller than the view, it is centred.
    scene()->setSceneRect(r);
    const qreal s =
        std::min({1.0, viewport()->width() / r.width(), viewport()->height() / r.height()});
    resetTransform();
    scale(s, s);
}

void WorkflowGraph::rebuildEdges()
{
    for (QGraphicsItem *e : std::as_const(m_edges))
        delete e;
    m_edges.clear();
    const auto edge = [this](const QString &from, const QString &to, bool implied) {
        StepNode *a = m_nodes.value(from), *b = m_nodes.value(to);
        if (!a || !b)
            return;
        const QPointF p1 = a->pos() + QPointF(kWidth, kHeight / 2);
        const QPointF p2 = b->pos() + QPointF(0, kHeight / 2);
        QPainterPath path(p1);
        const qreal dx = std::max<qreal>(40, std::abs(p2.x() - p1.x()) / 2);
        path.cubicTo(p1 + QPointF(dx, 0), p2 - QPointF(dx, 0), p2);
        // Arrow head at the dependent step.
        const QPointF tip = p2;
        path.moveTo(tip);
        path.lineTo(tip + QPointF(-10, -5));
        path.moveTo(tip);
        path.lineTo(tip + QPointF(-10, 5));
        auto *item = scene()->addPath(
            path, QPen(QColor(0x44, 0x44, 0x44), 1.6, implied ? Qt::DashLine : Qt::SolidLine));
        item->setZValue(-1);
        item->setData(0, implied);
        item->setToolTip(implied ? QObject::tr("%1 uses the output of %2 (implied)").arg(to, from)
                                 : QObject::tr("%1 depends on %2").arg(to, from));
        m_edges.append(item);
    };
    for (auto it = m_deps.cbegin(); it != m_deps.cend(); ++it)
        for (const QString &from : it.value())
            edge(from, it.key(), false);
    for (auto it = m_implied.cbegin(); it != m_implied.cend(); ++it)
        for (const QString &from : it.value())
            if (!m_deps.value(it.key()).contains(from))
                edge(from, it.key(), true);
}

int WorkflowGraph::edgeCount(bool implied) const
{
    int n = 0;
    for (QGraphicsItem *e : m_edges)
        n += e->data(0).toBool() == implied ? 1 : 0;
    return n;
}

void WorkflowGraph::setStepStates(const QHash<QString, QString> &states,
                                  const QHash<QString, QString> &notes)
{
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        it.value()->setState(states.value(it.key(), QStringLiteral("pending")),
                             notes.value(it.key()));
}

void WorkflowGraph::setStepErrors(const QHash<QString, QString> &errors)
{
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        it.value()->setError(errors.value(it.key()));
}

QString WorkflowGraph::errorShown(const QString &step) const
{
    return m_nodes.contains(step) ? m_nodes.value(step)->error() : QString();
}

QString WorkflowGraph::stateShown(const QString &step) const
{
    return m_nodes.contains(step) ? m_nodes.value(step)->state() : QString();
}

void WorkflowGraph::selectStep(const QString &name)
{
    scene()->clearSelection();
    if (StepNode *n = m_nodes.value(name)) {
        n->setSelected(true);
        ensureVisible(n);
    }
}

QString WorkflowGraph::selectedStep() const
{
    for (QGraphicsItem *i : scene()->selectedItems())
        if (auto *n = dynamic_cast<StepNode *>(i))
            return n->name();
    return {};
}

QHash<QString, QPointF> WorkflowGraph::positions() const
{
    QHash<QString, QPointF> out;
    for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it)
        out.insert(it.key(), it.value()->pos());
    return out;
}

void WorkflowGraph::setPositions(const QHash<QString, QPointF> &positions)
{
    for (auto it = positions.cbegin(); it != positions.cend(); ++it)
        if (StepNode *n = m_nodes.value(it.key()))
            n->setPos(it.value());
    rebuildEdges();
}

QPoint WorkflowGraph::nodeCenter(const QString &step) const
{
    StepNode *n = m_nodes.value(step);
    return n ? mapFromScene(n->sceneBoundingRect().center() - QPointF(20, 0)) : QPoint();
}

QPoint WorkflowGraph::portCenter(const QString &step) const
{
    StepNode *n = m_nodes.value(step);
    return n ? mapFromScene(n->port()->sceneBoundingRect().center()) : QPoint();
}

StepNode *WorkflowGraph::nodeAt(const QPoint &viewPos) const
{
    for (QGraphicsItem *i : items(viewPos)) {
        for (QGraphicsItem *p = i; p; p = p->parentItem())
            if (auto *n = dynamic_cast<StepNode *>(p))
                return n;
    }
    return nullptr;
}

void WorkflowGraph::mousePressEvent(QMouseEvent *e)
{
    if (m_editable && e->button() == Qt::LeftButton) {
        for (QGraphicsItem *i : items(e->position().toPoint())) {
            for (auto it = m_nodes.cbegin(); it != m_nodes.cend(); ++it) {
                if (it.value()->port() == i) {
                    m_connectFrom = it.key();
                    const QPointF start = i->sceneBoundingRect().center();
                    m_rubber =
                        scene()->addLine(QLineF(start, start), QPen(Qt::blue, 2, Qt::DotLine));
                    e->accept();
                    return;
                }
            }
        }
    }
    if (nodeAt(e->position().toPoint()))
        setDragMode(QGraphicsView::NoDrag); // move the node, not the view
    QGraphicsView::mousePressEvent(e);
}

void WorkflowGraph::mouseMoveEvent(QMouseEvent *e)
{
    if (m_rubber) {
        QLineF l = m_rubber->line();
        l.setP2(mapToScene(e->position().toPoint()));
        m_rubber->setLine(l);
        e->accept();
        return;
    }
    QGraphicsView::mouseMoveEvent(e);
}

void WorkflowGraph::mouseReleaseEvent(QMouseEvent *e)
{
    if (m_rubber) {
        delete m_rubber;
        m_rubber = nullptr;
        const QString from = std::exchange(m_connectFrom, {});
        if (StepNode *target = nodeAt(e->position().toPoint()); target && target->name() != from)
            emit connectRequested(from, target->name());
        e->accept();
        return;
    }
    QGraphicsView::mouseReleaseEvent(e);
    setDragMode(QGraphicsView::ScrollHandDrag);
}

void WorkflowGraph::resizeEvent(QResizeEvent *e)
{
    QGraphicsView::resizeEvent(e);
    if (m_autoFit)
        fitAll();
}

void WorkflowGraph::wheelEvent(QWheelEvent *e)
{
    if (e->modifiers() & Qt::ControlModifier) {
        m_autoFit = false;
        const qreal f = e->angleDelta().y() > 0 ? 1.15 : 1 / 1.15;
        scale(f, f);
        e->accept();
        return;
    }
    QGraphicsView::wheelEvent(e);
}

void WorkflowGraph::keyPressEvent(QKeyEvent *e)
{
    if (e->key() == Qt::Key_Plus || e->key() == Qt::Key_Equal) {
        m_autoFit = false;
        scale(1.15, 1.15);
    } else if (e->key() == Qt::Key_Minus) {
        m_autoFit = false;
        scale(1 / 1.15, 1 / 1.15);
    } else if (e->key() == Qt::Key_0) {
        m_autoFit = true;
        fitAll();
    } else {
        QGraphicsView::keyPressEvent(e);
    }
}

} // namespace dc::ui
