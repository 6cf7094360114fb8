// SPDX-License-Identifier: GPL-3.0-or-later
#include "workflowgraph.h"

#include "apiclient.h"
#include "look.h"

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
#include <QPainterPathStroker>
#include <QResizeEvent>
#include <QStyle>
#include <QStyleOptionGraphicsItem>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace dc::ui {

namespace {
constexpr qreal kMinWidth = 190;
// Step names have at most 64 characters: this fits them in full; only an agent.action longer
// than that is elided (the tooltip has it all).
constexpr qreal kMaxWidth = 640;
// Left padding, and the output port on the right that text must not run under.
constexpr qreal kTextMargin = 8 + 20;
constexpr qreal kHeight = 64;
constexpr qreal kColumnGap = 70;
constexpr qreal kRowGap = 40;

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
        : QGraphicsRectItem(0, 0, kMinWidth, kHeight)
        , m_name(name)
        , m_subtitle(subtitle)
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
        m_sub = new QGraphicsSimpleTextItem(this);
        // As wide as the names: "order_manager.check_inventory" must read in full.
        const QFontMetricsF titleMetrics(f), subMetrics(m_sub->font());
        const qreal text =
            std::max(titleMetrics.horizontalAdvance(name), subMetrics.horizontalAdvance(subtitle));
        m_width = std::clamp(std::ceil(text) + kTextMargin, kMinWidth, kMaxWidth);
        setRect(0, 0, m_width, kHeight);
        m_title->setText(titleMetrics.elidedText(name, Qt::ElideRight, m_width - kTextMargin));
        m_title->setPos(8, 6);
        m_sub->setText(subMetrics.elidedText(subtitle, Qt::ElideMiddle, m_width - kTextMargin));
        m_sub->setPos(8, 26);
        m_note = new QGraphicsSimpleTextItem(this);
        m_note->setPos(8, 44);
        m_port = new QGraphicsEllipseItem(m_width - 7, kHeight / 2 - 7, 14, 14, this);
        m_port->setBrush(QColor(0x33, 0x66, 0xcc));
        m_port->setPen(Qt::NoPen);
        m_port->setCursor(Qt::CrossCursor);
        m_port->setToolTip(QObject::tr("Drag to a step that depends on this one"));
        updateToolTip();
    }
    QString name() const { return m_name; }
    qreal width() const { return m_width; }
    QStringList texts() const { return {m_title->text(), m_sub->text()}; }
    QGraphicsEllipseItem *port() const { return m_port; }
    void setState(const QString &state, const QString &note)
    {
        m_state = state;
        setBrush(stateColor(state));
        m_note->setText(
            QFontMetricsF(m_note->font())
                .elidedText(note.isEmpty() ? look::stateLabel(state)
                                           : look::stateLabel(state) + QStringLiteral(" · ") + note,
                            Qt::ElideRight, m_width - kTextMargin));
    }
    QString state() const { return m_state; }
    void setError(const QString &error)
    {
        m_error = error;
        setPen(error.isEmpty() ? QPen(QColor(0x55, 0x55, 0x55), 1.5) : QPen(Qt::red, 3));
        updateToolTip();
        if (m_state.isEmpty())
            m_note->setText(error.isEmpty()
                                ? QString()
                                : QFontMetricsF(m_note->font())
                                      .elidedText(QStringLiteral("⚠ ") + error, Qt::ElideRight,
                                                  m_width - kTextMargin));
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
    // The full names whatever was elided, and the validation error when there is one.
    void updateToolTip()
    {
        const QString base = m_name + QLatin1Char('\n') + m_subtitle;
        setToolTip(m_error.isEmpty() ? base : base + QStringLiteral("\n⚠ ") + m_error);
    }

    QString m_name, m_subtitle;
    QString m_state, m_error;
    qreal m_width = kMinWidth;
    WorkflowGraph *m_graph;
    QGraphicsSimpleTextItem *m_title, *m_sub, *m_note;
    QGraphicsEllipseItem *m_port;
};

// A dependency arrow. Solid ones of an editable graph can be selected (to delete them).
class EdgeItem : public QGraphicsPathItem
{
public:
    EdgeItem(const QPainterPath &path, const QPen &pen, QString from, QString to, bool implied)
        : QGraphicsPathItem(path)
        , m_pen(pen)
        , m_from(std::move(from))
        , m_to(std::move(to))
        , m_implied(implied)
    {
        setPen(pen);
    }
    QString from() const { return m_from; }
    QString to() const { return m_to; }
    bool implied() const { return m_implied; }
    // Clickable a few pixels either side: the line itself is under two pixels wide.
    QPainterPath shape() const override
    {
        QPainterPathStroker stroker;
        stroker.setWidth(10);
        return stroker.createStroke(path());
    }
    QRectF boundingRect() const override
    {
        return QGraphicsPathItem::boundingRect().adjusted(-6, -6, 6, 6);
    }
    void paint(QPainter *painter, const QStyleOptionGraphicsItem *option, QWidget *widget) override
    {
        // Selected shows as a thick blue line (itemChange), not as Qt's dashed box.
        QStyleOptionGraphicsItem o(*option);
        o.state.setFlag(QStyle::State_Selected, false);
        QGraphicsPathItem::paint(painter, &o, widget);
    }

protected:
    QVariant itemChange(GraphicsItemChange change, const QVariant &value) override
    {
        if (change == ItemSelectedHasChanged) {
            QPen pen = m_pen;
            if (value.toBool()) {
                pen.setColor(QColor(0x33, 0x66, 0xcc));
                pen.setWidthF(3.5);
            }
            setPen(pen);
        }
        return QGraphicsPathItem::itemChange(change, value);
    }

private:
    QPen m_pen;
    QString m_from, m_to;
    bool m_implied;
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
        else
            emit stepDeselected();
    });
    connect(this, &WorkflowGraph::nodesMoved, this, &WorkflowGraph::rebuildEdges);
}

WorkflowGraph::~WorkflowGraph()
{
    // The scene, a child, is deleted after this class's part of the object: its items'
    // deselection on the way out must not reach the selection handler (UBSan: a member call
    // on what is only a QWidget by then).
    scene()->disconnect(this);
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
    qDeleteAll(m_edges);
    m_edges.clear();
    qDeleteAll(m_nodes);
    m_nodes.clear();
    m_deps.clear();
    m_implied = implied;
    bool missing = false;
    bool placed = false;
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
        // depends_on is one name or a list of them.
        const QJsonValue dv = st.value(QStringLiteral("depends_on"));
        QStringList deps;
        if (dv.isString())
            deps << dv.toString();
        for (const QJsonValue &d : dv.toArray())
            deps << d.toString();
        m_deps.insert(name, deps);
        if (old.contains(name)) {
            node->setPos(old.value(name));
        } else if (m_pending.contains(name)) {
            node->setPos(m_pending.take(name));
            placed = true;
        } else {
            missing = true;
        }
    }
    m_pending.clear(); // a placement is for the next setSteps() only
    if (missing) {
        autoLayout();
    } else if (placed) {
        // The scene rectangle was fitted to the old graph: a node placed outside it must show.
        if (m_autoFit)
            fitAll();
        else
            scene()->setSceneRect(scene()->sceneRect().united(
                scene()->itemsBoundingRect().adjusted(-30, -30, 30, 30)));
    }
    rebuildEdges();
    if (m_nodes.contains(selected))
        m_nodes.value(selected)->setSelected(true);
}

void WorkflowGraph::placeNear(const QString &step, const QString &anchor)
{
    const StepNode *a = m_nodes.value(anchor);
    if (!a)
        return;
    // Below the original (slightly right, so the two read as a pair), in the first free slot.
    const QSizeF size(a->width() + 60, kHeight);
    QPointF p = a->pos() + QPointF(24, kHeight + kRowGap / 2);
    const auto taken = [this](const QRectF &r) {
        return std::any_of(m_nodes.cbegin(), m_nodes.cend(), [&r](const StepNode *n) {
            return n->sceneBoundingRect().intersects(r);
        });
    };
    for (int i = 0; i < 500 && taken(QRectF(p, size).adjusted(-8, -8, 8, 8)); ++i)
        p.ry() += kHeight + kRowGap / 2;
    m_pending.insert(step, p);
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
    // Each column is as wide as its widest node, so a long name never overlaps the next one.
    qreal x = 0;
    for (auto it = byLayer.begin(); it != byLayer.end(); ++it) {
        it->sort();
        qreal widest = kMinWidth;
        for (int i = 0; i < it->size(); ++i) {
            StepNode *n = m_nodes.value(it->at(i));
            n->setPos(x, i * (kHeight + kRowGap));
            widest = std::max(widest, n->width());
        }
        x += widest + kColumnGap;
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
    // Edges are rebuilt whenever a node moves: the selected one stays selected, quietly.
    const std::pair<QString, QString> selected = selectedEdge();
    const QSignalBlocker block(scene());
    qDeleteAll(m_edges);
    m_edges.clear();
    const auto edge = [this, &selected](const QString &from, const QString &to, bool implied) {
        StepNode *a = m_nodes.value(from), *b = m_nodes.value(to);
        if (!a || !b)
            return;
        const QPointF p1 = a->pos() + QPointF(a->width(), kHeight / 2);
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
        auto *item = new EdgeItem(
            path, QPen(QColor(0x44, 0x44, 0x44), 1.6, implied ? Qt::DashLine : Qt::SolidLine), from,
            to, implied);
        item->setZValue(-1);
        item->setData(0, implied);
        // Implied edges come from templates: only editing the template removes them.
        const bool removable = m_editable && !implied;
        item->setFlag(QGraphicsItem::ItemIsSelectable, removable);
        if (removable)
            item->setCursor(Qt::PointingHandCursor);
        item->setToolTip(
            implied     ? QObject::tr("%1 uses the output of %2 (implied)").arg(to, from)
            : removable ? QObject::tr("%1 depends on %2 (click it and press Delete to remove it)")
                              .arg(to, from)
                        : QObject::tr("%1 depends on %2").arg(to, from));
        scene()->addItem(item);
        if (removable && selected.first == from && selected.second == to)
            item->setSelected(true);
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
    for (const EdgeItem *e : m_edges)
        n += e->implied() == implied ? 1 : 0;
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

std::pair<QString, QString> WorkflowGraph::selectedEdge() const
{
    for (QGraphicsItem *i : scene()->selectedItems())
        if (auto *e = dynamic_cast<EdgeItem *>(i))
            return {e->from(), e->to()};
    return {};
}

bool WorkflowGraph::selectEdge(const QString &from, const QString &to)
{
    for (EdgeItem *e : std::as_const(m_edges)) {
        if (e->from() != from || e->to() != to || !(e->flags() & QGraphicsItem::ItemIsSelectable))
            continue;
        scene()->clearSelection();
        e->setSelected(true);
        return true;
    }
    return false;
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

QRectF WorkflowGraph::nodeRect(const QString &step) const
{
    const StepNode *n = m_nodes.value(step);
    return n ? n->mapRectToScene(n->rect()) : QRectF();
}

QStringList WorkflowGraph::nodeText(const QString &step) const
{
    const StepNode *n = m_nodes.value(step);
    return n ? n->texts() : QStringList();
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

bool WorkflowGraph::event(QEvent *e)
{
    // With an edge selected, Delete is this view's (the edge goes), not the window's "Delete
    // step" shortcut.
    if (e->type() == QEvent::ShortcutOverride && m_editable) {
        const auto *k = static_cast<QKeyEvent *>(e);
        if ((k->key() == Qt::Key_Delete || k->key() == Qt::Key_Backspace) &&
            !selectedEdge().first.isEmpty()) {
            e->accept();
            return true;
        }
    }
    return QGraphicsView::event(e);
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
    if (m_editable && (e->key() == Qt::Key_Delete || e->key() == Qt::Key_Backspace)) {
        if (const auto [from, to] = selectedEdge(); !from.isEmpty()) {
            emit disconnectRequested(from, to);
            e->accept();
            return;
        }
    }
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
