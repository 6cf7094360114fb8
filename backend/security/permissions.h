// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// Roles and the one permission table every route and agent action is checked against.
#include <QJsonObject>
#include <QString>
#include <QStringList>
#include <optional>

namespace dc::security {

enum class Role { Viewer, Operator, Agent, Admin };

QString roleName(Role r);
std::optional<Role> roleFromName(QStringView name);
QStringList roleNames();

// Who a request acts for, after authentication.
struct Principal
{
    enum class Kind { Anonymous, User, ApiKey };
    Kind kind = Kind::Anonymous;
    qint64 id = 0;
    QString name;
    Role role = Role::Viewer;
    // An access token's end (its exp plus the allowed clock skew), epoch ms; 0 for API keys.
    // A long-lived connection (the event stream) closes then without asking the database.
    qint64 expiresAtMs = 0;

    bool authenticated() const { return kind != Kind::Anonymous; }
    // "user:alice", "key:ci-bot", "anonymous": what the audit log records as the actor.
    QString subject() const;
};

// Permissions are "area.verb" strings. The empty permission is public (no credentials).
//   viewer   reads everything except users, keys, the audit log, customers' personal data
//            (shipping addresses, task and run payloads) and the credentials in URLs
//   operator viewer + manages orders, catalogue, data, runs workflows, sensitive order actions,
//            reads personal data (personal.read), acknowledges alerts (alerts.write)
//   agent    calls agent actions, publishes and reads events, reads and writes shared data
//   admin    everything, including users, keys, settings (webhook subscriptions) and audit
bool roleAllows(Role role, QStringView permission);
QStringList allPermissions();
// {"viewer": [...], ...}: published in the OpenAPI document and the README.
QJsonObject permissionTable();

} // namespace dc::security
