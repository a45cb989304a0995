// gchat::router: matching, precedence, middleware, error handling, plain and coroutine handlers.
#include <gchat/event/router.hpp>

#include <gchat/event/parse.hpp>

#include "printing.hpp"
#include "test_data.hpp"

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/this_coro.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>

#include <atomic>
#include <chrono>
#include <memory>
#include <stdexcept>
#include <string>
#include <vector>

namespace asio = boost::asio;
using gchat::event;
using gchat::reply;
using gchat::router;

namespace {

event load(const std::string& name) {
    return gchat::parse_event(gchat::test::read_data("events/" + name)).value();
}

reply run(const router& r, const event& ev) {
    asio::io_context ctx;
    auto f = asio::co_spawn(ctx, r.dispatch(ev), asio::use_future);
    ctx.run();
    return f.get();
}

// The text of a text reply ("" for any other reply): the handlers below answer with their name.
std::string said(const reply& r) {
    return r.message() && r.message()->text ? *r.message()->text : std::string();
}

// A handler that answers with `name`.
auto says(std::string name) {
    return [name = std::move(name)](const event&) { return reply::text(name); };
}

event typed(gchat::event_type t) {
    event e;
    e.type = t;
    return e;
}

} // namespace

BOOST_AUTO_TEST_SUITE(event_router)

BOOST_AUTO_TEST_CASE(message_goes_to_on_message) {
    router r;
    r.on_message(says("message")).fallback(says("fallback"));
    BOOST_TEST(said(run(r, load("message_mention.json"))) == "message");
}

BOOST_AUTO_TEST_CASE(slash_command_by_id_comes_before_on_message) {
    router r;
    r.on_message(says("message")).on_slash_command(1, says("slash 1")).on_slash_command(2, says("slash 2"));
    BOOST_TEST(said(run(r, load("message_dm_slash_command.json"))) == "slash 1");
}

BOOST_AUTO_TEST_CASE(unregistered_slash_command_falls_to_on_message) {
    router r;
    r.on_message(says("message")).on_slash_command(7, says("slash 7"));
    BOOST_TEST(said(run(r, load("message_dm_slash_command.json"))) == "message");
}

BOOST_AUTO_TEST_CASE(quick_command_goes_to_on_app_command_not_on_slash_command) {
    router r;
    r.on_slash_command(2, says("slash 2")).on_app_command(2, says("app 2")).fallback(says("fallback"));
    BOOST_TEST(said(run(r, load("app_command_quick.json"))) == "app 2");
    router only_slash;
    only_slash.on_slash_command(2, says("slash 2")).fallback(says("fallback"));
    BOOST_TEST(said(run(only_slash, load("app_command_quick.json"))) == "fallback");
}

BOOST_AUTO_TEST_CASE(add_on_slash_command_prefers_on_slash_command_then_on_app_command) {
    const event e = load("addon_app_command.json");
    router both;
    both.on_slash_command(1, says("slash 1")).on_app_command(1, says("app 1"));
    BOOST_TEST(said(run(both, e)) == "slash 1");
    router app_only;
    app_only.on_app_command(1, says("app 1"));
    BOOST_TEST(said(run(app_only, e)) == "app 1");
}

BOOST_AUTO_TEST_CASE(card_click_by_function) {
    router r;
    r.on_card_clicked("doAssignTicket", says("assign")).on_card_clicked("other", says("other"));
    BOOST_TEST(said(run(r, load("card_clicked_v1.json"))) == "assign");
}

BOOST_AUTO_TEST_CASE(card_click_of_an_unknown_function_goes_to_the_catch_all_then_fallback) {
    const event e = load("card_clicked_v1.json");
    router r;
    r.on_card_clicked("other", says("other")).fallback(says("fallback"));
    BOOST_TEST(said(run(r, e)) == "fallback");
    r.on_card_clicked("", says("any click"));
    BOOST_TEST(said(run(r, e)) == "any click");
}

BOOST_AUTO_TEST_CASE(no_handler_and_no_fallback_acknowledges) {
    router r;
    r.on_message(says("message"));
    const event e = load("card_clicked_v1.json");
    BOOST_TEST(!r.has_handler_for(e));
    BOOST_TEST((run(r, e).type() == reply::kind::ack));
}

BOOST_AUTO_TEST_CASE(dialog_handlers_come_before_card_clicks_of_the_same_function) {
    router r;
    r.on_card_clicked("openContactDialog", says("card"))
        .on_card_clicked("submitContact", says("card"))
        .on_dialog_request("openContactDialog", says("request"))
        .on_dialog_submit("submitContact", says("submit"));
    BOOST_TEST(said(run(r, load("dialog_request.json"))) == "request");
    BOOST_TEST(said(run(r, load("dialog_submit.json"))) == "submit");
}

BOOST_AUTO_TEST_CASE(a_dialog_event_without_a_dialog_handler_goes_to_the_card_handler) {
    router r;
    r.on_card_clicked("submitContact", says("card"));
    BOOST_TEST(said(run(r, load("dialog_submit.json"))) == "card");
}

BOOST_AUTO_TEST_CASE(dialog_kinds_do_not_mix) {
    router r;
    r.on_dialog_request("submitContact", says("request")).fallback(says("fallback"));
    BOOST_TEST(said(run(r, load("dialog_submit.json"))) == "fallback");
}

BOOST_AUTO_TEST_CASE(cancel_without_a_function_goes_to_the_catch_all_cancel_handler) {
    router r;
    r.on_dialog_cancel("submitContact", says("named cancel")).on_dialog_cancel(says("cancel"));
    BOOST_TEST(said(run(r, load("dialog_cancel.json"))) == "cancel");
}

BOOST_AUTO_TEST_CASE(add_on_dialog_submit_routes_by_its_action_method_name_parameter) {
    router r;
    r.on_dialog_submit("submitContact", says("submit")).fallback(says("fallback"));
    BOOST_TEST(said(run(r, load("addon_button_clicked.json"))) == "submit");
}

BOOST_AUTO_TEST_CASE(added_and_removed) {
    router r;
    r.on_added_to_space(says("added")).on_removed_from_space(says("removed"));
    BOOST_TEST(said(run(r, load("added_to_space_by_admin.json"))) == "added");
    BOOST_TEST(said(run(r, load("addon_added_to_space.json"))) == "added");
    BOOST_TEST(said(run(r, load("removed_from_space_by_user.json"))) == "removed");
}

BOOST_AUTO_TEST_CASE(widget_updated_by_function_then_catch_all) {
    const event e = load("widget_updated_autocomplete.json");
    router r;
    r.on_widget_updated(says("any widget"));
    BOOST_TEST(said(run(r, e)) == "any widget");
    r.on_widget_updated("getContacts", says("contacts"));
    BOOST_TEST(said(run(r, e)) == "contacts");
}

BOOST_AUTO_TEST_CASE(registering_again_replaces_the_handler) {
    router r;
    r.on_card_clicked("doAssignTicket", says("first")).on_card_clicked("doAssignTicket", says("second"));
    r.on_slash_command(1, says("first")).on_slash_command(1, says("second"));
    BOOST_TEST(said(run(r, load("card_clicked_v1.json"))) == "second");
    BOOST_TEST(said(run(r, load("message_dm_slash_command.json"))) == "second");
}

BOOST_AUTO_TEST_CASE(unknown_event_type_goes_to_fallback) {
    router r;
    r.on_message(says("message")).fallback(says("fallback"));
    BOOST_TEST(said(run(r, load("unknown_future.json"))) == "fallback");
}

reply plain_function(const event& e) {
    return reply::text("function " + std::string(gchat::argument_text(e)));
}

BOOST_AUTO_TEST_CASE(a_plain_function_is_a_handler) {
    router r;
    r.on_message(&plain_function);
    BOOST_TEST(said(run(r, load("message_mention.json"))) == "function  Create ticket.");
}

BOOST_AUTO_TEST_CASE(a_coroutine_handler_can_wait) {
    router r;
    r.on_message([](const event& e) -> asio::awaitable<reply> {
        asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(1));
        co_await t.async_wait(asio::use_awaitable);
        co_return reply::text("waited for " + std::string(gchat::argument_text(e)));
    });
    BOOST_TEST(said(run(r, load("message_mention.json"))) == "waited for  Create ticket.");
}

BOOST_AUTO_TEST_CASE(middleware_can_short_circuit) {
    auto calls = std::make_shared<int>(0);
    router r;
    r.use([](const event& e) -> std::optional<reply> {
         if (e.user && e.user->display_name == "Izumi") return reply::text("blocked");
         return std::nullopt;
     }).on_message([calls](const event&) {
        ++*calls;
        return reply::text("message");
    });
    BOOST_TEST(said(run(r, load("message_mention.json"))) == "blocked");
    BOOST_TEST(*calls == 0);
}

BOOST_AUTO_TEST_CASE(middleware_runs_in_order_and_passes_on) {
    auto seen = std::make_shared<std::vector<std::string>>();
    router r;
    r.use([seen](const event&) -> std::optional<reply> {
         seen->push_back("first");
         return std::nullopt;
     })
        .use([seen](const event&) -> asio::awaitable<std::optional<reply>> {
            seen->push_back("second (async)");
            co_return std::nullopt;
        })
        .on_message([seen](const event&) {
            seen->push_back("handler");
            return reply::text("message");
        });
    BOOST_TEST(said(run(r, load("message_mention.json"))) == "message");
    BOOST_TEST((*seen == std::vector<std::string>{"first", "second (async)", "handler"}));
}

BOOST_AUTO_TEST_CASE(middleware_sees_events_that_have_no_handler) {
    auto count = std::make_shared<int>(0);
    router r;
    r.use([count](const event&) -> std::optional<reply> {
        ++*count;
        return std::nullopt;
    });
    BOOST_TEST((run(r, load("removed_from_space_by_admin.json")).type() == reply::kind::ack));
    BOOST_TEST(*count == 1);
}

BOOST_AUTO_TEST_CASE(a_throwing_handler_is_logged_and_answered_by_on_error) {
    auto lines = std::make_shared<std::vector<std::string>>();
    router r;
    r.on_card_clicked("doAssignTicket",
                      [](const event&) -> reply { throw std::runtime_error("database down"); })
        .set_logger([lines](std::string_view line) { lines->emplace_back(line); })
        .on_error([](const event&, std::exception_ptr) { return reply::text("sorry"); });
    BOOST_TEST(said(run(r, load("card_clicked_v1.json"))) == "sorry");
    BOOST_TEST_REQUIRE(lines->size() == 1u);
    const std::string& line = lines->front();
    BOOST_TEST(line.find("CARD_CLICKED") != std::string::npos, line);
    BOOST_TEST(line.find("doAssignTicket") != std::string::npos, line);
    BOOST_TEST(line.find("database down") != std::string::npos, line);
}

BOOST_AUTO_TEST_CASE(on_error_receives_the_exception) {
    router r;
    r.on_message([](const event&) -> reply {
         throw std::invalid_argument("bad");
     }).on_error([](const event&, std::exception_ptr ep) {
        try {
            std::rethrow_exception(ep);
        } catch (const std::invalid_argument& e) {
            return reply::text(std::string("caught ") + e.what());
        } catch (...) {
        }
        return reply::text("other");
    });
    BOOST_TEST(said(run(r, load("message_mention.json"))) == "caught bad");
}

BOOST_AUTO_TEST_CASE(a_throwing_coroutine_handler_gets_the_safe_reply) {
    router r;
    r.on_message([](const event&) -> asio::awaitable<reply> {
        co_await asio::this_coro::executor;
        throw std::runtime_error("later");
    });
    BOOST_TEST((run(r, load("message_mention.json")).type() == reply::kind::ack));
}

BOOST_AUTO_TEST_CASE(a_failing_dialog_handler_closes_the_dialog_with_internal) {
    router r;
    r.on_dialog_submit("submitContact", [](const event&) -> reply { throw 42; });
    const reply out = run(r, load("dialog_submit.json"));
    BOOST_TEST_REQUIRE((out.type() == reply::kind::close_dialog));
    BOOST_TEST(out.status()->code == gchat::api_code::internal);
}

BOOST_AUTO_TEST_CASE(a_throwing_middleware_is_caught_and_logged) {
    auto lines = std::make_shared<std::vector<std::string>>();
    router r;
    r.use([](const event&) -> std::optional<reply> { throw std::runtime_error("mw"); })
        .on_message(says("message"))
        .set_logger([lines](std::string_view line) { lines->emplace_back(line); });
    BOOST_TEST((run(r, load("message_mention.json")).type() == reply::kind::ack));
    BOOST_TEST_REQUIRE(lines->size() == 1u);
    BOOST_TEST(lines->front().find("middleware") != std::string::npos, lines->front());
}

BOOST_AUTO_TEST_CASE(a_throwing_on_error_falls_back_to_the_safe_reply) {
    router r;
    r.on_message([](const event&) -> reply {
         throw std::runtime_error("x");
     }).on_error([](const event&, std::exception_ptr) -> reply { throw std::runtime_error("y"); });
    BOOST_TEST((run(r, load("message_mention.json")).type() == reply::kind::ack));
}

BOOST_AUTO_TEST_CASE(the_log_line_carries_no_token) {
    auto lines = std::make_shared<std::vector<std::string>>();
    router r;
    r.on_message([](const event&) -> reply {
         throw std::runtime_error("boom");
     }).set_logger([lines](std::string_view line) { lines->emplace_back(line); });
    run(r, load("addon_message.json"));
    BOOST_TEST_REQUIRE(lines->size() == 1u);
    BOOST_TEST(lines->front().find("EXAMPLE") == std::string::npos, lines->front());
}

BOOST_AUTO_TEST_CASE(async_dispatch_with_a_completion_handler) {
    router r;
    r.on_message(says("message"));
    const event e = load("message_mention.json");
    asio::io_context ctx;
    std::string got;
    bool called = false;
    r.async_dispatch(ctx.get_executor(), e, [&](std::exception_ptr ep, reply out) {
        called = true;
        BOOST_TEST(!ep);
        got = said(out);
    });
    BOOST_TEST(!called); // never inline
    ctx.run();
    BOOST_TEST(called);
    BOOST_TEST(got == "message");
}

BOOST_AUTO_TEST_CASE(async_dispatch_with_use_future) {
    router r;
    r.on_added_to_space(says("welcome"));
    const event e = typed(gchat::event_type::added_to_space);
    asio::io_context ctx;
    auto f = r.async_dispatch(ctx.get_executor(), e, asio::use_future);
    ctx.run();
    BOOST_TEST(said(f.get()) == "welcome");
}

BOOST_AUTO_TEST_CASE(async_dispatch_can_be_awaited_through_as_tuple) {
    // Boost 1.81's awaitable cannot co_await a void(std::exception_ptr, T) operation directly (its
    // awaitable_async_op_handler tests the wrong member); as_tuple is the documented way around it.
    router r;
    r.on_message(says("message"));
    const event e = load("message_mention.json");
    asio::io_context ctx;
    auto f = asio::co_spawn(
        ctx,
        [&]() -> asio::awaitable<std::string> {
            auto [ep, out] = co_await r.async_dispatch(co_await asio::this_coro::executor, e,
                                                       asio::as_tuple(asio::use_awaitable));
            co_return ep ? std::string("failed") : said(out);
        },
        asio::use_future);
    ctx.run();
    BOOST_TEST(f.get() == "message");
}

BOOST_AUTO_TEST_CASE(one_router_serves_concurrent_dispatches) {
    router r;
    std::atomic<int> count{0};
    r.on_message([&count](const event&) -> asio::awaitable<reply> {
        asio::steady_timer t(co_await asio::this_coro::executor, std::chrono::milliseconds(1));
        co_await t.async_wait(asio::use_awaitable);
        ++count;
        co_return reply::text("ok");
    });
    const event e = load("message_mention.json");
    asio::io_context ctx;
    int done = 0;
    for (int i = 0; i < 50; ++i)
        r.async_dispatch(ctx.get_executor(), e,
                         [&](std::exception_ptr, reply out) { done += said(out) == "ok"; });
    ctx.run();
    BOOST_TEST(done == 50);
    BOOST_TEST(count.load() == 50);
}

BOOST_AUTO_TEST_SUITE_END()
