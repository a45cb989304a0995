// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_EVENT_EVENT_HPP
#define GCHAT_EVENT_EVENT_HPP

// gchat::event: an interaction event (what Google Chat POSTs to an app), and accessors for the
// questions every handler asks (which function, which command, what did the user type).

#include <gchat/event/envelope.hpp>
#include <gchat/event/secret.hpp>
#include <gchat/json/fwd.hpp>
#include <gchat/model/card_v1.hpp>
#include <gchat/model/common_event.hpp>
#include <gchat/model/message.hpp>
#include <gchat/model/space.hpp>
#include <gchat/model/thread.hpp>
#include <gchat/model/timestamp.hpp>
#include <gchat/model/user.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

namespace gchat {

/// The kind of an interaction event (`EventType` of the Chat REST reference).
enum class event_type {
    unspecified,
    message,            ///< A message to the app: a DM, an @mention, a slash command, a link preview.
    added_to_space,     ///< The app was added to a space (or installed for a DM by an admin).
    removed_from_space, ///< The app was removed; no message can be posted in reply.
    card_clicked,       ///< A click on a card or dialog button that calls the app.
    widget_updated,     ///< A widget changed (autocomplete of a selection input).
    app_command,        ///< A quick command (or, for add-ons, any app command).
    app_home,           ///< The user opened the app's home tab.
    submit_form,        ///< The user submitted a form on the app home card.
    unrecognized        ///< A type this version of gchat does not know.
};
BOOST_DESCRIBE_ENUM(event_type, unspecified, message, added_to_space, removed_from_space, card_clicked,
                    widget_updated, app_command, app_home, submit_form, unrecognized)

/// What a dialog event is about.
enum class dialog_event_type {
    type_unspecified,
    request_dialog, ///< The user asked to open a dialog (a button or command with OPEN_DIALOG).
    submit_dialog,  ///< The user clicked a button in a dialog.
    cancel_dialog,  ///< The user closed a dialog with its close icon.
    unrecognized
};
BOOST_DESCRIBE_ENUM(dialog_event_type, type_unspecified, request_dialog, submit_dialog, cancel_dialog,
                    unrecognized)

/// What the Workspace add-on envelope carries that the Chat app event has no field for.
struct add_on_context {
    /// `authorizationEventObject.systemIdToken`: the ID token Google signs for the add-on's
    /// service account (the body copy of the bearer token).
    gchat::secret system_id_token;
    /// `authorizationEventObject.userOAuthToken`: an OAuth token for the user, with the add-on's scopes.
    gchat::secret user_oauth_token;
    /// `authorizationEventObject.userIdToken`: an ID token for the user.
    gchat::secret user_id_token;
    /// `authorizationEventObject.authorizedScopes`.
    std::vector<std::string> authorized_scopes;
    /// `addedToSpacePayload.interactionAdd`: the app was added by an @mention or a command, and the
    /// message event for that interaction follows as a second request.
    std::optional<bool> interaction_add;

    friend bool operator==(const add_on_context&, const add_on_context&) = default;
};

/// An interaction event: a user messaged the app, clicked one of its cards, added or removed it...
///
/// Member for member the `Event` of the Chat REST reference (`DeprecatedEvent` in the discovery
/// document), so it reads and writes as that JSON. The add-on envelope is mapped onto the same
/// members by parse_event(), which also sets the two plain members after them: `envelope` (which
/// format arrived, so the reply can match) and `add_on` (what only the add-on format carries).
/// Those two are not described, so JSON serialization of an event never writes them; the add-on's
/// tokens are gchat::secret and never print.
struct event {
    std::optional<gchat::event_type> type{};
    std::optional<gchat::timestamp> event_time{};
    /// A static verification token of legacy Chat apps. Modern apps do not receive it. It is a
    /// secret: do not log a serialized event that may carry it.
    std::optional<std::string> token{};
    std::optional<std::string> thread_key{};
    std::optional<gchat::message> message{};
    std::optional<gchat::user> user{};
    std::optional<gchat::thread> thread{};
    std::optional<gchat::space> space{};
    std::optional<gchat::form_action> action{};
    std::optional<std::string> config_complete_redirect_url{};
    std::optional<bool> is_dialog_event{};
    std::optional<gchat::dialog_event_type> dialog_event_type{};
    std::optional<gchat::common_event_object> common{};
    std::optional<gchat::app_command_metadata> app_command_metadata{};

    /// Which format the event arrived in (set by parse_event(); not part of the JSON).
    gchat::event_envelope envelope = gchat::event_envelope::chat_app;
    /// What the add-on envelope carried beyond the Chat event (empty for chat_app events).
    gchat::add_on_context add_on{};

    friend bool operator==(const event&, const event&) = default;
};
BOOST_DESCRIBE_STRUCT(event, (),
                      (type, event_time, token, thread_key, message, user, thread, space, action,
                       config_complete_redirect_url, is_dialog_event, dialog_event_type, common,
                       app_command_metadata))

// ---------------------------------------------------------------------------------------------
// Accessors. None allocates; the views they return point into the event.

namespace detail {

// The model's maps use std::less<std::string> (no heterogeneous lookup), so a string_view lookup
// walks the ordered map: no temporary string, and form inputs and parameters are few.
template <class Map>
const typename Map::mapped_type* find_in(const Map& m, std::string_view key) noexcept {
    for (const auto& [k, v] : m) {
        if (k == key) return &v;
        if (std::string_view(k) > key) break; // ordered: the key is not further on
    }
    return nullptr;
}

} // namespace detail

/// The type of the event, or event_type::unspecified if it had none.
inline event_type type_of(const event& ev) noexcept {
    return ev.type.value_or(event_type::unspecified);
}

/// The dialog interaction of the event, or dialog_event_type::type_unspecified if it is not a
/// dialog event.
inline dialog_event_type dialog_kind(const event& ev) noexcept {
    return ev.dialog_event_type.value_or(dialog_event_type::type_unspecified);
}

/// True for the events of a dialog (opening, submitting or cancelling one).
inline bool is_dialog(const event& ev) noexcept {
    auto k = dialog_kind(ev);
    return ev.is_dialog_event.value_or(false) || k == dialog_event_type::request_dialog ||
           k == dialog_event_type::submit_dialog || k == dialog_event_type::cancel_dialog;
}

/// What a user entered in the widget named `name` of a card or dialog, or nullptr.
inline const inputs* form_input(const event& ev, std::string_view name) noexcept {
    if (!ev.common) return nullptr;
    return detail::find_in(ev.common->form_inputs, name);
}

/// The values of a text input, selection input or other string-valued widget (several for a
/// multiselect), or an empty span.
inline std::span<const std::string> form_values(const event& ev, std::string_view name) noexcept {
    const inputs* in = form_input(ev, name);
    if (!in || !in->string_inputs) return {};
    return in->string_inputs->value;
}

/// The first value of a string-valued widget, or nullopt if the widget sent none.
inline std::optional<std::string_view> form_value(const event& ev, std::string_view name) noexcept {
    auto v = form_values(ev, name);
    if (v.empty()) return std::nullopt;
    return std::string_view(v.front());
}

/// The date a date picker sent, in milliseconds since the Unix epoch (UTC midnight), or nullopt.
inline std::optional<std::int64_t> form_date(const event& ev, std::string_view name) noexcept {
    const inputs* in = form_input(ev, name);
    if (!in || !in->date_input) return std::nullopt;
    return in->date_input->ms_since_epoch;
}

/// The time of day a time picker sent, or nullopt.
inline std::optional<time_input> form_time(const event& ev, std::string_view name) noexcept {
    const inputs* in = form_input(ev, name);
    if (!in || !in->time_input) return std::nullopt;
    return *in->time_input;
}

/// The date and time a date-time picker sent, or nullopt.
inline std::optional<date_time_input> form_date_time(const event& ev, std::string_view name) noexcept {
    const inputs* in = form_input(ev, name);
    if (!in || !in->date_time_input) return std::nullopt;
    return *in->date_time_input;
}

/// The action parameter `key` of the clicked widget: `common.parameters` (cards v2 and add-ons)
/// first, then the legacy `action.parameters`; nullopt if neither has it.
inline std::optional<std::string_view> parameter(const event& ev, std::string_view key) noexcept {
    if (ev.common)
        if (const std::string* v = detail::find_in(ev.common->parameters, key)) return std::string_view(*v);
    if (ev.action)
        for (const auto& p : ev.action->parameters)
            if (p.key && *p.key == key) return p.value ? std::string_view(*p.value) : std::string_view();
    return std::nullopt;
}

/// The parameter in which Google passes a card's original function name to an add-on
/// (cards created before the app became an add-on, whose `function` was not a URL).
inline constexpr std::string_view action_method_name_parameter = "__action_method_name__";

/// The name of the function the click invoked: `common.invokedFunction`, else the legacy
/// `action.actionMethodName`, else the add-on's `__action_method_name__` parameter; empty if none.
inline std::string_view invoked_function(const event& ev) noexcept {
    if (ev.common && ev.common->invoked_function && !ev.common->invoked_function->empty())
        return *ev.common->invoked_function;
    if (ev.action && ev.action->action_method_name && !ev.action->action_method_name->empty())
        return *ev.action->action_method_name;
    if (ev.common)
        if (const std::string* v = detail::find_in(ev.common->parameters, action_method_name_parameter))
            return *v;
    return {};
}

/// The id of the slash command or app command the event invokes: `message.slashCommand.commandId`,
/// else `appCommandMetadata.appCommandId`, else the SLASH_COMMAND annotation's id; nullopt if none.
inline std::optional<std::int64_t> command_id(const event& ev) noexcept {
    if (ev.message && ev.message->slash_command && ev.message->slash_command->command_id)
        return ev.message->slash_command->command_id;
    if (ev.app_command_metadata && ev.app_command_metadata->app_command_id)
        return *ev.app_command_metadata->app_command_id;
    if (ev.message)
        for (const auto& a : ev.message->annotations)
            if (a.type == annotation_type::slash_command && a.slash_command && a.slash_command->command_id)
                return a.slash_command->command_id;
    return std::nullopt;
}

/// True if the event invokes a slash command (a message's `slashCommand`, or an app command of
/// type SLASH_COMMAND); false for quick commands and everything else.
inline bool is_slash_command(const event& ev) noexcept {
    if (ev.message && ev.message->slash_command && ev.message->slash_command->command_id) return true;
    if (ev.app_command_metadata && ev.app_command_metadata->app_command_id)
        return ev.app_command_metadata->app_command_type == app_command_type::slash_command;
    return false;
}

/// The message text without the app's @mention or the command (`message.argumentText`), or empty.
inline std::string_view argument_text(const event& ev) noexcept {
    if (ev.message && ev.message->argument_text) return *ev.message->argument_text;
    return {};
}

/// True if the message @mentions the app: a USER_MENTION annotation whose user is `app_user_name`
/// (e.g. "users/1234567890987654321") or, when that is empty, any user of type BOT.
inline bool app_mentioned(const event& ev, std::string_view app_user_name = {}) noexcept {
    if (!ev.message) return false;
    for (const auto& a : ev.message->annotations) {
        if (a.type != annotation_type::user_mention || !a.user_mention || !a.user_mention->user) continue;
        const user& u = *a.user_mention->user;
        if (app_user_name.empty() ? u.type == user_type::bot : u.name == app_user_name) return true;
    }
    return false;
}

} // namespace gchat

#endif
