// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_SERVER_IMPL_JWT_CLAIMS_IPP
#define GCHAT_SERVER_IMPL_JWT_CLAIMS_IPP

#include <gchat/server/detail/jwt_claims.hpp>

#include <algorithm>
#include <cmath>
#include <optional>

namespace gchat::server::detail {
inline std::optional<sys_time> jwt_time_claim(const boost::json::object& claims, std::string_view name) {
    auto* v = claims.if_contains(name);
    if (!v) return std::nullopt;
    double secs;
    if (v->is_int64())
        secs = static_cast<double>(v->get_int64());
    else if (v->is_uint64())
        secs = static_cast<double>(v->get_uint64());
    else if (v->is_double())
        secs = v->get_double();
    else
        return std::nullopt;
    // Within ±10^11 s (year 5138): anything else is not a time a token can carry.
    if (!std::isfinite(secs) || secs < -1e11 || secs > 1e11) return std::nullopt;
    return sys_time(std::chrono::duration_cast<sys_time::duration>(
        std::chrono::seconds(static_cast<long long>(std::floor(secs)))));
}

inline std::string_view jwt_string_claim(const boost::json::object& claims, std::string_view name) {
    auto* v = claims.if_contains(name);
    return v && v->is_string() ? std::string_view(v->as_string()) : std::string_view();
}

GCHAT_DECL std::chrono::seconds effective_skew(const verifier_options& opts) noexcept {
    using namespace std::chrono_literals;
    return std::clamp<std::chrono::seconds>(opts.clock_skew, 0s, 300s);
}

GCHAT_DECL boost::system::result<auth::jwt> decode_token(std::string_view token,
                                                         const verifier_options& opts) {
    if (token.size() > opts.max_token_size) return make_error_code(errc::token_too_large);
    if (token.empty()) return make_error_code(errc::missing_token);
    auto t = auth::jwt_decode(token);
    if (!t) return t.error();
    auto alg = jwt_string_claim(t->header, "alg");
    if (alg != "RS256") return make_error_code(errc::unsupported_algorithm);
    if (jwt_string_claim(t->header, "kid").empty()) return make_error_code(errc::no_matching_key);
    return t;
}

GCHAT_DECL std::string_view token_kid(const auth::jwt& t) noexcept {
    return jwt_string_claim(t.header, "kid");
}

GCHAT_DECL boost::system::error_code check_time_window(sys_time expires_at, sys_time not_before,
                                                       const verifier_options& opts, sys_time now) noexcept {
    auto skew = effective_skew(opts);
    if (now > expires_at + skew) return make_error_code(errc::token_expired);
    if (not_before > now + skew) return make_error_code(errc::token_not_yet_valid);
    return {};
}

GCHAT_DECL boost::system::error_code verify_claims(const auth::jwt& t, const verifier_options& opts,
                                                   sys_time now, verified_token& out, sys_time& not_before) {
    const auto& c = t.claims;
    auto iss = jwt_string_claim(c, "iss");
    bool id_token = opts.mode != audience_mode::project_number;
    if (id_token ? (iss != "https://accounts.google.com" && iss != "accounts.google.com")
                 : iss != chat_token_issuer)
        return make_error_code(errc::wrong_issuer);

    bool aud_ok = false;
    if (!opts.audience.empty()) {
        if (auto* aud = c.if_contains("aud")) {
            if (aud->is_string()) {
                aud_ok = aud->as_string() == opts.audience;
            } else if (aud->is_array()) {
                const auto& a = aud->as_array();
                aud_ok = !a.empty() && std::all_of(a.begin(), a.end(), [&](const boost::json::value& x) {
                    return x.is_string() && x.as_string() == opts.audience;
                });
            }
        }
    }
    if (!aud_ok) return make_error_code(errc::wrong_audience);

    auto email = jwt_string_claim(c, "email");
    if (id_token) {
        std::string_view expected = opts.mode == audience_mode::endpoint_url
                                        ? chat_token_issuer
                                        : std::string_view(opts.add_on_service_account);
        if (expected.empty() || email != expected) return make_error_code(errc::wrong_email);
        auto* ev = c.if_contains("email_verified");
        bool verified =
            ev && ((ev->is_bool() && ev->get_bool()) || (ev->is_string() && ev->as_string() == "true"));
        if (!verified) return make_error_code(errc::email_not_verified);
    }

    auto exp = jwt_time_claim(c, "exp");
    auto iat = jwt_time_claim(c, "iat");
    if (!exp || !iat) return make_error_code(errc::invalid_token);
    sys_time nbf = *iat;
    if (c.contains("nbf")) {
        auto n = jwt_time_claim(c, "nbf");
        if (!n) return make_error_code(errc::invalid_token);
        nbf = std::max(nbf, *n);
    }
    if (auto ec = check_time_window(*exp, nbf, opts, now)) return ec;

    out.issuer = std::string(iss);
    out.audience = opts.audience;
    out.email = std::string(email);
    out.subject = std::string(jwt_string_claim(c, "sub"));
    out.key_id = std::string(token_kid(t));
    out.expires_at = *exp;
    not_before = nbf;
    return {};
}

GCHAT_DECL boost::system::result<verified_token> verify_token(std::string_view token, const key_set& keys,
                                                              const verifier_options& opts, sys_time now) {
    auto t = decode_token(token, opts);
    if (!t) return t.error();
    const auto* key = keys.find(token_kid(*t));
    if (!key) return make_error_code(errc::no_matching_key);
    if (auto ec = auth::jwt_verify_rs256(*t, *key)) return ec;
    verified_token out;
    sys_time nbf;
    if (auto ec = verify_claims(*t, opts, now, out, nbf)) return ec;
    return out;
}

} // namespace gchat::server::detail

#endif
