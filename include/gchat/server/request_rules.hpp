// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_SERVER_REQUEST_RULES_HPP
#define GCHAT_SERVER_REQUEST_RULES_HPP

// The event server's decisions as plain functions over values (no sockets): which requests are
// refused and with what status, the error bodies, the log line of an event, and the follow-up
// message a late reply becomes.

#include <gchat/call_params.hpp>
#include <gchat/config.hpp>
#include <gchat/event/event.hpp>
#include <gchat/event/reply.hpp>
#include <gchat/model/message.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <string_view>

namespace gchat::server {

/// Why a request is refused before it reaches the router; status 0 means it may go on.
struct rejection {
    unsigned status = 0;     ///< The HTTP status to answer with (0: none, the request is acceptable).
    std::string_view reason; ///< A short, fixed explanation (safe to send and to log).
    explicit operator bool() const noexcept { return status != 0; }
};

/// True for `application/json`, with parameters (`; charset=UTF-8`) and in any case.
GCHAT_DECL bool is_json_content_type(std::string_view content_type) noexcept;

/// The path of a request target, without its query string.
GCHAT_DECL std::string_view target_path(std::string_view target) noexcept;

/// The checks made before the token and the body are looked at, in order: the path (404), the
/// method, POST only (405), the body size (413), the content type, JSON only (415).
GCHAT_DECL rejection check_request(std::string_view method, std::string_view target,
                                   std::string_view content_type, std::size_t body_size,
                                   std::string_view path, std::size_t body_limit) noexcept;

/// The google.rpc.Status-shaped JSON body of an error answer:
/// `{"error":{"code":401,"message":"...","status":"UNAUTHENTICATED"}}`.
GCHAT_DECL std::string error_body(unsigned status, std::string_view message);

/// What a log line says about one request.
struct event_log_record {
    std::string_view type;                ///< The event type ("MESSAGE"), empty before parsing.
    std::string_view space;               ///< The space's resource name, if any.
    std::string_view envelope;            ///< "chat_app" or "workspace_add_on", empty before parsing.
    std::string_view reply;               ///< The reply kind, "late" when answered by the deadline, or empty.
    unsigned status = 0;                  ///< The HTTP status answered.
    std::chrono::microseconds latency{0}; ///< Time from the request read to the answer.
    std::string_view reason;              ///< Why it was refused (a rejection reason), or empty.
};

/// One line: `gchat::server: event MESSAGE space=spaces/AAA status=200 reply=new_message latency=1.234ms
/// envelope=chat_app` (fields that are empty are left out). Given only what the record holds, it
/// cannot contain a token.
GCHAT_DECL std::string format_log_line(const event_log_record& r);

/// The name of an event type as on the wire ("MESSAGE", "CARD_CLICKED", ...).
GCHAT_DECL std::string_view event_type_name(event_type t) noexcept;

/// A late reply as a message to post with basic_client::async_create_message.
struct follow_up {
    std::string space;                   ///< The parent: the event's space.
    gchat::message message;              ///< The reply's message, in the event's thread.
    gchat::create_message_params params; ///< reply_message_fallback_to_new_thread when in a thread.
};

/// The message a reply given after the deadline becomes: only a new_message reply (text, cards) can
/// be posted later, in the event's space and, when the event came from a thread, in that thread
/// (unless the reply names a thread itself). Nullopt for other kinds, or when the event has no space.
///
/// A function template (called as a plain function) only so that the copy of the message, which
/// instantiates the copy of the whole card tree, is compiled in the translation units that call it,
/// not in every one that includes <gchat.hpp>. With GCHAT_SEPARATE_COMPILATION it is compiled once.
template <class = void>
std::optional<follow_up> make_follow_up(const reply& r, const event& ev);

#ifdef GCHAT_SEPARATE_COMPILATION
extern template std::optional<follow_up> make_follow_up<void>(const reply& r, const event& ev);
#endif

} // namespace gchat::server

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/server/impl/request_rules.ipp>
#endif

#endif
