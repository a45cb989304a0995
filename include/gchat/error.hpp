// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_ERROR_HPP
#define GCHAT_ERROR_HPP

#include <gchat/config.hpp>

#include <boost/system/error_code.hpp>

#include <string>
#include <string_view>
#include <type_traits>

namespace gchat {

/// Errors that gchat itself detects, before or without asking a server.
enum class errc {
    // Reading JSON.
    invalid_json = 1,   ///< Not well-formed JSON (or truncated).
    json_too_deep,      ///< Nesting deeper than the configured limit.
    json_type_mismatch, ///< A value of the wrong JSON type for its field.
    json_out_of_range,  ///< A number that does not fit its field.
    json_empty_input,   ///< The body is empty (or only white space).
    json_not_an_object, ///< The document is not a JSON object where one is required.
    invalid_utf8,       ///< A string is not valid UTF-8.
    invalid_timestamp,  ///< A timestamp is neither RFC 3339 nor {seconds, nanos}.
    json_too_large,     ///< The input is larger than the configured limit.

    // Validating a request before sending it.
    invalid_message_id = 100, ///< A client-assigned message id breaks the `client-` rules.
    invalid_resource_name,    ///< A resource name is not of the expected shape.
    invalid_page_size,        ///< A page size outside what the API accepts.
    message_too_large,        ///< A message over 32,000 bytes.
    too_many_widgets,         ///< A card with more than 100 widgets.
    invalid_widget_id,        ///< A widget id that is not [a-zA-Z0-9-]{1,64}.
    invalid_argument,         ///< Another locally invalid argument.

    // Talking HTTP.
    bad_http_response = 200, ///< A response that is not valid HTTP or not the expected shape.
    unexpected_http_status,  ///< A status with no google.rpc.Status body.
    body_too_large,          ///< A body larger than the configured bound.
    deadline_exceeded,       ///< The operation's deadline passed.
    queue_full,              ///< The connection pool's request queue is full.
    invalid_url,             ///< An endpoint or URL that cannot be used.

    // Credentials and tokens.
    invalid_credentials = 300, ///< A key file or credential that cannot be used.
    token_request_failed,      ///< The token endpoint refused or failed.
    invalid_token,             ///< A token that does not verify.
    no_matching_key,           ///< No key for the token's `kid`.
    invalid_grant,             ///< OAuth `invalid_grant`: the assertion or refresh token was refused.
    invalid_client,            ///< OAuth `invalid_client`: unknown client, or a wrong client secret.
    invalid_scope,             ///< OAuth `invalid_scope`: a scope the client may not have.
    unauthorized_client,       ///< OAuth `unauthorized_client`: e.g. domain-wide delegation not granted.

    // Verifying the bearer tokens of incoming events (gchat::server::verifier).
    missing_token = 400,   ///< No Authorization header, or an empty token.
    not_bearer,            ///< An Authorization header whose scheme is not `Bearer`.
    token_too_large,       ///< A token over the configured size (8 KiB), rejected before parsing.
    unsupported_algorithm, ///< A token whose `alg` is not RS256 (`none`, HS256, ...).
    token_expired,         ///< `exp` is in the past (beyond the allowed clock skew), or missing.
    token_not_yet_valid,   ///< `iat` or `nbf` is in the future (beyond the allowed clock skew).
    wrong_audience,        ///< `aud` is not the configured audience.
    wrong_issuer,          ///< `iss` is not the issuer of the configured audience mode.
    wrong_email,           ///< `email` is not the expected service account.
    email_not_verified,    ///< `email_verified` is not true.
    key_set_unavailable,   ///< The signing keys could not be fetched and none are cached.
};

/// The canonical codes of google.rpc.Code, as the Chat API reports them.
enum class api_code {
    ok = 0,
    cancelled = 1,
    unknown = 2,
    invalid_argument = 3,
    deadline_exceeded = 4,
    not_found = 5,
    already_exists = 6,
    permission_denied = 7,
    resource_exhausted = 8,
    failed_precondition = 9,
    aborted = 10,
    out_of_range = 11,
    unimplemented = 12,
    internal = 13,
    unavailable = 14,
    data_loss = 15,
    unauthenticated = 16,
};

/// The category of gchat::errc.
GCHAT_DECL const boost::system::error_category& client_category() noexcept;

/// The category of gchat::api_code.
GCHAT_DECL const boost::system::error_category& api_category() noexcept;

inline boost::system::error_code make_error_code(errc e) noexcept {
    return {static_cast<int>(e), client_category()};
}

inline boost::system::error_code make_error_code(api_code e) noexcept {
    return {static_cast<int>(e), api_category()};
}

/// The upper-case name of a google.rpc.Code ("NOT_FOUND"), or "" for a value outside the enum.
GCHAT_DECL std::string_view to_string(api_code c) noexcept;

/// The api_code for a status name ("NOT_FOUND"); api_code::unknown for a name it does not know.
GCHAT_DECL api_code api_code_from_string(std::string_view status) noexcept;

/// The api_code Google maps an HTTP status to, for error bodies that carry no status name.
GCHAT_DECL api_code api_code_from_http_status(unsigned http_status) noexcept;

/// The HTTP status Google answers with for an api_code.
GCHAT_DECL unsigned http_status_of(api_code c) noexcept;

} // namespace gchat

namespace boost::system {
template <>
struct is_error_code_enum<gchat::errc> : std::true_type {};
template <>
struct is_error_code_enum<gchat::api_code> : std::true_type {};
} // namespace boost::system

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/impl/error.ipp>
#endif

#endif
