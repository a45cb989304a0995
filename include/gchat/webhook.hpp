// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_WEBHOOK_HPP
#define GCHAT_WEBHOOK_HPP

// gchat::basic_webhook<Executor> and gchat::webhook: posts messages (text, cards v2, thread replies) to a
// Google Chat incoming webhook, `https://chat.googleapis.com/v1/spaces/AAA/messages?key=K&token=T`.
//
// A webhook is not a second HTTP client: its posts are spaces.messages.create calls made by the client's
// composed operation, over the client's transport (connection pool, TLS with peer and host name checks,
// deadlines), with the client's retry rules and per-space write limiter. Only the authentication differs:
// the URL's `key` and `token` query parameters instead of an Authorization header.
//
// The `token=` value is a secret: it never appears in errors, exceptions, diagnostics or logger records.
// Where the URL is shown it is redacted (redact_webhook_url(), webhook_url::display()).
//
// Retries: a post gets a UUID v4 `requestId` (webhook_send_params::request_id, or a random one), the
// idempotency key of spaces.messages.create, which the webhook URL is; so it is retried after HTTP 429, 503
// and connection failures like the client's creates. A URL that carries its own requestId is sent as is
// and not retried.

#include <gchat/client.hpp>
#include <gchat/client_params.hpp>
#include <gchat/config.hpp>
#include <gchat/diagnostics.hpp>
#include <gchat/error.hpp>
#include <gchat/model/message.hpp>
#include <gchat/retry.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/ssl/context.hpp>
#include <boost/system/result.hpp>
#include <boost/system/system_error.hpp>

#include <chrono>
#include <cstddef>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace gchat {

/// `text` with the value of every `token` query parameter replaced by `REDACTED`
/// ("...messages?key=K&token=REDACTED"). Works on whole URLs and on targets ("/v1/...?..."), and on text that
/// is not a valid URL; anything without a query is returned unchanged.
GCHAT_DECL std::string redact_webhook_url(std::string_view text);

/// An incoming-webhook URL, parsed and checked. `target` holds the secret token: show display() instead.
struct webhook_url {
    std::string endpoint; ///< Scheme, host and port: "https://chat.googleapis.com".
    std::string space;    ///< The space posted to: "spaces/AAA".
    std::string target;   ///< The path and query as given: "/v1/spaces/AAA/messages?key=K&token=T".

    /// The URL with its token redacted, for logs and messages.
    std::string display() const { return redact_webhook_url(endpoint + target); }
};

/// Parses and checks an incoming-webhook URL: scheme `https` or `http`, a host, the path
/// `/v1/spaces/{space}/messages`, non-empty `key` and `token` query parameters, no user info or fragment.
/// Otherwise errc::invalid_url, and diag->client_message says what is wrong (the URL redacted).
GCHAT_DECL boost::system::result<webhook_url> parse_webhook_url(std::string_view url,
                                                                diagnostics* diag = nullptr);

/// The configuration of a webhook sender. Every member has a usable default.
struct webhook_params {
    /// TLS settings for https URLs; nullptr for a default context that verifies the peer against the
    /// system's CAs and the host name. Must outlive the webhook.
    asio::ssl::context* tls_context = nullptr;
    /// Connections kept to the host (HTTP/1.1 keep-alive), hence concurrent posts.
    std::size_t max_connections = 4;
    /// Time a post may take, all attempts and backoffs included.
    std::chrono::milliseconds default_deadline{60'000};
    /// Retries of posts (see the top of this header).
    retry_policy retry{};
    /// Posts (retries included) started per space per write_window; 0 for no limit (as
    /// client_params::max_writes_per_space).
    std::size_t max_writes_per_space = 0;
    std::chrono::milliseconds write_window{60'000};
    /// The User-Agent header; empty for "gchat/VERSION".
    std::string user_agent{};
    /// Told about every attempt; the record's target has its token redacted. Called on the webhook's
    /// executor; must not throw.
    std::function<void(const client_log_record&)> logger{};
};

/// What one post may add.
struct webhook_send_params {
    /// Sets the message's thread.threadKey: with message_reply_option, replies in the thread this webhook
    /// started with the same key.
    std::string thread_key{};
    /// How a reply to a thread is made (REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD, REPLY_MESSAGE_OR_FAIL).
    gchat::message_reply_option message_reply_option =
        gchat::message_reply_option::message_reply_option_unspecified;
    /// Idempotency key; a UUID v4 is generated when empty, so that the post can be retried.
    std::string request_id{};
};

namespace detail {

/// The request of one post: spaces.messages.create on url.space with the URL's query (key, token) added.
/// A URL query that already sets messageReplyOption, threadKey or messageId while `params` sets it too is
/// errc::invalid_argument. The caller fills params.request_id (unless the URL has one).
/// A function template (called as a plain function) only so that the message copy a thread key needs,
/// which instantiates the copy of the whole card tree, is compiled where webhooks post, not in every
/// translation unit that includes <gchat.hpp>. With GCHAT_SEPARATE_COMPILATION it is compiled once.
template <class = void>
boost::system::error_code build_webhook_post(const webhook_url& url, const message& m,
                                             const webhook_send_params& params, api_request& out,
                                             diagnostics* diag);

#ifdef GCHAT_SEPARATE_COMPILATION
extern template boost::system::error_code build_webhook_post<void>(const webhook_url& url, const message& m,
                                                                   const webhook_send_params& params,
                                                                   api_request& out, diagnostics* diag);
#endif

/// True if the query of `target` has a parameter named `name`.
GCHAT_DECL bool has_query_param(std::string_view target, std::string_view name) noexcept;

/// The client parameters of a webhook (no credentials; the logger sees redacted targets).
GCHAT_DECL client_params make_webhook_client_params(const webhook_url& url, webhook_params p);

} // namespace detail

/// The sender of an incoming webhook. A handle: copies share the connection pool. Not thread-safe.
template <class Executor = asio::any_io_executor>
class basic_webhook {
    using transport_type = detail::basic_transport<Executor>;
    using state_type = detail::client_state<Executor, transport_type>;

  public:
    using executor_type = Executor;

    template <class OtherExecutor>
    struct rebind_executor {
        using other = basic_webhook<OtherExecutor>;
    };

    /// A sender to a parsed URL (parse_webhook_url()). Opens no connection until the first post.
    basic_webhook(const executor_type& ex, webhook_url url, webhook_params params = {})
        : url_(std::make_shared<const webhook_url>(std::move(url))) {
        auto cp = detail::make_webhook_client_params(*url_, std::move(params));
        auto opts = detail::make_transport_options(cp);
        state_ = std::make_shared<state_type>(ex, std::move(cp), std::move(opts));
    }

    /// A sender to `url`; throws boost::system::system_error (errc::invalid_url, the reason and the URL
    /// with its token redacted in what()) if parse_webhook_url() rejects it.
    basic_webhook(const executor_type& ex, std::string_view url, webhook_params params = {})
        : basic_webhook(ex, parse_or_throw(url), std::move(params)) {}

    template <class ExecutionContext, class Url>
    requires std::is_convertible_v<ExecutionContext&, asio::execution_context&>
    basic_webhook(ExecutionContext& ctx, Url&& url, webhook_params params = {})
        : basic_webhook(ctx.get_executor(), std::forward<Url>(url), std::move(params)) {}

    executor_type get_executor() const noexcept { return state_->ex; }

    /// The URL (its target holds the token).
    const webhook_url& url() const noexcept { return *url_; }

    /// The URL with its token redacted.
    std::string display_url() const { return url_->display(); }

    /// A handle to the same sender whose posts use `opts` (deadline, retry policy).
    basic_webhook with_options(call_options opts) const {
        basic_webhook w(*this);
        w.options_ = std::move(opts);
        return w;
    }

    /// Closes idle connections and fails queued posts with operation_aborted; the sender stays usable.
    void close() { state_->transport.close(); }

    /// Posts `m` (text, cards_v2, ...) to the webhook's space; completes with
    /// `void(error_code, gchat::message)`, the message as created. Never completes inline; per-operation
    /// cancellation is honoured.
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_send(const message& m,
                    const webhook_send_params& params = detail::default_params<webhook_send_params>(),
                    CompletionToken&& token = {}) {
        return send(m, params, nullptr, std::forward<CompletionToken>(token));
    }
    /// As above, with default webhook_send_params.
    template <detail::not_diagnostics CompletionToken>
    requires(!std::is_convertible_v<CompletionToken&&, const webhook_send_params&>) auto async_send(
        const message& m, CompletionToken&& token) {
        return send(m, webhook_send_params{}, nullptr, std::forward<CompletionToken>(token));
    }
    /// As above, filling `diag` (which must outlive the operation) with what is known about a failure.
    template <class CompletionToken = asio::deferred_t>
    auto async_send(const message& m, const webhook_send_params& params, diagnostics& diag,
                    CompletionToken&& token = {}) {
        return send(m, params, &diag, std::forward<CompletionToken>(token));
    }

  private:
    static webhook_url parse_or_throw(std::string_view url) {
        diagnostics d;
        auto r = parse_webhook_url(url, &d);
        if (!r) throw boost::system::system_error(r.error(), "gchat::webhook: " + d.client_message);
        return std::move(*r);
    }

    template <class CompletionToken>
    auto send(const message& m, webhook_send_params params, diagnostics* diag, CompletionToken&& token) {
        if (params.request_id.empty() && !detail::has_query_param(url_->target, "requestId"))
            params.request_id = detail::make_uuid_v4(state_->rng);
        auto st =
            std::make_unique<detail::call_state<Executor, transport_type, message>>(state_, options_, diag);
        st->build_error = detail::build_webhook_post(*url_, m, params, st->req, st->diag);
        return detail::start_call<message>(state_, std::move(st), std::forward<CompletionToken>(token));
    }

    std::shared_ptr<const webhook_url> url_;
    std::shared_ptr<state_type> state_;
    call_options options_{};
};

/// The webhook sender on asio::any_io_executor.
using webhook = basic_webhook<>;

} // namespace gchat

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/impl/webhook.ipp>
#endif

#endif
