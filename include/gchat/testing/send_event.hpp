// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_TESTING_SEND_EVENT_HPP
#define GCHAT_TESTING_SEND_EVENT_HPP

// The options and the result of emulator::async_send_event(): the emulator playing Google Chat's side,
// POSTing a signed interaction event to an app's endpoint.

#include <gchat/config.hpp>
#include <gchat/model/message.hpp>
#include <gchat/testing/chat_keys.hpp>

#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <optional>
#include <string>
#include <utility>
#include <vector>

namespace gchat::testing {

/// How to deliver one event.
struct send_event_options {
    /// The audience mode of the bearer token (the app's "Authentication Audience" setting).
    gchat::testing::token_audience audience = gchat::testing::token_audience::endpoint_url;
    /// The `aud` claim in project_number mode: the app's Cloud project number (required there).
    std::string project_number{};
    /// The `aud` claim in endpoint_url and add_on modes; empty: the app URL the event is sent to.
    std::string audience_url{};
    /// add_on mode: the `email` of the system ID token (the add-on's service account); empty:
    /// default_add_on_service_account. In add_on mode the signed token goes where Google puts it: into the
    /// body's `authorizationEventObject.systemIdToken` (the body must then be a JSON object) and, unless
    /// bearer_override says otherwise, into the Authorization header.
    std::string add_on_service_account{};
    /// add_on mode: if set, written as `authorizationEventObject.systemIdToken` instead of the signed token
    /// (empty: the field is removed), to test that an app rejects a bad body token.
    std::optional<std::string> system_id_token_override{};
    /// The `iat` of the token (default: now), to test an app's handling of expired or future tokens.
    std::optional<std::chrono::system_clock::time_point> issued_at{};
    /// The lifetime of the token (`exp - iat`).
    std::chrono::seconds token_lifetime{3600};
    /// If set, sent as the bearer token instead of a signed one (empty: no Authorization header at all),
    /// to test that an app rejects bad tokens.
    std::optional<std::string> bearer_override{};

    /// For https: the PEM of the CA to trust (e.g. the app's self-signed certificate); empty uses the
    /// system's trust store.
    std::string ca_pem{};
    /// For https: verify the app's certificate and host name. Turning it off is for tests only.
    bool verify_peer = true;

    /// Time limit of the whole exchange (resolve, connect, TLS, write, read): errc::deadline_exceeded.
    std::chrono::milliseconds timeout{std::chrono::seconds(30)};
    /// Largest reply body read (errc::body_too_large beyond).
    std::size_t reply_limit = 4 * 1024 * 1024;
    /// Extra request headers.
    std::vector<std::pair<std::string, std::string>> headers{};
};

/// What the app answered. A non-2xx status is a result, not an error.
struct send_event_result {
    unsigned status = 0;      ///< The HTTP status of the app's reply.
    std::string body;         ///< The raw reply body.
    std::string content_type; ///< Its Content-Type header.
    /// The reply read as a message (an action response), for a 2xx status with a non-empty reply that is not
    /// `{}`; empty otherwise. (A Workspace add-on reply, `{"hostAppDataAction":...}`, has no message fields:
    /// read `body` for it.)
    std::optional<gchat::message> message{};
    /// Why a non-empty 2xx reply could not be read as a message (a gchat::errc), if it could not.
    boost::system::error_code reply_error{};
};

} // namespace gchat::testing

#endif
