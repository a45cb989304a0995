// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_EVENT_IMPL_REPLY_IPP
#define GCHAT_EVENT_IMPL_REPLY_IPP

#include <gchat/event/reply.hpp>
#include <gchat/event/validate.hpp>
#include <gchat/json/serialize.hpp>

#include <string_view>

namespace gchat {
namespace detail {

inline boost::system::error_code reply_error(diagnostics* diag, errc e, std::string msg) {
    if (diag) {
        diag->clear();
        diag->client_message = std::move(msg);
    }
    return make_error_code(e);
}

// The Chat app format: a Message whose first member is `actionResponse`. The message is written
// after the prefix with its opening brace turned into a comma, so nothing is copied.
inline void write_message_with_action(std::string& out, std::string_view action_response_type,
                                      const message& m) {
    out += R"({"actionResponse":{"type":")";
    out += action_response_type;
    out += "\"}";
    const std::size_t at = out.size();
    json::serialize_to(out, m);
    if (out.size() - at == 2) { // "{}": nothing but the action
        out.resize(at);
        out += '}';
    } else {
        out[at] = ','; // the message's closing brace closes the whole body
    }
}

inline void write_add_on_data_action(std::string& out, std::string_view action, const message& m) {
    out += R"({"hostAppDataAction":{"chatDataAction":{")";
    out += action;
    out += R"(":{"message":)";
    json::serialize_to(out, m);
    out += "}}}}";
}

inline boost::system::error_code write_reply(std::string& out, const reply& r, event_envelope env,
                                             diagnostics* diag) {
    const bool add_on = env == event_envelope::workspace_add_on;
    switch (r.type()) {
    case reply::kind::ack:
    case reply::kind::acknowledge_and_continue:
        out += "{}";
        return {};

    case reply::kind::new_message:
    case reply::kind::update_message: {
        const message& m = *r.message();
        if (auto ec = validate_message(m, diag)) return ec;
        const bool create = r.type() == reply::kind::new_message;
        if (add_on)
            write_add_on_data_action(out, create ? "createMessageAction" : "updateMessageAction", m);
        else
            write_message_with_action(out, create ? "NEW_MESSAGE" : "UPDATE_MESSAGE", m);
        return {};
    }

    case reply::kind::update_user_message_cards: {
        const auto& cards = *r.cards();
        if (auto ec = validate_cards(cards, diag)) return ec;
        const std::size_t at = out.size();
        if (add_on)
            out += R"({"hostAppDataAction":{"chatDataAction":{"updateInlinePreviewAction":{"cardsV2":)";
        else
            out += R"({"actionResponse":{"type":"UPDATE_USER_MESSAGE_CARDS"},"cardsV2":)";
        const std::size_t cards_at = out.size();
        json::serialize_to(out, cards);
        if (out.size() - cards_at > max_message_bytes) {
            std::size_t n = out.size() - cards_at;
            out.resize(at);
            return reply_error(diag, errc::message_too_large,
                               "cardsV2 of " + std::to_string(n) + " bytes, more than the " +
                                   std::to_string(max_message_bytes) + " a message may have");
        }
        out += add_on ? "}}}}" : "}";
        return {};
    }

    case reply::kind::request_config: {
        const auto& c = *r.config();
        if (c.url.empty())
            return reply_error(diag, errc::invalid_argument,
                               "request_config: the configuration URL is empty");
        if (add_on) {
            // As documented for Chat add-ons: snake_case keys.
            out += R"({"basic_authorization_prompt":{"authorization_url":)";
            json::serialize_to(out, c.url);
            if (!c.resource.empty()) {
                out += R"(,"resource":)";
                json::serialize_to(out, c.resource);
            }
            out += "}}";
        } else {
            out += R"({"actionResponse":{"type":"REQUEST_CONFIG","url":)";
            json::serialize_to(out, c.url);
            out += "}}";
        }
        return {};
    }

    case reply::kind::open_dialog: {
        const card& body = *r.dialog();
        if (auto ec = validate_card(body, nullptr, {})) {
            if (!diag) return ec;
            return validate_card(body, diag, add_on ? "action.navigations[0].pushCard" : "dialog.body");
        }
        if (add_on) {
            out += R"({"action":{"navigations":[{"pushCard":)";
            json::serialize_to(out, body);
            out += "}]}}";
        } else {
            out += R"({"actionResponse":{"type":"DIALOG","dialogAction":{"dialog":{"body":)";
            json::serialize_to(out, body);
            out += "}}}}";
        }
        return {};
    }

    case reply::kind::close_dialog: {
        const auto& s = *r.status();
        if (add_on) {
            out += R"({"action":{"navigations":[{"endNavigation":{"action":"CLOSE_DIALOG"}}])";
            if (!s.user_facing_message.empty()) {
                out += R"(,"notification":{"text":)";
                json::serialize_to(out, s.user_facing_message);
                out += '}';
            }
            out += "}}";
        } else {
            action_status st;
            st.status_code = static_cast<rpc_code>(static_cast<int>(s.code));
            if (!s.user_facing_message.empty()) st.user_facing_message = s.user_facing_message;
            out += R"({"actionResponse":{"type":"DIALOG","dialogAction":{"actionStatus":)";
            json::serialize_to(out, st);
            out += "}}}";
        }
        return {};
    }

    case reply::kind::update_widget_suggestions: {
        const auto& s = *r.suggestions();
        if (add_on) {
            out += R"({"action":{"modifyOperations":[{"updateWidget":{)";
            if (!s.widget.empty()) {
                out += R"("widgetId":)";
                json::serialize_to(out, s.widget);
                out += ',';
            }
            out += R"("selectionInputWidgetSuggestions":{"suggestions":)";
            json::serialize_to(out, s.items.items);
            out += "}}}]}}";
        } else {
            out += R"({"actionResponse":{"type":"UPDATE_WIDGET","updatedWidget":{"suggestions":)";
            json::serialize_to(out, s.items);
            if (!s.widget.empty()) {
                out += R"(,"widget":)";
                json::serialize_to(out, s.widget);
            }
            out += "}}}";
        }
        return {};
    }
    }
    return reply_error(diag, errc::invalid_argument, "reply of an unknown kind");
}

} // namespace detail

GCHAT_DECL const char* to_string(reply::kind k) noexcept {
    switch (k) {
    case reply::kind::ack:
        return "ack";
    case reply::kind::new_message:
        return "new_message";
    case reply::kind::update_message:
        return "update_message";
    case reply::kind::update_user_message_cards:
        return "update_user_message_cards";
    case reply::kind::request_config:
        return "request_config";
    case reply::kind::open_dialog:
        return "open_dialog";
    case reply::kind::close_dialog:
        return "close_dialog";
    case reply::kind::update_widget_suggestions:
        return "update_widget_suggestions";
    case reply::kind::acknowledge_and_continue:
        return "acknowledge_and_continue";
    }
    return "unknown";
}

GCHAT_DECL boost::system::error_code serialize_to(std::string& out, const reply& r, event_envelope envelope,
                                                  diagnostics* diag) {
    const std::size_t at = out.size();
    // One allocation for a typical reply (a short text with its action response is some 60 bytes),
    // rather than the string's growth from its inline 15 bytes: two or three.
    out.reserve(at + 256);
    auto ec = detail::write_reply(out, r, envelope, diag);
    if (ec) out.resize(at);
    return ec;
}

} // namespace gchat

#endif
