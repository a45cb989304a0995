// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_TESTING_CHAT_KEYS_HPP
#define GCHAT_TESTING_CHAT_KEYS_HPP

// The emulator's stand-in for Google Chat's signing key: an RSA-2048 key with a `kid`, its self-signed
// certificate and JWK, the bearer tokens Google Chat puts on the interaction events it sends to an app,
// and the key-set documents Google serves for verifiers.

#include <gchat/config.hpp>
#include <gchat/error.hpp>

#include <boost/system/result.hpp>

#include <chrono>
#include <string>
#include <string_view>

namespace gchat::testing {

/// The issuer (and `email`) of the tokens Google Chat sends to apps.
inline constexpr std::string_view chat_issuer = "chat@system.gserviceaccount.com";
/// The issuer of Google ID tokens (the endpoint-URL audience mode).
inline constexpr std::string_view google_id_token_issuer = "https://accounts.google.com";
/// The `sub` (and `azp`) of the emulator's ID tokens: a stand-in for the Chat service account's id.
inline constexpr std::string_view chat_service_account_id = "100000000000000000042";
/// Where Google serves the Chat service account's certificates, `{kid: PEM}` (relative to its base URL,
/// `https://www.googleapis.com`); the emulator serves the same path.
inline constexpr std::string_view chat_x509_path =
    "/service_accounts/v1/metadata/x509/chat@system.gserviceaccount.com";
/// Where Google serves the JWK set of its ID-token keys (`https://www.googleapis.com/oauth2/v3/certs`);
/// the emulator serves the same path.
inline constexpr std::string_view google_jwks_path = "/oauth2/v3/certs";

/// Which audience the bearer token of an event carries (the app's "Authentication Audience" setting).
enum class token_audience {
    /// A JWT issued by chat@system.gserviceaccount.com, `aud` = the app's Cloud project number.
    project_number,
    /// A Google ID token (issuer https://accounts.google.com), `aud` = the app's endpoint URL,
    /// `email` = chat@system.gserviceaccount.com, `email_verified` = true.
    endpoint_url,
    /// A Google Workspace add-on's system ID token (issuer https://accounts.google.com), `aud` = the
    /// endpoint URL, `email` = the add-on's service account, `email_verified` = true. Google puts it in the
    /// event body (`authorizationEventObject.systemIdToken`) and, by default, in the Authorization header.
    add_on
};

/// The add-on service account the emulator signs for when none is given (the form Google uses,
/// `service-PROJECT_NUMBER@gcp-sa-gsuiteaddons.iam.gserviceaccount.com`).
inline constexpr std::string_view default_add_on_service_account =
    "service-123456789012@gcp-sa-gsuiteaddons.iam.gserviceaccount.com";

/// An RSA signing key in the role of Google Chat's.
struct chat_signing_key {
    std::string kid;             ///< The key id: hex of the first 20 bytes of SHA-256(public key DER).
    std::string private_key_pem; ///< PKCS#8 "PRIVATE KEY". A secret: never log it.
    std::string public_key_pem;  ///< "PUBLIC KEY" (SubjectPublicKeyInfo).
    std::string certificate_pem; ///< A self-signed X.509 certificate of the public key.
    std::string n;               ///< The modulus, base64url (the JWK's `n`).
    std::string e;               ///< The public exponent, base64url (the JWK's `e`).
};

/// Generates an RSA-2048 key (exponent 65537) with its certificate (subject
/// CN=chat@system.gserviceaccount.com, valid from an hour ago for 30 days). This takes from tens of
/// milliseconds to a second or more: do it once. OpenSSL 3 EVP APIs only. errc::invalid_credentials on
/// failure.
GCHAT_DECL boost::system::result<chat_signing_key> make_chat_signing_key();

/// The same from an existing RSA private key (PEM, "PRIVATE KEY" or "RSA PRIVATE KEY"), so a key can be
/// kept between runs. errc::invalid_credentials if it is not a usable RSA key.
GCHAT_DECL boost::system::result<chat_signing_key> make_chat_signing_key(std::string_view private_key_pem);

/// `{"<kid>": "<certificate PEM>"}`, as served at chat_x509_path.
GCHAT_DECL std::string chat_x509_json(const chat_signing_key& key);

/// `{"keys":[{"kty":"RSA","alg":"RS256","use":"sig","kid":...,"n":...,"e":...}]}`, as served at
/// google_jwks_path.
GCHAT_DECL std::string chat_jwks_json(const chat_signing_key& key);

/// What goes into the bearer token of one event.
struct chat_token_params {
    token_audience audience = token_audience::endpoint_url;
    /// The `aud` claim: the project number (project_number) or the endpoint URL (endpoint_url, add_on).
    std::string aud;
    /// The `iat` claim; `exp` is `iat + lifetime`.
    std::chrono::system_clock::time_point issued_at = std::chrono::system_clock::now();
    std::chrono::seconds lifetime{3600};
    /// add_on only: the `email` claim (the add-on's service account); empty: default_add_on_service_account.
    std::string email{};
};

/// Signs the bearer token Google Chat would send (RS256, header `kid`):
///  - project_number: `{"iss":"chat@system.gserviceaccount.com","aud":aud,"iat","exp"}`;
///  - endpoint_url: `{"iss":"https://accounts.google.com","aud":aud,"azp","sub",
///    "email":"chat@system.gserviceaccount.com","email_verified":true,"iat","exp"}`;
///  - add_on: as endpoint_url with `email` = params.email.
/// errc::invalid_argument for an empty `aud`, errc::invalid_credentials if the key cannot sign.
GCHAT_DECL boost::system::result<std::string> sign_chat_token(const chat_signing_key& key,
                                                              const chat_token_params& params);

} // namespace gchat::testing

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/testing/impl/chat_keys.ipp>
#endif

#endif
