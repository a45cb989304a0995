// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_SERVER_IMPL_KEY_SET_IPP
#define GCHAT_SERVER_IMPL_KEY_SET_IPP

#include <gchat/server/detail/key_set.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>

#include <algorithm>
#include <charconv>

namespace gchat::server::detail {

GCHAT_DECL boost::system::result<key_set> parse_key_set(std::string_view json) {
    boost::system::error_code ec;
    auto v = boost::json::parse(json, ec);
    if (ec || !v.is_object()) return make_error_code(errc::invalid_json);
    const auto& o = v.as_object();
    key_set out;
    auto str = [](const boost::json::object& obj, std::string_view k) -> std::string_view {
        auto* p = obj.if_contains(k);
        return p && p->is_string() ? std::string_view(p->as_string()) : std::string_view();
    };
    if (auto* keys = o.if_contains("keys")) {
        if (!keys->is_array()) return make_error_code(errc::invalid_credentials);
        for (const auto& k : keys->as_array()) {
            if (!k.is_object()) continue;
            const auto& jwk = k.as_object();
            if (str(jwk, "kty") != "RSA") continue;
            if (jwk.contains("alg") && str(jwk, "alg") != "RS256") continue;
            if (jwk.contains("use") && str(jwk, "use") != "sig") continue;
            auto kid = str(jwk, "kid");
            if (kid.empty()) continue;
            auto key = auth::rsa_public_key::from_jwk(str(jwk, "n"), str(jwk, "e"));
            if (key) out.keys.emplace(std::string(kid), std::move(*key));
        }
    } else {
        for (const auto& [kid, pem] : o) {
            if (kid.empty() || !pem.is_string()) continue;
            std::string_view text(pem.as_string());
            if (text.find("-----BEGIN CERTIFICATE-----") == std::string_view::npos) continue;
            auto key = auth::rsa_public_key::from_pem(text);
            if (key) out.keys.emplace(std::string(kid), std::move(*key));
        }
    }
    if (out.keys.empty()) return make_error_code(errc::invalid_credentials);
    return out;
}

GCHAT_DECL std::optional<std::chrono::seconds> parse_max_age(std::string_view cc) noexcept {
    std::optional<std::chrono::seconds> out;
    bool no_cache = false;
    while (!cc.empty()) {
        auto comma = cc.find(',');
        auto part = cc.substr(0, comma);
        cc = comma == std::string_view::npos ? std::string_view() : cc.substr(comma + 1);
        while (!part.empty() && (part.front() == ' ' || part.front() == '\t'))
            part.remove_prefix(1);
        while (!part.empty() && (part.back() == ' ' || part.back() == '\t'))
            part.remove_suffix(1);
        auto eq = part.find('=');
        auto name = part.substr(0, eq);
        auto lower_eq = [](std::string_view a, std::string_view b) {
            return a.size() == b.size() &&
                   std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) { return (x | 0x20) == y; });
        };
        if (lower_eq(name, "no-cache") || lower_eq(name, "no-store")) {
            no_cache = true;
        } else if (lower_eq(name, "max-age") && eq != std::string_view::npos) {
            auto value = part.substr(eq + 1);
            if (value.size() >= 2 && value.front() == '"' && value.back() == '"')
                value = value.substr(1, value.size() - 2);
            long long n = 0;
            auto [end, err] = std::from_chars(value.data(), value.data() + value.size(), n);
            if (err != std::errc() || end != value.data() + value.size() || n < 0 || value.empty())
                return std::nullopt;
            out = std::chrono::seconds(n);
        }
    }
    if (no_cache) return std::chrono::seconds(0);
    return out;
}

GCHAT_DECL std::chrono::seconds key_set_lifetime(std::string_view cache_control,
                                                 const verifier_options& opts) noexcept {
    using namespace std::chrono_literals;
    auto age = parse_max_age(cache_control).value_or(opts.default_key_max_age);
    return std::clamp<std::chrono::seconds>(age, 60s, 86400s);
}

} // namespace gchat::server::detail

#endif
