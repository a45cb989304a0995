// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// The client's composed operations, one behaviour per test, against gchat::testing::emulator over loopback:
// results, local errors, retries (503, 429 + Retry-After, dropped connections), deadlines, cancellation,
// pagination, downloads, token sources, logging, the write limiter and completion tokens.
#include <gchat/client.hpp>
#include <gchat/testing/emulator.hpp>
#include <gchat/with_diagnostics.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/test/unit_test.hpp>

#include "client_fixture.hpp"

#include <chrono>
#include <exception>
#include <string>
#include <vector>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using boost::system::error_code;
using gchat::test::client_fixture;
using gchat::testing::fault;
using gchat::testing::fault_kind;

namespace {

// What the client's logger saw (owned by the test, outlives the fixture's client).
struct log_capture {
    std::vector<gchat::client_log_record> records;
    std::vector<std::string> targets;
};

// The test parameters with tiny backoffs and a logger into `log`.
gchat::client_params params(log_capture& log) {
    auto p = gchat::test::test_params();
    p.retry.initial_backoff = 1ms;
    p.retry.max_backoff = 4ms;
    p.logger = [&log](const gchat::client_log_record& r) {
        log.records.push_back(r);
        log.targets.emplace_back(r.target);
    };
    return p;
}

fault make_fault(fault_kind kind, std::chrono::seconds retry_after = 0s,
                 std::chrono::milliseconds latency = 0ms) {
    fault f;
    f.kind = kind;
    f.retry_after = retry_after;
    f.latency = latency;
    return f;
}

gchat::testing::emulator_options with_script(std::string route, std::vector<fault> script) {
    gchat::testing::emulator_options o;
    o.faults.push_back({.route = std::move(route), .script = std::move(script)});
    return o;
}

gchat::message text_message(std::string t) {
    gchat::message m;
    m.text = std::move(t);
    return m;
}

// Waits (on the io_context's thread) until `done` is set by a callback; at most about 5 s.
asio::awaitable<void> wait_for(const bool& done) {
    asio::steady_timer t(co_await asio::this_coro::executor);
    for (int i = 0; i < 5000 && !done; ++i) {
        t.expires_after(1ms);
        co_await t.async_wait(asio::use_awaitable);
    }
}

// A user's token source that always fails.
struct failing_token {
    template <class CompletionToken>
    auto async_get_token(CompletionToken&& token) const {
        return asio::async_initiate<CompletionToken, gchat::auth::token_signature>(
            [](auto h) {
                std::move(h)(make_error_code(gchat::errc::token_request_failed), gchat::auth::access_token{});
            },
            token);
    }
};

} // namespace

BOOST_AUTO_TEST_SUITE(client_behaviour)

BOOST_AUTO_TEST_CASE(get_message_completes_with_the_parsed_message_and_sends_the_bearer) {
    gchat::testing::emulator_options o;
    o.accepted_tokens = {"test-token"};
    client_fixture f(o);
    f.run([&]() -> asio::awaitable<void> {
        auto created = co_await f.chat->async_create_message("spaces/AAA", text_message("hi"));
        auto m = co_await f.chat->async_get_message(created.name.value());
        BOOST_TEST(m.text.value_or("") == "hi");
        BOOST_TEST((m.name == created.name));
        BOOST_TEST_REQUIRE(f.emu->requests().size() == 2u);
        BOOST_TEST(f.emu->requests()[1].path == "/v1/" + *created.name);
        BOOST_TEST(f.emu->requests()[1].status == 200u);
        // A client with another bearer is refused: the accepted one was sent.
        auto p = f.chat->params();
        p.credentials = gchat::auth::static_token("wrong-token");
        gchat::client other(co_await asio::this_coro::executor, p);
        auto [ec, m2] = co_await other.async_get_message(*created.name, asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::api_code::unauthenticated), ec.message());
        other.close();
    });
}

BOOST_AUTO_TEST_CASE(an_operation_never_completes_inline_even_on_a_local_error) {
    client_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        bool done = false;
        error_code ec;
        f.chat->async_get_message("bad name", [&](error_code e, gchat::message) {
            ec = e;
            done = true;
        });
        BOOST_TEST(!done);
        co_await wait_for(done);
        BOOST_TEST(done);
        BOOST_TEST((ec == gchat::errc::invalid_resource_name));
    });
}

BOOST_AUTO_TEST_CASE(a_local_validation_error_sends_nothing) {
    client_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        gchat::diagnostics diag;
        gchat::create_message_params bad{.message_id = "Greeting"};
        auto [ec, m] = co_await f.chat->async_create_message("spaces/AAA", text_message("x"), bad, diag,
                                                             asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::errc::invalid_message_id));
        BOOST_TEST(!diag.client_message.empty());
        BOOST_TEST(f.emu->requests().empty());
        BOOST_TEST(f.emu->counters().connections == 0u);
    });
}

BOOST_AUTO_TEST_CASE(a_create_gets_a_request_id_and_the_retry_resends_the_same_one) {
    // 503 (nothing created), then processed but the reply dropped (created), then answered: only the same
    // request id makes the third attempt return the message the second one created.
    log_capture log;
    client_fixture f(with_script("spaces.messages.create",
                                 {make_fault(fault_kind::http_503), make_fault(fault_kind::drop_after)}),
                     params(log));
    f.run([&]() -> asio::awaitable<void> {
        auto m = co_await f.chat->async_create_message("spaces/AAA", text_message("once"));
        BOOST_TEST(m.text.value_or("") == "once");
        BOOST_TEST(f.requests_to("spaces.messages.create") == 3u);
        BOOST_TEST(f.emu->state().message_count("spaces/AAA") == 1u);
    });
    // Every attempt the client made sent the same target, request id included (the resend after the drop may
    // be the transport's own, on a fresh connection: it sends the same request).
    BOOST_TEST_REQUIRE(log.targets.size() >= 2u);
    auto pos = log.targets[0].find("requestId=");
    BOOST_TEST_REQUIRE(pos != std::string::npos);
    auto id = log.targets[0].substr(pos + 10);
    BOOST_TEST(id.substr(0, id.find('&')).size() == 36u); // a UUID
    for (auto& t : log.targets)
        BOOST_TEST(t == log.targets[0]);
}

BOOST_AUTO_TEST_CASE(connection_failures_are_retried_for_idempotent_calls) {
    client_fixture f(with_script("spaces.messages.delete", {make_fault(fault_kind::drop_before)}));
    f.run([&]() -> asio::awaitable<void> {
        auto m = co_await f.chat->async_create_message("spaces/AAA", text_message("x"));
        auto [ec] = co_await f.chat->async_delete_message(
            *m.name, gchat::detail::default_params<gchat::delete_message_params>(),
            asio::as_tuple(asio::deferred));
        BOOST_TEST(!ec, ec.message());
        BOOST_TEST(f.requests_to("spaces.messages.delete") == 2u);
        BOOST_TEST(f.emu->counters().dropped == 1u);
        BOOST_TEST(f.emu->state().message_count("spaces/AAA") == 0u);
    });
}

BOOST_AUTO_TEST_CASE(a_reaction_create_is_not_retried) {
    client_fixture f(with_script("spaces.messages.reactions.create", {make_fault(fault_kind::http_503)}));
    f.run([&]() -> asio::awaitable<void> {
        auto m = co_await f.chat->async_create_message("spaces/AAA", text_message("x"));
        gchat::reaction r;
        r.emoji.emplace();
        r.emoji->unicode = "x";
        auto [ec, created] =
            co_await f.chat->async_create_reaction(*m.name, r, asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::api_code::unavailable));
        BOOST_TEST(f.requests_to("spaces.messages.reactions.create") == 1u);
        auto list = co_await f.chat->async_list_reactions(*m.name);
        BOOST_TEST(list.reactions.empty());
    });
}

BOOST_AUTO_TEST_CASE(other_4xx_are_returned_at_once_with_diagnostics) {
    client_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        gchat::diagnostics diag;
        auto [ec, m] =
            co_await f.chat->async_get_message("spaces/AAA/messages/B", diag, asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::api_code::not_found));
        BOOST_TEST(diag.http_status == 404u);
        BOOST_TEST(diag.api_status == "NOT_FOUND");
        BOOST_TEST(!diag.server_message.empty());
        BOOST_TEST(f.requests_to("spaces.messages.get") == 1u);
    });
}

BOOST_AUTO_TEST_CASE(retries_stop_after_max_attempts_with_the_last_error) {
    client_fixture f(with_script("spaces.get", std::vector<fault>(10, make_fault(fault_kind::http_503))));
    f.run([&]() -> asio::awaitable<void> {
        gchat::retry_policy p;
        p.max_attempts = 3;
        p.initial_backoff = 1ms;
        p.max_backoff = 4ms;
        gchat::diagnostics diag;
        auto [ec, s] = co_await f.chat->with_options({.retry = p})
                           .async_get_space("spaces/AAA", diag, asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::api_code::unavailable));
        BOOST_TEST(f.requests_to("spaces.get") == 3u);
        BOOST_TEST(diag.http_status == 503u);
        BOOST_TEST(diag.server_message.find("unavailable") != std::string::npos, diag.server_message);
    });
}

BOOST_AUTO_TEST_CASE(retry_after_is_waited) {
    log_capture log;
    client_fixture f(with_script("spaces.get", {make_fault(fault_kind::http_429, 1s)}), params(log));
    f.run([&]() -> asio::awaitable<void> {
        auto started = std::chrono::steady_clock::now();
        auto s = co_await f.chat->async_get_space("spaces/AAA");
        BOOST_TEST(s.name.value_or("") == "spaces/AAA");
        BOOST_TEST((std::chrono::steady_clock::now() - started >= 1s));
        BOOST_TEST(f.requests_to("spaces.get") == 2u);
    });
    BOOST_TEST_REQUIRE(log.records.size() == 2u);
    BOOST_TEST(log.records[0].http_status == 429u);
    BOOST_TEST(log.records[0].retry_in.count() >= 1000);
}

BOOST_AUTO_TEST_CASE(cancellation_during_the_backoff_completes_with_operation_aborted) {
    // Retry-After: 5 (within the 10 s deadline, so the client does wait for it).
    client_fixture f(with_script("spaces.get", {make_fault(fault_kind::http_503, 5s)}));
    f.run([&]() -> asio::awaitable<void> {
        asio::cancellation_signal sig;
        asio::steady_timer t(co_await asio::this_coro::executor, 50ms);
        t.async_wait([&](error_code) { sig.emit(asio::cancellation_type::terminal); });
        auto started = std::chrono::steady_clock::now();
        auto [ec, s] = co_await f.chat->async_get_space(
            "spaces/AAA", asio::bind_cancellation_slot(sig.slot(), asio::as_tuple(asio::use_awaitable)));
        BOOST_TEST((ec == asio::error::operation_aborted));
        BOOST_TEST((std::chrono::steady_clock::now() - started < 4s));
        BOOST_TEST(f.requests_to("spaces.get") == 1u);
    });
}

BOOST_AUTO_TEST_CASE(cancellation_during_a_request_completes_with_operation_aborted) {
    client_fixture f(with_script("spaces.get", {make_fault(fault_kind::delay, 0s, 1s)}));
    f.run([&]() -> asio::awaitable<void> {
        asio::cancellation_signal sig;
        asio::steady_timer t(co_await asio::this_coro::executor, 20ms);
        t.async_wait([&](error_code) { sig.emit(asio::cancellation_type::terminal); });
        auto [ec, s] = co_await f.chat->async_get_space(
            "spaces/AAA", asio::bind_cancellation_slot(sig.slot(), asio::as_tuple(asio::use_awaitable)));
        BOOST_TEST((ec == asio::error::operation_aborted));
    });
}

BOOST_AUTO_TEST_CASE(the_deadline_bounds_the_call) {
    client_fixture f(with_script("spaces.get", {make_fault(fault_kind::delay, 0s, 1s)}));
    f.run([&]() -> asio::awaitable<void> {
        gchat::diagnostics diag;
        auto [ec, s] = co_await f.chat->with_options({.deadline = 50ms})
                           .async_get_space("spaces/AAA", diag, asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::errc::deadline_exceeded));
        BOOST_TEST(!diag.client_message.empty());
    });
}

BOOST_AUTO_TEST_CASE(a_pager_walks_every_page_following_the_tokens) {
    log_capture log;
    client_fixture f({}, params(log));
    f.run([&]() -> asio::awaitable<void> {
        for (int i = 0; i < 3; ++i)
            co_await f.chat->async_create_message("spaces/AAA", text_message("m" + std::to_string(i)));
        std::vector<std::string> names;
        std::vector<std::string> tokens;
        auto pages = f.chat->message_pages("spaces/AAA", {.page_size = 1});
        while (!pages.done()) {
            auto page = co_await pages.async_next();
            for (auto& m : page.messages)
                names.push_back(m.text.value_or(""));
            tokens.push_back(pages.page_token());
        }
        BOOST_TEST((names == std::vector<std::string>{"m0", "m1", "m2"}));
        BOOST_TEST(f.requests_to("spaces.messages.list") == 3u);
        BOOST_TEST_REQUIRE(tokens.size() == 3u);
        BOOST_TEST(!tokens[0].empty());
        BOOST_TEST(tokens[2].empty());
        // The second page was asked for with the first page's token.
        BOOST_TEST_REQUIRE(log.targets.size() == 6u);
        BOOST_TEST(log.targets[4] == "/v1/spaces/AAA/messages?pageSize=1&pageToken=" + tokens[0]);
    });
}

BOOST_AUTO_TEST_CASE(a_download_streams_to_the_sink_and_counts_bytes) {
    client_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        std::string data(50'000, '\0');
        for (std::size_t i = 0; i < data.size(); ++i)
            data[i] = static_cast<char>(i * 13);
        gchat::upload_params what{.filename = "blob.bin"};
        auto up = co_await f.chat->async_upload_attachment("spaces/AAA", what, data);
        std::string got;
        int pieces = 0;
        auto n = co_await f.chat->async_download_media(up.attachment_data_ref.value().resource_name.value(),
                                                       [&](std::string_view s) {
                                                           got += s;
                                                           ++pieces;
                                                           return error_code();
                                                       });
        BOOST_TEST(n == data.size());
        BOOST_TEST((got == data));
        BOOST_TEST(pieces >= 1);
        BOOST_TEST(f.requests_to("media.download") == 1u);
    });
}

BOOST_AUTO_TEST_CASE(a_download_dropped_before_any_byte_is_retried) {
    client_fixture f(with_script("media.download", {make_fault(fault_kind::drop_before)}));
    f.run([&]() -> asio::awaitable<void> {
        gchat::upload_params what{.filename = "a.txt"};
        auto up = co_await f.chat->async_upload_attachment("spaces/AAA", what, "0123456789");
        std::string got;
        auto n = co_await f.chat->async_download_media(up.attachment_data_ref.value().resource_name.value(),
                                                       [&](std::string_view s) {
                                                           got += s;
                                                           return error_code();
                                                       });
        BOOST_TEST(n == 10u);
        BOOST_TEST(got == "0123456789");
        BOOST_TEST(f.requests_to("media.download") == 2u);
    });
}

BOOST_AUTO_TEST_CASE(a_download_is_not_retried_once_bytes_reached_the_sink) {
    // The emulator cannot cut a response body short, so the failure after the first bytes comes from the
    // sink: the call fails with the sink's error and the download is not sent again.
    client_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        gchat::upload_params what{.filename = "a.txt"};
        auto up = co_await f.chat->async_upload_attachment("spaces/AAA", what, "0123456789");
        std::size_t seen = 0;
        auto [ec, n] = co_await f.chat->async_download_media(
            up.attachment_data_ref.value().resource_name.value(),
            [&](std::string_view s) {
                seen += s.size();
                return make_error_code(asio::error::connection_reset);
            },
            asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == asio::error::connection_reset));
        BOOST_TEST(seen > 0u);
        BOOST_TEST(f.requests_to("media.download") == 1u);
    });
}

BOOST_AUTO_TEST_CASE(a_token_source_failure_ends_the_call_before_sending) {
    auto p = gchat::test::test_params();
    p.credentials = failing_token{};
    client_fixture f({}, p);
    f.run([&]() -> asio::awaitable<void> {
        auto [ec, s] = co_await f.chat->async_get_space("spaces/AAA", asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::errc::token_request_failed));
        BOOST_TEST(f.emu->requests().empty());
    });
}

BOOST_AUTO_TEST_CASE(the_logger_sees_every_attempt_without_the_token) {
    log_capture log;
    client_fixture f(with_script("spaces.get", {make_fault(fault_kind::http_503)}), params(log));
    f.run([&]() -> asio::awaitable<void> { co_await f.chat->async_get_space("spaces/AAA"); });
    BOOST_TEST_REQUIRE(log.records.size() == 2u);
    BOOST_TEST(log.records[0].http_status == 503u);
    BOOST_TEST(log.records[0].attempt == 1u);
    BOOST_TEST(log.records[0].retry_in.count() >= 0);
    BOOST_TEST(log.records[1].http_status == 200u);
    BOOST_TEST(log.records[1].attempt == 2u);
    BOOST_TEST(log.records[1].retry_in.count() < 0);
    for (auto& t : log.targets) {
        BOOST_TEST(t == "/v1/spaces/AAA");
        BOOST_TEST(t.find("test-token") == std::string::npos);
    }
}

BOOST_AUTO_TEST_CASE(plain_co_await_throws_system_error_and_as_tuple_does_not) {
    client_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        bool threw = false;
        try {
            co_await f.chat->async_get_message("spaces/AAA/messages/B");
        } catch (const boost::system::system_error& e) {
            threw = e.code() == gchat::api_code::not_found;
        }
        BOOST_TEST(threw);
        gchat::diagnostics diag;
        auto [ec, m] =
            co_await f.chat->async_get_message("spaces/AAA/messages/B", diag, asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::api_code::not_found));
        bool rethrown = false;
        try {
            gchat::throw_on_error(ec, diag);
        } catch (const gchat::error_with_diagnostics& e) {
            rethrown = e.get_diagnostics().http_status == 404u && !e.get_diagnostics().server_message.empty();
        }
        BOOST_TEST(rethrown);
    });
}

BOOST_AUTO_TEST_CASE(the_write_limiter_delays_writes_over_the_limit_per_space) {
    log_capture log;
    auto p = params(log);
    p.max_writes_per_space = 2;
    p.write_window = 300ms;
    client_fixture f({}, p);
    f.run([&]() -> asio::awaitable<void> {
        auto& c = *f.chat;
        auto m = text_message("x");
        auto started = std::chrono::steady_clock::now();
        auto [order, e1, m1, e2, m2, e3, m3, e4, m4] =
            co_await asio::experimental::make_parallel_group(
                c.async_create_message("spaces/AAA", m), c.async_create_message("spaces/AAA", m),
                c.async_create_message("spaces/AAA", m), c.async_create_message("spaces/BBB", m))
                .async_wait(asio::experimental::wait_for_all(), asio::deferred);
        BOOST_TEST((!e1 && !e2 && !e3 && !e4));
        BOOST_TEST((std::chrono::steady_clock::now() - started >= 300ms));
        BOOST_TEST(f.emu->state().message_count("spaces/AAA") == 3u);
        BOOST_TEST(f.emu->state().message_count("spaces/BBB") == 1u);
        // spaces/BBB went out without waiting; the third write to spaces/AAA waited for the window.
        BOOST_TEST_REQUIRE(f.emu->requests().size() == 4u);
        BOOST_TEST(f.emu->requests()[3].path == "/v1/spaces/AAA/messages");
    });
    BOOST_TEST_REQUIRE(log.records.size() == 4u);
    BOOST_TEST(log.targets[3].rfind("/v1/spaces/AAA/", 0) == 0u);
    BOOST_TEST(log.records[3].elapsed.count() >= 300);
}

BOOST_AUTO_TEST_CASE(with_diagnostics_makes_co_await_throw_the_diagnostics) {
    client_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        std::string server_message;
        try {
            co_await f.chat->async_get_message("spaces/AAA/messages/B", gchat::with_diagnostics());
        } catch (const gchat::error_with_diagnostics& e) {
            if (e.code() == gchat::api_code::not_found) server_message = e.get_diagnostics().server_message;
        }
        BOOST_TEST(!server_message.empty());
        auto s = co_await f.chat->async_get_space("spaces/AAA", gchat::with_diagnostics(asio::use_awaitable));
        BOOST_TEST(s.name.value_or("") == "spaces/AAA");
        bool delete_threw = false;
        try {
            gchat::delete_message_params dp; // named: g++ 12 mishandles braced temporaries in co_await
            co_await f.chat->async_delete_message("spaces/AAA/messages/B", dp, gchat::with_diagnostics());
        } catch (const gchat::error_with_diagnostics& e) {
            delete_threw = e.code() == gchat::api_code::not_found && e.get_diagnostics().http_status == 404u;
        }
        BOOST_TEST(delete_threw);
    });
}

BOOST_AUTO_TEST_CASE(with_diagnostics_keeps_a_callers_diagnostics_and_the_cancellation_slot) {
    client_fixture f(with_script("spaces.get", {make_fault(fault_kind::http_503, 5s)}));
    f.run([&]() -> asio::awaitable<void> {
        gchat::diagnostics diag;
        asio::cancellation_signal sig;
        std::exception_ptr ep;
        bool done = false;
        f.chat->async_get_space("spaces/AAA", diag,
                                gchat::with_diagnostics(asio::bind_cancellation_slot(
                                    sig.slot(), [&](std::exception_ptr e, gchat::space) {
                                        ep = e;
                                        done = true;
                                    })));
        asio::steady_timer t(co_await asio::this_coro::executor, 50ms);
        co_await t.async_wait(asio::use_awaitable);
        sig.emit(asio::cancellation_type::terminal);
        co_await wait_for(done);
        BOOST_TEST_REQUIRE(!!ep);
        bool matched = false;
        try {
            std::rethrow_exception(ep);
        } catch (const gchat::error_with_diagnostics& e) {
            matched = e.code() == asio::error::operation_aborted &&
                      e.get_diagnostics().client_message == diag.client_message;
        }
        BOOST_TEST(matched);
        BOOST_TEST(f.requests_to("spaces.get") == 1u);
    });
}

BOOST_AUTO_TEST_SUITE_END()
