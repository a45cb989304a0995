// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_RETRY_HPP
#define GCHAT_RETRY_HPP

// When a failed call is sent again, and after how long: exponential backoff with full jitter,
// bounded by a budget in attempts and in total time, honouring Retry-After. Plain functions with
// no I/O: the client's retry loop asks them, and tests call them with a seeded generator.

#include <gchat/config.hpp>

#include <boost/system/error_code.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <optional>
#include <random>
#include <string_view>

namespace gchat {

/// How a client retries. Per client (client_params::retry) and per call (call_options::retry).
///
/// A call is retried only if it is idempotent (GET, DELETE, PATCH, and a create, which the client makes
/// idempotent with a request id), and only after HTTP 429, HTTP 503 or a connection failure (see
/// is_retryable). Any other 4xx or 5xx is returned at once.
struct retry_policy {
    /// Attempts in all, the first included; 1 disables retries.
    unsigned max_attempts = 5;
    /// The cap of the first backoff; each further backoff doubles it (multiplier) up to max_backoff.
    std::chrono::milliseconds initial_backoff{500};
    std::chrono::milliseconds max_backoff{32'000};
    double multiplier = 2.0;
    /// Total time a call may spend from its first attempt; no retry starts after it (nor sleeps past it).
    std::chrono::milliseconds total_budget{60'000};
    /// Wait at least what the server's Retry-After asks (capped by max_retry_after).
    bool honour_retry_after = true;
    /// A Retry-After longer than this ends the retries instead (the error is returned).
    std::chrono::milliseconds max_retry_after{60'000};

    /// A policy that never retries.
    static retry_policy none() noexcept {
        retry_policy p;
        p.max_attempts = 1;
        return p;
    }

    friend bool operator==(const retry_policy&, const retry_policy&) = default;
};

/// True for the outcomes worth sending the same request again: HTTP 429 and 503, and connection
/// failures before a response (`http_status == 0` with a transport error other than cancellation,
/// a deadline or a full queue).
GCHAT_DECL bool is_retryable(boost::system::error_code transport_error, unsigned http_status) noexcept;

/// Parses a Retry-After header: delay-seconds ("120") or an HTTP-date ("Fri, 31 Dec 1999 23:59:59 GMT",
/// also the obsolete RFC 850 and asctime forms), relative to `now`. A date in the past is zero;
/// anything else (empty, garbage) is nullopt.
GCHAT_DECL std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view value, std::chrono::system_clock::time_point now);

/// The upper bound of the backoff before retry number `retry` (1 for the first retry):
/// min(max_backoff, initial_backoff * multiplier^(retry-1)).
GCHAT_DECL std::chrono::milliseconds backoff_cap(const retry_policy& p, unsigned retry) noexcept;

/// The delay before retry number `retry` (1 for the first): full jitter, uniform in [0, backoff_cap],
/// but at least `retry_after` when the server sent one and the policy honours it.
template <class URBG>
std::chrono::milliseconds next_delay(const retry_policy& p, unsigned retry,
                                     std::optional<std::chrono::milliseconds> retry_after, URBG& rng) {
    auto cap = backoff_cap(p, retry);
    std::uniform_int_distribution<std::int64_t> dist(0, std::max<std::int64_t>(cap.count(), 0));
    std::chrono::milliseconds d{dist(rng)};
    if (p.honour_retry_after && retry_after) d = std::max(d, *retry_after);
    return d;
}

/// Whether to retry after attempt number `attempt` (1 for the first) failed, given how long the call has
/// run (`elapsed`) and the delay the retry would wait. False when the call is not idempotent, the outcome
/// is not retryable, the attempts or the time budget are spent, or Retry-After exceeds max_retry_after.
GCHAT_DECL bool should_retry(const retry_policy& p, bool idempotent,
                             boost::system::error_code transport_error, unsigned http_status,
                             unsigned attempt, std::chrono::milliseconds elapsed,
                             std::chrono::milliseconds delay,
                             std::optional<std::chrono::milliseconds> retry_after) noexcept;

} // namespace gchat

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/impl/retry.ipp>
#endif

#endif
