// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_SERVER_OPTIONS_HPP
#define GCHAT_SERVER_OPTIONS_HPP

// gchat::server::event_server_options: where an event server listens and the bounds it keeps.

#include <gchat/config.hpp>
#include <gchat/server/verifier_options.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>

namespace gchat::server {

/// Checks the token of an incoming event (the text after `Bearer `; with verification.mode
/// audience_mode::add_on, the body's `authorizationEventObject.systemIdToken`): completes with an empty
/// error_code when Google signed it for this app. See verify_with() for a gchat::server::verifier
/// of your own; usually event_server_options::verification is enough.
using verify_function = std::function<boost::asio::awaitable<boost::system::error_code>(std::string_view)>;

/// Receives one line per event (and per warning). Lines never hold a token.
using log_function = std::function<void(std::string_view)>;

/// The configuration of a gchat::server::basic_event_server.
struct event_server_options {
    /// The address to listen on (an IP literal). Loopback by default: a public endpoint usually sits
    /// behind a load balancer or reverse proxy; give "0.0.0.0" or "::" to listen on every interface.
    std::string address = "127.0.0.1";
    /// The port; 0 picks a free one (see basic_event_server::local_endpoint()).
    std::uint16_t port = 0;
    /// The only path events are accepted on (404 elsewhere); the query string is ignored.
    std::string path = "/";
    /// TLS when set (the server's certificate and key loaded into it); plain HTTP when null. Not owned:
    /// it must outlive the server.
    boost::asio::ssl::context* tls_context = nullptr;

    /// The largest request body read; a larger one is answered 413 and the connection closed.
    std::size_t body_limit = 1024 * 1024;
    /// Time a client has to deliver one whole request (header and body, TLS handshake included),
    /// counted from the connection or from the previous reply: a slow or idle client is disconnected.
    std::chrono::milliseconds read_timeout{std::chrono::seconds(10)};
    /// Time a client has to take the reply.
    std::chrono::milliseconds write_timeout{std::chrono::seconds(10)};
    /// Connections open at once; one more is answered 503 (Retry-After: 1) and closed (with TLS,
    /// closed without an answer).
    std::size_t max_connections = 256;
    /// Handlers running at once (those answered late and still running included); one more event
    /// is answered 503 with Retry-After: 1.
    std::size_t max_in_flight = 64;
    /// How long a handler may take to give the synchronous reply (Chat waits about 30 s). A handler
    /// still running then is acknowledged with an empty 200 and keeps running; a new message it
    /// returns later is posted through the client, in the event's space and thread.
    std::chrono::milliseconds reply_budget{std::chrono::seconds(25)};
    /// How long async_stop() lets in-flight handlers finish before it cancels them.
    std::chrono::milliseconds shutdown_grace{std::chrono::seconds(20)};

    /// How bearer tokens are verified: the server runs a gchat::server::verifier with these options
    /// (set at least `mode` and `audience`: the app's project number, or its endpoint URL). A start
    /// with neither an audience here nor `verify` nor insecure_skip_verification fails.
    verifier_options verification{};
    /// A token check of your own instead (e.g. verify_with(a verifier you share)); takes precedence.
    verify_function verify{};
    /// Accepts every event without checking who sent it: for local tests only. Anyone who can reach
    /// the endpoint can then impersonate Google Chat. The server logs a warning when it starts.
    bool insecure_skip_verification = false;

    /// Where the server logs (one line per event, and warnings); none by default.
    log_function logger{};
};

} // namespace gchat::server

#endif
