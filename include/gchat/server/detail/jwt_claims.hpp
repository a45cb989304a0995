// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_SERVER_DETAIL_JWT_CLAIMS_HPP
#define GCHAT_SERVER_DETAIL_JWT_CLAIMS_HPP

// Sans I/O: the checks of an incoming event's bearer token, over values (no sockets, no clock of its own).

#include <gchat/auth/jwt.hpp>
#include <gchat/config.hpp>
#include <gchat/error.hpp>
#include <gchat/server/detail/key_set.hpp>
#include <gchat/server/verifier_options.hpp>

#include <boost/system/result.hpp>

#include <chrono>
#include <string_view>

namespace gchat::server::detail {

using sys_time = std::chrono::system_clock::time_point;

/// The clock skew actually allowed: opts.clock_skew within [0, 5 minutes].
GCHAT_DECL std::chrono::seconds effective_skew(const verifier_options& opts) noexcept;

/// The checks before any key is needed: the size (errc::token_too_large, before parsing), the shape
/// (errc::invalid_token), `alg` RS256 (errc::unsupported_algorithm) and a string `kid`
/// (errc::no_matching_key).
GCHAT_DECL boost::system::result<auth::jwt> decode_token(std::string_view token,
                                                         const verifier_options& opts);

/// The `kid` of a token decode_token accepted.
GCHAT_DECL std::string_view token_kid(const auth::jwt& t) noexcept;

/// The claims, for the audience mode of `opts`, at `now`: `iss` (errc::wrong_issuer), `aud`
/// (errc::wrong_audience), `email` (errc::wrong_email) and `email_verified` (errc::email_not_verified) for
/// ID tokens, `exp` (errc::token_expired), `iat` and `nbf` (errc::token_not_yet_valid); a missing or
/// non-numeric `exp` or `iat` is errc::invalid_token. On success fills `out` (key_id included) and
/// `not_before` (the later of iat and nbf).
GCHAT_DECL boost::system::error_code verify_claims(const auth::jwt& t, const verifier_options& opts,
                                                   sys_time now, verified_token& out, sys_time& not_before);

/// The time window alone (for a token verified before): errc::token_expired or errc::token_not_yet_valid.
GCHAT_DECL boost::system::error_code check_time_window(sys_time expires_at, sys_time not_before,
                                                       const verifier_options& opts, sys_time now) noexcept;

/// Everything: decode_token, the key by `kid` (errc::no_matching_key), the RS256 signature
/// (errc::invalid_token), then verify_claims.
GCHAT_DECL boost::system::result<verified_token> verify_token(std::string_view token, const key_set& keys,
                                                              const verifier_options& opts, sys_time now);

} // namespace gchat::server::detail

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/server/impl/jwt_claims.ipp>
#endif

#endif
