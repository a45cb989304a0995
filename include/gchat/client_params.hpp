// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_CLIENT_PARAMS_HPP
#define GCHAT_CLIENT_PARAMS_HPP

// The configuration of a gchat::client: endpoint, credentials, TLS, pool size, timeouts, retries, logger.

#include <gchat/auth/api_key.hpp>
#include <gchat/auth/token_source.hpp>
#include <gchat/config.hpp>
#include <gchat/retry.hpp>

#include <boost/asio/ssl/context.hpp>
#include <boost/beast/http/verb.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace gchat {

/// What the client tells its logger after each attempt of a call. Never contains a token; `target` is the
/// request's path and query (resource names, page tokens), never its body.
struct client_log_record {
    beast::http::verb method = beast::http::verb::get;
    std::string_view target;
    unsigned attempt = 1;                   ///< 1 for the first attempt.
    unsigned http_status = 0;               ///< 0 if no response arrived.
    boost::system::error_code error;        ///< Transport error, or the API error of the response.
    std::chrono::milliseconds elapsed{0};   ///< Since the call started.
    std::chrono::milliseconds retry_in{-1}; ///< The backoff before the next attempt; negative if none.
};

/// The configuration of a gchat::basic_client. Every member but `credentials` has a usable default.
struct client_params {
    /// The API's base URL; "http://" is accepted (the emulator), a path prefix is kept.
    std::string endpoint = "https://chat.googleapis.com";
    /// The token source asked before every attempt (gchat::auth::static_token, or any token source).
    /// Empty: no Authorization header.
    auth::any_token_source credentials{};
    /// A Google API key sent as the `key` query parameter of every request (added as the request is sent:
    /// never in the logger's target or in errors); empty for none.
    auth::api_key api_key{};
    /// TLS settings for https endpoints (CA, client certificates); nullptr for a default context that
    /// verifies the peer against the system's CAs and the host name. Must outlive the client.
    asio::ssl::context* tls_context = nullptr;
    /// Connections kept to the endpoint (HTTP/1.1 keep-alive), hence concurrent requests.
    std::size_t max_connections = 16;
    /// Time a call may take, all attempts and backoffs included (call_options::deadline overrides).
    std::chrono::milliseconds default_deadline{60'000};
    /// Retries of idempotent calls (call_options::retry overrides).
    retry_policy retry{};
    /// Writes (non-GET requests, retries included) started per space per write_window; 0 for no limit.
    /// Chat allows 60 writes per minute per space: 60 keeps a busy app under it instead of collecting 429s.
    /// Calls over the limit wait (within their deadline) on the client's executor.
    std::size_t max_writes_per_space = 0;
    std::chrono::milliseconds write_window{60'000};
    /// The User-Agent header; empty for "gchat/VERSION".
    std::string user_agent{};
    /// Told about every attempt (see client_log_record); empty for no logging. Called on the client's
    /// executor; must not throw.
    std::function<void(const client_log_record&)> logger{};
};

} // namespace gchat

#endif
