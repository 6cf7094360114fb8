// SPDX-License-Identifier: GPL-3.0-or-later
#include "core/expression.h"

#include <QJsonArray>
#include <QJsonObject>

#include <variant>
#include <vector>

namespace dc {

struct Expression::Node
{
    enum class Kind { Literal, Path, List, Not, And, Or, Compare };
    Kind kind = Kind::Literal;
    QJsonValue literal;
    QStringList path;
    QString op;
    std::vector<std::shared_ptr<const Node>> children;
};

namespace {

using NodePtr = std::shared_ptr<const Expression::Node>;
using N = Expression::Node;

class Parser
{
public:
    explicit Parser(const QString &s)
        : m_s(s)
    {}

    std::expected<NodePtr, ExprError> parseAll()
    {
        auto e = parseOr(0);
        if (!e)
            return e;
        skipSpace();
        if (m_pos < m_s.size())
            return fail(QStringLiteral("unexpected \"%1\"").arg(m_s.mid(m_pos, 10)));
        return e;
    }

private:
    std::unexpected<ExprError> fail(const QString &msg) const
    {
        return std::unexpected(ExprError{int(m_pos), msg});
    }

    void skipSpace()
    {
        while (m_pos < m_s.size() && m_s[m_pos].isSpace())
            ++m_pos;
    }
    bool atWord(QLatin1String w)
    {
        skipSpace();
        if (!QStringView(m_s).mid(m_pos).startsWith(w))
            return false;
        const qsizetype end = m_pos + w.size();
        if (end < m_s.size() && (m_s[end].isLetterOrNumber() || m_s[end] == QLatin1Char('_')))
            return false;
        m_pos = end;
        return true;
    }
    bool atSymbol(QLatin1String sym)
    {
        skipSpace();
        if (!QStringView(m_s).mid(m_pos).startsWith(sym))
            return false;
        m_pos += sym.size();
        return true;
    }

    std::expected<NodePtr, ExprError> binary(int depth, N::Kind kind, QLatin1String word,
                                             std::expected<NodePtr, ExprError> (Parser::*next)(int))
    {
        auto left = (this->*next)(depth);
        if (!left)
            return left;
        std::vector<NodePtr> items{*left};
        while (atWord(word)) {
            auto right = (this->*next)(depth);
            if (!right)
                return right;
            items.push_back(*right);
        }
        if (items.size() == 1)
            return items.front();
        auto n = std::make_shared<N>();
        n->kind = kind;
        n->children = std::move(items);
        return n;
    }

    std::expected<NodePtr, ExprError> parseOr(int depth)
    {
        if (depth > Expression::kMaxDepth)
            return fail(QStringLiteral("expression nested too deeply"));
        return binary(depth, N::Kind::Or, QLatin1String("or"), &Parser::parseAnd);
    }
    std::expected<NodePtr, ExprError> parseAnd(int depth)
    {
        return binary(depth, N::Kind::And, QLatin1String("and"), &Parser::parseNot);
    }
    std::expected<NodePtr, ExprError> parseNot(int depth)
    {
        if (depth > Expression::kMaxDepth)
            return fail(QStringLiteral("expression nested too deeply"));
        if (atWord(QLatin1String("not"))) {
            auto inner = parseNot(depth + 1);
            if (!inner)
                return inner;
            auto n = std::make_shared<N>();
            n->kind = N::Kind::Not;
            n->children = {*inner};
            return n;
        }
        return parseCompare(depth);
    }
    std::expected<NodePtr, ExprError> parseCompare(int depth)
    {
        auto left = parsePrimary(depth);
        if (!left)
            return left;
        static const QLatin1String ops[] = {QLatin1String("=="), QLatin1String("!="),
                                            QLatin1String("<="), QLatin1String(">="),
                                            QLatin1String("<"),  QLatin1String(">")};
        QString op;
        for (const auto &o : ops)
            if (atSymbol(o)) {
                op = o;
                break;
            }
        if (op.isEmpty() && atWord(QLatin1String("in")))
            op = QStringLiteral("in");
        if (op.isEmpty())
            return left;
        auto right = parsePrimary(depth);
        if (!right)
            return right;
        auto n = std::make_shared<N>();
        n->kind = N::Kind::Compare;
        n->op = op;
        n->children = {*left, *right};
        return n;
    }

    std::expected<NodePtr, ExprError> parsePrimary(int depth)
    {
        if (depth > Expression::kMaxDepth)
            return fail(QStringLiteral("expression nested too deeply"));
        skipSpace();
        if (m_pos >= m_s.size())
            return fail(QStringLiteral("unexpected end of expression"));
        const QChar c = m_s[m_pos];
        auto lit = [](QJsonValue v) {
            auto n = std::make_shared<N>();
            n->kind = N::Kind::Literal;
            n->literal = v;
            return NodePtr(n);
        };
        if (c == QLatin1Char('(')) {
            ++m_pos;
            auto e = parseOr(depth + 1);
            if (!e)
                return e;
            if (!atSymbol(QLatin1String(")")))
                return fail(QStringLiteral("expected \")\""));
            return e;
        }
        if (c == QLatin1Char('[')) {
            ++m_pos;
            auto n = std::make_shared<N>();
            n->kind = N::Kind::List;
            if (atSymbol(QLatin1String("]")))
                return NodePtr(n);
            for (;;) {
                auto item = parseOr(depth + 1);
                if (!item)
                    return item;
                n->children.push_back(*item);
                if (atSymbol(QLatin1String("]")))
                    return NodePtr(n);
                if (!atSymbol(QLatin1String(",")))
                    return fail(QStringLiteral("expected \",\" or \"]\" in a list"));
            }
        }
        if (c == QLatin1Char('"') || c == QLatin1Char('\'')) {
            const qsizetype start = m_pos++;
            QString out;
            while (m_pos < m_s.size() && m_s[m_pos] != c) {
                if (m_s[m_pos] == QLatin1Char('\\') && m_pos + 1 < m_s.size())
                    ++m_pos;
                out += m_s[m_pos++];
            }
            if (m_pos >= m_s.size()) {
                m_pos = start;
                return fail(QStringLiteral("unterminated string"));
            }
            ++m_pos;
            return lit(out);
        }
        if (c.isDigit() ||
            (c == QLatin1Char('-') && m_pos + 1 < m_s.size() && m_s[m_pos + 1].isDigit())) {
            const qsizetype start = m_pos++;
            while (m_pos < m_s.size() && (m_s[m_pos].isDigit() || m_s[m_pos] == QLatin1Char('.')))
                ++m_pos;
            bool ok = false;
            const QString num = m_s.mid(start, m_pos - start);
            const double d = num.toDouble(&ok);
            if (!ok) {
                m_pos = start;
                return fail(QStringLiteral("bad number \"%1\"").arg(num));
            }
            return lit(d);
        }
        if (atWord(QLatin1String("true")))
            return lit(true);
        if (atWord(QLatin1String("false")))
            return lit(false);
        if (atWord(QLatin1String("null")))
            return lit(QJsonValue::Null);
        if (c.isLetter() || c == QLatin1Char('_'))
            return parsePath();
        return fail(QStringLiteral("unexpected \"%1\"").arg(c));
    }

    QString name()
    {
        const qsizetype start = m_pos;
        while (m_pos < m_s.size() &&
               (m_s[m_pos].isLetterOrNumber() || m_s[m_pos] == QLatin1Char('_')))
            ++m_pos;
        return m_s.mid(start, m_pos - start);
    }

    std::expected<NodePtr, ExprError> parsePath()
    {
        auto n = std::make_shared<N>();
        n->kind = N::Kind::Path;
        n->path << name();
        for (;;) {
            if (m_pos < m_s.size() && m_s[m_pos] == QLatin1Char('.')) {
                ++m_pos;
                const QString seg = name();
                if (seg.isEmpty())
                    return fail(QStringLiteral("expected a name after \".\""));
                n->path << seg;
            } else if (m_pos < m_s.size() && m_s[m_pos] == QLatin1Char('[')) {
                const qsizetype start = m_pos++;
                if (m_pos < m_s.size() && m_s[m_pos] == QLatin1Char('*')) {
                    ++m_pos;
                    n->path << QStringLiteral("[*]");
                } else {
                    const qsizetype ds = m_pos;
                    while (m_pos < m_s.size() && m_s[m_pos].isDigit())
                        ++m_pos;
                    if (m_pos == ds || m_pos - ds > 9) {
                        m_pos = start;
                        return fail(QStringLiteral("expected an index or * inside []"));
                    }
                    n->path << QLatin1Char('[') + m_s.mid(ds, m_pos - ds) + QLatin1Char(']');
                }
                if (m_pos >= m_s.size() || m_s[m_pos] != QLatin1Char(']')) {
                    m_pos = start;
                    return fail(QStringLiteral("expected \"]\""));
                }
                ++m_pos;
            } else {
                break;
            }
            if (n->path.size() > 64)
                return fail(QStringLiteral("path too long"));
        }
        return NodePtr(n);
    }

    const QString &m_s;
    qsizetype m_pos = 0;
};

int typeRank(const QJsonValue &v)
{
    return int(v.type());
}

bool jsonEquals(const QJsonValue &a, const QJsonValue &b)
{
    if (a.isUndefined() || b.isUndefined())
        return (a.isUndefined() || a.isNull()) && (b.isUndefined() || b.isNull());
    return a == b;
}

QJsonValue eval(const N &n, const QJsonValue &ctx);

QJsonValue compare(const QString &op, const QJsonValue &l, const QJsonValue &r)
{
    if (op == QLatin1String("=="))
        return jsonEquals(l, r);
    if (op == QLatin1String("!="))
        return !jsonEquals(l, r);
    if (op == QLatin1String("in")) {
        if (r.isArray()) {
            for (const QJsonValue &v : r.toArray())
                if (jsonEquals(l, v))
                    return true;
            return false;
        }
        if (r.isString() && l.isString())
            return r.toString().contains(l.toString());
        return false;
    }
    int c = 0;
    if (l.isDouble() && r.isDouble())
        c = l.toDouble() < r.toDouble() ? -1 : (l.toDouble() > r.toDouble() ? 1 : 0);
    else if (l.isString() && r.isString())
        c = QString::compare(l.toString(), r.toString());
    else
        return false; // ordering across types (or with null) is never true
    Q_UNUSED(typeRank);
    if (op == QLatin1String("<"))
        return c < 0;
    if (op == QLatin1String("<="))
        return c <= 0;
    if (op == QLatin1String(">"))
        return c > 0;
    return c >= 0;
}

QJsonValue eval(const N &n, const QJsonValue &ctx)
{
    switch (n.kind) {
    case N::Kind::Literal:
        return n.literal;
    case N::Kind::Path:
        return resolvePath(ctx, n.path);
    case N::Kind::List: {
        QJsonArray a;
        for (const auto &c : n.children)
            a.append(eval(*c, ctx));
        return a;
    }
    case N::Kind::Not:
        return !isTruthy(eval(*n.children[0], ctx));
    case N::Kind::And:
        for (const auto &c : n.children)
            if (!isTruthy(eval(*c, ctx)))
                return false;
        return true;
    case N::Kind::Or:
        for (const auto &c : n.children)
            if (isTruthy(eval(*c, ctx)))
                return true;
        return false;
    case N::Kind::Compare:
        return compare(n.op, eval(*n.children[0], ctx), eval(*n.children[1], ctx));
    }
    return QJsonValue::Null;
}

void collectPaths(const N &n, QList<QStringList> &out)
{
    if (n.kind == N::Kind::Path)
        out << n.path;
    for (const auto &c : n.children)
        collectPaths(*c, out);
}

} // namespace

QJsonValue resolvePath(const QJsonValue &context, const QStringList &segments)
{
    QJsonValue cur = context;
    for (qsizetype i = 0; i < segments.size(); ++i) {
        const QString &seg = segments[i];
        if (seg == QLatin1String("[*]")) {
            if (!cur.isArray())
                return QJsonValue::Null;
            const QStringList rest = segments.mid(i + 1);
            QJsonArray out;
            for (const QJsonValue &item : cur.toArray()) {
                const QJsonValue v = resolvePath(item, rest);
                if (!v.isNull() && !v.isUndefined())
                    out.append(v);
            }
            return out;
        }
        if (seg.startsWith(QLatin1Char('['))) {
            const int idx = seg.mid(1, seg.size() - 2).toInt();
            if (!cur.isArray() || idx >= cur.toArray().size())
                return QJsonValue::Null;
            cur = cur.toArray().at(idx);
            continue;
        }
        if (!cur.isObject())
            return QJsonValue::Null;
        const QJsonObject o = cur.toObject();
        auto it = o.constFind(seg);
        if (it == o.constEnd())
            return QJsonValue::Null;
        cur = *it;
    }
    return cur;
}

bool isTruthy(const QJsonValue &v)
{
    switch (v.type()) {
    case QJsonValue::Bool:
        return v.toBool();
    case QJsonValue::Double:
        return v.toDouble() != 0;
    case QJsonValue::String:
        return !v.toString().isEmpty();
    case QJsonValue::Array:
        return !v.toArray().isEmpty();
    case QJsonValue::Object:
        return true;
    default:
        return false;
    }
}

std::expected<Expression, ExprError> Expression::parse(const QString &text)
{
    if (text.size() > kMaxLength)
        return std::unexpected(ExprError{
            kMaxLength, QStringLiteral("expression longer than %1 characters").arg(kMaxLength)});
    if (text.trimmed().isEmpty())
        return std::unexpected(ExprError{0, QStringLiteral("empty expression")});
    Parser p(text);
    auto root = p.parseAll();
    if (!root)
        return std::unexpected(root.error());
    Expression e;
    e.m_text = text;
    e.m_root = *root;
    return e;
}

QJsonValue Expression::evaluate(const QJsonValue &context) const
{
    return m_root ? eval(*m_root, context) : QJsonValue(QJsonValue::Null);
}

bool Expression::test(const QJsonValue &context) const
{
    return isTruthy(evaluate(context));
}

QList<QStringList> Expression::paths() const
{
    QList<QStringList> out;
    if (m_root)
        collectPaths(*m_root, out);
    return out;
}

} // namespace dc
