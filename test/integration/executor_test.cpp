// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// gchat on the executors its users have: io_context::executor_type, a strand of a four-thread thread_pool
// (this file is also what the ThreadSanitizer build runs), any_io_executor, and an io_context driven by
// poll() alone. Every completion handler must run on its own associated executor, never inline.

#include <gchat/auth/static_token.hpp>
#include <gchat/client.hpp>
#include <gchat/event/router.hpp>
#include <gchat/server/event_server.hpp>
#include <gchat/testing/emulator.hpp>

#include <boost/asio/bind_executor.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/strand.hpp>
#include <boost/asio/thread_pool.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>

#include "tracking_executor.hpp"

#include <atomic>
#include <chrono>
#include <future>
#include <memory>
#include <optional>
#include <string>
#include <thread>
#include <utility>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using boost::system::error_code;
using gchat::test::executor_tracker;
using gchat::test::running_in;
using gchat::test::tracking_executor;

namespace {

gchat::client_params params_for(const gchat::testing::emulator& emu) {
    gchat::client_params p;
    p.endpoint = emu.endpoint();
    p.credentials = gchat::auth::static_token("test-token");
    p.default_deadline = 10s;
    return p;
}

gchat::testing::emulator_options one_space() {
    gchat::testing::emulator_options o;
    o.spaces = {"spaces/AAA"};
    return o;
}

gchat::message text_message(std::string t) {
    gchat::message m;
    m.text = std::move(t);
    return m;
}

// Drives an io_context the way a frame loop does: poll() (never run()), then a short sleep, until `done()` or
// ten seconds.
template <class Done>
void poll_until(asio::io_context& ioc, Done done) {
    auto deadline = std::chrono::steady_clock::now() + 10s;
    while (!done() && std::chrono::steady_clock::now() < deadline) {
        ioc.poll();
        if (!done()) std::this_thread::sleep_for(1ms);
    }
}

struct no_value {};

// What one call's completion handler saw (`T` = no_value for a `void(error_code)` operation).
template <class T>
struct completion {
    bool called = false;
    bool on_tracker = false;
    error_code ec;
    T value{};
};

// Starts an operation with a handler bound to `ex` (tracked by `tr`), checks it did not complete inline,
// then drives `drive()` until it completes.
template <class T, class Initiate, class Drive>
completion<T> call(const tracking_executor& ex, executor_tracker& tr, Initiate initiate, Drive drive) {
    completion<T> c;
    initiate(asio::bind_executor(ex, [&](error_code ec, auto&&... v) {
        c.on_tracker = running_in(tr);
        c.ec = ec;
        if constexpr (sizeof...(v) == 1) c.value = T(std::move(v)...);
        c.called = true;
    }));
    BOOST_TEST(!c.called); // never inline
    drive([&] { return c.called; });
    BOOST_TEST(c.called);
    return c;
}

// create, get, update, delete: each completion on the tracker, none inline, all succeeding.
template <class Client, class Drive>
void crud_on(Client& chat, const tracking_executor& ex, executor_tracker& tr, Drive drive) {
    auto created = call<gchat::message>(
        ex, tr,
        [&](auto h) {
            gchat::create_message_params p{.message_id = "client-executor"};
            chat.async_create_message("spaces/AAA", text_message("hello"), p, std::move(h));
        },
        drive);
    BOOST_TEST(!created.ec.failed());
    BOOST_TEST(created.on_tracker);
    BOOST_TEST(created.value.client_assigned_message_id.value_or("") == "client-executor");
    auto name = created.value.name.value_or("");

    auto got = call<gchat::message>(
        ex, tr, [&](auto h) { chat.async_get_message(name, std::move(h)); }, drive);
    BOOST_TEST(!got.ec.failed());
    BOOST_TEST(got.on_tracker);
    BOOST_TEST(got.value.text.value_or("") == "hello");

    gchat::message change = got.value;
    change.text = "updated";
    auto updated = call<gchat::message>(
        ex, tr,
        [&](auto h) {
            chat.async_update_message(change, "text", gchat::update_message_params{}, std::move(h));
        },
        drive);
    BOOST_TEST(!updated.ec.failed());
    BOOST_TEST(updated.on_tracker);
    BOOST_TEST(updated.value.text.value_or("") == "updated");

    auto deleted = call<no_value>(
        ex, tr,
        [&](auto h) { chat.async_delete_message(name, gchat::delete_message_params{}, std::move(h)); },
        drive);
    BOOST_TEST(!deleted.ec.failed());
    BOOST_TEST(deleted.on_tracker);
}

// The emulator's signing key, made once for the suite (RSA key generation takes up to a second).
std::shared_ptr<const gchat::testing::chat_signing_key> suite_key() {
    static const auto key = std::make_shared<const gchat::testing::chat_signing_key>(
        gchat::testing::make_chat_signing_key().value());
    return key;
}

constexpr std::string_view app_audience = "https://app.example/chat";

// A router that answers every message with "ack: <argument text>" and counts what it handled.
gchat::router counting_router(std::atomic<int>& handled) {
    gchat::router r;
    r.on_message([&handled](const gchat::event& e) {
        ++handled;
        return gchat::reply::text("ack:" + std::string(gchat::argument_text(e)));
    });
    return r;
}

// An event server that verifies tokens (endpoint-URL audience) against the emulator's keys.
gchat::server::event_server_options server_options(const gchat::testing::emulator& emu) {
    gchat::server::event_server_options o;
    o.verification.mode = gchat::server::audience_mode::endpoint_url;
    o.verification.audience = std::string(app_audience);
    o.verification.key_base_url = emu.endpoint();
    return o;
}

gchat::event message_event(std::string argument) {
    gchat::event e;
    e.type = gchat::event_type::message;
    e.space = gchat::space{.name = "spaces/AAA"};
    e.user = gchat::user{.name = "users/1", .display_name = "Ada"};
    e.message = gchat::message{.text = "@app" + argument, .argument_text = argument};
    return e;
}

gchat::testing::send_event_options signed_for_app() {
    gchat::testing::send_event_options o;
    o.audience_url = std::string(app_audience);
    return o;
}

gchat::testing::emulator_options one_space_with_key() {
    auto o = one_space();
    o.chat_key = suite_key();
    return o;
}

} // namespace

BOOST_AUTO_TEST_SUITE(executors)

BOOST_AUTO_TEST_CASE(client_on_an_io_context_executor_type_completes_on_the_handlers_executor) {
    asio::io_context ioc;
    gchat::testing::emulator emu(ioc.get_executor(), one_space());
    executor_tracker start_tracker;
    auto started = call<no_value>(
        tracking_executor(ioc.get_executor(), &start_tracker), start_tracker,
        [&](auto h) { emu.async_start(std::move(h)); }, [&](auto done) { poll_until(ioc, done); });
    BOOST_TEST_REQUIRE(!started.ec.failed());
    BOOST_TEST(started.on_tracker);

    gchat::basic_client<asio::io_context::executor_type> chat(ioc.get_executor(), params_for(emu));
    executor_tracker tr;
    tracking_executor ex(ioc.get_executor(), &tr);
    crud_on(chat, ex, tr, [&](auto done) { poll_until(ioc, done); });
    BOOST_TEST(tr.executions.load() >= 4u);
    chat.close();
    emu.async_stop([](error_code) {});
    ioc.run_for(2s);
}

BOOST_AUTO_TEST_CASE(client_handlers_run_on_their_own_executor_not_the_clients) {
    // The client (an any_io_executor one) lives on `io`; every handler is bound to `other`, and must run
    // there.
    asio::io_context io;
    asio::io_context other;
    gchat::testing::emulator emu(io.get_executor(), one_space());
    emu.async_start(asio::bind_executor(io, [](error_code ec) { BOOST_TEST(!ec.failed()); }));
    io.run_for(2s);
    io.restart();

    gchat::client chat(io.get_executor(), params_for(emu));
    executor_tracker tr;
    tracking_executor ex(other.get_executor(), &tr);
    auto keep_other_running = asio::make_work_guard(other); // poll() with no work would stop it
    crud_on(chat, ex, tr, [&](auto done) {
        auto deadline = std::chrono::steady_clock::now() + 10s;
        while (!done() && std::chrono::steady_clock::now() < deadline) {
            io.poll();
            other.poll();
            if (!done()) std::this_thread::sleep_for(1ms);
        }
    });
    chat.close();
    emu.async_stop([](error_code) {});
    io.run_for(2s);
}

BOOST_AUTO_TEST_CASE(client_on_a_strand_of_a_four_thread_pool_serves_concurrent_calls) {
    constexpr int calls = 200;
    asio::thread_pool pool(4);
    gchat::testing::emulator emu(pool.get_executor(), one_space());
    emu.async_start(asio::use_future).get();

    auto strand = asio::make_strand(pool.get_executor());
    using strand_type = decltype(strand);
    std::optional<gchat::basic_client<strand_type>> chat;
    chat.emplace(strand, params_for(emu));
    executor_tracker tr;
    tracking_executor ex(strand, &tr);

    // Every call starts on the strand (the client is not thread-safe) and completes on it.
    std::atomic<int> ok{0};
    std::atomic<int> on_strand{0};
    std::atomic<int> completed{0};
    std::promise<void> all_done;
    asio::post(strand, [&] {
        for (int i = 0; i < calls; ++i) {
            gchat::create_message_params p{.message_id = "client-m" + std::to_string(i)};
            chat->async_create_message("spaces/AAA", text_message("m" + std::to_string(i)), p,
                                       asio::bind_executor(ex, [&](error_code ec, gchat::message) {
                                           if (!ec) ++ok;
                                           if (running_in(tr) && strand.running_in_this_thread()) ++on_strand;
                                           if (++completed == calls) all_done.set_value();
                                       }));
        }
    });
    BOOST_TEST_REQUIRE((all_done.get_future().wait_for(30s) == std::future_status::ready));
    BOOST_TEST(ok.load() == calls);
    BOOST_TEST(on_strand.load() == calls);

    // A coroutine on the strand: after every co_await it is back on the strand.
    asio::co_spawn(
        strand,
        [&]() -> asio::awaitable<void> {
            auto m = co_await chat->async_get_message("spaces/AAA/messages/client-m7", asio::use_awaitable);
            BOOST_TEST(strand.running_in_this_thread());
            BOOST_TEST(m.text.value_or("") == "m7");
            m.text = "changed";
            auto up = co_await chat->async_update_message(m, "text", gchat::update_message_params{},
                                                          asio::use_awaitable);
            BOOST_TEST(strand.running_in_this_thread());
            BOOST_TEST(up.text.value_or("") == "changed");
            co_await chat->async_delete_message("spaces/AAA/messages/client-m7",
                                                gchat::delete_message_params{}, asio::use_awaitable);
            BOOST_TEST(strand.running_in_this_thread());
            chat->close();
        },
        asio::use_future)
        .get();
    emu.async_stop(asio::use_future).get();
    asio::post(strand, asio::use_future).get();
    chat.reset();
    pool.join();
}

BOOST_AUTO_TEST_CASE(poll_alone_drives_create_get_update_delete) {
    // No run(), no thread: one poll() per "frame" is all the progress there is.
    asio::io_context ioc;
    gchat::testing::emulator emu(ioc.get_executor(), one_space_with_key());
    bool started = false;
    emu.async_start([&](error_code ec) {
        BOOST_TEST(!ec.failed());
        started = true;
    });
    poll_until(ioc, [&] { return started; });
    BOOST_TEST_REQUIRE(started);

    gchat::client chat(ioc.get_executor(), params_for(emu));
    executor_tracker tr;
    tracking_executor ex(ioc.get_executor(), &tr);
    crud_on(chat, ex, tr, [&](auto done) { poll_until(ioc, done); });
    BOOST_TEST(emu.state().message_count("spaces/AAA") == 0u);

    // An event round trip: the emulator signs and POSTs an event, the server fetches the emulator's keys,
    // verifies, routes and answers.
    std::atomic<int> handled{0};
    gchat::server::event_server server(ioc.get_executor(), counting_router(handled), server_options(emu),
                                       &chat);
    auto server_started = call<no_value>(
        ex, tr, [&](auto h) { server.async_start(std::move(h)); }, [&](auto done) { poll_until(ioc, done); });
    BOOST_TEST_REQUIRE(!server_started.ec.failed());
    BOOST_TEST(server_started.on_tracker);
    auto reply = call<gchat::testing::send_event_result>(
        ex, tr,
        [&](auto h) {
            emu.async_send_event(server.url(), message_event(" hello"), signed_for_app(), std::move(h));
        },
        [&](auto done) { poll_until(ioc, done); });
    BOOST_TEST(!reply.ec.failed());
    BOOST_TEST(reply.on_tracker);
    BOOST_TEST(reply.value.status == 200u);
    BOOST_TEST_REQUIRE(reply.value.message.has_value());
    BOOST_TEST(reply.value.message->text.value_or("") == "ack: hello");
    BOOST_TEST(handled.load() == 1);
    auto server_stopped = call<no_value>(
        ex, tr, [&](auto h) { server.async_stop(std::move(h)); }, [&](auto done) { poll_until(ioc, done); });
    BOOST_TEST(server_stopped.on_tracker);

    chat.close();
    bool stopped = false;
    emu.async_stop([&](error_code) { stopped = true; });
    poll_until(ioc, [&] { return stopped; });
    BOOST_TEST(stopped);
}

BOOST_AUTO_TEST_CASE(event_server_on_a_strand_of_a_four_thread_pool_answers_concurrent_events) {
    constexpr int events = 40;
    asio::thread_pool pool(4);
    gchat::testing::emulator emu(pool.get_executor(), one_space_with_key());
    emu.async_start(asio::use_future).get();

    auto strand = asio::make_strand(pool.get_executor());
    std::atomic<int> handled{0};
    gchat::server::basic_event_server<decltype(strand)> server(strand, counting_router(handled),
                                                               server_options(emu));
    server.async_start(asio::use_future).get();
    const std::string url = server.url();

    // The emulator's sends start on the pool's threads at once; each completion must run on its tracker.
    executor_tracker tr;
    tracking_executor ex(pool.get_executor(), &tr);
    std::atomic<int> ok{0};
    std::atomic<int> on_tracker{0};
    std::atomic<int> completed{0};
    std::promise<void> all_done;
    for (int i = 0; i < events; ++i)
        emu.async_send_event(
            url, message_event(" " + std::to_string(i)), signed_for_app(),
            asio::bind_executor(ex, [&, i](error_code ec, gchat::testing::send_event_result r) {
                if (!ec && r.status == 200 && r.message &&
                    r.message->text.value_or("") == "ack: " + std::to_string(i))
                    ++ok;
                if (running_in(tr)) ++on_tracker;
                if (++completed == events) all_done.set_value();
            }));
    BOOST_TEST_REQUIRE((all_done.get_future().wait_for(30s) == std::future_status::ready));
    BOOST_TEST(ok.load() == events);
    BOOST_TEST(on_tracker.load() == events);
    BOOST_TEST(handled.load() == events);
    server.async_stop(asio::use_future).get();
    emu.async_stop(asio::use_future).get();
    pool.join();
}

BOOST_AUTO_TEST_SUITE_END()
