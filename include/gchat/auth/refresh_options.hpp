// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_AUTH_REFRESH_OPTIONS_HPP
#define GCHAT_AUTH_REFRESH_OPTIONS_HPP

// How the token sources that fetch tokens (service_account, user_refresh) cache and refresh them.

#include <gchat/config.hpp>

#include <chrono>
#include <functional>

namespace gchat::auth {

struct refresh_options {
    /// A cached token is refreshed this long before it expires (plus a random part of `jitter`, so that
    /// many processes started together do not refresh together). Until it expires, callers still get it
    /// while the refresh runs; after, they wait for the refresh.
    std::chrono::seconds margin{300};
    std::chrono::seconds jitter{30};
    /// After a failed refresh, the next one waits `initial_backoff`, doubling up to `max_backoff` (with
    /// jitter) while they keep failing.
    std::chrono::milliseconds initial_backoff{1000};
    std::chrono::milliseconds max_backoff{32000};
    /// Bound on one token request (connect, TLS, exchange).
    std::chrono::milliseconds timeout{30000};
    /// The clock the cache dates tokens and decides refreshes by; empty for std::chrono::system_clock::now
    /// (tests give a clock they control). The JWTs signed always carry the real time.
    std::function<std::chrono::system_clock::time_point()> now{};
};

} // namespace gchat::auth

#endif
