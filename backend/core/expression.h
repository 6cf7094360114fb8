// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A small, safe expression language over JSON, shared by event filters
// (`data.total_amount >= 10000 and data.country == "FR"`) and workflow conditions/templates.
//
//   expr    := or
//   or      := and ('or' and)*
//   and     := not ('and' not)*
//   not     := 'not' not | compare
//   compare := primary (('=='|'!='|'<'|'<='|'>'|'>='|'in') primary)?
//   primary := number | 'string' | "string" | true | false | null | '[' list ']' | '(' expr ')' |
//   path path    := name ('.' name | '[' integer ']' | '[*]')*
//
// A path that does not resolve is null. `[*]` projects over a list (a[*].b is the list of b's).
// Parsing has length and depth budgets so hostile input cannot exhaust the stack.
#include <QJsonValue>
#include <QString>
#include <QStringList>

#include <expected>
#include <memory>

namespace dc {

struct ExprError
{
    int offset = 0; // 0-based character offset into the expression
    QString message;
};

class Expression
{
public:
    static constexpr int kMaxLength = 4096;
    static constexpr int kMaxDepth = 64;

    static std::expected<Expression, ExprError> parse(const QString &text);

    QJsonValue evaluate(const QJsonValue &context) const;
    // Truthiness: null, false, 0, "" and [] are false.
    bool test(const QJsonValue &context) const;
    // Every path the expression reads, as its segments ("a", "b", "[*]", "[0]").
    QList<QStringList> paths() const;
    const QString &text() const { return m_text; }

    struct Node;

private:
    QString m_text;
    std::shared_ptr<const Node> m_root;
};

bool isTruthy(const QJsonValue &v);
// Evaluates one path (as returned by paths()) against a context.
QJsonValue resolvePath(const QJsonValue &context, const QStringList &segments);

} // namespace dc
