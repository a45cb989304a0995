// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_AUTH_DETAIL_OAUTH_HPP
#define GCHAT_AUTH_DETAIL_OAUTH_HPP

// The sans-I/O core of the token sources: the OAuth 2.0 requests they send (JWT-bearer grant, RFC 7523;
// refresh-token grant, RFC 6749 section 6), self-signed JWTs, and reading the token endpoint's answer.

#include <gchat/auth/key_file.hpp>
#include <gchat/auth/token_source.hpp>
#include <gchat/config.hpp>
#include <gchat/detail/api_request.hpp>
#include <gchat/diagnostics.hpp>

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gchat::auth::detail {

using clock_type = std::chrono::system_clock;

/// A URL split for the transport: `scheme://host[:port]` and the origin-form target (path and query).
struct split_url {
    std::string endpoint;
    std::string target;
};

/// Splits an http(s) URL; errc::invalid_url otherwise.
GCHAT_DECL boost::system::result<split_url> split_token_uri(std::string_view uri);

/// `application/x-www-form-urlencoded` of the pairs.
GCHAT_DECL std::string form_encode(const std::vector<std::pair<std::string_view, std::string_view>>& fields);

/// The claims of a JWT-bearer assertion for `key` (iss, scope, aud, iat, exp = iat + 1 h, sub if given).
GCHAT_DECL boost::json::object assertion_claims(const service_account_key& key,
                                                const std::vector<std::string>& scopes,
                                                std::string_view subject, std::string_view audience,
                                                clock_type::time_point now);

/// The token request of the JWT-bearer grant, POSTed to `target` (the token URI's path).
GCHAT_DECL boost::system::result<gchat::detail::api_request>
make_jwt_bearer_request(const service_account_key& key, const std::vector<std::string>& scopes,
                        std::string_view subject, std::string_view target, clock_type::time_point now,
                        diagnostics& diag);

/// A self-signed JWT, used directly as the access token: iss = sub = client_email (or `subject`), kid =
/// private_key_id, `aud` = `audience` if not empty, else a `scope` claim; valid one hour from `now`.
GCHAT_DECL boost::system::result<access_token>
make_self_signed_jwt(const service_account_key& key, const std::vector<std::string>& scopes,
                     std::string_view subject, std::string_view audience, clock_type::time_point now,
                     diagnostics& diag);

/// The token request of the refresh-token grant.
GCHAT_DECL gchat::detail::api_request make_refresh_request(const authorized_user& user,
                                                           std::string_view target);

/// Reads the token endpoint's response. 200: `access_token` (non-empty string) and `expires_in` (seconds;
/// 3600 if absent). Otherwise the OAuth error body `{"error", "error_description"}`: `invalid_grant`,
/// `invalid_client`, `invalid_scope` and `unauthorized_client` map to the errc of the same name, anything
/// else to errc::token_request_failed; `diag` gets the HTTP status, the OAuth error as api_status and its
/// description as server_message.
GCHAT_DECL boost::system::result<access_token>
parse_token_response(const gchat::detail::api_response& res, clock_type::time_point now, diagnostics& diag);

} // namespace gchat::auth::detail

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/auth/detail/impl/oauth.ipp>
#endif

#endif
