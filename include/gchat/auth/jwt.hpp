// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_AUTH_JWT_HPP
#define GCHAT_AUTH_JWT_HPP

// Compact JSON Web Tokens signed with RS256 (RSASSA-PKCS1-v1_5 with SHA-256), over OpenSSL 3.

#include <gchat/config.hpp>
#include <gchat/error.hpp>

#include <boost/json/object.hpp>
#include <boost/system/result.hpp>

#include <string>
#include <string_view>

namespace gchat::auth {

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
