// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_TESTING_FAULTS_HPP
#define GCHAT_TESTING_FAULTS_HPP

// The text form of fault rules (`gchat-emulator --faults ...`).

#include <gchat/error.hpp>
#include <gchat/testing/detail/text.hpp>
#include <gchat/testing/options.hpp>

#include <boost/system/result.hpp>

#include <charconv>
#include <string_view>
#include <vector>

namespace gchat::testing {

/// Parses fault rules written as `RULE[;RULE...]`, where a rule is `ROUTE=STEP[,STEP...]` (a script: the
/// next matching requests get these steps, one each) or `ROUTE=STEP@P` (each matching request gets STEP with
/// probability P). ROUTE is as fault_rule::route (`spaces.messages.create`, `spaces.messages.*`, `*`).
/// A STEP is `ok`, `delay:MS`, `429[:SECONDS]`, `500`, `503[:SECONDS]`, `drop` (before processing) or
/// `drop-after`, optionally followed by `*N` to repeat it N times in a script.
///
/// Examples: `spaces.messages.create=503*2,ok` (two 503s, then normal), `*=429:2@0.1`, `*=delay:50@1`.
/// errc::invalid_argument for anything else.
inline boost::system::result<std::vector<fault_rule>> parse_fault_rules(std::string_view text) {
    using detail::split;
    using detail::trim;
    auto bad = make_error_code(errc::invalid_argument);
    auto number = [](std::string_view s, long& out) {
        auto r = std::from_chars(s.data(), s.data() + s.size(), out);
        return r.ec == std::errc() && r.ptr == s.data() + s.size() && out >= 0;
    };
    auto parse_step = [&](std::string_view s, fault& f) {
        auto colon = s.find(':');
        auto kind = s.substr(0, colon);
        auto arg = colon == std::string_view::npos ? std::string_view() : s.substr(colon + 1);
        long n = 0;
        if (!arg.empty() && !number(arg, n)) return false;
        if (colon != std::string_view::npos && arg.empty()) return false;
        if (kind == "ok" && arg.empty())
            f.kind = fault_kind::none;
        else if (kind == "delay" && !arg.empty()) {
            f.kind = fault_kind::delay;
            f.latency = std::chrono::milliseconds(n);
        } else if (kind == "429") {
            f.kind = fault_kind::http_429;
            if (!arg.empty()) f.retry_after = std::chrono::seconds(n);
        } else if (kind == "503") {
            f.kind = fault_kind::http_503;
            f.retry_after = std::chrono::seconds(arg.empty() ? 0 : n);
        } else if (kind == "500" && arg.empty())
            f.kind = fault_kind::http_500;
        else if ((kind == "drop" || kind == "drop-before") && arg.empty())
            f.kind = fault_kind::drop_before;
        else if (kind == "drop-after" && arg.empty())
            f.kind = fault_kind::drop_after;
        else
            return false;
        return true;
    };
    std::vector<fault_rule> out;
    for (auto part : split(text, ';')) {
        part = trim(part);
        if (part.empty()) continue;
        auto eq = part.find('=');
        if (eq == std::string_view::npos) return bad;
        fault_rule rule;
        rule.route = std::string(trim(part.substr(0, eq)));
        auto body = trim(part.substr(eq + 1));
        if (rule.route.empty() || body.empty()) return bad;
        if (auto at = body.find('@'); at != std::string_view::npos) {
            char* end = nullptr;
            std::string p(trim(body.substr(at + 1)));
            rule.probability = std::strtod(p.c_str(), &end);
            if (p.empty() || *end != '\0' || rule.probability < 0 || rule.probability > 1) return bad;
            if (!parse_step(trim(body.substr(0, at)), rule.effect)) return bad;
        } else {
            for (auto step : split(body, ',')) {
                step = trim(step);
                long times = 1;
                if (auto star = step.find('*'); star != std::string_view::npos) {
                    if (!number(step.substr(star + 1), times) || times < 1 || times > 100000) return bad;
                    step = step.substr(0, star);
                }
                fault f;
                if (!parse_step(step, f)) return bad;
                rule.script.insert(rule.script.end(), static_cast<std::size_t>(times), f);
            }
        }
        out.push_back(std::move(rule));
    }
    return out;
}

} // namespace gchat::testing

#endif
