// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_AUTH_TOKEN_SOURCE_HPP
#define GCHAT_AUTH_TOKEN_SOURCE_HPP

// The token-source concept, access_token, and any_token_source, the type-erased holder the client keeps.
//
// A token source is a copyable type with
//
//     template <class CompletionToken> auto async_get_token(CompletionToken&& token) const;
//
// completing with `void(boost::system::error_code, gchat::auth::access_token)`: the bearer access token for
// the next request (without the "Bearer " prefix) and when it expires. It is asked before every attempt;
// caching and refreshing is its business (one refresh in flight for many callers). It may complete inline
// (a cached token) or later through the handler's associated executor, and honours the handler's
// cancellation slot if it can wait long.
//
// Two members are optional, and used when present:
//
//     template <class CompletionToken> auto async_get_token(gchat::diagnostics& d, CompletionToken&& t)
//     const;
//         // as above, and fills `d` on failure (the token endpoint's HTTP status, OAuth error and
//         // description; never a secret)
//     void invalidate(std::string_view token) const;
//         // the API refused `token` (HTTP 401): forget it if it is the cached one
//     const std::string* fixed_token() const noexcept;
//         // non-null for a source whose token never changes (static_token): the client then uses it
//         // without an asynchronous call (no type-erased handler per request)

#include <gchat/config.hpp>
#include <gchat/diagnostics.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/system/error_code.hpp>

#include <chrono>
#include <concepts>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace gchat::auth {

/// A bearer access token and the time it stops being valid.
struct access_token {
    std::string value; ///< Without the "Bearer " prefix. A secret: never print it.
    /// When it expires (the token endpoint's `expires_in` after the request); max() for "never".
    std::chrono::system_clock::time_point expires_at = std::chrono::system_clock::time_point::max();
};

/// The signature a token source completes with.
using token_signature = void(boost::system::error_code, access_token);

/// The token-source concept (checked with a type-erased handler).
template <class T>
concept token_source = std::copy_constructible<T> &&
    requires(const T& t, asio::any_completion_handler<token_signature> h) {
    t.async_get_token(std::move(h));
};

/// A token source that also reports failures in a gchat::diagnostics.
template <class T>
concept diagnosing_token_source = token_source<T> &&
    requires(const T& t, gchat::diagnostics& d, asio::any_completion_handler<token_signature> h) {
    t.async_get_token(d, std::move(h));
};

/// A token source that can be told a token was refused.
template <class T>
concept invalidating_token_source = token_source<T> && requires(const T& t, std::string_view token) {
    t.invalidate(token);
};

/// A token source whose token never changes, and says so.
template <class T>
concept fixed_token_source = token_source<T> && requires(const T& t) {
    { t.fixed_token() }
    noexcept->std::same_as<const std::string*>;
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

    /// Completes with `void(boost::system::error_code, access_token)`.
    template <class CompletionToken = asio::deferred_t>
    requires(!std::is_same_v<std::remove_cvref_t<CompletionToken>, gchat::diagnostics>) auto async_get_token(
        CompletionToken&& token = {}) const {
        return asio::async_initiate<CompletionToken, token_signature>(
            [](auto handler, std::shared_ptr<const concept_> impl) {
                impl->get(nullptr, asio::any_completion_handler<token_signature>(std::move(handler)));
            },
            token, impl_);
    }

    /// As above; on failure `diag` (which must outlive the operation) says what the source knows.
    template <class CompletionToken = asio::deferred_t>
    auto async_get_token(gchat::diagnostics& diag, CompletionToken&& token = {}) const {
        return asio::async_initiate<CompletionToken, token_signature>(
            [](auto handler, std::shared_ptr<const concept_> impl, gchat::diagnostics* d) {
                impl->get(d, asio::any_completion_handler<token_signature>(std::move(handler)));
            },
            token, impl_, &diag);
    }

    /// The token of a source whose token never changes (see fixed_token_source), else nullptr: then
    /// async_get_token() would complete with it at once.
    const std::string* fixed_token() const noexcept { return impl_ ? impl_->fixed_token() : nullptr; }

    /// Tells the source that the API refused `token` (no effect for a source without invalidate()).
    void invalidate(std::string_view token) const {
        if (impl_) impl_->invalidate(token);
    }

  private:
    struct concept_ {
        virtual ~concept_() = default;
        virtual void get(gchat::diagnostics* d, asio::any_completion_handler<token_signature> h) const = 0;
        virtual void invalidate(std::string_view token) const = 0;
        virtual const std::string* fixed_token() const noexcept = 0;
    };
    template <class T>
    struct model final : concept_ {
        T source;
        explicit model(T s) : source(std::move(s)) {}
        void get(gchat::diagnostics* d, asio::any_completion_handler<token_signature> h) const override {
            if constexpr (diagnosing_token_source<T>) {
                if (d) return source.async_get_token(*d, std::move(h));
            }
            source.async_get_token(std::move(h));
        }
        void invalidate(std::string_view token) const override {
            if constexpr (invalidating_token_source<T>) source.invalidate(token);
        }
        const std::string* fixed_token() const noexcept override {
            if constexpr (fixed_token_source<T>)
                return source.fixed_token();
            else
                return nullptr;
        }
    };

    std::shared_ptr<const concept_> impl_;
};

} // namespace gchat::auth

#endif
