// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_CLIENT_HPP
#define GCHAT_CLIENT_HPP

// gchat::basic_client<Executor>, the asynchronous client of the Google Chat REST API, and gchat::client.
//
// Every operation:
//  - is `async_*`, takes a completion token (default asio::deferred), and completes with
//    `void(boost::system::error_code, T)` (`void(boost::system::error_code)` for deletes, which return
//    google.protobuf.Empty);
//  - checks its arguments first (resource-name shapes, `client-` ids, page sizes, the 32,000-byte and card
//    limits): a violation completes with a gchat::errc and diagnostics::client_message, and nothing is sent;
//  - never completes inline, and honours per-operation cancellation (terminal: the request in flight, or the
//    backoff between attempts, is abandoned and the operation completes with asio::error::operation_aborted);
//  - has an overload taking a gchat::diagnostics& (it must outlive the operation), filled with what is known
//    about a failure: the HTTP status, google.rpc.Status name and message, ErrorInfo and Retry-After.
//
// Exceptions and diagnostics. The completion signature is `void(error_code, T)` for every token, so a plain
// `co_await chat.async_get_message(name)` throws what Asio throws for an error code: a
// boost::system::system_error carrying the code (`e.code() == gchat::api_code::not_found` works), but not
// the diagnostics (Asio builds that exception from the code alone). For exceptions that carry them, adapt
// the token with gchat::with_diagnostics (with_diagnostics.hpp): the signature becomes
// `void(std::exception_ptr, T)` and the exception a gchat::error_with_diagnostics:
//
//     auto m = co_await chat.async_get_message(name, gchat::with_diagnostics()); // throws with diagnostics
//
// Without exceptions: pass a gchat::diagnostics& and use as_tuple / redirect_error / a callback
// (gchat::throw_on_error(ec, diag) throws error_with_diagnostics later if wanted).
//
// g++ 12: do not write a parameter struct as a braced temporary inside a `co_await` expression
// (`co_await chat.async_list_messages(p, {.page_size = 10})`): g++ 12 destroys such temporaries twice
// (GCC coroutine bugs around PR 100611). Name it in a variable first. Omitted parameter structs are safe
// (their defaults are references to constants, not temporaries); clang is not affected.
//
// Retries (see retry.hpp). Idempotent calls (gets, lists, deletes, patches, and creates of messages, which
// get a UUID v4 request id when the caller gave none) are sent again after HTTP 429, HTTP 503 and connection
// failures, with exponential backoff and full jitter, honouring Retry-After, within the policy's attempts
// and time budget and the call's deadline. Reaction creates and media uploads are not retried. The deadline
// (client_params::default_deadline or call_options::deadline) bounds the whole call, retries included.
//
// A client is a handle: copies share the connection pool and configuration; with_options() makes a handle
// whose calls use other call_options. Not thread-safe: use it from one thread or a strand.

#include <gchat/call_params.hpp>
#include <gchat/client_params.hpp>
#include <gchat/config.hpp>
#include <gchat/detail/client_op.hpp>
#include <gchat/detail/requests.hpp>
#include <gchat/detail/responses.hpp>
#include <gchat/detail/transport_options.hpp>
#include <gchat/diagnostics.hpp>
#include <gchat/error.hpp>
#include <gchat/model/attachment.hpp>
#include <gchat/model/list_responses.hpp>
#include <gchat/model/membership.hpp>
#include <gchat/model/message.hpp>
#include <gchat/model/reaction.hpp>
#include <gchat/model/space.hpp>
#include <gchat/model/upload.hpp>

#include <boost/asio/any_io_executor.hpp>
#include <boost/asio/async_result.hpp>
#include <boost/asio/compose.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/execution_context.hpp>

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>

namespace gchat {

namespace detail {
template <class Executor>
class basic_transport;

/// The transport options a client's parameters make.
inline transport_options make_transport_options(const client_params& p) {
    transport_options o;
    o.endpoint = p.endpoint;
    o.tls_context = p.tls_context;
    o.max_connections = p.max_connections;
    if (!p.user_agent.empty()) o.user_agent = p.user_agent;
    return o;
}

/// The default of a parameter struct, as a reference to a constant: a default argument that is not a
/// temporary. (g++ 12 destroys class-type temporaries of a `co_await` expression twice, GCC bug 100611 and
/// relatives; a default `= {}` would be one.)
template <class Params>
const Params& default_params() noexcept {
    static const Params p{};
    return p;
}

/// A completion token, not a diagnostics object (keeps the overloads apart).
template <class T>
concept not_diagnostics = !std::is_same_v<std::remove_cvref_t<T>, gchat::diagnostics>;
} // namespace detail

template <class Client, class Params, class Response>
class basic_pager;

/// The Chat REST API client.
template <class Executor = asio::any_io_executor>
class basic_client {
    using transport_type = detail::basic_transport<Executor>;
    using state_type = detail::client_state<Executor, transport_type>;

  public:
    using executor_type = Executor;

    /// Rebinds the client to another executor type.
    template <class OtherExecutor>
    struct rebind_executor {
        using other = basic_client<OtherExecutor>;
    };

    /// A client on `ex`. Opens no connection until the first call.
    basic_client(const executor_type& ex, client_params params) : state_(make_state(ex, std::move(params))) {}

    /// A client on `ctx.get_executor()`.
    template <class ExecutionContext>
    requires std::is_convertible_v<ExecutionContext&, asio::execution_context&>
    basic_client(ExecutionContext& ctx, client_params params)
        : basic_client(ctx.get_executor(), std::move(params)) {}

    executor_type get_executor() const noexcept { return state_->ex; }

    /// The configuration (as given at construction).
    const client_params& params() const noexcept { return state_->params; }

    /// A handle to the same client whose calls use `opts` (deadline, retry policy).
    basic_client with_options(call_options opts) const {
        basic_client c(*this);
        c.options_ = std::move(opts);
        return c;
    }

    /// Closes idle connections and fails queued requests with operation_aborted; the client stays usable.
    void close() { state_->transport.close(); }

    // ---- messages -------------------------------------------------------------------------------------

    /// spaces.messages.create: posts `m` in the space `parent` ("spaces/AAA"); completes with the message
    /// as created. An empty params.request_id is replaced by a random UUID v4, which makes the call safe to
    /// retry (Chat returns the message already created for a request id it has seen).
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_create_message(
        std::string_view parent, const message& m,
        const create_message_params& params = detail::default_params<create_message_params>(),
        CompletionToken&& token = {}) {
        return create_message(parent, m, params, nullptr, std::forward<CompletionToken>(token));
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_create_message(std::string_view parent, const message& m, const create_message_params& params,
                              diagnostics& diag, CompletionToken&& token = {}) {
        return create_message(parent, m, params, &diag, std::forward<CompletionToken>(token));
    }

    /// spaces.messages.get
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_get_message(std::string_view name, CompletionToken&& token = {}) {
        return call<message>(nullptr, std::forward<CompletionToken>(token),
                             [&](auto& r, auto* d) { return detail::build_get_message(name, r, d); });
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_get_message(std::string_view name, diagnostics& diag, CompletionToken&& token = {}) {
        return call<message>(&diag, std::forward<CompletionToken>(token),
                             [&](auto& r, auto* d) { return detail::build_get_message(name, r, d); });
    }

    /// spaces.messages.patch: updates the fields of `m` named by `update_mask` ("text", "cardsV2", "*", ...)
    /// of the message `m.name`.
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_update_message(
        const message& m, std::string_view update_mask,
        const update_message_params& params = detail::default_params<update_message_params>(),
        CompletionToken&& token = {}) {
        return call<message>(nullptr, std::forward<CompletionToken>(token), [&](auto& r, auto* d) {
            return detail::build_update_message(m, update_mask, params, r, d);
        });
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_update_message(const message& m, std::string_view update_mask,
                              const update_message_params& params, diagnostics& diag,
                              CompletionToken&& token = {}) {
        return call<message>(&diag, std::forward<CompletionToken>(token), [&](auto& r, auto* d) {
            return detail::build_update_message(m, update_mask, params, r, d);
        });
    }

    /// spaces.messages.delete; completes with `void(error_code)`.
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_delete_message(
        std::string_view name,
        const delete_message_params& params = detail::default_params<delete_message_params>(),
        CompletionToken&& token = {}) {
        return call<detail::empty_response>(
            nullptr, std::forward<CompletionToken>(token),
            [&](auto& r, auto* d) { return detail::build_delete_message(name, params, r, d); });
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_delete_message(std::string_view name, const delete_message_params& params, diagnostics& diag,
                              CompletionToken&& token = {}) {
        return call<detail::empty_response>(
            &diag, std::forward<CompletionToken>(token),
            [&](auto& r, auto* d) { return detail::build_delete_message(name, params, r, d); });
    }

    /// spaces.messages.list: one page. See message_pages() to walk them all.
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto
    async_list_messages(std::string_view parent,
                        const list_messages_params& params = detail::default_params<list_messages_params>(),
                        CompletionToken&& token = {}) {
        return call<list_messages_response>(
            nullptr, std::forward<CompletionToken>(token),
            [&](auto& r, auto* d) { return detail::build_list_messages(parent, params, r, d); });
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_list_messages(std::string_view parent, const list_messages_params& params, diagnostics& diag,
                             CompletionToken&& token = {}) {
        return call<list_messages_response>(
            &diag, std::forward<CompletionToken>(token),
            [&](auto& r, auto* d) { return detail::build_list_messages(parent, params, r, d); });
    }

    /// Walks the pages of spaces.messages.list from params.page_token, one request per async_next().
    basic_pager<basic_client, list_messages_params, list_messages_response>
    message_pages(std::string parent, list_messages_params params = {}) const {
        return {*this, std::move(parent), std::move(params)};
    }

    // ---- spaces ---------------------------------------------------------------------------------------

    /// spaces.get
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_get_space(std::string_view name, CompletionToken&& token = {}) {
        return call<space>(nullptr, std::forward<CompletionToken>(token),
                           [&](auto& r, auto* d) { return detail::build_get_space(name, r, d); });
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_get_space(std::string_view name, diagnostics& diag, CompletionToken&& token = {}) {
        return call<space>(&diag, std::forward<CompletionToken>(token),
                           [&](auto& r, auto* d) { return detail::build_get_space(name, r, d); });
    }

    /// spaces.list: one page of the spaces the caller is a member of.
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_list_spaces(const list_spaces_params& params = detail::default_params<list_spaces_params>(),
                           CompletionToken&& token = {}) {
        return call<list_spaces_response>(
            nullptr, std::forward<CompletionToken>(token),
            [&](auto& r, auto* d) { return detail::build_list_spaces(params, r, d); });
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_list_spaces(const list_spaces_params& params, diagnostics& diag,
                           CompletionToken&& token = {}) {
        return call<list_spaces_response>(&diag, std::forward<CompletionToken>(token), [&](auto& r, auto* d) {
            return detail::build_list_spaces(params, r, d);
        });
    }

    /// Walks the pages of spaces.list.
    basic_pager<basic_client, list_spaces_params, list_spaces_response>
    space_pages(list_spaces_params params = {}) const {
        return {*this, std::string(), std::move(params)};
    }

    /// spaces.findDirectMessage: the direct message space with `user` ("users/123" or "users/a@b.c").
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_find_direct_message(std::string_view user, CompletionToken&& token = {}) {
        return call<space>(nullptr, std::forward<CompletionToken>(token),
                           [&](auto& r, auto* d) { return detail::build_find_direct_message(user, r, d); });
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_find_direct_message(std::string_view user, diagnostics& diag, CompletionToken&& token = {}) {
        return call<space>(&diag, std::forward<CompletionToken>(token),
                           [&](auto& r, auto* d) { return detail::build_find_direct_message(user, r, d); });
    }

    // ---- members --------------------------------------------------------------------------------------

    /// spaces.members.get
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_get_member(std::string_view name, CompletionToken&& token = {}) {
        return call<membership>(nullptr, std::forward<CompletionToken>(token),
                                [&](auto& r, auto* d) { return detail::build_get_member(name, r, d); });
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_get_member(std::string_view name, diagnostics& diag, CompletionToken&& token = {}) {
        return call<membership>(&diag, std::forward<CompletionToken>(token),
                                [&](auto& r, auto* d) { return detail::build_get_member(name, r, d); });
    }

    /// spaces.members.list: one page.
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_list_members(std::string_view parent,
                            const list_members_params& params = detail::default_params<list_members_params>(),
                            CompletionToken&& token = {}) {
        return call<list_memberships_response>(
            nullptr, std::forward<CompletionToken>(token),
            [&](auto& r, auto* d) { return detail::build_list_members(parent, params, r, d); });
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_list_members(std::string_view parent, const list_members_params& params, diagnostics& diag,
                            CompletionToken&& token = {}) {
        return call<list_memberships_response>(
            &diag, std::forward<CompletionToken>(token),
            [&](auto& r, auto* d) { return detail::build_list_members(parent, params, r, d); });
    }

    /// Walks the pages of spaces.members.list.
    basic_pager<basic_client, list_members_params, list_memberships_response>
    member_pages(std::string parent, list_members_params params = {}) const {
        return {*this, std::move(parent), std::move(params)};
    }

    // ---- reactions ------------------------------------------------------------------------------------

    /// spaces.messages.reactions.create on the message `parent`. Not retried (the API has no request id).
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_create_reaction(std::string_view parent, const reaction& re, CompletionToken&& token = {}) {
        return call<reaction>(nullptr, std::forward<CompletionToken>(token), [&](auto& r, auto* d) {
            return detail::build_create_reaction(parent, re, r, d);
        });
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_create_reaction(std::string_view parent, const reaction& re, diagnostics& diag,
                               CompletionToken&& token = {}) {
        return call<reaction>(&diag, std::forward<CompletionToken>(token), [&](auto& r, auto* d) {
            return detail::build_create_reaction(parent, re, r, d);
        });
    }

    /// spaces.messages.reactions.list: one page.
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_list_reactions(
        std::string_view parent,
        const list_reactions_params& params = detail::default_params<list_reactions_params>(),
        CompletionToken&& token = {}) {
        return call<list_reactions_response>(
            nullptr, std::forward<CompletionToken>(token),
            [&](auto& r, auto* d) { return detail::build_list_reactions(parent, params, r, d); });
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_list_reactions(std::string_view parent, const list_reactions_params& params, diagnostics& diag,
                              CompletionToken&& token = {}) {
        return call<list_reactions_response>(
            &diag, std::forward<CompletionToken>(token),
            [&](auto& r, auto* d) { return detail::build_list_reactions(parent, params, r, d); });
    }

    /// Walks the pages of spaces.messages.reactions.list.
    basic_pager<basic_client, list_reactions_params, list_reactions_response>
    reaction_pages(std::string parent, list_reactions_params params = {}) const {
        return {*this, std::move(parent), std::move(params)};
    }

    /// spaces.messages.reactions.delete; completes with `void(error_code)`.
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_delete_reaction(std::string_view name, CompletionToken&& token = {}) {
        return call<detail::empty_response>(
            nullptr, std::forward<CompletionToken>(token),
            [&](auto& r, auto* d) { return detail::build_delete_reaction(name, r, d); });
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_delete_reaction(std::string_view name, diagnostics& diag, CompletionToken&& token = {}) {
        return call<detail::empty_response>(
            &diag, std::forward<CompletionToken>(token),
            [&](auto& r, auto* d) { return detail::build_delete_reaction(name, r, d); });
    }

    // ---- attachments and media ------------------------------------------------------------------------

    /// spaces.messages.attachments.get
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_get_attachment(std::string_view name, CompletionToken&& token = {}) {
        return call<attachment>(nullptr, std::forward<CompletionToken>(token),
                                [&](auto& r, auto* d) { return detail::build_get_attachment(name, r, d); });
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_get_attachment(std::string_view name, diagnostics& diag, CompletionToken&& token = {}) {
        return call<attachment>(&diag, std::forward<CompletionToken>(token),
                                [&](auto& r, auto* d) { return detail::build_get_attachment(name, r, d); });
    }

    /// media.upload (multipart) of `data` to the space `parent`; put the returned attachment_data_ref in a
    /// message's attachment. Not retried.
    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_upload_attachment(std::string_view parent, const upload_params& params, std::string_view data,
                                 CompletionToken&& token = {}) {
        return upload(parent, params, data, nullptr, std::forward<CompletionToken>(token));
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_upload_attachment(std::string_view parent, const upload_params& params, std::string_view data,
                                 diagnostics& diag, CompletionToken&& token = {}) {
        return upload(parent, params, data, &diag, std::forward<CompletionToken>(token));
    }

    /// media.download of `resource_name` (attachment_data_ref.resource_name): the content goes to
    /// `sink(std::string_view) -> boost::system::error_code` a piece at a time (an error from the sink fails
    /// the call). Completes with the number of bytes given to the sink. Retried only if nothing reached the
    /// sink yet. The sink is copied (it must be copy-constructible) and runs on the client's executor.
    template <class Sink, detail::not_diagnostics CompletionToken = asio::deferred_t>
    requires std::is_invocable_r_v<boost::system::error_code, Sink&, std::string_view>
    auto async_download_media(std::string_view resource_name, Sink sink, CompletionToken&& token = {}) {
        return download(resource_name, std::move(sink), nullptr, std::forward<CompletionToken>(token));
    }
    template <class Sink, class CompletionToken = asio::deferred_t>
    requires std::is_invocable_r_v<boost::system::error_code, Sink&, std::string_view>
    auto async_download_media(std::string_view resource_name, Sink sink, diagnostics& diag,
                              CompletionToken&& token = {}) {
        return download(resource_name, std::move(sink), &diag, std::forward<CompletionToken>(token));
    }

  private:
    static std::shared_ptr<state_type> make_state(const executor_type& ex, client_params params) {
        auto opts = detail::make_transport_options(params);
        return std::make_shared<state_type>(ex, std::move(params), std::move(opts));
    }

    template <class Result, class CompletionToken, class Build>
    auto call(diagnostics* diag, CompletionToken&& token, Build&& build) {
        auto st =
            std::make_unique<detail::call_state<Executor, transport_type, Result>>(state_, options_, diag);
        st->build_error = build(st->req, st->diag);
        return detail::start_call<Result>(state_, std::move(st), std::forward<CompletionToken>(token));
    }

    template <class CompletionToken>
    auto create_message(std::string_view parent, const message& m, create_message_params params,
                        diagnostics* diag, CompletionToken&& token) {
        if (params.request_id.empty()) params.request_id = detail::make_uuid_v4(state_->rng);
        return call<message>(diag, std::forward<CompletionToken>(token), [&](auto& r, auto* d) {
            return detail::build_create_message(parent, m, params, r, d);
        });
    }

    template <class CompletionToken>
    auto upload(std::string_view parent, const upload_params& params, std::string_view data,
                diagnostics* diag, CompletionToken&& token) {
        auto boundary = detail::make_boundary(state_->rng);
        while (data.find(boundary) != std::string_view::npos)
            boundary = detail::make_boundary(state_->rng);
        return call<upload_attachment_response>(
            diag, std::forward<CompletionToken>(token),
            [&](auto& r, auto* d) { return detail::build_upload(parent, params, data, boundary, r, d); });
    }

    template <class Sink, class CompletionToken>
    auto download(std::string_view resource_name, Sink sink, diagnostics* diag, CompletionToken&& token) {
        using result_t = std::uint64_t;
        auto st =
            std::make_unique<detail::call_state<Executor, transport_type, result_t>>(state_, options_, diag);
        st->build_error = detail::build_download(resource_name, st->req, st->diag);
        st->sink = std::move(sink);
        return detail::start_call<result_t>(state_, std::move(st), std::forward<CompletionToken>(token));
    }

    std::shared_ptr<state_type> state_;
    call_options options_{};
};

/// Walks the pages of a list method: each async_next() fetches the next page (the page token is kept
/// here), until done(). Completes with `void(error_code, Response)`; after an error, async_next() asks for
/// the same page again. The pager must outlive its async_next() operations; one at a time.
template <class Client, class Params, class Response>
class basic_pager {
  public:
    basic_pager(Client client, std::string parent, Params params)
        : client_(std::move(client)), parent_(std::move(parent)), params_(std::move(params)) {}

    /// True once a page without a next_page_token arrived.
    bool done() const noexcept { return done_; }

    /// The page token the next async_next() sends.
    const std::string& page_token() const noexcept { return params_.page_token; }

    template <detail::not_diagnostics CompletionToken = asio::deferred_t>
    auto async_next(CompletionToken&& token = {}) {
        return asio::async_compose<CompletionToken, void(boost::system::error_code, Response)>(
            next_op{this, nullptr}, token, client_.get_executor());
    }
    template <class CompletionToken = asio::deferred_t>
    auto async_next(diagnostics& diag, CompletionToken&& token = {}) {
        return asio::async_compose<CompletionToken, void(boost::system::error_code, Response)>(
            next_op{this, &diag}, token, client_.get_executor());
    }

  private:
    struct next_op {
        basic_pager* p;
        diagnostics* diag;
        template <class Self>
        void operator()(Self& self) {
            auto& c = p->client_;
            auto& prm = p->params_;
            if constexpr (std::is_same_v<Params, list_messages_params>) {
                if (diag)
                    c.async_list_messages(p->parent_, prm, *diag, std::move(self));
                else
                    c.async_list_messages(p->parent_, prm, std::move(self));
            } else if constexpr (std::is_same_v<Params, list_spaces_params>) {
                if (diag)
                    c.async_list_spaces(prm, *diag, std::move(self));
                else
                    c.async_list_spaces(prm, std::move(self));
            } else if constexpr (std::is_same_v<Params, list_members_params>) {
                if (diag)
                    c.async_list_members(p->parent_, prm, *diag, std::move(self));
                else
                    c.async_list_members(p->parent_, prm, std::move(self));
            } else {
                if (diag)
                    c.async_list_reactions(p->parent_, prm, *diag, std::move(self));
                else
                    c.async_list_reactions(p->parent_, prm, std::move(self));
            }
        }
        template <class Self>
        void operator()(Self& self, boost::system::error_code ec, Response page) {
            if (!ec) {
                p->params_.page_token = page.next_page_token.value_or(std::string());
                p->done_ = p->params_.page_token.empty();
            }
            self.complete(ec, std::move(page));
        }
    };

    Client client_;
    std::string parent_;
    Params params_;
    bool done_ = false;
};

/// The client on asio::any_io_executor.
using client = basic_client<>;

} // namespace gchat

#if __has_include(<gchat/detail/transport.hpp>)
#include <gchat/detail/transport.hpp>
#endif

#endif
