// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_EVENT_IMPL_PARSE_IPP
#define GCHAT_EVENT_IMPL_PARSE_IPP

#include <gchat/event/parse.hpp>
#include <gchat/json/naming.hpp>
#include <gchat/model/boxed.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/members.hpp>

#include <optional>
#include <type_traits>
#include <utility>

namespace gchat {
namespace detail {

// The Workspace add-on envelope, as described structs, so that the one reader pass that reads a
// Chat app event reads an add-on event too (no DOM, no second parse).
//
// Shapes (developers.google.com/workspace/add-ons/chat/convert, "Request mapping"):
//   { "commonEventObject": {...CommonEventObject...},
//     "authorizationEventObject": {"systemIdToken", "userOAuthToken", "userIdToken", "authorizedScopes"},
//     "chat": { "user", "space", "eventTime",
//               one of "messagePayload" | "addedToSpacePayload" | "removedFromSpacePayload" |
//                      "buttonClickedPayload" | "widgetUpdatedPayload" | "appCommandPayload" } }
// Every payload is a subset of one set of fields, so one struct reads them all.
struct add_on_payload {
    std::optional<gchat::message> message{};
    std::optional<gchat::space> space{};
    std::optional<gchat::thread> thread{};
    std::optional<std::string> config_complete_redirect_uri{};
    std::optional<bool> is_dialog_event{};
    std::optional<gchat::dialog_event_type> dialog_event_type{};
    std::optional<bool> interaction_add{};
    std::optional<gchat::app_command_metadata> app_command_metadata{};
};
BOOST_DESCRIBE_STRUCT(add_on_payload, (),
                      (message, space, thread, config_complete_redirect_uri, is_dialog_event,
                       dialog_event_type, interaction_add, app_command_metadata))

struct add_on_chat {
    std::optional<gchat::user> user{};
    std::optional<gchat::space> space{};
    std::optional<gchat::timestamp> event_time{};
    // Not in the add-on reference, but the app home guide reads `chat.type` (APP_HOME, SUBMIT_FORM).
    std::optional<gchat::event_type> type{};
    // One payload arrives: boxed, the five absent ones are a pointer each, not 4.6 KB each that
    // reading the envelope would construct (zero-filled) every time.
    gchat::boxed<add_on_payload> message_payload{std::nullopt};
    gchat::boxed<add_on_payload> added_to_space_payload{std::nullopt};
    gchat::boxed<add_on_payload> removed_from_space_payload{std::nullopt};
    gchat::boxed<add_on_payload> button_clicked_payload{std::nullopt};
    gchat::boxed<add_on_payload> widget_updated_payload{std::nullopt};
    gchat::boxed<add_on_payload> app_command_payload{std::nullopt};
};
BOOST_DESCRIBE_STRUCT(add_on_chat, (),
                      (user, space, event_time, type, message_payload, added_to_space_payload,
                       removed_from_space_payload, button_clicked_payload, widget_updated_payload,
                       app_command_payload))

struct add_on_authorization {
    std::optional<std::string> system_id_token{};
    std::optional<std::string> user_oauth_token{};
    std::optional<std::string> user_id_token{};
    std::vector<std::string> authorized_scopes{};
};
BOOST_DESCRIBE_STRUCT(add_on_authorization, (),
                      (system_id_token, user_oauth_token, user_id_token, authorized_scopes))

// What the reader fills: the caller's event (its members are read as top-level keys, through the
// pointer) and, beside it, the add-on envelope's top-level keys. Reading straight into the caller's
// event spares a move of the whole message tree per event.
struct wire_event {
    // Set right after construction. No default member initializer: with one, g++ 12 zero-fills the whole
    // struct (29 KB of optional payloads) on every construction.
    gchat::event* event;
    std::optional<gchat::common_event_object> common_event_object{};
    std::optional<add_on_chat> chat{};
    std::optional<add_on_authorization> authorization_event_object{};
};
BOOST_DESCRIBE_STRUCT(wire_event, (), (common_event_object, chat, authorization_event_object))

} // namespace detail

namespace json {
namespace detail {
template <>
struct flattened<gchat::detail::wire_event> {
    static constexpr auto pointer = &gchat::detail::wire_event::event;
};
} // namespace detail

// "userOAuthToken" is not the camel case of user_oauth_token ("userOauthToken").
template <>
struct key_names<gchat::detail::add_on_authorization> {
    static constexpr std::string_view rename(std::string_view member) noexcept {
        return member == "user_oauth_token" ? std::string_view("userOAuthToken") : std::string_view();
    }
};
} // namespace json

namespace detail {

inline void take_secret(gchat::secret& to, std::optional<std::string>& from) {
    if (from) to = gchat::secret(std::move(*from));
    from.reset();
}

// Moves `from`'s value (if any) into `to` by move construction. Assigning (`to = std::move(from)`)
// would instantiate the move assignment of the whole model tree under T (message -> cards ->
// widgets -> ...), which nothing else in a parsing program needs; the move constructor it needs anyway.
template <class T>
void move_over(std::optional<T>& to, std::optional<T>& from) noexcept {
    static_assert(std::is_nothrow_move_constructible_v<T>);
    to.reset();
    if (from) to.emplace(std::move(*from));
}

// Maps the add-on envelope (already read into `w`) onto the Chat event members of `e`.
inline void map_add_on(gchat::event& e, wire_event& w) {
    e.envelope = event_envelope::workspace_add_on;
    if (w.common_event_object) move_over(e.common, w.common_event_object);

    if (auto& a = w.authorization_event_object) {
        take_secret(e.add_on.system_id_token, a->system_id_token);
        take_secret(e.add_on.user_oauth_token, a->user_oauth_token);
        take_secret(e.add_on.user_id_token, a->user_id_token);
        e.add_on.authorized_scopes = std::move(a->authorized_scopes);
    }

    if (w.chat) {
        add_on_chat& c = *w.chat;
        if (c.user) move_over(e.user, c.user);
        if (c.event_time) e.event_time = c.event_time;

        // The payload present names the event type: the add-on format has no `type`.
        add_on_payload* p = nullptr;
        event_type t = event_type::unspecified;
        if (c.message_payload) {
            p = &*c.message_payload;
            t = event_type::message;
        } else if (c.app_command_payload) {
            p = &*c.app_command_payload;
            t = event_type::app_command;
        } else if (c.button_clicked_payload) {
            p = &*c.button_clicked_payload;
            t = event_type::card_clicked;
        } else if (c.widget_updated_payload) {
            p = &*c.widget_updated_payload;
            t = event_type::widget_updated;
        } else if (c.added_to_space_payload) {
            p = &*c.added_to_space_payload;
            t = event_type::added_to_space;
        } else if (c.removed_from_space_payload) {
            p = &*c.removed_from_space_payload;
            t = event_type::removed_from_space;
        }
        if (c.type && (!p || *c.type != event_type::unrecognized)) t = *c.type;
        if (t != event_type::unspecified || !e.type) e.type = t;

        if (p) {
            if (p->message) move_over(e.message, p->message);
            if (p->space)
                move_over(e.space, p->space);
            else if (c.space)
                move_over(e.space, c.space);
            if (p->thread)
                move_over(e.thread, p->thread);
            else if (e.message && e.message->thread)
                e.thread = e.message->thread;
            if (e.thread && e.thread->thread_key) e.thread_key = e.thread->thread_key;
            if (p->config_complete_redirect_uri)
                e.config_complete_redirect_url = std::move(p->config_complete_redirect_uri);
            if (p->is_dialog_event) e.is_dialog_event = p->is_dialog_event;
            if (p->dialog_event_type) e.dialog_event_type = p->dialog_event_type;
            if (p->app_command_metadata) e.app_command_metadata = p->app_command_metadata;
            e.add_on.interaction_add = p->interaction_add;
        } else if (c.space) {
            move_over(e.space, c.space);
        }
    }

    // The Chat event's `action` (FormAction) of a click: the add-on sends the parameters in
    // commonEventObject.parameters and, for cards made before a conversion, the old function name
    // in the `__action_method_name__` parameter. Fill it so that code reading `action` works for
    // both formats.
    const event_type t = type_of(e);
    if ((t == event_type::card_clicked || t == event_type::widget_updated || t == event_type::submit_form) &&
        !e.action && e.common) {
        std::string_view fn = invoked_function(e);
        if (!fn.empty() || !e.common->parameters.empty()) {
            form_action& a = e.action.emplace();
            if (!fn.empty()) a.action_method_name.emplace(fn);
            a.parameters.reserve(e.common->parameters.size());
            for (const auto& [k, v] : e.common->parameters)
                a.parameters.push_back(legacy_action_parameter{k, v});
        }
    }
}

} // namespace detail

template <class D>
boost::system::error_code parse_event_into(std::string_view body, json::reader& reader, event& out,
                                           diagnostics* diag) {
    // `out = event{}` without instantiating the move assignment of the whole tree (see move_over), and
    // default-initialised: `event{}` would first zero all of its 5 KB.
    out.~event();
    ::new (static_cast<void*>(&out)) event;
    detail::dependent_t<detail::wire_event, D> w;
    w.event = &out;
    if (auto ec = reader.parse_into(body, w, diag)) return ec;
    if (w.chat || (w.common_event_object && !out.type)) detail::map_add_on(out, w);
    return {};
}

#ifdef GCHAT_SEPARATE_COMPILATION
template boost::system::error_code parse_event_into<void>(std::string_view body, json::reader& reader,
                                                          event& out, diagnostics* diag);
#endif

} // namespace gchat

#endif
