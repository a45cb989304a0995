// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_EVENT_ROUTER_HPP
#define GCHAT_EVENT_ROUTER_HPP

// gchat::router: sends each interaction event to the handler registered for it. The only gchat
// header of the event layer that includes Asio.

#include <gchat/config.hpp>
#include <gchat/error.hpp>
#include <gchat/event/event.hpp>
#include <gchat/event/reply.hpp>

#include <boost/asio/awaitable.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>

#include <cstdint>
#include <exception>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <type_traits>
#include <unordered_map>
#include <utility>
#include <vector>

GCHAT_COROUTINES_BEGIN // see config.hpp

namespace gchat {
namespace detail {

template <class Sig>
class unique_function;

/// A move-only, type-erased callable (std::move_only_function is C++23). Called through a const
/// reference: a router is read concurrently by every dispatch, so handlers must not mutate
/// themselves (a `mutable` lambda does not compile; guard shared state yourself).
template <class R, class... A>
class unique_function<R(A...)> {
    struct base {
        virtual ~base() = default;
        virtual R call(A... a) const = 0;
    };
    template <class F>
    struct impl final : base {
        F f;
        template <class G>
        explicit impl(G&& g) : f(std::forward<G>(g)) {}
        R call(A... a) const override { return std::invoke(f, std::forward<A>(a)...); }
    };
    std::unique_ptr<base> p_;

  public:
    unique_function() = default;

    template <class F>
    requires(!std::is_same_v<std::decay_t<F>, unique_function> &&
             std::is_invocable_r_v<R, const std::decay_t<F>&, A...>) unique_function(F&& f)
        : p_(std::make_unique<impl<std::decay_t<F>>>(std::forward<F>(f))) {}

    explicit operator bool() const noexcept { return p_ != nullptr; }
    R operator()(A... a) const { return p_->call(std::forward<A>(a)...); }
};

struct string_hash {
    using is_transparent = void;
    std::size_t operator()(std::string_view s) const noexcept { return std::hash<std::string_view>{}(s); }
};

template <class T>
struct is_awaitable_of : std::false_type {};
template <class T, class E>
struct is_awaitable_of<boost::asio::awaitable<T, E>> : std::true_type {};

} // namespace detail

namespace detail {
/// The work of a reply::kind::acknowledge_and_continue reply.
struct reply_continuation {
    unique_function<boost::asio::awaitable<reply>()> work;
};
} // namespace detail

/// A reply that answers the event at once with an empty acknowledgement and leaves `work` running:
/// `work` is a callable taking no argument and returning `boost::asio::awaitable<gchat::reply>`
/// (capture what it needs by value: the event is gone by the time it runs). A
/// gchat::server::event_server runs it after the acknowledgement and posts the reply it ends with,
/// if that is a new message, in the event's space and thread through its REST client. Outside an
/// event server the reply is just `{}` and `work` is not run.
///
///     r.on_slash_command(7, [](const gchat::event& e) {
///         std::string space = e.space->name.value();
///         return gchat::acknowledge_and_continue([space]() -> asio::awaitable<gchat::reply> {
///             co_return gchat::reply::text(co_await build_report(space));
///         });
///     });
template <class F>
reply acknowledge_and_continue(F&& work) {
    static_assert(std::is_same_v<std::invoke_result_t<const std::decay_t<F>&>, boost::asio::awaitable<reply>>,
                  "the work must return boost::asio::awaitable<gchat::reply>");
    auto c = std::make_shared<detail::reply_continuation>();
    c->work = std::forward<F>(work);
    return reply::continue_with(std::move(c));
}

/// Dispatches parsed interaction events to typed handlers.
///
/// A handler is any callable taking `const gchat::event&` and returning either a gchat::reply
/// (a plain function, run inline) or a `boost::asio::awaitable<gchat::reply>` (a coroutine, which
/// may co_await the REST client, timers, ...). Register handlers once, at start-up; each is
/// type-erased into one allocation then. Registration chains:
///
///     gchat::router r;
///     r.on_slash_command(1, create_ticket)
///      .on_card_clicked("assignTicket", assign)
///      .on_dialog_submit("submitContact", save_contact)
///      .on_message([](const gchat::event& e) { return gchat::reply::text("You said" +
///      std::string(gchat::argument_text(e))); });
///     gchat::reply answer = co_await r.dispatch(ev);
///
/// **Precedence.** Middleware runs first, in the order of use(); the first that returns a reply
/// answers the event. Then the first match of:
///  1. a dialog event (is_dialog()): the on_dialog_request / on_dialog_submit / on_dialog_cancel
///     handler of its invoked_function(), else the one registered with no function;
///  2. a CARD_CLICKED (or SUBMIT_FORM) event, dialog or not: the on_card_clicked handler of its
///     function, else the one registered with no function;
///  3. a MESSAGE or APP_COMMAND event with a command_id(): for a slash command the
///     on_slash_command handler of the id, then the on_app_command one; for a quick command the
///     on_app_command handler;
///  4. the handler of the event type: on_message, on_added_to_space, on_removed_from_space,
///     on_widget_updated (by function, else the one with no function);
///  5. fallback;
///  6. otherwise the reply is reply::ack().
/// Function names are looked up in hash maps built at registration. Registering a name or an id
/// again replaces the handler.
///
/// **Errors.** An exception from a handler or middleware does not escape dispatch(): it is
/// reported to the logger (set_logger) and answered by the on_error handler, or by default with
/// reply::close_dialog(api_code::internal) for a dialog event and reply::ack() otherwise.
///
/// **Cost.** dispatch() allocates nothing itself beyond its own coroutine frame (Asio recycles
/// awaitable frames per thread) and the frame of an asynchronous handler; plain handlers run
/// inline.
///
/// **Thread safety.** Registration is not thread-safe and must be finished before the first
/// dispatch. After that, dispatch() is const and may run concurrently on any threads, so handlers
/// must be safe to call concurrently.
class router {
  public:
    /// Receives a line for each handler failure. Never given the event's tokens.
    using logger = detail::unique_function<void(std::string_view)>;

    router() = default;
    router(router&&) noexcept = default;
    router& operator=(router&&) noexcept = default;

    /// Handles MESSAGE events that no command handler took: DMs, @mentions, link previews.
    template <class F>
    router& on_message(F&& f) {
        message_ = make_handler(std::forward<F>(f));
        return *this;
    }

    /// Handles the slash command with this id (`message.slashCommand.commandId`, or an add-on app
    /// command of type SLASH_COMMAND).
    template <class F>
    router& on_slash_command(std::int64_t id, F&& f) {
        slash_.insert_or_assign(id, make_handler(std::forward<F>(f)));
        return *this;
    }

    /// Handles the app command (quick command, or slash command no on_slash_command took) with this id
    /// (`appCommandMetadata.appCommandId`).
    template <class F>
    router& on_app_command(std::int64_t id, F&& f) {
        app_command_.insert_or_assign(id, make_handler(std::forward<F>(f)));
        return *this;
    }

    /// Handles clicks that invoke `function` (invoked_function(): `common.invokedFunction`, the legacy
    /// `action.actionMethodName`, or an add-on's `__action_method_name__` parameter). An empty name
    /// matches any click that no named handler took.
    template <class F>
    router& on_card_clicked(std::string function, F&& f) {
        card_.insert_or_assign(std::move(function), make_handler(std::forward<F>(f)));
        return *this;
    }

    /// Handles requests to open a dialog from `function` (empty: any function).
    template <class F>
    router& on_dialog_request(std::string function, F&& f) {
        dialog_request_.insert_or_assign(std::move(function), make_handler(std::forward<F>(f)));
        return *this;
    }
    /// Handles every request to open a dialog that no named handler took.
    template <class F>
    router& on_dialog_request(F&& f) {
        return on_dialog_request(std::string(), std::forward<F>(f));
    }

    /// Handles dialog submissions through `function` (empty: any function).
    template <class F>
    router& on_dialog_submit(std::string function, F&& f) {
        dialog_submit_.insert_or_assign(std::move(function), make_handler(std::forward<F>(f)));
        return *this;
    }
    /// Handles every dialog submission that no named handler took.
    template <class F>
    router& on_dialog_submit(F&& f) {
        return on_dialog_submit(std::string(), std::forward<F>(f));
    }

    /// Handles dialogs closed with the close icon (`CANCEL_DIALOG`) whose event names `function`
    /// (empty: any; cancel events often name none).
    template <class F>
    router& on_dialog_cancel(std::string function, F&& f) {
        dialog_cancel_.insert_or_assign(std::move(function), make_handler(std::forward<F>(f)));
        return *this;
    }
    /// Handles every dialog cancellation that no named handler took.
    template <class F>
    router& on_dialog_cancel(F&& f) {
        return on_dialog_cancel(std::string(), std::forward<F>(f));
    }

    /// Handles the app being added to a space.
    template <class F>
    router& on_added_to_space(F&& f) {
        added_ = make_handler(std::forward<F>(f));
        return *this;
    }

    /// Handles the app being removed from a space (whatever the reply, Chat shows nothing).
    template <class F>
    router& on_removed_from_space(F&& f) {
        removed_ = make_handler(std::forward<F>(f));
        return *this;
    }

    /// Handles WIDGET_UPDATED events (autocomplete queries) of `function` (empty: any).
    template <class F>
    router& on_widget_updated(std::string function, F&& f) {
        widget_.insert_or_assign(std::move(function), make_handler(std::forward<F>(f)));
        return *this;
    }
    /// Handles every WIDGET_UPDATED event that no named handler took.
    template <class F>
    router& on_widget_updated(F&& f) {
        return on_widget_updated(std::string(), std::forward<F>(f));
    }

    /// Handles every event nothing else took (without one, such events get reply::ack()).
    template <class F>
    router& fallback(F&& f) {
        fallback_ = make_handler(std::forward<F>(f));
        return *this;
    }

    /// Adds a middleware: a callable taking `const gchat::event&` and returning
    /// `std::optional<gchat::reply>` (or an awaitable of one). It sees every event before the
    /// handlers; returning a reply answers the event (short-circuit), returning nullopt passes it on.
    template <class F>
    router& use(F&& mw) {
        using R = std::invoke_result_t<const std::decay_t<F>&, const event&>;
        middleware m;
        if constexpr (detail::is_awaitable_of<R>::value)
            m.async = std::forward<F>(mw);
        else
            m.sync = std::forward<F>(mw);
        middleware_.push_back(std::move(m));
        return *this;
    }

    /// Sets the reply to an event whose handler threw: `f(const event&, std::exception_ptr) -> reply`.
    template <class F>
    router& on_error(F&& f) {
        on_error_ = std::forward<F>(f);
        return *this;
    }

    /// Sets where handler failures are reported (one line each). Without a logger they are not
    /// reported anywhere: gchat has no global log.
    template <class F>
    router& set_logger(F&& f) {
        logger_ = std::forward<F>(f);
        return *this;
    }

    /// The reply to `ev`, from the middleware or the handler it routes to (see the precedence
    /// above). Never throws for a handler's failure (see on_error). `ev` and the router must stay
    /// alive until the returned awaitable completes.
    ///
    /// (A member template, called as a plain function: g++ emits an inline coroutine's body in every
    /// translation unit that sees it, used or not, so a template keeps it out of those that never
    /// dispatch.)
    template <class = void>
    boost::asio::awaitable<reply> dispatch(const event& ev) const {
        std::exception_ptr failure;
        const char* stage = "middleware";
        try {
            for (const middleware& m : middleware_) {
                std::optional<reply> r;
                if (m.sync)
                    r = m.sync(ev);
                else
                    r = co_await m.async(ev);
                if (r) co_return std::move(*r);
            }
            stage = "handler";
            const handler* h = select(ev);
            if (!h) co_return reply::ack();
            if (h->sync) co_return h->sync(ev);
            co_return co_await h->async(ev);
        } catch (...) {
            failure = std::current_exception();
        }
        co_return fail(ev, failure, stage);
    }

    /// Dispatches `ev` on `ex` (co_spawn) and completes with `void(std::exception_ptr, gchat::reply)`;
    /// the exception_ptr is set only for a failure of the router itself (say, std::bad_alloc), as
    /// handler failures become replies. Works with any completion token (default: deferred): a
    /// callback, use_future, as_tuple, ... Inside a coroutine prefer `co_await dispatch(ev)`; to
    /// await this form on Boost 1.81 wrap the token in as_tuple (1.81's awaitable mishandles the
    /// (exception_ptr, T) signature). `ev` and the router must stay alive until completion.
    template <class Executor, class CompletionToken = boost::asio::deferred_t>
    auto async_dispatch(const Executor& ex, const event& ev, CompletionToken&& token = {}) const {
        return boost::asio::co_spawn(ex, dispatch(ev), std::forward<CompletionToken>(token));
    }

    /// True if dispatch() would run a handler for `ev` after the middleware (false: the reply would
    /// be reply::ack()). For tests and diagnostics.
    bool has_handler_for(const event& ev) const noexcept { return select(ev) != nullptr; }

  private:
    struct handler {
        detail::unique_function<reply(const event&)> sync;
        detail::unique_function<boost::asio::awaitable<reply>(const event&)> async;
        explicit operator bool() const noexcept { return sync || async; }
    };
    struct middleware {
        detail::unique_function<std::optional<reply>(const event&)> sync;
        detail::unique_function<boost::asio::awaitable<std::optional<reply>>(const event&)> async;
    };
    using function_map = std::unordered_map<std::string, handler, detail::string_hash, std::equal_to<>>;
    using id_map = std::unordered_map<std::int64_t, handler>;

    template <class F>
    static handler make_handler(F&& f) {
        using R = std::invoke_result_t<const std::decay_t<F>&, const event&>;
        handler h;
        if constexpr (detail::is_awaitable_of<R>::value) {
            static_assert(std::is_same_v<R, boost::asio::awaitable<reply>>,
                          "an asynchronous handler must return boost::asio::awaitable<gchat::reply>");
            h.async = std::forward<F>(f);
        } else {
            static_assert(std::is_convertible_v<R, reply>,
                          "a handler must return gchat::reply or boost::asio::awaitable<gchat::reply>");
            h.sync = std::forward<F>(f);
        }
        return h;
    }

    static const handler* find(const function_map& m, std::string_view fn) noexcept {
        if (m.empty()) return nullptr;
        if (auto it = m.find(fn); it != m.end()) return &it->second;
        if (!fn.empty())
            if (auto it = m.find(std::string_view()); it != m.end()) return &it->second;
        return nullptr;
    }

    static const handler* find(const id_map& m, std::int64_t id) noexcept {
        auto it = m.find(id);
        return it == m.end() ? nullptr : &it->second;
    }

    static const handler* single(const handler& h) noexcept { return h ? &h : nullptr; }

    const handler* select(const event& ev) const noexcept {
        const event_type t = type_of(ev);
        const std::string_view fn = invoked_function(ev);

        // 1. Dialog events, by function, before card clicks.
        if (is_dialog(ev)) {
            const function_map* m = nullptr;
            switch (dialog_kind(ev)) {
            case dialog_event_type::request_dialog:
                m = &dialog_request_;
                break;
            case dialog_event_type::submit_dialog:
                m = &dialog_submit_;
                break;
            case dialog_event_type::cancel_dialog:
                m = &dialog_cancel_;
                break;
            default:
                break;
            }
            if (m)
                if (const handler* h = find(*m, fn)) return h;
        }

        // 2. Card clicks, by function.
        if (t == event_type::card_clicked || t == event_type::submit_form)
            if (const handler* h = find(card_, fn)) return h;

        // 3. Commands, by id, before on_message.
        if (t == event_type::message || t == event_type::app_command) {
            if (auto id = command_id(ev)) {
                if (is_slash_command(ev))
                    if (const handler* h = find(slash_, *id)) return h;
                if (const handler* h = find(app_command_, *id)) return h;
            }
        }

        // 4. By event type.
        const handler* h = nullptr;
        switch (t) {
        case event_type::message:
            h = single(message_);
            break;
        case event_type::added_to_space:
            h = single(added_);
            break;
        case event_type::removed_from_space:
            h = single(removed_);
            break;
        case event_type::widget_updated:
            h = find(widget_, fn);
            break;
        default:
            break;
        }
        if (h) return h;

        // 5. The fallback.
        return single(fallback_);
    }

    reply fail(const event& ev, const std::exception_ptr& failure, const char* stage) const {
        if (logger_) {
            std::string line = "gchat::router: the ";
            line += stage;
            line += " for a ";
            line += event_name(type_of(ev));
            std::string_view fn = invoked_function(ev);
            if (!fn.empty()) {
                line += " event (function \"";
                line += fn;
                line += "\")";
            } else {
                line += " event";
            }
            line += " threw: ";
            try {
                std::rethrow_exception(failure);
            } catch (const std::exception& e) {
                line += e.what();
            } catch (...) {
                line += "an exception not derived from std::exception";
            }
            try {
                logger_(line);
            } catch (...) {
                // A logger that throws must not turn a handled failure into an unhandled one.
            }
        }
        if (on_error_) {
            try {
                return on_error_(ev, failure);
            } catch (...) {
                if (logger_) {
                    try {
                        logger_(
                            "gchat::router: the on_error handler threw; answering with the default reply");
                    } catch (...) {
                    }
                }
            }
        }
        return is_dialog(ev) ? reply::close_dialog(api_code::internal) : reply::ack();
    }

    static const char* event_name(event_type t) noexcept {
        switch (t) {
        case event_type::message:
            return "MESSAGE";
        case event_type::added_to_space:
            return "ADDED_TO_SPACE";
        case event_type::removed_from_space:
            return "REMOVED_FROM_SPACE";
        case event_type::card_clicked:
            return "CARD_CLICKED";
        case event_type::widget_updated:
            return "WIDGET_UPDATED";
        case event_type::app_command:
            return "APP_COMMAND";
        case event_type::app_home:
            return "APP_HOME";
        case event_type::submit_form:
            return "SUBMIT_FORM";
        default:
            return "untyped";
        }
    }

    std::vector<middleware> middleware_;
    handler message_, added_, removed_, fallback_;
    id_map slash_, app_command_;
    function_map card_, dialog_request_, dialog_submit_, dialog_cancel_, widget_;
    detail::unique_function<reply(const event&, std::exception_ptr)> on_error_;
    logger logger_;
};

} // namespace gchat

GCHAT_COROUTINES_END

#endif
