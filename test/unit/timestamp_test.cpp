// gchat::timestamp: RFC 3339 in, RFC 3339 UTC out, nanoseconds kept.
#include <gchat/model/timestamp.hpp>

#include <boost/test/unit_test.hpp>

#include "printing.hpp"

#include <chrono>

using gchat::timestamp;

namespace {
timestamp parse(std::string_view s) {
    auto r = gchat::parse_rfc3339(s);
    BOOST_TEST_REQUIRE(r.has_value(), "rejected: " << s);
    return *r;
}
} // namespace

BOOST_AUTO_TEST_SUITE(timestamps)

BOOST_AUTO_TEST_CASE(epoch_is_zero) {
    BOOST_TEST(parse("1970-01-01T00:00:00Z") == (timestamp{0, 0}));
}

BOOST_AUTO_TEST_CASE(fractions_of_any_length_are_read_to_nanoseconds) {
    BOOST_TEST(parse("2023-11-14T22:13:20.5Z") == (timestamp{1700000000, 500000000}));
    BOOST_TEST(parse("2023-11-14T22:13:20.123456789Z") == (timestamp{1700000000, 123456789}));
    BOOST_TEST(parse("2023-11-14T22:13:20.1234567891234Z") == (timestamp{1700000000, 123456789}));
}

BOOST_AUTO_TEST_CASE(offsets_are_applied) {
    BOOST_TEST(parse("2023-11-15T01:43:20+03:30") == (timestamp{1700000000, 0}));
    BOOST_TEST(parse("2023-11-14T20:13:20-02:00") == (timestamp{1700000000, 0}));
}

BOOST_AUTO_TEST_CASE(lower_case_t_and_z_are_accepted) {
    BOOST_TEST(parse("2023-11-14t22:13:20z") == (timestamp{1700000000, 0}));
}

BOOST_AUTO_TEST_CASE(times_before_the_epoch_are_negative) {
    BOOST_TEST(parse("1969-12-31T23:59:59.5Z") == (timestamp{-1, 500000000}));
    BOOST_TEST(gchat::to_string(timestamp{-1, 500000000}) == "1969-12-31T23:59:59.500Z");
}

BOOST_AUTO_TEST_CASE(leap_day_is_valid_only_in_leap_years) {
    BOOST_TEST(gchat::parse_rfc3339("2024-02-29T00:00:00Z").has_value());
    BOOST_TEST(gchat::parse_rfc3339("2023-02-29T00:00:00Z").has_error());
    BOOST_TEST(gchat::parse_rfc3339("1900-02-29T00:00:00Z").has_error());
    BOOST_TEST(gchat::parse_rfc3339("2000-02-29T00:00:00Z").has_value());
}

BOOST_AUTO_TEST_CASE(malformed_text_is_invalid_timestamp) {
    for (std::string_view s :
         {"", "2023-11-14", "2023-11-14T22:13:20", "2023-11-14T22:13:20.Z", "2023-13-01T00:00:00Z",
          "2023-11-14T24:00:00Z", "2023-11-14T22:60:00Z", "2023-11-14T22:13:20+0100",
          "2023-11-14T22:13:20Zjunk", "2023-1x-14T22:13:20Z", "0000-01-01T00:00:00Z"}) {
        auto r = gchat::parse_rfc3339(s);
        BOOST_TEST(r.has_error(), s);
        if (r.has_error()) BOOST_TEST(r.error() == gchat::errc::invalid_timestamp);
    }
}

BOOST_AUTO_TEST_CASE(formatting_round_trips) {
    for (std::string_view s : {"2026-11-23T14:02:45Z", "2026-11-23T14:02:45.100Z", "0001-01-01T00:00:00Z",
                               "9999-12-31T23:59:59.999999999Z", "2026-11-23T14:02:45.000001Z"})
        BOOST_TEST(gchat::to_string(parse(s)) == s);
}

BOOST_AUTO_TEST_CASE(converts_to_and_from_system_clock) {
    using namespace std::chrono;
    auto tp = sys_days{year{2026} / 11 / 23} + hours{14} + nanoseconds{5};
    timestamp t = timestamp::from(tp);
    BOOST_TEST(gchat::to_string(t) == "2026-11-23T14:00:00.000000005Z");
    BOOST_TEST((t.to_time_point() == tp));
    BOOST_TEST((timestamp::from(system_clock::time_point{}) == timestamp{0, 0}));
}

BOOST_AUTO_TEST_CASE(from_a_negative_time_point_keeps_nanos_positive) {
    using namespace std::chrono;
    auto t = timestamp::from(sys_time<nanoseconds>{nanoseconds{-1}});
    BOOST_TEST((t == timestamp{-1, 999999999}));
}

BOOST_AUTO_TEST_CASE(ordering_follows_time) {
    BOOST_TEST((timestamp{1, 0} < timestamp{1, 1}));
    BOOST_TEST((timestamp{-1, 999999999} < timestamp{0, 0}));
}

BOOST_AUTO_TEST_SUITE_END()
