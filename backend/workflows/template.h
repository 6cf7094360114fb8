// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Templates in workflow inputs: "{{ expression }}" inside strings. A string that is exactly
// one template keeps the JSON type of its value (a list stays a list); a string mixing text
// and templates renders as text.
#include "core/expression.h"

#include <QJsonValue>
#include <QList>

namespace dc::workflows {

struct TemplateError
{
    int offset = 0; // in the string
    QString message;
};

class TemplateString
{
public:
    static std::expected<TemplateString, TemplateError> parse(const QString &text);
    bool isTemplate() const { return !m_exprs.isEmpty(); }
    QJsonValue render(const QJsonValue &context) const;
    QList<QStringList> paths() const;

private:
    struct Part
    {
        QString text;
        int expr = -1; // index into m_exprs, or -1 for literal text
    };
    QList<Part> m_parts;
    QList<Expression> m_exprs;
};

// What a workflow step may render: each input at most as large as a task's input, a step's
// items together a few MiB, and for_each at most so many items. Steps render inside the
// writer's transaction, so these bound the time a definition can hold it.
inline constexpr qint64 kMaxRenderedInputBytes = 256 * 1024;
inline constexpr qint64 kMaxRenderedStepBytes = 4 * 1024 * 1024;
inline constexpr int kMaxForEachItems = 1000;

// Renders every string in a JSON value (objects and arrays recursively). A string mixing text
// and templates stops growing past kMaxRenderedInputBytes (the size check then refuses it).
QJsonValue renderValue(const QJsonValue &value, const QJsonValue &context);
// The compact JSON size of a value, counted only up to cap (cap + 1 means "more"): values share
// their data, so a definition repeating a large value would be costly to serialise first.
qint64 jsonSizeAtMost(const QJsonValue &value, qint64 cap);
// Strips "{{ }}" around a whole-template condition ("{{ a > 1 }}" or "a > 1").
QString bareExpression(const QString &text);

} // namespace dc::workflows
