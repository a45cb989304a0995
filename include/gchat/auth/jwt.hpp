// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_AUTH_JWT_HPP
#define GCHAT_AUTH_JWT_HPP

// Compact JSON Web Tokens signed with RS256 (RSASSA-PKCS1-v1_5 with SHA-256), over OpenSSL 3.

#include <gchat/config.hpp>
#include <gchat/error.hpp>

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <memory>
#include <string>
#include <string_view>

struct evp_pkey_st; // OpenSSL's EVP_PKEY

namespace gchat::auth {

/// An RSA public key, parsed once so that verifying a token does not parse PEM again. Immutable, cheap to
/// copy (shared), safe to use from several threads at once.
class rsa_public_key {
  public:
    rsa_public_key() = default;

    /// From PEM: a "PUBLIC KEY" (SubjectPublicKeyInfo) or a "CERTIFICATE". errc::invalid_credentials if it
    /// is not an RSA public key.
    static GCHAT_DECL boost::system::result<rsa_public_key> from_pem(std::string_view pem);

    /// From a JWK's base64url modulus `n` and exponent `e`. errc::invalid_credentials if they are not a
    /// usable RSA key (bad base64url, empty, a modulus under 2048 bits).
    static GCHAT_DECL boost::system::result<rsa_public_key> from_jwk(std::string_view n, std::string_view e);

    explicit operator bool() const noexcept { return key_ != nullptr; }
    evp_pkey_st* native_handle() const noexcept { return key_.get(); }

    friend bool operator==(const rsa_public_key&, const rsa_public_key&) = default;

  private:
    explicit rsa_public_key(std::shared_ptr<evp_pkey_st> k) noexcept : key_(std::move(k)) {}
    std::shared_ptr<evp_pkey_st> key_;
};

/// A decoded (not yet verified) JWT.
struct jwt {
    boost::json::object header;
    boost::json::object claims;
    std::string signing_input; ///< `base64url(header) "." base64url(claims)`, what the signature covers.
    std::string signature;     ///< The raw signature bytes.
};

/// base64url without padding (RFC 7515).
GCHAT_DECL std::string base64url_encode(std::string_view data);

/// Decodes base64url (padding optional); errc::invalid_token for anything else.
GCHAT_DECL boost::system::result<std::string> base64url_decode(std::string_view text);

/// Splits and decodes a compact JWT. Checks its shape only (three parts, JSON objects): errc::invalid_token.
GCHAT_DECL boost::system::result<jwt> jwt_decode(std::string_view token);

/// Verifies `t`'s RS256 signature (header `alg` must be "RS256") against an RSA public key given as
/// PEM: a "PUBLIC KEY" (SubjectPublicKeyInfo) or a "CERTIFICATE". errc::invalid_token if it does not verify,
/// errc::invalid_credentials if the key cannot be read. Claims (exp, aud, ...) are the caller's to check.
GCHAT_DECL boost::system::error_code jwt_verify_rs256(const jwt& t, std::string_view public_key_pem);

/// As above, against a parsed key (errc::invalid_credentials for an empty one).
GCHAT_DECL boost::system::error_code jwt_verify_rs256(const jwt& t, const rsa_public_key& key);

/// Signs `claims` with an RSA private key in PEM ("PRIVATE KEY" or "RSA PRIVATE KEY") as
/// `{"alg":"RS256","typ":"JWT"[,"kid":kid]}`; errc::invalid_credentials if the key cannot be used.
GCHAT_DECL boost::system::result<std::string> jwt_sign_rs256(const boost::json::object& claims,
                                                             std::string_view private_key_pem,
                                                             std::string_view kid = {});

} // namespace gchat::auth

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/auth/impl/jwt.ipp>
#endif

#endif
