// SPDX-License-Identifier: GPL-3.0-or-later
#include "security/permissions.h"

#include <QJsonArray>

namespace dc::security {

namespace {

const QStringList kViewer = {QStringLiteral("orders.read"), QStringLiteral("catalog.read"),
                             QStringLiteral("data.read"),   QStringLiteral("events.read"),
                             QStringLiteral("tasks.read"),  QStringLiteral("workflows.read"),
                             QStringLiteral("agents.read"), QStringLiteral("metrics.read"),
                             QStringLiteral("session"),     QStringLiteral("alerts.read")};

const QStringList kOperatorExtra = {
    QStringLiteral("orders.write"),    QStringLiteral("orders.sensitive"),
    QStringLiteral("catalog.write"),   QStringLiteral("data.write"),
    QStringLiteral("workflows.run"),   QStringLiteral("workflows.edit"),
    QStringLiteral("tasks.manage"),    QStringLiteral("events.publish"),
    QStringLiteral("customers.erase"), QStringLiteral("personal.read"),
    QStringLiteral("alerts.write")};

const QStringList kAgent = {QStringLiteral("session"),     QStringLiteral("agents.read"),
                            QStringLiteral("agents.call"), QStringLiteral("events.publish"),
                            QStringLiteral("events.read"), QStringLiteral("data.read"),
                            QStringLiteral("data.write")};

const QStringList kAdminExtra = {QStringLiteral("users.manage"), QStringLiteral("keys.manage"),
                                 QStringLiteral("settings.manage"), QStringLiteral("audit.read"),
                                 QStringLiteral("agents.call")};

QStringList permissionsOf(Role r)
{
    switch (r) {
    case Role::Viewer:
        return kViewer;
    case Role::Operator:
        return kViewer + kOperatorExtra;
    case Role::Agent:
        return kAgent;
    case Role::Admin:
        return kViewer + kOperatorExtra + kAdminExtra;
    }
    return {};
}

} // namespace

QString roleName(Role r)
{
    switch (r) {
    case Role::Viewer:
        return QStringLiteral("viewer");
    case Role::Operator:
        return QStringLiteral("operator");
    case Role::Agent:
        return QStringLiteral("agent");
    case Role::Admin:
        return QStringLiteral("admin");
    }
    return {};
}

std::optional<Role> roleFromName(QStringView name)
{
    for (Role r : {Role::Viewer, Role::Operator, Role::Agent, Role::Admin})
        if (name == roleName(r))
            return r;
    return std::nullopt;
}

QStringList roleNames()
{
    return {QStringLiteral("viewer"), QStringLiteral("operator"), QStringLiteral("agent"),
            QStringLiteral("admin")};
}

QString Principal::subject() const
{
    switch (kind) {
    case Kind::User:
        return QStringLiteral("user:") + name;
    case Kind::ApiKey:
        return QStringLiteral("key:") + name;
    case Kind::Anonymous:
        break;
    }
    return QStringLiteral("anonymous");
}

bool roleAllows(Role role, QStringView permission)
{
    if (permission.isEmpty())
        return true;
    static const QHash<Role, QSet<QString>> table = [] {
        QHash<Role, QSet<QString>> t;
        for (Role r : {Role::Viewer, Role::Operator, Role::Agent, Role::Admin}) {
            const QStringList p = permissionsOf(r);
            t.insert(r, QSet<QString>(p.begin(), p.end()));
        }
        return t;
    }();
    return table.value(role).contains(permission.toString());
}

QStringList allPermissions()
{
    QStringList all = permissionsOf(Role::Admin);
    all.removeDuplicates();
    all.sort();
    return all;
}

QJsonObject permissionTable()
{
    QJsonObject o;
    for (Role r : {Role::Viewer, Role::Operator, Role::Agent, Role::Admin}) {
        QStringList p = permissionsOf(r);
        p.removeDuplicates();
        p.sort();
        o.insert(roleName(r), QJsonArray::fromStringList(p));
    }
    return o;
}

} // namespace dc::security
