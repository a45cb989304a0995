// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_AUTH_DETAIL_IMPL_OAUTH_IPP
#define GCHAT_AUTH_DETAIL_IMPL_OAUTH_IPP

#include <gchat/auth/detail/oauth.hpp>
#include <gchat/auth/jwt.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/value.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/parse.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <cstdlib>

namespace gchat::auth::detail {

GCHAT_DECL boost::system::result<split_url> split_token_uri(std::string_view uri) {
    auto r = boost::urls::parse_uri(boost::core::string_view(uri.data(), uri.size()));
    if (!r) return make_error_code(errc::invalid_url);
    auto s = r->scheme_id();
    if ((s != boost::urls::scheme::http && s != boost::urls::scheme::https) || !r->has_authority() ||
        r->host().empty() || r->has_userinfo() || r->has_fragment())
        return make_error_code(errc::invalid_url);
    split_url out;
    auto scheme = r->scheme();
    auto auth = r->encoded_authority();
    out.endpoint.assign(scheme.data(), scheme.size());
    out.endpoint += "://";
    out.endpoint.append(auth.data(), auth.size());
    auto path = r->encoded_path();
    out.target.assign(path.data(), path.size());
    if (out.target.empty()) out.target = "/";
    if (r->has_query()) {
        auto q = r->encoded_query();
        out.target += '?';
        out.target.append(q.data(), q.size());
    }
    return out;
}

GCHAT_DECL std::string form_encode(const std::vector<std::pair<std::string_view, std::string_view>>& fields) {
    std::string out;
    for (const auto& [k, v] : fields) {
        if (!out.empty()) out += '&';
        out +=
            boost::urls::encode(boost::core::string_view(k.data(), k.size()), boost::urls::unreserved_chars);
        out += '=';
        out +=
            boost::urls::encode(boost::core::string_view(v.data(), v.size()), boost::urls::unreserved_chars);
    }
    return out;
}

inline std::string join_scopes(const std::vector<std::string>& scopes) {
    std::string s;
    for (const auto& sc : scopes) {
        if (!s.empty()) s += ' ';
        s += sc;
    }
    return s;
}

inline std::int64_t unix_seconds(clock_type::time_point t) {
    return std::chrono::duration_cast<std::chrono::seconds>(t.time_since_epoch()).count();
}

GCHAT_DECL boost::json::object assertion_claims(const service_account_key& key,
                                                const std::vector<std::string>& scopes,
                                                std::string_view subject, std::string_view audience,
                                                clock_type::time_point now) {
    auto iat = unix_seconds(now);
    boost::json::object c{{"iss", key.client_email},
                          {"scope", join_scopes(scopes)},
                          {"aud", audience},
                          {"iat", iat},
                          {"exp", iat + 3600}};
    if (!subject.empty()) c["sub"] = subject;
    return c;
}

GCHAT_DECL boost::system::result<gchat::detail::api_request>
make_jwt_bearer_request(const service_account_key& key, const std::vector<std::string>& scopes,
                        std::string_view subject, std::string_view target, clock_type::time_point now,
                        diagnostics& diag) {
    auto claims = assertion_claims(key, scopes, subject, key.token_uri, now);
    auto assertion = jwt_sign_rs256(claims, key.private_key, key.private_key_id);
    if (!assertion) {
        diag.clear();
        diag.client_message = "the service account's private key cannot sign";
        return assertion.error();
    }
    gchat::detail::api_request req;
    req.method = beast::http::verb::post;
    req.target = std::string(target);
    req.content_type = "application/x-www-form-urlencoded";
    req.body = form_encode(
        {{"grant_type", "urn:ietf:params:oauth:grant-type:jwt-bearer"}, {"assertion", *assertion}});
    req.idempotent = true;
    return req;
}

GCHAT_DECL boost::system::result<access_token>
make_self_signed_jwt(const service_account_key& key, const std::vector<std::string>& scopes,
                     std::string_view subject, std::string_view audience, clock_type::time_point now,
                     diagnostics& diag) {
    auto iat = unix_seconds(now);
    boost::json::object c{{"iss", key.client_email},
                          {"sub", subject.empty() ? std::string_view(key.client_email) : subject},
                          {"iat", iat},
                          {"exp", iat + 3600}};
    if (!audience.empty())
        c["aud"] = audience;
    else
        c["scope"] = join_scopes(scopes);
    auto t = jwt_sign_rs256(c, key.private_key, key.private_key_id);
    if (!t) {
        diag.clear();
        diag.client_message = "the service account's private key cannot sign";
        return t.error();
    }
    return access_token{std::move(*t), clock_type::time_point(std::chrono::seconds(iat + 3600))};
}

GCHAT_DECL gchat::detail::api_request make_refresh_request(const authorized_user& user,
                                                           std::string_view target) {
    gchat::detail::api_request req;
    req.method = beast::http::verb::post;
    req.target = std::string(target);
    req.content_type = "application/x-www-form-urlencoded";
    req.body = form_encode({{"grant_type", "refresh_token"},
                            {"client_id", user.client_id},
                            {"client_secret", user.client_secret},
                            {"refresh_token", user.refresh_token}});
    req.idempotent = true;
    return req;
}

GCHAT_DECL boost::system::result<access_token>
parse_token_response(const gchat::detail::api_response& res, clock_type::time_point now, diagnostics& diag) {
    diag.clear();
    boost::system::error_code ec;
    auto v = boost::json::parse(res.body, ec);
    const boost::json::object* o = !ec && v.is_object() ? &v.as_object() : nullptr;
    if (res.status >= 200 && res.status < 300) {
        const boost::json::value* t = o ? o->if_contains("access_token") : nullptr;
        if (!t || !t->is_string() || t->as_string().empty()) {
            diag.http_status = res.status;
            diag.client_message = "the token endpoint's answer has no access_token";
            return make_error_code(errc::token_request_failed);
        }
        std::int64_t secs = 3600;
        if (auto* e = o->if_contains("expires_in")) {
            if (e->is_int64())
                secs = e->as_int64();
            else if (e->is_uint64())
                secs = static_cast<std::int64_t>(e->as_uint64());
            else if (e->is_double())
                secs = static_cast<std::int64_t>(e->as_double());
            else if (e->is_string()) // some servers send a string
                secs = std::atoll(e->as_string().c_str());
        }
        if (secs < 0) secs = 0;
        return access_token{std::string(t->as_string()), now + std::chrono::seconds(secs)};
    }
    diag.http_status = res.status;
    diag.client_message = "the token endpoint refused the request";
    std::string_view error;
    if (o) {
        if (auto* e = o->if_contains("error"); e && e->is_string()) {
            error = e->as_string();
        } else if (e && e->is_object()) { // a google.rpc.Status body (a proxy, an overloaded front end)
            if (auto* m = e->as_object().if_contains("message"); m && m->is_string())
                diag.server_message = std::string(m->as_string());
            if (auto* st = e->as_object().if_contains("status"); st && st->is_string())
                diag.api_status = std::string(st->as_string());
        }
        if (auto* d = o->if_contains("error_description"); d && d->is_string())
            diag.server_message = std::string(d->as_string());
    }
    if (!error.empty()) diag.api_status = std::string(error);
    if (error == "invalid_grant") return make_error_code(errc::invalid_grant);
    if (error == "invalid_client") return make_error_code(errc::invalid_client);
    if (error == "invalid_scope") return make_error_code(errc::invalid_scope);
    if (error == "unauthorized_client") return make_error_code(errc::unauthorized_client);
    if (error.empty()) diag.client_message = "the token endpoint answered HTTP " + std::to_string(res.status);
    return make_error_code(errc::token_request_failed);
}

} // namespace gchat::auth::detail

#endif
