// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_IMPL_RETRY_IPP
#define GCHAT_IMPL_RETRY_IPP

#include <gchat/error.hpp>
#include <gchat/retry.hpp>

#include <boost/asio/error.hpp>
#include <boost/asio/ssl/error.hpp>
#include <boost/beast/http/error.hpp>

#include <array>
#include <cctype>
#include <charconv>
#include <cmath>

namespace gchat {

GCHAT_DECL bool is_retryable(boost::system::error_code ec, unsigned http_status) noexcept {
    if (!ec) return http_status == 429 || http_status == 503;
    namespace ae = boost::asio::error;
    // Failures of the connection before a response: the request may be sent again.
    return ec == ae::connection_reset || ec == ae::connection_refused || ec == ae::connection_aborted ||
           ec == ae::broken_pipe || ec == ae::eof || ec == ae::not_connected || ec == ae::timed_out ||
           ec == ae::network_unreachable || ec == ae::network_down || ec == ae::host_unreachable ||
           ec == ae::network_reset || ec == ae::shut_down || ec == ae::try_again ||
           ec == beast::http::error::end_of_stream || ec == beast::http::error::partial_message ||
           ec == boost::asio::ssl::error::stream_truncated;
}

namespace detail {

inline bool parse_uint(std::string_view s, int& out) noexcept {
    if (s.empty()) return false;
    auto r = std::from_chars(s.data(), s.data() + s.size(), out);
    return r.ec == std::errc() && r.ptr == s.data() + s.size();
}

inline int month_of(std::string_view m) noexcept {
    static constexpr std::array<std::string_view, 12> names{"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                                            "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
    for (std::size_t i = 0; i < names.size(); ++i)
        if (names[i] == m) return static_cast<int>(i) + 1;
    return 0;
}

// "HH:MM:SS" -> seconds of the day.
inline bool parse_clock(std::string_view s, int& secs) noexcept {
    int h = 0, m = 0, sec = 0;
    if (s.size() != 8 || s[2] != ':' || s[5] != ':') return false;
    if (!parse_uint(s.substr(0, 2), h) || !parse_uint(s.substr(3, 2), m) || !parse_uint(s.substr(6, 2), sec))
        return false;
    if (h > 23 || m > 59 || sec > 60) return false;
    secs = h * 3600 + m * 60 + sec;
    return true;
}

// Parses the three forms of HTTP-date (RFC 9110 section 5.6.7).
inline std::optional<std::chrono::system_clock::time_point> parse_http_date(std::string_view v) noexcept {
    auto split_ws = [](std::string_view s, std::array<std::string_view, 6>& out) {
        std::size_t n = 0, i = 0;
        while (i < s.size()) {
            while (i < s.size() && s[i] == ' ')
                ++i;
            if (i == s.size()) break;
            auto j = s.find(' ', i);
            if (j == std::string_view::npos) j = s.size();
            if (n == out.size()) return std::size_t(99);
            out[n++] = s.substr(i, j - i);
            i = j;
        }
        return n;
    };
    std::array<std::string_view, 6> f{};
    auto n = split_ws(v, f);
    int day = 0, month = 0, year = 0, secs = 0;
    if (n == 6 && f[0].size() == 4 && f[0][3] == ',' && f[5] == "GMT") { // IMF-fixdate
        if (!parse_uint(f[1], day) || !(month = month_of(f[2])) || f[3].size() != 4 ||
            !parse_uint(f[3], year) || !parse_clock(f[4], secs))
            return std::nullopt;
    } else if (n == 4 && f[0].size() > 4 && f[0].back() == ',' && f[3] == "GMT") { // RFC 850
        auto d = f[1];
        if (d.size() != 9 || d[2] != '-' || d[6] != '-') return std::nullopt;
        if (!parse_uint(d.substr(0, 2), day) || !(month = month_of(d.substr(3, 3))) ||
            !parse_uint(d.substr(7, 2), year) || !parse_clock(f[2], secs))
            return std::nullopt;
        year += year < 70 ? 2000 : 1900;
    } else if (n == 5 && f[0].size() == 3) { // asctime
        if (!(month = month_of(f[1])) || !parse_uint(f[2], day) || !parse_clock(f[3], secs) ||
            f[4].size() != 4 || !parse_uint(f[4], year))
            return std::nullopt;
    } else {
        return std::nullopt;
    }
    using namespace std::chrono;
    year_month_day ymd{std::chrono::year{year}, std::chrono::month{static_cast<unsigned>(month)},
                       std::chrono::day{static_cast<unsigned>(day)}};
    if (!ymd.ok()) return std::nullopt;
    return time_point_cast<system_clock::duration>(sys_days{ymd} + seconds{secs});
}

} // namespace detail

GCHAT_DECL std::optional<std::chrono::milliseconds>
parse_retry_after(std::string_view v, std::chrono::system_clock::time_point now) {
    while (!v.empty() && (v.front() == ' ' || v.front() == '\t'))
        v.remove_prefix(1);
    while (!v.empty() && (v.back() == ' ' || v.back() == '\t'))
        v.remove_suffix(1);
    if (v.empty()) return std::nullopt;
    if (std::isdigit(static_cast<unsigned char>(v.front()))) {
        std::uint64_t s = 0;
        auto r = std::from_chars(v.data(), v.data() + v.size(), s);
        if (r.ec != std::errc() || r.ptr != v.data() + v.size()) return std::nullopt;
        constexpr std::uint64_t max_seconds = 10ull * 365 * 24 * 3600;
        return std::chrono::seconds(std::min(s, max_seconds));
    }
    auto t = detail::parse_http_date(v);
    if (!t) return std::nullopt;
    if (*t <= now) return std::chrono::milliseconds(0);
    return std::chrono::ceil<std::chrono::milliseconds>(*t - now);
}

GCHAT_DECL std::chrono::milliseconds backoff_cap(const retry_policy& p, unsigned retry) noexcept {
    double cap = static_cast<double>(p.initial_backoff.count());
    double limit = static_cast<double>(p.max_backoff.count());
    for (unsigned i = 1; i < retry && cap < limit; ++i)
        cap *= p.multiplier;
    cap = std::min(cap, limit);
    if (!(cap > 0)) return std::chrono::milliseconds(0);
    return std::chrono::milliseconds(static_cast<std::int64_t>(cap));
}

GCHAT_DECL bool should_retry(const retry_policy& p, bool idempotent,
                             boost::system::error_code transport_error, unsigned http_status,
                             unsigned attempt, std::chrono::milliseconds elapsed,
                             std::chrono::milliseconds delay,
                             std::optional<std::chrono::milliseconds> retry_after) noexcept {
    if (!idempotent || !is_retryable(transport_error, http_status)) return false;
    if (attempt >= p.max_attempts) return false;
    if (p.honour_retry_after && retry_after && *retry_after > p.max_retry_after) return false;
    return elapsed + delay < p.total_budget;
}

} // namespace gchat

#endif
