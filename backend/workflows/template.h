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

// Renders every string in a JSON value (objects and arrays recursively).
QJsonValue renderValue(const QJsonValue &value, const QJsonValue &context);
// Strips "{{ }}" around a whole-template condition ("{{ a > 1 }}" or "a > 1").
QString bareExpression(const QString &text);

} // namespace dc::workflows
