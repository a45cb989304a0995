// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_AUTH_STATIC_TOKEN_HPP
#define GCHAT_AUTH_STATIC_TOKEN_HPP

// A token source that always yields the same OAuth access token (tests, short scripts, tokens minted
// elsewhere).

#include <gchat/auth/token_source.hpp>
#include <gchat/config.hpp>

#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/system/error_code.hpp>

#include <memory>
#include <string>
#include <utility>

namespace gchat::auth {

/// Models the token-source concept (see auth/token_source.hpp) with a fixed bearer token.
/// The token is never printed, logged or put in an error.
class static_token {
  public:
    explicit static_token(std::string token)
        : token_(std::make_shared<const std::string>(std::move(token))) {}

    /// Completes with `void(boost::system::error_code, access_token)` at once (a token that never
    /// expires): the handler is called from within async_get_token (a token source may complete inline;
    /// the client's operations never do).
    template <class CompletionToken = asio::deferred_t>
    auto async_get_token(CompletionToken&& token = {}) const {
        return asio::async_initiate<CompletionToken, token_signature>(
            [](auto handler, std::shared_ptr<const std::string> t) {
                std::move(handler)(boost::system::error_code(), access_token{std::string(*t)});
            },
            token, token_);
    }

    /// The token (models fixed_token_source: the client uses it without an asynchronous call).
    const std::string* fixed_token() const noexcept { return token_.get(); }

  private:
    std::shared_ptr<const std::string> token_;
};

} // namespace gchat::auth

#endif
