// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// The client at volume against gchat::testing::emulator over loopback: thousands of creates through injected
// faults (503, 429 bursts, connections dropped before and after the request is processed) leave exactly one
// message each, and a thousand concurrent calls share a bounded connection pool.
#include <gchat/client.hpp>
#include <gchat/json/parse.hpp>
#include <gchat/testing/emulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include "client_fixture.hpp"

#include <chrono>
#include <cstddef>
#include <exception>
#include <map>
#include <string>
#include <vector>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using boost::system::error_code;
using gchat::test::client_fixture;
using gchat::testing::fault;
using gchat::testing::fault_kind;
using gchat::testing::fault_rule;

namespace {

fault make_fault(fault_kind kind, std::chrono::seconds retry_after = 0s) {
    fault f;
    f.kind = kind;
    f.retry_after = retry_after;
    return f;
}

// A rule hitting a share `p` of all create requests, given that the rules before it took `taken` of them
// (the first rule that applies wins, so each rule only sees what the earlier ones let through).
fault_rule share_of_creates(fault f, double p, double& taken) {
    fault_rule r{.route = "spaces.messages.create", .effect = f, .probability = p / (1.0 - taken)};
    taken += p;
    return r;
}

gchat::message text_message(std::string t) {
    gchat::message m;
    m.text = std::move(t);
    return m;
}

// The outcome of one call, as its completion handler reported it.
struct outcome {
    bool completed = false;
    error_code ec;
    std::string name;
    std::string text;
};

// Creates the messages "m-<i>" for every i taken from `next` below outcomes.size(), one call at a time.
asio::awaitable<void> create_worker(gchat::client& chat, std::size_t& next, std::vector<outcome>& outcomes) {
    while (next < outcomes.size()) {
        auto i = next++;
        auto m = text_message("m-" + std::to_string(i));
        auto [ec, created] = co_await chat.async_create_message(
            "spaces/AAA", m, gchat::detail::default_params<gchat::create_message_params>(),
            asio::as_tuple(asio::deferred));
        auto& o = outcomes[i];
        o.completed = true;
        o.ec = ec;
        o.name = created.name.value_or("");
        o.text = created.text.value_or("");
    }
}

// Waits (on the io_context's thread) until `remaining` is 0; `wake` is cancelled by whoever brings it there.
asio::awaitable<void> wait_until_zero(const std::size_t& remaining, asio::steady_timer& wake) {
    while (remaining > 0) {
        wake.expires_at(asio::steady_timer::time_point::max());
        co_await wake.async_wait(asio::as_tuple(asio::use_awaitable));
    }
}

// Every message of `space` as the emulator holds it, listed through its chat_state (call on its thread).
std::vector<gchat::message> all_messages(gchat::testing::emulator& emu, const std::string& space) {
    std::vector<gchat::message> out;
    std::string token;
    for (int page = 0; page < 1000; ++page) {
        auto target = "/v1/" + space + "/messages?pageSize=1000";
        if (!token.empty()) target += "&pageToken=" + token;
        auto res = emu.state().handle({.method = "GET",
                                       .target = target,
                                       .authorization = "Bearer test-token",
                                       .content_type = {},
                                       .body = {}});
        BOOST_TEST_REQUIRE(res.status == 200u, res.body);
        auto parsed = gchat::json::parse<gchat::list_messages_response>(res.body);
        BOOST_TEST_REQUIRE(parsed.has_value());
        for (auto& m : parsed->messages)
            out.push_back(std::move(m));
        token = parsed->next_page_token.value_or("");
        if (token.empty()) break;
    }
    return out;
}

} // namespace

BOOST_AUTO_TEST_SUITE(client_reliability)

BOOST_AUTO_TEST_CASE(ten_thousand_creates_under_faults_leave_exactly_ten_thousand_messages) {
    constexpr std::size_t calls = 10'000;
    constexpr std::size_t workers = 64;
    gchat::testing::emulator_options o;
    o.seed = 20261123;
    // 10% 503, 2.5% dropped before processing, 2.5% dropped after it (the message exists, the reply is lost).
    double taken = 0;
    o.faults.push_back(share_of_creates(make_fault(fault_kind::http_503), 0.10, taken));
    o.faults.push_back(share_of_creates(make_fault(fault_kind::drop_before), 0.025, taken));
    o.faults.push_back(share_of_creates(make_fault(fault_kind::drop_after), 0.025, taken));
    // Bursts of 429 among the requests the rules above let through: Retry-After 0, and twice Retry-After 1.
    std::vector<fault> script;
    auto pass = [&](std::size_t n) { script.insert(script.end(), n, make_fault(fault_kind::none)); };
    auto burst = [&](std::size_t n, std::chrono::seconds retry_after) {
        script.insert(script.end(), n, make_fault(fault_kind::http_429, retry_after));
    };
    for (int b = 0; b < 4; ++b) {
        pass(1500);
        burst(20, 0s);
    }
    pass(500);
    burst(8, 1s);
    pass(1000);
    burst(8, 1s);
    o.faults.push_back({.route = "spaces.messages.create", .script = std::move(script)});

    auto p = gchat::test::test_params();
    p.retry.initial_backoff = 1ms;
    p.retry.max_backoff = 20ms;
    p.retry.max_attempts = 16;
    p.retry.total_budget = 50s;
    p.retry.max_retry_after = 2s;
    p.default_deadline = 50s;
    client_fixture f(o, p);
    std::vector<outcome> outcomes(calls);
    auto started = std::chrono::steady_clock::now();
    f.run([&]() -> asio::awaitable<void> {
        auto ex = co_await asio::this_coro::executor;
        std::size_t next = 0;
        std::size_t remaining = workers;
        std::exception_ptr failure;
        asio::steady_timer wake(ex);
        for (std::size_t w = 0; w < workers; ++w)
            asio::co_spawn(ex, create_worker(*f.chat, next, outcomes), [&](std::exception_ptr e) {
                if (e) failure = e;
                if (--remaining == 0) wake.cancel();
            });
        co_await wait_until_zero(remaining, wake);
        if (failure) std::rethrow_exception(failure);
    });
    auto elapsed =
        std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - started);
    BOOST_TEST_MESSAGE("10,000 creates under faults: " << elapsed.count() << " ms");

    // Every call reported success with its own message.
    std::size_t succeeded = 0;
    for (std::size_t i = 0; i < calls; ++i) {
        const auto& r = outcomes[i];
        BOOST_TEST_REQUIRE(r.completed, "call " << i);
        BOOST_TEST(!r.ec, "call " << i << ": " << r.ec.message());
        BOOST_TEST(r.text == "m-" + std::to_string(i));
        BOOST_TEST(r.name.rfind("spaces/AAA/messages/", 0) == 0u, r.name);
        succeeded += !r.ec;
    }
    BOOST_TEST(succeeded == calls);

    f.run([&]() -> asio::awaitable<void> {
        // The faults did happen.
        const auto& c = f.emu->counters();
        BOOST_TEST_MESSAGE("requests " << c.requests << ", faults " << c.faults << ", dropped " << c.dropped
                                       << ", connections " << c.connections);
        BOOST_TEST(c.faults > 1000u);
        BOOST_TEST(c.dropped > 100u);
        BOOST_TEST(c.by_status.count(503) == 1u);
        BOOST_TEST(c.by_status.count(429) == 1u);
        BOOST_TEST(c.by_route.at("spaces.messages.create") > calls);
        // The space holds each text once, under the name its call reported.
        BOOST_TEST(f.emu->state().message_count("spaces/AAA", true) == calls);
        auto all = all_messages(*f.emu, "spaces/AAA");
        BOOST_TEST(all.size() == calls);
        std::map<std::string, std::string> name_of_text;
        for (const auto& m : all) {
            auto [it, inserted] = name_of_text.emplace(m.text.value_or(""), m.name.value_or(""));
            BOOST_TEST(inserted, "duplicated: " << it->first);
        }
        for (std::size_t i = 0; i < calls; ++i) {
            auto it = name_of_text.find("m-" + std::to_string(i));
            BOOST_TEST_REQUIRE((it != name_of_text.end()), "missing: m-" << i);
            BOOST_TEST(it->second == outcomes[i].name);
        }
        co_return;
    });
    BOOST_TEST((elapsed < 45s));
}

BOOST_AUTO_TEST_CASE(a_thousand_concurrent_calls_complete_within_the_connection_bound) {
    constexpr std::size_t calls = 1000;
    auto p = gchat::test::test_params();
    p.max_connections = 8;
    p.default_deadline = 30s;
    client_fixture f({}, p);
    std::vector<outcome> outcomes(calls);
    f.run([&]() -> asio::awaitable<void> {
        asio::steady_timer wake(co_await asio::this_coro::executor);
        std::size_t remaining = calls;
        // All launched at once: the pool takes 8 and queues the others.
        for (std::size_t i = 0; i < calls; ++i) {
            auto m = text_message("c-" + std::to_string(i));
            f.chat->async_create_message("spaces/AAA", m,
                                         gchat::detail::default_params<gchat::create_message_params>(),
                                         [&, i](error_code ec, gchat::message created) {
                                             auto& o = outcomes[i];
                                             o.completed = true;
                                             o.ec = ec;
                                             o.name = created.name.value_or("");
                                             o.text = created.text.value_or("");
                                             if (--remaining == 0) wake.cancel();
                                         });
        }
        co_await wait_until_zero(remaining, wake);
        const auto& c = f.emu->counters();
        BOOST_TEST(c.connections <= 8u);
        BOOST_TEST(c.connections >= 1u);
        BOOST_TEST(c.requests == calls);
        BOOST_TEST(c.faults == 0u);
        BOOST_TEST(f.emu->state().message_count("spaces/AAA", true) == calls);
        auto all = all_messages(*f.emu, "spaces/AAA");
        std::map<std::string, std::string> name_of_text;
        for (const auto& m : all)
            name_of_text.emplace(m.text.value_or(""), m.name.value_or(""));
        BOOST_TEST(name_of_text.size() == calls);
        for (std::size_t i = 0; i < calls; ++i) {
            const auto& r = outcomes[i];
            BOOST_TEST_REQUIRE(r.completed, "call " << i);
            BOOST_TEST(!r.ec, "call " << i << ": " << r.ec.message());
            BOOST_TEST(r.text == "c-" + std::to_string(i));
            auto it = name_of_text.find("c-" + std::to_string(i));
            BOOST_TEST_REQUIRE((it != name_of_text.end()), "missing: c-" << i);
            BOOST_TEST(it->second == r.name);
        }
    });
}

BOOST_AUTO_TEST_SUITE_END()
