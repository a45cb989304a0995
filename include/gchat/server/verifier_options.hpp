// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_SERVER_VERIFIER_OPTIONS_HPP
#define GCHAT_SERVER_VERIFIER_OPTIONS_HPP

// What gchat::server::verifier checks in the bearer token of an incoming interaction event, and what a
// verified token says. Plain values; the checks themselves are in detail/jwt_claims.hpp (sans I/O).

#include <gchat/config.hpp>
#include <gchat/error.hpp>

#include <boost/asio/ssl/context.hpp>
#include <boost/system/result.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <string>
#include <string_view>

namespace gchat::server {

/// Which kind of token the app expects (the Chat app's "Authentication Audience" setting).
enum class audience_mode {
    /// `iss` = chat@system.gserviceaccount.com, `aud` = the project number; keys: the x509 map of the Chat
    /// service account (verifier_options::x509_url).
    project_number,
    /// A Google ID token: `iss` = https://accounts.google.com (or accounts.google.com), `aud` = the endpoint
    /// URL, `email` = chat@system.gserviceaccount.com, `email_verified` true; keys: Google's OAuth2 certs
    /// (verifier_options::jwks_url).
    endpoint_url,
    /// A Google Workspace add-on: the Google ID token of `authorizationEventObject.systemIdToken`, `aud` =
    /// the endpoint URL, `email` = the add-on's service account (verifier_options::add_on_service_account),
    /// `email_verified` true; keys: Google's OAuth2 certs.
    add_on
};

/// The issuer (and `email`) of Google Chat's tokens.
inline constexpr std::string_view chat_token_issuer = "chat@system.gserviceaccount.com";

/// Google's key sets (the defaults of verifier_options).
inline constexpr std::string_view google_chat_x509_url =
    "https://www.googleapis.com/service_accounts/v1/metadata/x509/chat@system.gserviceaccount.com";
inline constexpr std::string_view google_oauth2_jwks_url = "https://www.googleapis.com/oauth2/v3/certs";

struct verifier_options {
    audience_mode mode = audience_mode::project_number;
    /// The expected `aud`: the project number (project_number) or the endpoint URL (endpoint_url, add_on).
    /// Required: an empty audience rejects every token (errc::wrong_audience).
    std::string audience;
    /// add_on only: the expected `email` (the add-on's service account,
    /// `service-PROJECT_NUMBER@gcp-sa-gsuiteaddons.iam.gserviceaccount.com`).
    std::string add_on_service_account;

    /// Where the keys come from (https or http). The format is detected from the document: a JSON object
    /// `{kid: certificate PEM}` (x509) or a JWK set `{"keys":[...]}`. project_number uses x509_url, the
    /// other modes jwks_url.
    std::string x509_url = std::string(google_chat_x509_url);
    std::string jwks_url = std::string(google_oauth2_jwks_url);
    /// If not empty (tests: the emulator's endpoint(), `http://127.0.0.1:PORT/`), replaces the scheme, host
    /// and port of both URLs: the paths stay Google's (which the emulator serves).
    std::string key_base_url;
    /// TLS for https key URLs. Not owned, must outlive the verifier; nullptr: a context with the system's
    /// default verify paths. Peer and host-name verification are always on.
    asio::ssl::context* tls_context = nullptr;

    /// Tolerance on `exp`, `iat` and `nbf` (bounded: more than 5 minutes counts as 5 minutes).
    std::chrono::seconds clock_skew{60};
    /// Tokens longer than this are rejected before any parsing (errc::token_too_large).
    std::size_t max_token_size = 8 * 1024;

    /// Key sets are cached for the `Cache-Control: max-age` of their response (this, if it has none;
    /// clamped to [1 minute, 1 day]).
    std::chrono::seconds default_key_max_age{300};
    /// A verify that arrives within this long before the keys expire refreshes them in the background
    /// (it is not delayed). No timer stands: an idle verifier does nothing.
    std::chrono::seconds refresh_ahead{300};
    /// A token whose `kid` is not in the cached set refetches the keys (once; waiting verifies share the
    /// fetch) unless the keys were fetched less than this long ago.
    std::chrono::seconds unknown_kid_refetch_interval{30};
    /// Bound on one key fetch (connect, TLS, request and response).
    std::chrono::milliseconds fetch_timeout{10000};
    /// Largest key-set document accepted.
    std::size_t max_key_set_size = 256 * 1024;

    /// How many verified tokens are remembered (0: none). See basic_verifier for why this is safe.
    std::size_t verified_cache_size = 256;

    /// The clock for `exp`/`iat`/`nbf` and key expiry; empty: std::chrono::system_clock::now. Tests set it.
    std::function<std::chrono::system_clock::time_point()> clock;
};

/// What a verified token says.
struct verified_token {
    std::string issuer;                                 ///< `iss`
    std::string audience;                               ///< `aud` (the configured audience)
    std::string email;                                  ///< `email` (empty for project_number tokens)
    std::string subject;                                ///< `sub` (may be empty)
    std::string key_id;                                 ///< `kid` of the key that signed it
    std::chrono::system_clock::time_point expires_at{}; ///< `exp`

    friend bool operator==(const verified_token&, const verified_token&) = default;
};

/// The token of an `Authorization` header value `Bearer <token>` (scheme case-insensitive, surrounding
/// blanks ignored). errc::missing_token for an empty value or an empty token, errc::not_bearer for another
/// scheme. The result views `authorization`.
GCHAT_DECL boost::system::result<std::string_view> bearer_token(std::string_view authorization) noexcept;

} // namespace gchat::server

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/server/impl/verifier_options.ipp>
#endif

#endif
