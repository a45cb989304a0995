// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// gchat::webhook against the emulator's incoming webhooks over loopback: text and cards v2 posts, thread
// replies by thread key, REPLY_MESSAGE_OR_FAIL, a wrong token (and that the token is never shown), retries,
// the write limiter, cancellation and completion.
#include <gchat/client.hpp>
#include <gchat/json/parse.hpp>
#include <gchat/testing/emulator.hpp>
#include <gchat/webhook.hpp>
#include <gchat/with_diagnostics.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/system/system_error.hpp>
#include <boost/test/unit_test.hpp>

#include "../unit/test_data.hpp"
#include "client_fixture.hpp"

#include <chrono>
#include <string>
#include <vector>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using boost::system::error_code;
using gchat::test::client_fixture;
using gchat::testing::fault;
using gchat::testing::fault_kind;

namespace {

constexpr const char* secret = "wh-s3cret-TOKEN";

// What the webhook's logger saw.
struct log_capture {
    std::vector<std::string> targets;
};

// An emulator with one webhook for spaces/AAA ("Deploy Bot"), and optional fault scripts on creates.
gchat::testing::emulator_options hook_options(std::vector<fault> script = {}) {
    gchat::testing::emulator_options o;
    o.spaces = {"spaces/AAA"};
    gchat::testing::webhook_config w;
    w.space = "spaces/AAA";
    w.token = secret;
    w.display_name = "Deploy Bot";
    o.webhooks.push_back(w);
    if (!script.empty()) o.faults.push_back({.route = "spaces.messages.create", .script = std::move(script)});
    return o;
}

gchat::webhook_params hook_params(log_capture* log = nullptr) {
    gchat::webhook_params p;
    p.retry.initial_backoff = 1ms;
    p.retry.max_backoff = 4ms;
    p.default_deadline = 10s;
    if (log) p.logger = [log](const gchat::client_log_record& r) { log->targets.emplace_back(r.target); };
    return p;
}

gchat::message text_message(std::string t) {
    gchat::message m;
    m.text = std::move(t);
    return m;
}

fault make_fault(fault_kind kind, std::chrono::milliseconds latency = 0ms) {
    fault f;
    f.kind = kind;
    f.retry_after = 0s;
    f.latency = latency;
    return f;
}

asio::awaitable<void> wait_for(const bool& done) {
    asio::steady_timer t(co_await asio::this_coro::executor);
    for (int i = 0; i < 5000 && !done; ++i) {
        t.expires_after(1ms);
        co_await t.async_wait(asio::use_awaitable);
    }
}

} // namespace

BOOST_AUTO_TEST_SUITE(webhook)

BOOST_AUTO_TEST_CASE(a_text_post_is_created_by_the_webhooks_bot_user) {
    client_fixture f(hook_options());
    f.run([&]() -> asio::awaitable<void> {
        gchat::webhook hook(co_await asio::this_coro::executor, f.emu->webhook_url("spaces/AAA"),
                            hook_params());
        auto m = co_await hook.async_send(text_message("deployed"));
        BOOST_TEST(m.text.value_or("") == "deployed");
        BOOST_TEST(m.name.value_or("").rfind("spaces/AAA/messages/", 0) == 0u);
        BOOST_TEST_REQUIRE(m.sender.has_value());
        BOOST_TEST(m.sender->display_name.value_or("") == "Deploy Bot");
        BOOST_TEST((m.sender->type == gchat::user_type::bot));
        BOOST_TEST(f.emu->state().message_count("spaces/AAA") == 1u);
        // No Authorization header was needed, and the log of the emulator has no query (no token).
        BOOST_TEST_REQUIRE(f.emu->requests().size() == 1u);
        BOOST_TEST(f.emu->requests()[0].path == "/v1/spaces/AAA/messages");
        hook.close();
    });
}

BOOST_AUTO_TEST_CASE(a_cards_v2_post_keeps_the_card) {
    client_fixture f(hook_options());
    auto m =
        gchat::json::parse<gchat::message>(gchat::test::read_data("webhook/cards_v2_message.json")).value();
    f.run([&]() -> asio::awaitable<void> {
        gchat::webhook hook(co_await asio::this_coro::executor, f.emu->webhook_url("spaces/AAA"),
                            hook_params());
        auto created = co_await hook.async_send(m);
        BOOST_TEST_REQUIRE(created.cards_v2.size() == 1u);
        BOOST_TEST(created.cards_v2[0].card_id.value_or("") == "deploy-status");
        BOOST_TEST_REQUIRE(created.cards_v2[0].card.has_value());
        BOOST_TEST((created.cards_v2[0].card == m.cards_v2[0].card));
        // Read back through the REST client: the emulator stored the card.
        auto got = co_await f.chat->async_get_message(created.name.value());
        BOOST_TEST((got.cards_v2 == created.cards_v2));
        hook.close();
    });
}

BOOST_AUTO_TEST_CASE(a_post_with_the_same_thread_key_replies_in_the_thread_the_key_started) {
    client_fixture f(hook_options());
    f.run([&]() -> asio::awaitable<void> {
        gchat::webhook hook(co_await asio::this_coro::executor, f.emu->webhook_url("spaces/AAA"),
                            hook_params());
        gchat::webhook_send_params p;
        p.thread_key = "deploy-42";
        p.message_reply_option = gchat::message_reply_option::reply_message_fallback_to_new_thread;
        auto first = co_await hook.async_send(text_message("deploy 42 started"), p);
        auto reply = co_await hook.async_send(text_message("deploy 42 finished"), p);
        BOOST_TEST_REQUIRE(first.thread.has_value());
        BOOST_TEST_REQUIRE(reply.thread.has_value());
        BOOST_TEST(reply.thread->name.value_or("x") == first.thread->name.value_or("y"));
        BOOST_TEST(!first.thread_reply.value_or(false));
        BOOST_TEST(reply.thread_reply.value_or(false));
        // The emulator's state: both messages in one thread of spaces/AAA.
        auto page = co_await f.chat->async_list_messages("spaces/AAA");
        BOOST_TEST_REQUIRE(page.messages.size() == 2u);
        BOOST_TEST(page.messages[0].thread.value().name.value() ==
                   page.messages[1].thread.value().name.value());
        hook.close();
    });
}

BOOST_AUTO_TEST_CASE(reply_message_or_fail_fails_for_an_unknown_thread_key) {
    client_fixture f(hook_options());
    f.run([&]() -> asio::awaitable<void> {
        gchat::webhook hook(co_await asio::this_coro::executor, f.emu->webhook_url("spaces/AAA"),
                            hook_params());
        gchat::webhook_send_params p;
        p.thread_key = "no-such-thread";
        p.message_reply_option = gchat::message_reply_option::reply_message_or_fail;
        gchat::diagnostics diag;
        auto [ec, m] = co_await hook.async_send(text_message("x"), p, diag, asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::api_code::not_found), ec.message());
        BOOST_TEST(diag.http_status == 404u);
        BOOST_TEST(f.emu->state().message_count("spaces/AAA") == 0u);
        hook.close();
    });
}

BOOST_AUTO_TEST_CASE(a_wrong_token_fails_and_the_error_does_not_show_the_token) {
    client_fixture f(hook_options());
    f.run([&]() -> asio::awaitable<void> {
        log_capture log;
        auto url = f.emu->webhook_url("spaces/AAA");
        auto bad = url.substr(0, url.find("token=")) + "token=wrong-" + secret;
        gchat::webhook hook(co_await asio::this_coro::executor, bad, hook_params(&log));
        gchat::diagnostics diag;
        gchat::webhook_send_params none;
        auto [ec, m] =
            co_await hook.async_send(text_message("x"), none, diag, asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::api_code::permission_denied), ec.message());
        BOOST_TEST(diag.http_status == 403u);
        BOOST_TEST(f.emu->state().message_count("spaces/AAA") == 0u);
        BOOST_TEST(diag.summary().find(secret) == std::string::npos, diag.summary());
        BOOST_TEST(ec.message().find(secret) == std::string::npos);
        BOOST_TEST(hook.display_url().find(secret) == std::string::npos, hook.display_url());
        for (auto& t : log.targets)
            BOOST_TEST(t.find(secret) == std::string::npos, t);
        // Through with_diagnostics, the exception's what() does not show it either.
        try {
            co_await hook.async_send(text_message("x"),
                                     gchat::detail::default_params<gchat::webhook_send_params>(),
                                     gchat::with_diagnostics());
            BOOST_TEST(false);
        } catch (const gchat::error_with_diagnostics& e) {
            BOOST_TEST(std::string(e.what()).find(secret) == std::string::npos, e.what());
        }
        hook.close();
    });
}

BOOST_AUTO_TEST_CASE(a_token_of_another_space_is_403_and_a_wrong_key_is_400) {
    client_fixture f(hook_options());
    f.run([&]() -> asio::awaitable<void> {
        auto ex = co_await asio::this_coro::executor;
        // A valid URL whose token belongs to no webhook of spaces/BBB.
        auto url = f.emu->webhook_url("spaces/AAA");
        auto other_space = url;
        other_space.replace(other_space.find("spaces/AAA"), 10, "spaces/BBB");
        gchat::webhook hook(ex, other_space, hook_params());
        auto [ec, m] = co_await hook.async_send(text_message("x"), asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::api_code::permission_denied), ec.message());
        hook.close();
        auto wrong_key = url;
        wrong_key.replace(wrong_key.find("key=") + 4, 1, "X");
        gchat::webhook hook2(ex, wrong_key, hook_params());
        auto [ec2, m2] = co_await hook2.async_send(text_message("x"), asio::as_tuple(asio::deferred));
        BOOST_TEST((ec2 == gchat::api_code::invalid_argument), ec2.message());
        hook2.close();
    });
}

BOOST_AUTO_TEST_CASE(an_invalid_url_throws_without_the_token) {
    asio::io_context ioc;
    try {
        gchat::webhook hook(ioc, std::string("https://chat.googleapis.com/v1/spaces/A/oops?key=k&token=") +
                                     secret);
        BOOST_TEST(false);
    } catch (const boost::system::system_error& e) {
        BOOST_TEST((e.code() == gchat::errc::invalid_url));
        std::string what = e.what();
        BOOST_TEST(what.find(secret) == std::string::npos, what);
        BOOST_TEST(what.find("token=REDACTED") != std::string::npos, what);
    }
}

BOOST_AUTO_TEST_CASE(the_logger_never_sees_the_token) {
    log_capture log;
    client_fixture f(hook_options());
    f.run([&]() -> asio::awaitable<void> {
        gchat::webhook hook(co_await asio::this_coro::executor, f.emu->webhook_url("spaces/AAA"),
                            hook_params(&log));
        co_await hook.async_send(text_message("x"));
        hook.close();
    });
    BOOST_TEST_REQUIRE(log.targets.size() == 1u);
    BOOST_TEST(log.targets[0].find(secret) == std::string::npos, log.targets[0]);
    BOOST_TEST(log.targets[0].find("token=REDACTED") != std::string::npos, log.targets[0]);
    BOOST_TEST(log.targets[0].rfind("/v1/spaces/AAA/messages?", 0) == 0u, log.targets[0]);
}

BOOST_AUTO_TEST_CASE(a_503_is_retried_and_the_request_id_creates_the_message_once) {
    // 503 (nothing created), then processed with the reply dropped (created), then answered: the same request
    // id makes the last attempt return the message the second one created.
    log_capture log;
    client_fixture f(hook_options({make_fault(fault_kind::http_503), make_fault(fault_kind::drop_after)}));
    f.run([&]() -> asio::awaitable<void> {
        gchat::webhook hook(co_await asio::this_coro::executor, f.emu->webhook_url("spaces/AAA"),
                            hook_params(&log));
        auto m = co_await hook.async_send(text_message("once"));
        BOOST_TEST(m.text.value_or("") == "once");
        BOOST_TEST(f.requests_to("spaces.messages.create") == 3u);
        BOOST_TEST(f.emu->state().message_count("spaces/AAA") == 1u);
        hook.close();
    });
    BOOST_TEST_REQUIRE(log.targets.size() >= 2u);
    BOOST_TEST(log.targets[0].find("requestId=") != std::string::npos);
    for (auto& t : log.targets)
        BOOST_TEST(t == log.targets[0]);
}

BOOST_AUTO_TEST_CASE(the_write_limiter_holds_posts_over_the_limit) {
    client_fixture f(hook_options());
    f.run([&]() -> asio::awaitable<void> {
        auto p = hook_params();
        p.max_writes_per_space = 2;
        p.write_window = 300ms;
        gchat::webhook hook(co_await asio::this_coro::executor, f.emu->webhook_url("spaces/AAA"), p);
        auto m = text_message("x");
        auto started = std::chrono::steady_clock::now();
        auto [order, e1, m1, e2, m2, e3, m3] =
            co_await asio::experimental::make_parallel_group(hook.async_send(m), hook.async_send(m),
                                                             hook.async_send(m))
                .async_wait(asio::experimental::wait_for_all(), asio::deferred);
        BOOST_TEST((!e1 && !e2 && !e3));
        BOOST_TEST((std::chrono::steady_clock::now() - started >= 300ms));
        BOOST_TEST(f.emu->state().message_count("spaces/AAA") == 3u);
        hook.close();
    });
}

BOOST_AUTO_TEST_CASE(cancellation_during_a_post_completes_with_operation_aborted) {
    client_fixture f(hook_options({make_fault(fault_kind::delay, 1s)}));
    f.run([&]() -> asio::awaitable<void> {
        gchat::webhook hook(co_await asio::this_coro::executor, f.emu->webhook_url("spaces/AAA"),
                            hook_params());
        asio::cancellation_signal sig;
        asio::steady_timer t(co_await asio::this_coro::executor, 20ms);
        t.async_wait([&](error_code) { sig.emit(asio::cancellation_type::terminal); });
        auto [ec, m] = co_await hook.async_send(
            text_message("x"), gchat::detail::default_params<gchat::webhook_send_params>(),
            asio::bind_cancellation_slot(sig.slot(), asio::as_tuple(asio::use_awaitable)));
        BOOST_TEST((ec == asio::error::operation_aborted));
        hook.close();
    });
}

BOOST_AUTO_TEST_CASE(a_post_never_completes_inline_even_on_a_local_error) {
    client_fixture f(hook_options());
    f.run([&]() -> asio::awaitable<void> {
        gchat::webhook hook(co_await asio::this_coro::executor, f.emu->webhook_url("spaces/AAA"),
                            hook_params());
        bool done = false;
        error_code ec;
        hook.async_send(text_message(std::string(40000, 'x')), gchat::webhook_send_params{},
                        [&](error_code e, gchat::message) {
                            ec = e;
                            done = true;
                        });
        BOOST_TEST(!done);
        co_await wait_for(done);
        BOOST_TEST(done);
        BOOST_TEST(!!ec);
        BOOST_TEST(f.emu->requests().empty());
        hook.close();
    });
}

BOOST_AUTO_TEST_SUITE_END()
