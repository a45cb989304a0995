// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_SERVER_DETAIL_KEY_SET_HPP
#define GCHAT_SERVER_DETAIL_KEY_SET_HPP

// Sans I/O: the key sets Google serves for its tokens (an x509 map `{kid: certificate PEM}` or a JWK set),
// and their lifetime from `Cache-Control: max-age`.

#include <gchat/auth/jwt.hpp>
#include <gchat/config.hpp>
#include <gchat/error.hpp>
#include <gchat/server/verifier_options.hpp>

#include <boost/system/result.hpp>

#include <chrono>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>

namespace gchat::server::detail {

/// Parsed public keys by `kid`.
struct key_set {
    std::map<std::string, auth::rsa_public_key, std::less<>> keys;

    const auth::rsa_public_key* find(std::string_view kid) const {
        auto it = keys.find(kid);
        return it == keys.end() ? nullptr : &it->second;
    }
};

/// Parses a key-set document: a JWK set (`{"keys":[{"kty":"RSA","kid","n","e",...}]}`; keys that are not
/// RSA, or whose `alg` is present and not RS256, or whose `use` is present and not `sig`, are skipped) or an
/// x509 map (`{kid: "-----BEGIN CERTIFICATE-----..."}`). errc::invalid_json if it is not a JSON object,
/// errc::invalid_credentials if it holds no usable key (an entry that cannot be read is skipped).
GCHAT_DECL boost::system::result<key_set> parse_key_set(std::string_view json);

/// The `max-age` of a Cache-Control header value (`public, max-age=19845, must-revalidate`); nullopt if
/// there is none, or `no-cache`/`no-store` is present (then: 0 s), or it is malformed.
GCHAT_DECL std::optional<std::chrono::seconds> parse_max_age(std::string_view cache_control) noexcept;

/// How long a key set fetched with `cache_control` is used: max-age, or opts.default_key_max_age, clamped to
/// [1 minute, 1 day].
GCHAT_DECL std::chrono::seconds key_set_lifetime(std::string_view cache_control,
                                                 const verifier_options& opts) noexcept;

} // namespace gchat::server::detail

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/server/impl/key_set.ipp>
#endif

#endif
