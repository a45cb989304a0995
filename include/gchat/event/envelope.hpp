// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_EVENT_ENVELOPE_HPP
#define GCHAT_EVENT_ENVELOPE_HPP

namespace gchat {

/// Which of Google's two request formats an interaction event arrived in. The reply to an event
/// must be written in the matching format, so parse_event() records it and serialize(reply, ...)
/// takes it.
enum class event_envelope {
    /// A Chat app configured with Chat API interaction events: the body is the `Event` of the Chat
    /// REST reference (`{"type": "MESSAGE", "message": ..., ...}`) and the reply is a `Message`.
    chat_app,
    /// A Google Workspace add-on that extends Chat: the body is an add-on `EventObject`
    /// (`{"commonEventObject": ..., "chat": {"messagePayload": ...}}`) and the reply is an
    /// add-on action (`hostAppDataAction`, `action.navigations`, ...).
    workspace_add_on,
};

/// "chat_app" or "workspace_add_on".
constexpr const char* to_string(event_envelope e) noexcept {
    return e == event_envelope::workspace_add_on ? "workspace_add_on" : "chat_app";
}

} // namespace gchat

#endif
