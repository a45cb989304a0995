// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_MODEL_IMPL_TIMESTAMP_IPP
#define GCHAT_MODEL_IMPL_TIMESTAMP_IPP

#include <gchat/model/timestamp.hpp>

namespace gchat {
namespace detail {

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
constexpr std::int64_t days_from_civil(std::int64_t y, unsigned m, unsigned d) noexcept {
    y -= m <= 2;
    const std::int64_t era = (y >= 0 ? y : y - 399) / 400;
    const unsigned yoe = static_cast<unsigned>(y - era * 400);
    const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
    const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    return era * 146097 + static_cast<std::int64_t>(doe) - 719468;
}

struct civil {
    std::int64_t y;
    unsigned m, d;
};

constexpr civil civil_from_days(std::int64_t z) noexcept {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const unsigned doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    const std::int64_t y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    const unsigned d = doy - (153 * mp + 2) / 5 + 1;
    const unsigned m = mp < 10 ? mp + 3 : mp - 9;
    return {y + (m <= 2), m, d};
}

constexpr bool is_leap(std::int64_t y) noexcept {
    return y % 4 == 0 && (y % 100 != 0 || y % 400 == 0);
}

constexpr unsigned days_in_month(std::int64_t y, unsigned m) noexcept {
    constexpr unsigned dm[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    return m == 2 && is_leap(y) ? 29 : dm[m - 1];
}

// Reads exactly n digits at p; false if any is not a digit.
constexpr bool read_digits(const char* p, int n, unsigned& out) noexcept {
    unsigned v = 0;
    for (int i = 0; i < n; ++i) {
        if (p[i] < '0' || p[i] > '9') return false;
        v = v * 10 + static_cast<unsigned>(p[i] - '0');
    }
    out = v;
    return true;
}

} // namespace detail

GCHAT_DECL boost::system::result<timestamp> parse_rfc3339(std::string_view s) noexcept {
    const boost::system::error_code bad = make_error_code(errc::invalid_timestamp);
    // YYYY-MM-DDTHH:MM:SS is 19 characters, then [.frac] then Z or +HH:MM.
    if (s.size() < 20) return bad;
    const char* p = s.data();
    unsigned Y, M, D, h, m, sec;
    if (!detail::read_digits(p, 4, Y) || p[4] != '-' || !detail::read_digits(p + 5, 2, M) || p[7] != '-' ||
        !detail::read_digits(p + 8, 2, D) || (p[10] != 'T' && p[10] != 't' && p[10] != ' ') ||
        !detail::read_digits(p + 11, 2, h) || p[13] != ':' || !detail::read_digits(p + 14, 2, m) ||
        p[16] != ':' || !detail::read_digits(p + 17, 2, sec))
        return bad;
    // A leap second (60) is accepted and folded into the next second, as most parsers do.
    if (Y < 1 || M < 1 || M > 12 || D < 1 || D > detail::days_in_month(Y, M) || h > 23 || m > 59 || sec > 60)
        return bad;
    std::size_t i = 19;
    std::int64_t nanos = 0;
    if (i < s.size() && s[i] == '.') {
        ++i;
        std::size_t digits = 0;
        while (i < s.size() && s[i] >= '0' && s[i] <= '9') {
            if (digits < 9) nanos = nanos * 10 + (s[i] - '0');
            ++digits;
            ++i;
        }
        if (digits == 0) return bad;
        for (std::size_t k = digits; k < 9; ++k)
            nanos *= 10;
    }
    if (i >= s.size()) return bad;
    std::int64_t offset = 0;
    if (s[i] == 'Z' || s[i] == 'z') {
        ++i;
    } else if (s[i] == '+' || s[i] == '-') {
        unsigned oh, om;
        if (s.size() - i != 6 || !detail::read_digits(p + i + 1, 2, oh) || p[i + 3] != ':' ||
            !detail::read_digits(p + i + 4, 2, om) || oh > 23 || om > 59)
            return bad;
        offset = (s[i] == '+' ? 1 : -1) * static_cast<std::int64_t>(oh * 3600 + om * 60);
        i += 6;
    } else {
        return bad;
    }
    if (i != s.size()) return bad;
    std::int64_t secs = detail::days_from_civil(Y, M, D) * 86400 + h * 3600 + m * 60 + sec - offset;
    return timestamp{secs, static_cast<std::int32_t>(nanos)};
}

GCHAT_DECL std::size_t format_rfc3339(const timestamp& t, char* out) noexcept {
    std::int64_t days = t.seconds / 86400;
    std::int64_t rem = t.seconds % 86400;
    if (rem < 0) {
        rem += 86400;
        --days;
    }
    auto c = detail::civil_from_days(days);
    auto put = [&out](std::int64_t v, int n) {
        for (int k = n - 1; k >= 0; --k) {
            out[k] = static_cast<char>('0' + v % 10);
            v /= 10;
        }
        out += n;
    };
    char* begin = out;
    std::int64_t y = c.y < 0 ? 0 : (c.y > 9999 ? 9999 : c.y);
    put(y, 4);
    *out++ = '-';
    put(c.m, 2);
    *out++ = '-';
    put(c.d, 2);
    *out++ = 'T';
    put(rem / 3600, 2);
    *out++ = ':';
    put(rem / 60 % 60, 2);
    *out++ = ':';
    put(rem % 60, 2);
    std::int32_t n = t.nanos;
    if (n > 0 && n < 1'000'000'000) {
        *out++ = '.';
        if (n % 1'000'000 == 0)
            put(n / 1'000'000, 3);
        else if (n % 1000 == 0)
            put(n / 1000, 6);
        else
            put(n, 9);
    }
    *out++ = 'Z';
    return static_cast<std::size_t>(out - begin);
}

} // namespace gchat

#endif
