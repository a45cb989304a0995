// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_AUTH_TOKEN_SOURCE_HPP
#define GCHAT_AUTH_TOKEN_SOURCE_HPP

// The token-source concept, and any_token_source, the type-erased holder the client keeps.
//
// A token source is a copyable type with
//
//     template <class CompletionToken> auto async_get_token(CompletionToken&& token) const;
//
// completing with `void(boost::system::error_code, std::string)`: the bearer access token for the next
// request (without the "Bearer " prefix). It is asked before every attempt; caching and refreshing is its
// business (one refresh in flight for many callers). It may complete inline (a cached token) or later
// through the handler's associated executor, and honours the handler's cancellation slot if it can wait long.

#include <gchat/config.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/system/error_code.hpp>

#include <concepts>
#include <memory>
#include <string>
#include <type_traits>
#include <utility>

namespace gchat::auth {

/// The signature a token source completes with.
using token_signature = void(boost::system::error_code, std::string);

/// The token-source concept (checked with a type-erased handler).
template <class T>
concept token_source = std::copy_constructible<T> &&
    requires(const T& t, asio::any_completion_handler<token_signature> h) {
    t.async_get_token(std::move(h));
};

/// Holds any token source by value (shared, immutable); empty means "no credentials" (no Authorization
/// header is sent), and async_get_token() must not be called on it.
class any_token_source {
  public:
    any_token_source() = default;

    template <class T>
    requires(!std::is_same_v<std::remove_cvref_t<T>, any_token_source> &&
             token_source<std::remove_cvref_t<T>>)
        any_token_source(T&& source) // NOLINT: implicit on purpose, `.credentials = static_token{"..."}`
        : impl_(std::make_shared<model<std::remove_cvref_t<T>>>(std::forward<T>(source))) {}

    explicit operator bool() const noexcept { return impl_ != nullptr; }

    /// Completes with `void(boost::system::error_code, std::string)`; with no source, an empty token.
    template <class CompletionToken = asio::deferred_t>
    auto async_get_token(CompletionToken&& token = {}) const {
        return asio::async_initiate<CompletionToken, token_signature>(
            [](auto handler, std::shared_ptr<const concept_> impl) {
                impl->get(asio::any_completion_handler<token_signature>(std::move(handler)));
            },
            token, impl_);
    }

  private:
    struct concept_ {
        virtual ~concept_() = default;
        virtual void get(asio::any_completion_handler<token_signature> h) const = 0;
    };
    template <class T>
    struct model final : concept_ {
        T source;
        explicit model(T s) : source(std::move(s)) {}
        void get(asio::any_completion_handler<token_signature> h) const override {
            source.async_get_token(std::move(h));
        }
    };

    std::shared_ptr<const concept_> impl_;
};

} // namespace gchat::auth

#endif
