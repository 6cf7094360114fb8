// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
class QThreadPool;
namespace dc::setup {
class SetupGuide;
}
namespace dc::api {
class HttpFront;
// The first-run guide (setup/setupguide.h): GET /api/setup, POST /api/setup/{step}/skip and
// /resume, POST /api/setup/test-order (a dry run that calls AliExpress on `pool`).
void registerSetupRoutes(HttpFront &front, setup::SetupGuide &guide, QThreadPool *pool);
} // namespace dc::api
