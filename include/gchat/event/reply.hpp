// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_EVENT_REPLY_HPP
#define GCHAT_EVENT_REPLY_HPP

// gchat::reply: the synchronous answer to an interaction event (the body of the HTTP response),
// built once and written in whichever format the event arrived in.

#include <gchat/config.hpp>
#include <gchat/diagnostics.hpp>
#include <gchat/error.hpp>
#include <gchat/event/envelope.hpp>
#include <gchat/event/event.hpp>
#include <gchat/model/action_response.hpp>
#include <gchat/model/card.hpp>
#include <gchat/model/message.hpp>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <memory>
#include <string>
#include <utility>
#include <variant>
#include <vector>

namespace gchat {

namespace detail {
/// The work a reply::kind::acknowledge_and_continue reply leaves running (defined in router.hpp).
struct reply_continuation;
} // namespace detail

/// The synchronous answer to an interaction event. Make one with the static builders; write it
/// with serialize(reply, envelope), which checks it against Chat's limits first.
///
/// | builder                        | Chat app (`Message` with `actionResponse`)        | Workspace add-on |
/// |--------------------------------|---------------------------------------------------|---------------------------------------------------|
/// | ack()                          | `{}`                                              | `{}` | |
/// new_message(m), text(s)        | m + `actionResponse.type` NEW_MESSAGE             |
/// `hostAppDataAction.chatDataAction.createMessageAction.message` | | update_message(m)              | m +
/// UPDATE_MESSAGE                                | `...chatDataAction.updateMessageAction.message`   | |
/// update_user_message_cards(c)   | `cardsV2` + UPDATE_USER_MESSAGE_CARDS             |
/// `...chatDataAction.updateInlinePreviewAction.cardsV2` | | request_config(url, resource)  | REQUEST_CONFIG
/// + `url`                            | `basic_authorization_prompt{authorization_url, resource}` | |
/// open_dialog(card)              | DIALOG + `dialogAction.dialog.body`               |
/// `action.navigations[{pushCard}]`                  | | close_dialog(code, text)       | DIALOG +
/// `dialogAction.actionStatus`              | `action.navigations[{endNavigation: CLOSE_DIALOG}]` +
/// `notification.text` | | update_widget_suggestions(i,w) | UPDATE_WIDGET + `updatedWidget{suggestions,
/// widget}` | `action.modifyOperations[{updateWidget{widgetId, selectionInputWidgetSuggestions}}]` |
class reply {
  public:
    /// What a reply does.
    enum class kind {
        ack,                       ///< Nothing to show: an empty acknowledgement.
        new_message,               ///< Post a message in the event's space (and thread).
        update_message,            ///< Update the app's message the card click came from.
        update_user_message_cards, ///< Attach or update link-preview cards on a user's message.
        request_config,            ///< Ask the user, privately, to authorize or configure the app.
        open_dialog,               ///< Open (or replace the content of) a dialog.
        close_dialog,              ///< Close the dialog, with a status.
        update_widget_suggestions, ///< Answer an autocomplete query of a selection input.
        /// Acknowledge now (`{}`) and let the work go on: an event server posts the reply the
        /// work ends with as a new message (see gchat::acknowledge_and_continue in router.hpp).
        acknowledge_and_continue,
    };

    /// The URL (and, for add-ons, the display name of the service) a config request points to.
    struct config_request {
        std::string url;
        std::string resource;
        friend bool operator==(const config_request&, const config_request&) = default;
    };

    /// How a dialog closes: a google.rpc.Code and an optional text shown to the user.
    struct dialog_status {
        api_code code = api_code::ok;
        std::string user_facing_message;
        friend bool operator==(const dialog_status&, const dialog_status&) = default;
    };

    /// Autocomplete items, and the id of the widget they are for (may be empty).
    struct widget_suggestions {
        selection_items items;
        std::string widget;
        friend bool operator==(const widget_suggestions&, const widget_suggestions&) = default;
    };

    /// An empty acknowledgement.
    reply() = default;

    /// An empty acknowledgement: the event needs no visible answer (`{}` in both formats).
    static reply ack() { return {}; }

    /// Posts `m` as a new message. Its `actionResponse` is set by the reply kind: any value in `m`
    /// is dropped.
    static reply new_message(gchat::message m) { return reply(kind::new_message, clean(std::move(m))); }

    /// Posts a text message.
    static reply text(std::string text) {
        gchat::message m;
        m.text = std::move(text);
        return reply(kind::new_message, std::move(m));
    }

    /// Updates the message the event came from (a click on the app's own card). The same
    /// `actionResponse` rule as new_message.
    static reply update_message(gchat::message m) { return reply(kind::update_message, clean(std::move(m))); }

    /// Attaches or updates the link-preview cards of a user's message (a MESSAGE event with a
    /// `matchedUrl`, or a click on such a card).
    static reply update_user_message_cards(std::vector<card_with_id> cards) {
        return reply(kind::update_user_message_cards, std::move(cards));
    }

    /// Asks the user to authorize or configure the app at `url`, privately. `resource` names the
    /// service on the add-on's prompt (the Chat app format has no such field and ignores it).
    static reply request_config(std::string url, std::string resource = {}) {
        return reply(kind::request_config, config_request{std::move(url), std::move(resource)});
    }

    /// Opens a dialog whose body is `body` (or replaces the open dialog's content).
    static reply open_dialog(gchat::card body) { return reply(kind::open_dialog, std::move(body)); }

    /// Closes the dialog. A code other than OK tells Chat the request failed; the message is shown
    /// to the user (for add-ons, as a notification; the add-on format has no status code).
    static reply close_dialog(api_code code = api_code::ok, std::string user_facing_message = {}) {
        return reply(kind::close_dialog, dialog_status{code, std::move(user_facing_message)});
    }

    /// Closes the dialog with the model's action_status.
    static reply close_dialog(const action_status& status) {
        api_code code = api_code::ok;
        if (status.status_code && *status.status_code != rpc_code::unrecognized)
            code = static_cast<api_code>(static_cast<int>(*status.status_code));
        return close_dialog(code, status.user_facing_message.value_or(std::string()));
    }

    /// Answers an autocomplete query of a selection input with `items`. `widget` is the id of the
    /// widget that asked (optional: Chat matches the widget that sent the event).
    static reply update_widget_suggestions(selection_items items, std::string widget = {}) {
        return reply(kind::update_widget_suggestions,
                     widget_suggestions{std::move(items), std::move(widget)});
    }

    /// An empty acknowledgement now, with `work` to run afterwards (made by
    /// gchat::acknowledge_and_continue, which defines the continuation type). Written as `{}`.
    static reply continue_with(std::shared_ptr<const detail::reply_continuation> work) {
        return reply(kind::acknowledge_and_continue, std::move(work));
    }

    /// What the reply does.
    kind type() const noexcept { return kind_; }

    /// The message of a new_message or update_message reply, else nullptr.
    const gchat::message* message() const noexcept { return std::get_if<gchat::message>(&body_); }

    /// The cards of an update_user_message_cards reply, else nullptr.
    const std::vector<card_with_id>* cards() const noexcept {
        return std::get_if<std::vector<card_with_id>>(&body_);
    }

    /// The URL and resource of a request_config reply, else nullptr.
    const config_request* config() const noexcept { return std::get_if<config_request>(&body_); }

    /// The dialog body of an open_dialog reply, else nullptr.
    const gchat::card* dialog() const noexcept { return std::get_if<gchat::card>(&body_); }

    /// The status of a close_dialog reply, else nullptr.
    const dialog_status* status() const noexcept { return std::get_if<dialog_status>(&body_); }

    /// The suggestions of an update_widget_suggestions reply, else nullptr.
    const widget_suggestions* suggestions() const noexcept { return std::get_if<widget_suggestions>(&body_); }

    /// The work of an acknowledge_and_continue reply, else null.
    std::shared_ptr<const detail::reply_continuation> continuation() const noexcept {
        auto p = std::get_if<std::shared_ptr<const detail::reply_continuation>>(&body_);
        return p ? *p : nullptr;
    }

    friend bool operator==(const reply&, const reply&) = default;

  private:
    using body_type =
        std::variant<std::monostate, gchat::message, std::vector<card_with_id>, config_request, gchat::card,
                     dialog_status, widget_suggestions, std::shared_ptr<const detail::reply_continuation>>;

    template <class T>
    reply(kind k, T&& body) : kind_(k), body_(std::forward<T>(body)) {}

    static gchat::message clean(gchat::message m) {
        m.action_response.reset();
        return m;
    }

    kind kind_ = kind::ack;
    body_type body_{};
};

/// The name of a reply kind ("new_message", ...), for logs.
GCHAT_DECL const char* to_string(reply::kind k) noexcept;

/// Appends the JSON body of `r`, in the format of `envelope`, to `out`.
///
/// Messages, link-preview cards and dialog bodies are checked first (validate_message,
/// validate_card): at most 100 widgets a card (errc::too_many_widgets), ids of [a-zA-Z0-9-]{1,64}
/// (errc::invalid_widget_id), at most 32,000 bytes a message (errc::message_too_large); a
/// request_config needs a URL (errc::invalid_argument). On failure nothing is appended and
/// `diag->client_message`, when given, names the offending element by its JSON path.
GCHAT_DECL boost::system::error_code serialize_to(std::string& out, const reply& r, event_envelope envelope,
                                                  diagnostics* diag);

/// The JSON body of `r` in the format of `envelope` (see serialize_to).
inline boost::system::result<std::string> serialize(const reply& r, event_envelope envelope) {
    std::string out;
    if (auto ec = serialize_to(out, r, envelope, nullptr)) return ec;
    return out;
}

/// As serialize(r, envelope), filling `diag` on failure.
inline boost::system::result<std::string> serialize(const reply& r, event_envelope envelope,
                                                    diagnostics& diag) {
    std::string out;
    if (auto ec = serialize_to(out, r, envelope, &diag)) return ec;
    return out;
}

/// The JSON body of `r` in the format `ev` arrived in.
inline boost::system::result<std::string> serialize(const reply& r, const event& ev) {
    return serialize(r, ev.envelope);
}

} // namespace gchat

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/event/impl/reply.ipp>
#endif

#endif
