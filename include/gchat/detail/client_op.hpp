// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_DETAIL_CLIENT_OP_HPP
#define GCHAT_DETAIL_CLIENT_OP_HPP

// The composed operation behind every client call: (token -> send -> [backoff -> token -> send]...) ->
// parse, as an asio::async_compose state machine, over the client's transport.

#include <gchat/call_params.hpp>
#include <gchat/client_params.hpp>
#include <gchat/config.hpp>
#include <gchat/detail/api_request.hpp>
#include <gchat/detail/responses.hpp>
#include <gchat/detail/write_limiter.hpp>
#include <gchat/diagnostics.hpp>
#include <gchat/error.hpp>
#include <gchat/retry.hpp>
#include <gchat/with_diagnostics.hpp>

#include <boost/asio/append.hpp>
#include <boost/asio/cancellation_type.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/error.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/url/encode.hpp>
#include <boost/url/rfc/unreserved_chars.hpp>

#include <chrono>
#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <random>
#include <string>
#include <string_view>
#include <utility>

namespace gchat::detail {

/// Appends `key=<api key>` to a request target (percent-encoded).
inline void append_api_key(std::string& target, std::string_view key) {
    target += target.find('?') == std::string::npos ? '?' : '&';
    target += "key=";
    target +=
        boost::urls::encode(boost::core::string_view(key.data(), key.size()), boost::urls::unreserved_chars);
}

/// What a client handle shares with its copies and its operations.
template <class Executor, class Transport>
struct client_state {
    template <class TransportOptions>
    client_state(Executor e, client_params p, TransportOptions o)
        : ex(std::move(e)), params(std::move(p)), transport(ex, std::move(o)), rng(seed()) {
        if (params.max_writes_per_space > 0)
            limiter.emplace(params.max_writes_per_space, params.write_window);
    }

    static std::uint64_t seed() {
        std::random_device rd;
        return (std::uint64_t(rd()) << 32) ^ rd();
    }

    Executor ex;
    client_params params;
    Transport transport;
    std::mt19937_64 rng; ///< Request ids, boundaries, jitter. Not thread-safe, as the client.
    std::optional<write_limiter> limiter;
};

/// How an operation turns a finished exchange into its result.
template <class Result>
struct parse_result {
    boost::system::error_code operator()(const api_response& r, Result& out, diagnostics& d) const {
        return parse_response(r, out, d);
    }
};

/// The state of one call, on the heap so that its address is stable while the operation moves.
template <class Executor, class Transport, class Result>
struct call_state {
    using clock = std::chrono::steady_clock;
    std::shared_ptr<client_state<Executor, Transport>> client;
    api_request req;
    boost::system::error_code build_error; ///< A local validation failure: completes with it, no I/O.
    diagnostics own_diag;
    diagnostics* diag = &own_diag;
    retry_policy policy;
    clock::time_point start{};
    clock::time_point deadline{};
    unsigned attempt = 0;
    std::string bearer;
    const std::string* fixed_bearer = nullptr; ///< The credentials' fixed token, if that is what is sent.
    bool reauthorized = false; ///< A 401 has made the token source forget its token once already.
    asio::basic_waitable_timer<clock, asio::wait_traits<clock>, Executor> timer;
    // No Result member: a message is ~4 KB, and thousands of calls may wait in the pool's queue. The
    // result is made when the response is parsed.
    // Downloads only: sends the request through async_download with this sink.
    std::function<boost::system::error_code(std::string_view)> sink{};
    std::uint64_t sink_bytes = 0;

    std::chrono::milliseconds time_limit{};

    call_state(std::shared_ptr<client_state<Executor, Transport>> c, const call_options& o, diagnostics* d)
        : client(std::move(c)), policy(o.retry.value_or(client->params.retry)), timer(client->ex),
          time_limit(o.deadline.value_or(client->params.default_deadline)) {
        if (d) diag = d;
        diag->clear();
    }
};

template <class Executor, class Transport, class Result>
class call_op {
  public:
    using state_type = call_state<Executor, Transport, Result>;
    using clock = std::chrono::steady_clock;

    explicit call_op(std::unique_ptr<state_type> s) : s_(std::move(s)) {}

    // Started: never completes inline (everything after the first post).
    template <class Self>
    void operator()(Self& self) {
        // The clock starts when the operation is launched (a deferred operation may be launched later).
        s_->start = clock::now();
        s_->deadline = s_->start + s_->time_limit;
        step_ = step::posted;
        auto ex = s_->client->ex; // before `self` (and s_ with it) moves
        asio::post(ex, asio::append(std::move(self), boost::system::error_code()));
    }

    // After the post, the backoff timer and (with no credentials) nothing else.
    template <class Self>
    void operator()(Self& self, boost::system::error_code ec) {
        switch (step_) {
        case step::posted:
            if (s_->build_error) return finish(self, s_->build_error);
            return get_token(self);
        case step::backoff:
            if (ec || cancelled(self)) return finish_aborted(self);
            return get_token(self);
        case step::throttle:
            if (ec || cancelled(self)) return finish_aborted(self);
            return get_token(self, true);
        default:
            return finish(self, make_error_code(errc::bad_http_response));
        }
    }

    // The token source.
    template <class Self>
    void operator()(Self& self, boost::system::error_code ec, auth::access_token token) {
        if (cancelled(self)) return finish_aborted(self);
        if (ec) {
            if (s_->diag->client_message.empty()) s_->diag->client_message = "the token source failed";
            return finish(self, ec);
        }
        s_->bearer = std::move(token.value);
        send(self);
    }

    // The transport.
    template <class Self>
    void operator()(Self& self, boost::system::error_code ec, api_response res) {
        auto& s = *s_;
        std::string sent_owned = std::move(s.bearer);
        s.bearer.clear();
        // A fixed token lives in the credentials, which the client state keeps.
        std::string_view sent_token = s.fixed_bearer ? std::string_view(*s.fixed_bearer) : sent_owned;
        s.fixed_bearer = nullptr;
        if (ec == asio::error::operation_aborted || cancelled(self)) return finish_aborted(self);
        if (!ec && res.status == 401 && !s.reauthorized && !sent_token.empty() && s.sink_bytes == 0) {
            // The API refused the token (revoked, expired early): the source forgets it, and the call is
            // sent once more with a fresh one. Nothing was processed, so this is safe for any call.
            s.reauthorized = true;
            s.client->params.credentials.invalidate(sent_token);
            log(res.status, make_error_code(api_code::unauthenticated),
                std::chrono::duration_cast<std::chrono::milliseconds>(clock::now() - s.start),
                std::chrono::milliseconds(0));
            return get_token(self, true);
        }
        auto now = clock::now();
        auto elapsed = std::chrono::duration_cast<std::chrono::milliseconds>(now - s.start);
        boost::system::error_code outcome = ec;
        std::optional<std::chrono::milliseconds> retry_after;
        if (!ec) {
            if (is_success(res.status)) {
                Result out{};
                if constexpr (std::is_same_v<Result,
                                             std::uint64_t>) { // a download: the body went to the sink
                    s.diag->clear();
                    out = s.sink_bytes;
                    outcome = {};
                } else {
                    outcome = parse_result<Result>{}(res, out, *s.diag);
                }
                log(res.status, outcome, elapsed, std::chrono::milliseconds(-1));
                return finish(self, outcome, out);
            }
            outcome = parse_error_response(res, *s.diag);
            retry_after = s.diag->retry_after;
        } else {
            s.diag->clear();
            s.diag->client_message = "the request failed before a response arrived";
            if (ec == errc::deadline_exceeded) s.diag->client_message = "the call's deadline passed";
        }
        bool safe = s.req.idempotent && s.sink_bytes == 0;
        auto delay = next_delay(s.policy, s.attempt, retry_after, s.client->rng);
        bool again =
            should_retry(s.policy, safe, ec, ec ? 0 : res.status, s.attempt, elapsed, delay, retry_after) &&
            now + delay < s.deadline;
        log(ec ? 0 : res.status, outcome, elapsed, again ? delay : std::chrono::milliseconds(-1));
        if (!again) return finish(self, outcome);
        step_ = step::backoff;
        s.timer.expires_after(delay);
        s.timer.async_wait(std::move(self));
    }

  private:
    enum class step { initial, posted, backoff, throttle, token, send };

    template <class Self>
    static bool cancelled(Self& self) {
        return self.get_cancellation_state().cancelled() != asio::cancellation_type::none;
    }

    template <class Self>
    void get_token(Self& self, bool throttled = false) {
        auto& s = *s_;
        auto now = clock::now();
        if (now >= s.deadline) {
            s.diag->client_message = "the call's deadline passed";
            return finish(self, make_error_code(errc::deadline_exceeded));
        }
        if (!throttled && s.client->limiter) {
            auto space = written_space(s.req.method != beast::http::verb::get, s.req.target);
            if (!space.empty()) {
                auto at = s.client->limiter->reserve(space, now);
                if (at >= s.deadline) {
                    s.diag->client_message = "the space's write limit would delay the call past its deadline";
                    return finish(self, make_error_code(errc::deadline_exceeded));
                }
                if (at > now) {
                    step_ = step::throttle;
                    s.timer.expires_at(at);
                    return s.timer.async_wait(std::move(self));
                }
            }
        }
        if (!s.client->params.credentials) {
            s.bearer.clear();
            return send(self);
        }
        if (const std::string* fixed = s.client->params.credentials.fixed_token()) {
            s.bearer.clear();
            s.fixed_bearer = fixed;
            return send(self);
        }
        step_ = step::token;
        s.client->params.credentials.async_get_token(*s.diag, std::move(self));
    }

    template <class Self>
    void send(Self& self) {
        auto& s = *s_;
        ++s.attempt;
        step_ = step::send;
        // The API key goes on the request as it is sent (the transport copies it before returning), never
        // on s.req.target, which the logger sees.
        auto target_size = s.req.target.size();
        if (const auto& key = s.client->params.api_key) append_api_key(s.req.target, key.value());
        const std::string_view bearer = s.fixed_bearer ? std::string_view(*s.fixed_bearer) : s.bearer;
        if (s.sink) {
            state_type* sp = &s;
            s.client->transport.async_download(
                s.req, bearer, s.deadline,
                [sp](std::string_view chunk) -> boost::system::error_code {
                    sp->sink_bytes += chunk.size();
                    return sp->sink(chunk);
                },
                std::move(self));
        } else {
            s.client->transport.async_send(s.req, bearer, s.deadline, std::move(self));
        }
        s.req.target.resize(target_size);
    }

    void log(unsigned status, boost::system::error_code ec, std::chrono::milliseconds elapsed,
             std::chrono::milliseconds retry_in) {
        auto& s = *s_;
        if (!s.client->params.logger) return;
        client_log_record r;
        r.method = s.req.method;
        r.target = s.req.target;
        r.attempt = s.attempt;
        r.http_status = status;
        r.error = ec;
        r.elapsed = elapsed;
        r.retry_in = retry_in;
        s.client->params.logger(r);
    }

    template <class Self>
    void finish_aborted(Self& self) {
        s_->diag->client_message = "the operation was cancelled";
        finish(self, make_error_code(asio::error::operation_aborted));
    }

    /// Completes with a default Result.
    template <class Self>
    void finish(Self& self, boost::system::error_code ec) {
        Result r{};
        complete(self, ec, r);
    }

    /// Completes with `r` (moved from), or on error with a default Result. Not `r = Result{}`: that
    /// would compile the move assignment of the whole model tree under Result, which nothing else needs.
    template <class Self>
    void finish(Self& self, boost::system::error_code ec, Result& r) {
        if (ec) return finish(self, ec);
        complete(self, ec, r);
    }

    template <class Self>
    void complete(Self& self, boost::system::error_code ec, Result& r) {
        auto s = std::move(s_);
        s.reset(); // before the handler runs: the caller may reuse what it lent (diagnostics)
        if constexpr (std::is_same_v<Result, empty_response>)
            self.complete(ec);
        else
            self.complete(ec, std::move(r));
    }

    std::unique_ptr<state_type> s_;
    step step_ = step::initial;
};

/// The completion signature of a call with result Result.
template <class Result>
struct call_signature {
    using type = void(boost::system::error_code, Result);
};
template <>
struct call_signature<empty_response> {
    using type = void(boost::system::error_code);
};

/// The completion signature of a call with result Result, under gchat::with_diagnostics.
template <class Result>
struct throwing_signature {
    using type = void(std::exception_ptr, Result);
};
template <>
struct throwing_signature<empty_response> {
    using type = void(std::exception_ptr);
};

/// Starts a call: `build_error` (from a request builder) completes it without I/O.
template <class Result, class Executor, class Transport, class CompletionToken>
auto start_call(std::shared_ptr<client_state<Executor, Transport>> client,
                std::unique_ptr<call_state<Executor, Transport, Result>> state, CompletionToken&& token) {
    (void)client;
    using state_ptr = std::unique_ptr<call_state<Executor, Transport, Result>>;
    if constexpr (is_with_diagnostics<std::decay_t<CompletionToken>>::value) {
        // The diagnostics outlive the operation's state: the exception is made from them at completion.
        auto owner = std::make_shared<diagnostics>();
        const diagnostics* source = owner.get();
        if (state->diag == &state->own_diag)
            state->diag = owner.get();
        else
            source = state->diag;
        return asio::async_initiate<decltype(token.token), typename throwing_signature<Result>::type>(
            [](auto handler, state_ptr st, std::shared_ptr<diagnostics> own, const diagnostics* src) {
                auto ex = st->client->ex;
                using wrapped = diagnostics_handler<decltype(handler)>;
                wrapped w{std::move(handler), std::move(own), src};
                asio::async_compose<wrapped, typename call_signature<Result>::type>(
                    call_op<Executor, Transport, Result>(std::move(st)), w, ex);
            },
            token.token, std::move(state), std::move(owner), source);
    } else {
        auto ex = state->client->ex;
        return asio::async_compose<CompletionToken, typename call_signature<Result>::type>(
            call_op<Executor, Transport, Result>(std::move(state)), token, ex);
    }
}

} // namespace gchat::detail

#endif
