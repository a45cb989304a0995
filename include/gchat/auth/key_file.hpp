// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_AUTH_KEY_FILE_HPP
#define GCHAT_AUTH_KEY_FILE_HPP

// Google credential files, read without I/O: a service-account key (`"type": "service_account"`) and
// OAuth user credentials (`"type": "authorized_user"`, as `gcloud auth application-default login` writes).
//
// Errors are errc::invalid_credentials with a diagnostics::client_message naming the field that is missing
// or wrong; no value of the file (key, secret, token) is ever put in a message.

#include <gchat/config.hpp>
#include <gchat/diagnostics.hpp>
#include <gchat/error.hpp>

#include <boost/system/result.hpp>

#include <string>
#include <string_view>
#include <utility>

namespace gchat::auth {

/// The token endpoint of Google's OAuth 2.0 server.
inline constexpr std::string_view google_token_uri = "https://oauth2.googleapis.com/token";

/// A service account's JSON key. `private_key` is a secret: never print it.
struct service_account_key {
    std::string client_email;   ///< The account, and the `iss` of its assertions.
    std::string private_key;    ///< PEM, "-----BEGIN PRIVATE KEY-----" (PKCS #8) or PKCS #1.
    std::string private_key_id; ///< The `kid` of the JWTs it signs.
    std::string token_uri;      ///< Where assertions are exchanged for access tokens.
    std::string project_id{};   ///< Informational.
    std::string client_id{};    ///< Informational.
};

/// OAuth 2.0 user credentials for the refresh-token grant. `client_secret` and `refresh_token` are
/// secrets: never print them.
struct authorized_user {
    std::string client_id;
    std::string client_secret;
    std::string refresh_token;
    std::string token_uri = std::string(google_token_uri);
    std::string quota_project_id{}; ///< Informational.
};

/// Parses and checks a service-account key: a JSON object with `"type": "service_account"` and non-empty
/// strings `client_email` (an address), `private_key` (an RSA private key in PEM that OpenSSL can load),
/// `private_key_id` and `token_uri` (an http or https URL).
GCHAT_DECL boost::system::result<service_account_key> parse_service_account_key(std::string_view json,
                                                                                diagnostics& diag);
GCHAT_DECL boost::system::result<service_account_key> parse_service_account_key(std::string_view json);

/// Parses and checks `"type": "authorized_user"` credentials: non-empty strings `client_id`,
/// `client_secret` and `refresh_token`; `token_uri` optional (Google's by default).
GCHAT_DECL boost::system::result<authorized_user> parse_authorized_user(std::string_view json,
                                                                        diagnostics& diag);
GCHAT_DECL boost::system::result<authorized_user> parse_authorized_user(std::string_view json);

/// Reads a whole credentials file (blocking: call it where reading a file is acceptable). Errors:
/// the system error of opening or reading it (the path is in the diagnostics), errc::invalid_credentials
/// for a file larger than 1 MiB.
GCHAT_DECL boost::system::result<std::string> read_credentials_file(const std::string& path,
                                                                    diagnostics& diag);

namespace detail {
/// The value of `r`, or throws error_with_diagnostics with `diag`: how every key-file factory
/// (from_json, from_file, from_environment) fails.
template <class T>
T value_or_throw(boost::system::result<T> r, const diagnostics& diag) {
    throw_on_error(r ? boost::system::error_code() : r.error(), diag);
    return std::move(*r);
}
} // namespace detail

/// The path in `GOOGLE_APPLICATION_CREDENTIALS`; errc::invalid_credentials if it is unset or empty.
GCHAT_DECL boost::system::result<std::string> credentials_path_from_environment(diagnostics& diag);

} // namespace gchat::auth

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/auth/impl/key_file.ipp>
#endif

#endif
