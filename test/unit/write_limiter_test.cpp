// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// The per-space write limiter (sans-I/O).
#include <gchat/detail/write_limiter.hpp>

#include <boost/test/unit_test.hpp>

using namespace std::chrono_literals;
using gchat::detail::write_limiter;

BOOST_AUTO_TEST_SUITE(write_limits)

BOOST_AUTO_TEST_CASE(writes_within_the_limit_start_at_once_and_the_next_waits_for_the_window) {
    write_limiter l(2, 1000ms);
    auto t0 = write_limiter::clock::time_point(std::chrono::seconds(100));
    BOOST_TEST((l.reserve("spaces/A", t0) == t0));
    BOOST_TEST((l.reserve("spaces/A", t0 + 10ms) == t0 + 10ms));
    BOOST_TEST((l.reserve("spaces/A", t0 + 20ms) == t0 + 1000ms));
    BOOST_TEST((l.reserve("spaces/A", t0 + 30ms) == t0 + 1010ms));
    BOOST_TEST((l.reserve("spaces/B", t0 + 30ms) == t0 + 30ms));
}

BOOST_AUTO_TEST_CASE(idle_spaces_are_forgotten) {
    write_limiter l(1, 100ms);
    auto t0 = write_limiter::clock::time_point(std::chrono::seconds(100));
    l.reserve("spaces/A", t0);
    l.reserve("spaces/B", t0);
    BOOST_TEST(l.spaces() == 2u);
    l.reserve("spaces/C", t0 + 200ms);
    BOOST_TEST(l.spaces() == 1u);
}

BOOST_AUTO_TEST_CASE(only_writes_inside_a_space_are_counted) {
    using gchat::detail::written_space;
    BOOST_TEST(written_space(true, "/v1/spaces/AAA/messages?requestId=x") == "spaces/AAA");
    BOOST_TEST(written_space(true, "/v1/spaces/AAA/messages/BBB") == "spaces/AAA");
    BOOST_TEST(written_space(true, "/upload/v1/spaces/AAA/attachments:upload?uploadType=multipart") ==
               "spaces/AAA");
    BOOST_TEST(written_space(false, "/v1/spaces/AAA/messages").empty());
    BOOST_TEST(written_space(true, "/v1/spaces:findDirectMessage").empty());
}

BOOST_AUTO_TEST_SUITE_END()
