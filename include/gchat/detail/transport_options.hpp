// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_DETAIL_TRANSPORT_OPTIONS_HPP
#define GCHAT_DETAIL_TRANSPORT_OPTIONS_HPP

// The configuration of the HTTP transport (one host, one connection pool).

#include <gchat/config.hpp>

#include <boost/asio/ssl/context.hpp>

#include <chrono>
#include <cstddef>
#include <string>

namespace gchat::detail {

struct transport_options {
    /// `scheme://host[:port][/base-path]`, scheme `http` or `https`; no user info, query or fragment.
    std::string endpoint = "https://chat.googleapis.com";
    /// Not owned, must outlive the transport. nullptr: the transport owns a `tls_client` context with the
    /// default verify paths. Peer verification and host-name verification are always turned on per stream.
    asio::ssl::context* tls_context = nullptr;
    /// Connections open at once (in use, being opened or idle), per transport (one host). 0 counts as 1.
    std::size_t max_connections = 16;
    /// Requests waiting for a connection; past it a request fails with errc::queue_full.
    std::size_t max_queued = 100000;
    /// Bound on resolve + TCP connect + TLS handshake of one new connection (the deadline still applies).
    std::chrono::milliseconds connect_timeout{10000};
    /// Idle pooled connections are closed after this.
    std::chrono::milliseconds idle_timeout{55000};
    /// Largest response body read whole (async_send, and non-2xx bodies of async_download);
    /// larger: errc::body_too_large.
    std::size_t max_response_body = 64u << 20;
    /// The User-Agent header; empty sends none.
    std::string user_agent = "gchat/" GCHAT_VERSION_STRING;
};

} // namespace gchat::detail

#endif
