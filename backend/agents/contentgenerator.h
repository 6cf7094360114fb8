// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
#include "core/callhealth.h"
// The Content Generator agent: product titles and descriptions, from built-in templates (English
// or French), or through an OpenAI-compatible chat-completions endpoint when one is configured
// (a local llama.cpp server or Ollama works). What the model writes is checked and its HTML
// reduced to a few harmless tags before anything reaches the store.
#include "agents/agent.h"
#include "agents/settings.h"

namespace dc::agents {

class ContentGenerator
{
public:
    // settings and apiKey: read when a call is made (an operator may set the endpoint or the
    // secret while running, on any instance).
    ContentGenerator(storage::Store &store, std::function<ContentSettings()> settings,
                     std::function<QByteArray()> apiKey);
    void registerActions(tasks::TaskManager &tasks);
    ActionResult generateDescription(tasks::TaskContext &ctx);
    // Whether the model server answered the last call.
    const CallHealth &health() const { return m_health; }

private:
    storage::Store &m_store;
    std::function<ContentSettings()> m_settingsNow;
    std::function<QByteArray()> m_apiKey;
    CallHealth m_health;
};

// Keeps p, br, ul, ol, li, strong, em, b, i, h2, h3 (without attributes) and escapes the rest.
QString sanitizeHtml(const QString &html);

} // namespace dc::agents
