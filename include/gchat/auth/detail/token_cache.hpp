// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_AUTH_DETAIL_TOKEN_CACHE_HPP
#define GCHAT_AUTH_DETAIL_TOKEN_CACHE_HPP

// The cache behind the token sources that fetch tokens: one token, refreshed ahead of expiry, one refresh
// in flight however many callers wait, backoff after failures. Not thread-safe: a source is used from one
// thread or strand (its executor's), like the client.

#include <gchat/auth/detail/oauth.hpp>
#include <gchat/auth/refresh_options.hpp>
#include <gchat/auth/token_source.hpp>
#include <gchat/config.hpp>
#include <gchat/detail/transport.hpp>
#include <gchat/detail/transport_options.hpp>
#include <gchat/diagnostics.hpp>

#include <boost/asio/any_completion_handler.hpp>
#include <boost/asio/append.hpp>
#include <boost/asio/associated_cancellation_slot.hpp>
#include <boost/asio/associated_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>

#include <algorithm>
#include <chrono>
#include <cstdint>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace gchat::auth::detail {

/// What a refresh does: hand back a token made locally, or send a request to the token endpoint.
struct fetch_plan {
    std::optional<access_token> token{};
    gchat::detail::api_request request{};
};

template <class Executor>
class token_cache : public std::enable_shared_from_this<token_cache<Executor>> {
  public:
    using plan_function =
        std::function<boost::system::result<fetch_plan>(clock_type::time_point, diagnostics&)>;

    /// `transport` empty: the plan never sends (self-signed tokens).
    token_cache(Executor ex, refresh_options opts, std::optional<gchat::detail::transport_options> transport,
                plan_function plan)
        : ex_(ex), opts_(std::move(opts)), plan_(std::move(plan)), timer_(ex), rng_(seed()) {
        if (transport) transport_.emplace(ex, std::move(*transport));
    }

    ~token_cache() {
        if (transport_) transport_->close();
    }

    const Executor& get_executor() const noexcept { return ex_; }

    clock_type::time_point now() const { return opts_.now ? opts_.now() : clock_type::now(); }

    /// A valid cached token completes `h` at once (inline); otherwise `h` waits for the refresh, and is
    /// completed through its associated executor.
    void get(diagnostics* d, asio::any_completion_handler<token_signature> h) {
        auto t = now();
        if (cached_ && usable(*cached_, t)) {
            if (t >= refresh_at_ && !in_flight_ && std::chrono::steady_clock::now() >= not_before_)
                start_refresh(); // in the background: callers keep the current token until it expires
            auto tok = *cached_;
            std::move(h)(boost::system::error_code(), std::move(tok));
            return;
        }
        auto slot = asio::get_associated_cancellation_slot(h);
        auto id = ++next_id_;
        waiters_.push_back(waiter{id, std::move(h), d, slot});
        if (slot.is_connected()) {
            std::weak_ptr<token_cache> weak = this->shared_from_this();
            slot.assign([weak, id](asio::cancellation_type) {
                if (auto self = weak.lock()) self->cancel(id);
            });
        }
        if (!in_flight_) start_refresh();
    }

    /// Forgets the cached token if it is `token` (the API refused it).
    void invalidate(std::string_view token) {
        if (cached_ && cached_->value == token) cached_.reset();
    }

    /// Token requests sent (for tests and statistics).
    std::uint64_t requests() const noexcept { return requests_; }

  private:
    struct waiter {
        std::uint64_t id;
        asio::any_completion_handler<token_signature> handler;
        diagnostics* diag;
        asio::cancellation_slot slot;
    };

    static std::uint64_t seed() {
        std::random_device rd;
        return (std::uint64_t(rd()) << 32) ^ rd();
    }

    // A token is handed out until 10 s before it expires (it must survive the request that carries it).
    static bool usable(const access_token& t, clock_type::time_point now) {
        return t.expires_at == clock_type::time_point::max() || now + std::chrono::seconds(10) < t.expires_at;
    }

    void cancel(std::uint64_t id) {
        for (auto it = waiters_.begin(); it != waiters_.end(); ++it) {
            if (it->id != id) continue;
            auto h = std::move(it->handler);
            if (it->diag) {
                it->diag->clear();
                it->diag->client_message = "the operation was cancelled";
            }
            waiters_.erase(it);
            // post(ex_, h) runs h through its associated executor (ex_ if it has none).
            asio::post(ex_, asio::append(std::move(h), make_error_code(asio::error::operation_aborted),
                                         access_token{}));
            return;
        }
    }

    void start_refresh() {
        in_flight_ = true;
        auto self = this->shared_from_this();
        if (std::chrono::steady_clock::now() < not_before_) {
            timer_.expires_at(not_before_);
            timer_.async_wait([self](boost::system::error_code) { self->fetch(); });
            return;
        }
        // Never inline from get(): the waiters are completed by posting, so fetching now is fine.
        fetch();
    }

    void fetch() {
        diagnostics d;
        auto plan = plan_(now(), d);
        if (!plan) return done(plan.error(), {}, d);
        if (plan->token) return done({}, std::move(*plan->token), d);
        if (!transport_) {
            d.client_message = "no token endpoint";
            return done(make_error_code(errc::token_request_failed), {}, d);
        }
        ++requests_;
        auto deadline = std::chrono::steady_clock::now() + opts_.timeout;
        transport_->async_send(
            plan->request, std::string_view(), deadline,
            [self = this->shared_from_this()](boost::system::error_code ec, gchat::detail::api_response res) {
                diagnostics d;
                if (ec) {
                    d.client_message = ec == errc::deadline_exceeded
                                           ? "the token request timed out"
                                           : "the token request failed before a response arrived";
                    return self->done(ec, {}, d);
                }
                auto t = parse_token_response(res, self->now(), d);
                if (!t) return self->done(t.error(), {}, d);
                self->done({}, std::move(*t), d);
            });
    }

    void done(boost::system::error_code ec, access_token tok, const diagnostics& d) {
        in_flight_ = false;
        if (!ec) {
            failures_ = 0;
            not_before_ = {};
            auto t = now();
            if (tok.expires_at == clock_type::time_point::max()) {
                refresh_at_ = clock_type::time_point::max();
            } else {
                auto jitter_ms = std::chrono::duration_cast<std::chrono::milliseconds>(opts_.jitter).count();
                auto jitter = std::chrono::milliseconds(
                    jitter_ms > 0 ? std::uniform_int_distribution<std::int64_t>(0, jitter_ms)(rng_) : 0);
                auto early = tok.expires_at - opts_.margin - jitter;
                auto half = t + (tok.expires_at - t) / 2; // short-lived tokens: refresh at half their life
                refresh_at_ = std::max(early, half);
            }
            cached_ = tok;
        } else {
            ++failures_;
            auto backoff = opts_.initial_backoff;
            for (unsigned i = 1; i < failures_ && backoff < opts_.max_backoff; ++i)
                backoff *= 2;
            backoff = std::min(backoff, opts_.max_backoff);
            auto half = backoff.count() / 2;
            auto jittered = std::chrono::milliseconds(
                half + (half > 0 ? std::uniform_int_distribution<std::int64_t>(0, half)(rng_) : 0));
            not_before_ = std::chrono::steady_clock::now() + jittered;
        }
        auto waiting = std::move(waiters_);
        waiters_.clear();
        for (auto& w : waiting) {
            if (w.slot.is_connected()) w.slot.clear();
            if (ec && w.diag) *w.diag = d;
            asio::post(ex_, asio::append(std::move(w.handler), ec, ec ? access_token{} : tok));
        }
    }

    Executor ex_;
    refresh_options opts_;
    plan_function plan_;
    std::optional<gchat::detail::basic_transport<Executor>> transport_;
    asio::steady_timer timer_;
    std::mt19937_64 rng_;
    std::optional<access_token> cached_;
    clock_type::time_point refresh_at_{};
    std::chrono::steady_clock::time_point not_before_{};
    bool in_flight_ = false;
    unsigned failures_ = 0;
    std::uint64_t next_id_ = 0;
    std::uint64_t requests_ = 0;
    std::list<waiter> waiters_;
};

/// The public face of a cached source: async_get_token (with and without diagnostics) and invalidate().
template <class Executor>
class cached_token_source {
  public:
    using executor_type = Executor;

    executor_type get_executor() const noexcept { return cache_->get_executor(); }

    /// Completes with `void(boost::system::error_code, access_token)`: at once (inline) with a cached
    /// token that is still valid, otherwise after the refresh, through the handler's associated executor.
    /// A waiting call honours terminal cancellation (operation_aborted; the refresh continues).
    template <class CompletionToken = asio::deferred_t>
    requires(!std::is_same_v<std::remove_cvref_t<CompletionToken>, gchat::diagnostics>) auto async_get_token(
        CompletionToken&& token = {}) const {
        return asio::async_initiate<CompletionToken, token_signature>(initiation{cache_}, token, nullptr);
    }

    /// As above; on failure `diag` (which must outlive the operation) gets the token endpoint's HTTP
    /// status, OAuth error (api_status) and description (server_message).
    template <class CompletionToken = asio::deferred_t>
    auto async_get_token(gchat::diagnostics& diag, CompletionToken&& token = {}) const {
        return asio::async_initiate<CompletionToken, token_signature>(initiation{cache_}, token, &diag);
    }

    /// Forgets the cached token if it is `token`: the next call fetches a new one.
    void invalidate(std::string_view token) const { cache_->invalidate(token); }

    /// Token requests sent to the token endpoint so far.
    std::uint64_t token_requests() const noexcept { return cache_->requests(); }

  protected:
    explicit cached_token_source(std::shared_ptr<token_cache<Executor>> c) : cache_(std::move(c)) {}

  private:
    struct initiation {
        std::shared_ptr<token_cache<Executor>> cache;
        template <class Handler>
        void operator()(Handler&& h, gchat::diagnostics* d) const {
            cache->get(d, asio::any_completion_handler<token_signature>(std::forward<Handler>(h)));
        }
    };

    std::shared_ptr<token_cache<Executor>> cache_;
};

} // namespace gchat::auth::detail

#endif
