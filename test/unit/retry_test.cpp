// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// Retry decisions: which outcomes, how long to wait, Retry-After (sans-I/O).
#include <gchat/error.hpp>
#include <gchat/retry.hpp>

#include <boost/asio/error.hpp>
#include <boost/test/unit_test.hpp>

#include <random>

using namespace std::chrono_literals;
using gchat::retry_policy;

BOOST_AUTO_TEST_SUITE(retry)

BOOST_AUTO_TEST_CASE(only_429_503_and_connection_failures_are_retryable) {
    BOOST_TEST(gchat::is_retryable({}, 429));
    BOOST_TEST(gchat::is_retryable({}, 503));
    for (unsigned s : {200u, 400u, 401u, 403u, 404u, 409u, 500u, 502u, 504u})
        BOOST_TEST(!gchat::is_retryable({}, s), s);
    BOOST_TEST(gchat::is_retryable(boost::asio::error::connection_reset, 0));
    BOOST_TEST(gchat::is_retryable(boost::asio::error::connection_refused, 0));
    BOOST_TEST(gchat::is_retryable(boost::asio::error::eof, 0));
    BOOST_TEST(!gchat::is_retryable(boost::asio::error::operation_aborted, 0));
    BOOST_TEST(!gchat::is_retryable(gchat::errc::deadline_exceeded, 0));
    BOOST_TEST(!gchat::is_retryable(gchat::errc::queue_full, 0));
}

BOOST_AUTO_TEST_CASE(backoff_cap_grows_exponentially_up_to_the_maximum) {
    retry_policy p;
    p.initial_backoff = 100ms;
    p.max_backoff = 1000ms;
    BOOST_TEST(gchat::backoff_cap(p, 1).count() == 100);
    BOOST_TEST(gchat::backoff_cap(p, 2).count() == 200);
    BOOST_TEST(gchat::backoff_cap(p, 4).count() == 800);
    BOOST_TEST(gchat::backoff_cap(p, 5).count() == 1000);
    BOOST_TEST(gchat::backoff_cap(p, 1000).count() == 1000);
}

BOOST_AUTO_TEST_CASE(next_delay_is_full_jitter_within_the_cap) {
    retry_policy p;
    p.initial_backoff = 100ms;
    std::mt19937_64 rng(7);
    std::int64_t lo = 1000, hi = -1;
    for (int i = 0; i < 2000; ++i) {
        auto d = gchat::next_delay(p, 3, std::nullopt, rng).count();
        lo = std::min(lo, d);
        hi = std::max(hi, d);
    }
    BOOST_TEST(lo >= 0);
    BOOST_TEST(lo < 40);
    BOOST_TEST(hi <= 400);
    BOOST_TEST(hi > 360);
}

BOOST_AUTO_TEST_CASE(retry_after_is_a_lower_bound_of_the_delay) {
    retry_policy p;
    p.initial_backoff = 10ms;
    std::mt19937_64 rng(1);
    BOOST_TEST(gchat::next_delay(p, 1, 2000ms, rng).count() == 2000);
    p.honour_retry_after = false;
    BOOST_TEST(gchat::next_delay(p, 1, 2000ms, rng).count() <= 10);
}

BOOST_AUTO_TEST_CASE(should_retry_respects_idempotency_attempts_and_time_budget) {
    retry_policy p;
    p.max_attempts = 3;
    p.total_budget = 10s;
    BOOST_TEST(gchat::should_retry(p, true, {}, 503, 1, 0ms, 100ms, std::nullopt));
    BOOST_TEST(!gchat::should_retry(p, false, {}, 503, 1, 0ms, 100ms, std::nullopt));
    BOOST_TEST(!gchat::should_retry(p, true, {}, 404, 1, 0ms, 100ms, std::nullopt));
    BOOST_TEST(!gchat::should_retry(p, true, {}, 503, 3, 0ms, 100ms, std::nullopt));
    BOOST_TEST(!gchat::should_retry(p, true, {}, 429, 1, 9950ms, 100ms, std::nullopt));
    BOOST_TEST(!gchat::should_retry(p, true, {}, 429, 1, 0ms, 100ms, 120s)); // beyond max_retry_after
    BOOST_TEST(!gchat::should_retry(retry_policy::none(), true, {}, 503, 1, 0ms, 0ms, std::nullopt));
}

BOOST_AUTO_TEST_CASE(retry_after_parses_seconds_and_http_dates) {
    using std::chrono::system_clock;
    // Sun, 06 Nov 1994 08:49:37 GMT
    auto now = system_clock::time_point(std::chrono::seconds(784111777));
    BOOST_TEST(gchat::parse_retry_after("120", now).value().count() == 120'000);
    BOOST_TEST(gchat::parse_retry_after(" 0 ", now).value().count() == 0);
    BOOST_TEST(gchat::parse_retry_after("Sun, 06 Nov 1994 08:49:47 GMT", now).value().count() == 10'000);
    BOOST_TEST(gchat::parse_retry_after("Sunday, 06-Nov-94 08:50:37 GMT", now).value().count() == 60'000);
    BOOST_TEST(gchat::parse_retry_after("Sun Nov  6 08:49:38 1994", now).value().count() == 1'000);
    BOOST_TEST(gchat::parse_retry_after("Sat, 05 Nov 1994 08:49:37 GMT", now).value().count() == 0);
    for (const char* bad :
         {"", "soon", "-1", "1.5", "Sun, 32 Nov 1994 08:49:37 GMT", "Sun, 06 Foo 1994 08:49:37 GMT"})
        BOOST_TEST(!gchat::parse_retry_after(bad, now).has_value(), bad);
}

BOOST_AUTO_TEST_SUITE_END()
