// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_MODEL_TIMESTAMP_HPP
#define GCHAT_MODEL_TIMESTAMP_HPP

#include <gchat/config.hpp>
#include <gchat/error.hpp>

#include <boost/system/result.hpp>

#include <chrono>
#include <compare>
#include <cstdint>
#include <string>
#include <string_view>

namespace gchat {

/// A point in time with nanosecond precision, as google.protobuf.Timestamp:
/// seconds since the Unix epoch (UTC) and a non-negative nanosecond part below 1e9.
///
/// Reads RFC 3339 text ("2026-11-23T14:02:45.123Z", any fraction length, `Z` or an offset) and
/// `{"seconds": N, "nanos": N}` objects; writes RFC 3339 UTC.
struct timestamp {
    std::int64_t seconds = 0;
    std::int32_t nanos = 0;

    using time_point = std::chrono::time_point<std::chrono::system_clock, std::chrono::nanoseconds>;

    /// From a system_clock time point (any duration type).
    template <class Duration>
    static timestamp from(std::chrono::time_point<std::chrono::system_clock, Duration> tp) noexcept {
        auto ns = std::chrono::duration_cast<std::chrono::nanoseconds>(tp.time_since_epoch()).count();
        std::int64_t s = ns / 1'000'000'000;
        std::int64_t n = ns % 1'000'000'000;
        if (n < 0) {
            n += 1'000'000'000;
            --s;
        }
        return {s, static_cast<std::int32_t>(n)};
    }

    /// The current time.
    static timestamp now() noexcept { return from(std::chrono::system_clock::now()); }

    /// As a system_clock time point with nanosecond precision.
    time_point to_time_point() const noexcept {
        return time_point(std::chrono::seconds(seconds) + std::chrono::nanoseconds(nanos));
    }

    operator time_point() const noexcept { return to_time_point(); }

    friend constexpr auto operator<=>(const timestamp&, const timestamp&) = default;
    friend constexpr bool operator==(const timestamp&, const timestamp&) = default;
};

/// Parses RFC 3339 ("1970-01-01T00:00:00Z", "2026-11-23T14:02:45.5+01:00", lower-case `t`/`z`
/// accepted). Years 0001 to 9999; fractions of any length, truncated to nanoseconds.
GCHAT_DECL boost::system::result<timestamp> parse_rfc3339(std::string_view text) noexcept;

/// Writes RFC 3339 UTC with 0, 3, 6 or 9 fraction digits (the fewest that are exact), as proto3 JSON does.
/// `out` must have room for 30 characters; returns the number written.
GCHAT_DECL std::size_t format_rfc3339(const timestamp& t, char* out) noexcept;

/// format_rfc3339 into a std::string.
inline std::string to_string(const timestamp& t) {
    char buf[32];
    return std::string(buf, format_rfc3339(t, buf));
}

} // namespace gchat

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/model/impl/timestamp.ipp>
#endif

#endif
