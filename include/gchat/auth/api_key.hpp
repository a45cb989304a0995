// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_AUTH_API_KEY_HPP
#define GCHAT_AUTH_API_KEY_HPP

// gchat::auth::api_key: a Google API key, sent as the `key` query parameter of every request
// (client_params::api_key). Tools and tests; Chat calls made as an app or a user need a token source.

#include <gchat/config.hpp>

#include <memory>
#include <string>
#include <utility>

namespace gchat::auth {

/// An API key. It is a secret: the client adds it to the request as it is sent, so that it never appears
/// in the logger's targets, in errors or in diagnostics; this type has no output operator.
class api_key {
  public:
    api_key() = default;
    explicit api_key(std::string key) : key_(std::make_shared<const std::string>(std::move(key))) {}

    /// True if a non-empty key is held.
    explicit operator bool() const noexcept { return key_ && !key_->empty(); }

    /// The key itself (to send it; never print it).
    const std::string& value() const noexcept {
        static const std::string none;
        return key_ ? *key_ : none;
    }

  private:
    std::shared_ptr<const std::string> key_;
};

} // namespace gchat::auth

#endif
