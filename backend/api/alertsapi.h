// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
namespace dc::alerts {
class AlertService;
}
namespace dc::api {
class HttpFront;
// /api/alerts (list, acknowledge) and /api/alert-rules (list, change).
void registerAlertRoutes(HttpFront &front, alerts::AlertService &alerts);
} // namespace dc::api
