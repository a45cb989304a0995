// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_TESTING_DETAIL_TOKEN_ENDPOINT_HPP
#define GCHAT_TESTING_DETAIL_TOKEN_ENDPOINT_HPP

// The emulator's OAuth 2.0 token endpoint: the JWT-bearer grant (RFC 7523) as Google serves it.

#include <gchat/auth/jwt.hpp>
#include <gchat/testing/chat_state.hpp>
#include <gchat/testing/detail/text.hpp>

#include <boost/json/serialize.hpp>

#include <algorithm>
#include <chrono>
#include <optional>
#include <string>
#include <string_view>
#include <utility>

namespace gchat::testing::detail {

struct token_result {
    response resp;
    std::optional<principal> issued; ///< Who the new token (in `resp`) speaks for, if one was issued.
};

inline response oauth_error(unsigned status, std::string_view error, std::string_view description) {
    response r;
    r.status = status;
    boost::json::object o{{"error", error}, {"error_description", description}};
    r.body = boost::json::serialize(o);
    return r;
}

inline std::optional<std::int64_t> int_claim(const boost::json::object& c, std::string_view name) {
    auto* v = c.if_contains(name);
    if (!v) return std::nullopt;
    if (v->is_int64()) return v->as_int64();
    if (v->is_uint64()) return static_cast<std::int64_t>(v->as_uint64());
    if (v->is_double()) return static_cast<std::int64_t>(v->as_double());
    return std::nullopt;
}

inline std::string_view str_claim(const boost::json::object& c, std::string_view name) {
    auto* v = c.if_contains(name);
    return v && v->is_string() ? std::string_view(v->as_string()) : std::string_view();
}

inline response token_response(std::string_view token, const emulator_options& opts) {
    response r;
    boost::json::object o{{"access_token", token},
                          {"expires_in", static_cast<std::int64_t>(opts.token_lifetime.count())},
                          {"token_type", "Bearer"}};
    r.body = boost::json::serialize(o);
    r.headers.emplace_back("Cache-Control", "no-cache, no-store, max-age=0, must-revalidate");
    return r;
}

/// The refresh-token grant (RFC 6749 section 6) for the configured users, with Google's errors.
inline token_result handle_refresh_grant(const query& form, const emulator_options& opts,
                                         std::string_view new_token) {
    auto client_id = form.get_or("client_id");
    const oauth_user* user = nullptr;
    for (const auto& u : opts.users)
        if (u.client_id == client_id) user = &u;
    if (!user) return {oauth_error(401, "invalid_client", "The OAuth client was not found."), {}};
    if (form.get_or("client_secret") != user->client_secret)
        return {oauth_error(401, "invalid_client", "Unauthorized"), {}};
    if (form.get_or("refresh_token").empty() || form.get_or("refresh_token") != user->refresh_token)
        return {oauth_error(400, "invalid_grant", "Token has been expired or revoked."), {}};
    return {token_response(new_token, opts), user->as};
}

/// Verifies a self-signed JWT (Google's "JWT as an access token") of one of `opts.service_accounts`:
/// RS256 with its key, iss = sub, `aud` the Chat service URL (or `base_url`) or a Chat `scope`, iat and
/// exp at most an hour apart and `now` within them. The principal it speaks for, if it verifies.
inline std::optional<principal> verify_self_signed_jwt(std::string_view token, const emulator_options& opts,
                                                       std::string_view base_url,
                                                       std::chrono::system_clock::time_point now) {
    if (std::count(token.begin(), token.end(), '.') != 2) return std::nullopt;
    auto t = gchat::auth::jwt_decode(token);
    if (!t) return std::nullopt;
    const auto& c = t->claims;
    auto iss = str_claim(c, "iss");
    const service_account_key* acct = nullptr;
    for (const auto& a : opts.service_accounts)
        if (a.client_email == iss) acct = &a;
    if (!acct || gchat::auth::jwt_verify_rs256(*t, acct->public_key_pem)) return std::nullopt;
    if (str_claim(c, "sub") != iss) return std::nullopt;
    auto aud = str_claim(c, "aud");
    auto scope = str_claim(c, "scope");
    bool aud_ok = aud == "https://chat.googleapis.com/" || aud == "https://chat.googleapis.com" ||
                  (!aud.empty() && aud == base_url);
    bool scope_ok =
        aud.empty() && scope.find("https://www.googleapis.com/auth/chat") != std::string_view::npos;
    if (!aud_ok && !scope_ok) return std::nullopt;
    auto iat = int_claim(c, "iat");
    auto exp = int_claim(c, "exp");
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    if (!iat || !exp || *exp <= *iat || *exp - *iat > 3600 || *exp <= secs || *iat > secs + 60)
        return std::nullopt;
    return acct->as;
}

/// Serves `POST /token`: the refresh-token grant for `opts.users`, or verifies the assertion (RS256 against
/// the configured service account's key; iss, aud, iat, exp at most an hour apart, a Chat scope) and issues
/// `new_token`.
inline token_result handle_token_request(std::string_view content_type, std::string_view body,
                                         const emulator_options& opts, std::string_view base_url,
                                         std::string_view new_token,
                                         std::chrono::system_clock::time_point now) {
    if (content_type.substr(0, 33) != "application/x-www-form-urlencoded")
        return {
            oauth_error(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded."),
            {}};
    auto form = parse_query(body);
    if (!form) return {oauth_error(400, "invalid_request", "Malformed form body."), {}};
    if (form->get_or("grant_type") == "refresh_token") return handle_refresh_grant(*form, opts, new_token);
    if (form->get_or("grant_type") != "urn:ietf:params:oauth:grant-type:jwt-bearer")
        return {oauth_error(400, "unsupported_grant_type",
                            "Invalid grant_type: " + std::string(form->get_or("grant_type"))),
                {}};
    auto assertion = form->get_or("assertion");
    auto t = gchat::auth::jwt_decode(assertion);
    if (!t) return {oauth_error(400, "invalid_grant", "Invalid JWT: not a compact JWS."), {}};
    const auto& c = t->claims;
    auto iss = str_claim(c, "iss");
    const service_account_key* acct = nullptr;
    for (const auto& a : opts.service_accounts)
        if (a.client_email == iss) acct = &a;
    if (!acct) return {oauth_error(401, "invalid_client", "The OAuth client was not found."), {}};
    if (gchat::auth::jwt_verify_rs256(*t, acct->public_key_pem))
        return {oauth_error(400, "invalid_grant", "Invalid JWT Signature."), {}};
    auto aud = str_claim(c, "aud");
    if (aud != "https://oauth2.googleapis.com/token" && aud != "https://www.googleapis.com/oauth2/v4/token" &&
        aud != std::string(base_url) + "token")
        return {oauth_error(400, "invalid_grant", "Invalid JWT: Failed audience check."), {}};
    auto iat = int_claim(c, "iat");
    auto exp = int_claim(c, "exp");
    auto secs = std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
    if (!iat || !exp || *exp <= *iat || *exp - *iat > 3600 || *exp < secs || *iat > secs + 60)
        return {oauth_error(400, "invalid_grant",
                            "Invalid JWT: Token must be a short-lived token (60 minutes) and in a reasonable "
                            "timeframe. Check your iat and exp values in the JWT claim."),
                {}};
    auto scope = str_claim(c, "scope");
    if (scope.find("https://www.googleapis.com/auth/chat") == std::string_view::npos)
        return {oauth_error(400, "invalid_scope", "Invalid OAuth scope or ID token audience provided."), {}};
    auto sub = str_claim(c, "sub");
    if (!sub.empty() && sub != iss)
        return {
            oauth_error(401, "unauthorized_client",
                        "Client is unauthorized to retrieve access tokens using this method, or client not "
                        "authorized for any of the scopes requested."),
            {}};
    return {token_response(new_token, opts), acct->as};
}

} // namespace gchat::testing::detail

#endif
