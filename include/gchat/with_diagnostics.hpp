// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_WITH_DIAGNOSTICS_HPP
#define GCHAT_WITH_DIAGNOSTICS_HPP

// gchat::with_diagnostics(token): a completion token adapter for the client's operations that turns
// `void(error_code, T)` into `void(std::exception_ptr, T)`, the exception being a
// gchat::error_with_diagnostics (error code, HTTP status, server message, ErrorInfo, Retry-After). With
// it, a `co_await` throws the diagnostics along with the code:
//
//     try {
//         auto m = co_await chat.async_get_message(name, gchat::with_diagnostics());
//     } catch (const gchat::error_with_diagnostics& e) {
//         log(e.code(), e.get_diagnostics().server_message);
//     }
//
// (A plain `co_await chat.async_get_message(name)` throws Asio's boost::system::system_error, which
// carries the code only.)

#include <gchat/config.hpp>
#include <gchat/diagnostics.hpp>

#include <boost/asio/associator.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/error_code.hpp>

#include <exception>
#include <memory>
#include <type_traits>
#include <utility>

namespace gchat {

/// The token adapter made by with_diagnostics(); understood by gchat::basic_client's operations.
template <class CompletionToken>
struct with_diagnostics_t {
    CompletionToken token;
};

/// Adapts `token` (asio::use_awaitable by default) so that a failed client operation completes with an
/// exception_ptr to a gchat::error_with_diagnostics.
///
/// The default is use_awaitable, not deferred: Boost 1.81's `co_await` of a deferred operation whose
/// signature is `void(std::exception_ptr, T)` does not compile (awaitable.hpp tests `*result` instead of
/// `*result.ex_`; fixed in later Boost versions).
template <class CompletionToken = asio::use_awaitable_t<>>
with_diagnostics_t<std::decay_t<CompletionToken>> with_diagnostics(CompletionToken&& token = {}) {
    return {std::forward<CompletionToken>(token)};
}

namespace detail {

template <class T>
struct is_with_diagnostics : std::false_type {};
template <class T>
struct is_with_diagnostics<with_diagnostics_t<T>> : std::true_type {};

/// Wraps the final handler: (error_code, T...) -> (exception_ptr, T...).
template <class Handler>
struct diagnostics_handler {
    Handler handler;
    std::shared_ptr<gchat::diagnostics> owner; ///< Keeps `source` alive when the client filled it.
    const gchat::diagnostics* source;

    template <class... T>
    void operator()(boost::system::error_code ec, T&&... values) {
        std::exception_ptr ep;
        if (ec) ep = std::make_exception_ptr(error_with_diagnostics(ec, *source));
        std::move(handler)(ep, std::forward<T>(values)...);
    }
};

} // namespace detail
} // namespace gchat

namespace boost::asio {
// The wrapped handler keeps the associations (executor, allocator, cancellation slot) of the handler.
template <template <class, class> class Associator, class Handler, class DefaultCandidate>
struct associator<Associator, gchat::detail::diagnostics_handler<Handler>, DefaultCandidate>
    : Associator<Handler, DefaultCandidate> {
    static typename Associator<Handler, DefaultCandidate>::type
    get(const gchat::detail::diagnostics_handler<Handler>& h) noexcept {
        return Associator<Handler, DefaultCandidate>::get(h.handler);
    }
    static auto get(const gchat::detail::diagnostics_handler<Handler>& h, const DefaultCandidate& c) noexcept
        -> decltype(Associator<Handler, DefaultCandidate>::get(h.handler, c)) {
        return Associator<Handler, DefaultCandidate>::get(h.handler, c);
    }
};
} // namespace boost::asio

#endif
