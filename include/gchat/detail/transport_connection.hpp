// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_DETAIL_TRANSPORT_CONNECTION_HPP
#define GCHAT_DETAIL_TRANSPORT_CONNECTION_HPP

// One connection of the transport's pool: the stream, its read buffer (kept across exchanges), and what
// the pool needs to track it while it is idle.

#include <gchat/config.hpp>
#include <gchat/detail/http_stream.hpp>

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/beast/core/flat_buffer.hpp>

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>

namespace gchat::detail {

template <class Executor>
struct pooled_connection {
    using timer_type = asio::basic_waitable_timer<std::chrono::steady_clock,
                                                  asio::wait_traits<std::chrono::steady_clock>, Executor>;
    using resolver_type = asio::ip::basic_resolver<asio::ip::tcp, Executor>;

    /// A plain connection (tls == nullptr) or a TLS one.
    pooled_connection(const Executor& ex, asio::ssl::context* tls)
        : stream(tls ? http_stream<Executor>(ex, *tls) : http_stream<Executor>(ex)), resolver(ex),
          idle_timer(ex) {}

    http_stream<Executor> stream;
    resolver_type resolver;
    timer_type idle_timer;
    beast::flat_buffer buffer; ///< Reused by every exchange on this connection.
    std::uint64_t epoch = 0; ///< The pool's epoch when opened; a connection of an older epoch is not pooled.
    std::uint64_t idle_gen =
        0; ///< Incremented whenever it leaves the idle list (stale idle handlers see it).
    bool idle = false;
    bool watched = false;       ///< Idle, with its idle timer and readability watch armed.
    bool used = false;          ///< Completed an exchange: a request on it is on a reused connection.
    std::size_t idle_index = 0; ///< Its place in the pool's idle list, while idle.
};

} // namespace gchat::detail

#endif
