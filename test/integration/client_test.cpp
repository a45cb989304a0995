// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// gchat::client against gchat::testing::emulator over loopback (plain and TLS): every operation, local
// validation, error mapping, retries under injected faults, cancellation, deadlines, pagination, media.

#include <gchat/auth/static_token.hpp>
#include <gchat/client.hpp>
#include <gchat/testing/emulator.hpp>
#include <gchat/with_diagnostics.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>

#include "client_fixture.hpp"

#include <future>
#include <string>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using boost::system::error_code;

namespace {

using gchat::test::client_fixture;

gchat::message text_message(std::string t) {
    gchat::message m;
    m.text = std::move(t);
    return m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(client)

BOOST_AUTO_TEST_CASE(messages_create_get_update_list_delete) {
    client_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auto& chat = *f.chat;
        // Parameter structs are named, not braced in the co_await expression: g++ 12 destroys such
        // temporaries twice (GCC bug 100611 and relatives).
        gchat::create_message_params params{.message_id = "client-greeting"};
        auto m = co_await chat.async_create_message("spaces/AAA", text_message("Hello, world!"), params);
        BOOST_TEST(m.name.value_or("").find("spaces/AAA/messages/") == 0u);
        BOOST_TEST(m.client_assigned_message_id.value_or("") == "client-greeting");
        auto got = co_await chat.async_get_message(*m.name);
        BOOST_TEST(got.text.value_or("") == "Hello, world!");
        m.text = "Updated message!";
        auto up = co_await chat.async_update_message(m, "text");
        BOOST_TEST(up.text.value_or("") == "Updated message!");
        auto page = co_await chat.async_list_messages("spaces/AAA");
        BOOST_TEST(page.messages.size() == 1u);
        co_await chat.async_delete_message(*m.name);
        auto [ec, gone] = co_await chat.async_get_message(*m.name, asio::as_tuple(asio::deferred));
        BOOST_TEST((ec == gchat::api_code::not_found));
    });
}

BOOST_AUTO_TEST_CASE(over_tls_with_a_custom_ca) {
    gchat::testing::emulator_options o;
    o.tls = true;
    client_fixture f(o);
    f.run([&]() -> asio::awaitable<void> {
        auto m = co_await f.chat->async_create_message("spaces/AAA", text_message("over TLS"));
        BOOST_TEST(m.text.value_or("") == "over TLS");
    });
}

BOOST_AUTO_TEST_CASE(local_validation_errors_send_nothing) {
    client_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auto& chat = *f.chat;
        gchat::diagnostics d;
        gchat::create_message_params bad_id{.message_id = "Bad_Id"};
        auto [e1, m1] = co_await chat.async_create_message("spaces/AAA", text_message("x"), bad_id, d,
                                                           asio::as_tuple(asio::deferred));
        BOOST_TEST((e1 == gchat::errc::invalid_message_id));
        BOOST_TEST(!d.client_message.empty());
        auto [e2, m2] = co_await chat.async_get_message("spaces/AAA", asio::as_tuple(asio::deferred));
        BOOST_TEST((e2 == gchat::errc::invalid_resource_name));
        gchat::list_messages_params huge{.page_size = 5000};
        auto [e3, p3] = co_await chat.async_list_messages("spaces/AAA", huge, asio::as_tuple(asio::deferred));
        BOOST_TEST((e3 == gchat::errc::invalid_page_size));
        gchat::create_message_params none;
        auto [e4, m4] = co_await chat.async_create_message(
            "spaces/AAA", text_message(std::string(40000, 'x')), none, asio::as_tuple(asio::deferred));
        BOOST_TEST((e4 == gchat::errc::message_too_large));
        BOOST_TEST(f.emu->requests().empty());
    });
}

BOOST_AUTO_TEST_CASE(api_errors_map_to_api_codes_with_diagnostics) {
    client_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auto& chat = *f.chat;
        gchat::diagnostics d;
        auto [e1, m1] =
            co_await chat.async_get_message("spaces/AAA/messages/nope", d, asio::as_tuple(asio::deferred));
        BOOST_TEST((e1 == gchat::api_code::not_found));
        BOOST_TEST(d.http_status == 404u);
        BOOST_TEST(d.api_status == "NOT_FOUND");
        BOOST_TEST(!d.server_message.empty());
        gchat::create_message_params same{.message_id = "client-same"};
        co_await chat.async_create_message("spaces/AAA", text_message("a"), same);
        auto [e2, m2] = co_await chat.async_create_message("spaces/AAA", text_message("b"), same, d,
                                                           asio::as_tuple(asio::deferred));
        BOOST_TEST((e2 == gchat::api_code::already_exists));
        BOOST_TEST(d.http_status == 409u);
    });
}

BOOST_AUTO_TEST_CASE(another_apps_message_is_permission_denied_and_throws_with_diagnostics) {
    gchat::testing::emulator_options o;
    o.token_principals["other-token"] =
        gchat::testing::principal{"users/app-other", "Other App", gchat::user_type::bot};
    client_fixture f(o);
    f.run([&]() -> asio::awaitable<void> {
        auto m = co_await f.chat->async_create_message("spaces/AAA", text_message("mine"));
        gchat::client_params p = f.chat->params();
        p.credentials = gchat::auth::static_token("other-token");
        gchat::client other(co_await asio::this_coro::executor, p);
        m.text = "theirs";
        bool denied = false;
        gchat::update_message_params up;
        try {
            co_await other.async_update_message(m, "text", up, gchat::with_diagnostics());
        } catch (const gchat::error_with_diagnostics& e) {
            denied = e.code() == gchat::api_code::permission_denied &&
                     e.get_diagnostics().http_status == 403u &&
                     e.get_diagnostics().api_status == "PERMISSION_DENIED";
        }
        BOOST_TEST(denied);
        other.close();
    });
}

BOOST_AUTO_TEST_CASE(retries_through_503_and_429_create_exactly_one_message) {
    gchat::testing::emulator_options o;
    gchat::testing::fault f503;
    f503.kind = gchat::testing::fault_kind::http_503;
    f503.retry_after = 0s;
    gchat::testing::fault f429;
    f429.kind = gchat::testing::fault_kind::http_429;
    f429.retry_after = 1s;
    o.faults.push_back({.route = "spaces.messages.create", .script = {f503, f429}});
    client_fixture f(o);
    f.run([&]() -> asio::awaitable<void> {
        auto started = std::chrono::steady_clock::now();
        auto m = co_await f.chat->async_create_message("spaces/AAA", text_message("once"));
        BOOST_TEST(m.text.value_or("") == "once");
        BOOST_TEST((std::chrono::steady_clock::now() - started >= 1s)); // Retry-After: 1
        BOOST_TEST(f.requests_to("spaces.messages.create") == 3u);
        auto page = co_await f.chat->async_list_messages("spaces/AAA");
        BOOST_TEST(page.messages.size() == 1u);
    });
}

BOOST_AUTO_TEST_CASE(a_dropped_connection_after_the_create_is_retried_into_one_message) {
    gchat::testing::emulator_options o;
    gchat::testing::fault drop;
    drop.kind = gchat::testing::fault_kind::drop_after;
    o.faults.push_back({.route = "spaces.messages.create", .script = {drop}});
    client_fixture f(o);
    f.run([&]() -> asio::awaitable<void> {
        auto m = co_await f.chat->async_create_message("spaces/AAA", text_message("exactly once"));
        BOOST_TEST(m.text.value_or("") == "exactly once");
        BOOST_TEST(f.requests_to("spaces.messages.create") == 2u);
        auto page = co_await f.chat->async_list_messages("spaces/AAA");
        BOOST_TEST(page.messages.size() == 1u);
    });
}

BOOST_AUTO_TEST_CASE(spaces_members_and_reactions) {
    client_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auto& chat = *f.chat;
        auto s = co_await chat.async_get_space("spaces/AAA");
        BOOST_TEST(s.name.value_or("") == "spaces/AAA");
        auto spaces = co_await chat.async_list_spaces();
        BOOST_TEST(!spaces.spaces.empty());
        auto members = co_await chat.async_list_members("spaces/AAA");
        BOOST_TEST_REQUIRE(!members.memberships.empty());
        auto one = co_await chat.async_get_member(members.memberships[0].name.value());
        BOOST_TEST((one.name == members.memberships[0].name));
        auto [dm_ec, dm] = co_await chat.async_find_direct_message("users/100000000000000000001",
                                                                   asio::as_tuple(asio::deferred));
        BOOST_TEST((dm_ec.category() == gchat::api_category() || !dm_ec), dm_ec.message());
        auto m = co_await chat.async_create_message("spaces/AAA", text_message("react to me"));
        gchat::reaction r;
        r.emoji.emplace();
        r.emoji->unicode = "🙂";
        auto created = co_await chat.async_create_reaction(*m.name, r);
        auto list = co_await chat.async_list_reactions(*m.name);
        BOOST_TEST(list.reactions.size() == 1u);
        co_await chat.async_delete_reaction(created.name.value());
        list = co_await chat.async_list_reactions(*m.name);
        BOOST_TEST(list.reactions.empty());
    });
}

BOOST_AUTO_TEST_CASE(media_upload_attach_get_and_download) {
    client_fixture f;
    f.run([&]() -> asio::awaitable<void> {
        auto& chat = *f.chat;
        std::string data(100'000, '\0');
        for (std::size_t i = 0; i < data.size(); ++i)
            data[i] = static_cast<char>(i * 7);
        gchat::upload_params what{.filename = "blob.bin"};
        auto up = co_await chat.async_upload_attachment("spaces/AAA", what, data);
        BOOST_TEST_REQUIRE(up.attachment_data_ref.has_value());
        gchat::message m = text_message("with a file");
        m.attachment.push_back(gchat::attachment{.attachment_data_ref = up.attachment_data_ref});
        auto created = co_await chat.async_create_message("spaces/AAA", m);
        BOOST_TEST_REQUIRE(created.attachment.size() == 1u);
        auto att = co_await chat.async_get_attachment(created.attachment[0].name.value());
        BOOST_TEST(att.content_name.value_or("") == "blob.bin");
        std::string got;
        auto n = co_await chat.async_download_media(up.attachment_data_ref->resource_name.value(),
                                                    [&](std::string_view s) {
                                                        got += s;
                                                        return error_code();
                                                    });
        BOOST_TEST(n == data.size());
        BOOST_TEST((got == data));
    });
}

BOOST_AUTO_TEST_CASE(completion_tokens) {
    client_fixture f;
    auto& chat = *f.chat;
    // Boost 1.81's redirect_error and bind_cancellation_slot do not adapt asio::deferred (1.82 does): they
    // wrap use_awaitable (or a callback) here.
    // use_future, from this thread while the io_context runs elsewhere: post the call to it.
    auto fut = asio::co_spawn(
        f.ioc,
        [&]() -> asio::awaitable<gchat::space> {
            co_return co_await chat.async_get_space("spaces/AAA", asio::use_awaitable);
        },
        asio::use_future);
    BOOST_TEST(fut.get().name.value_or("") == "spaces/AAA");
    f.run([&]() -> asio::awaitable<void> {
        error_code ec;
        auto s = co_await chat.async_get_space("spaces/AAA", asio::redirect_error(asio::use_awaitable, ec));
        BOOST_TEST(!ec);
        BOOST_TEST(s.name.value_or("") == "spaces/AAA");
        auto [order, e1, s1, e2, m2] =
            co_await asio::experimental::make_parallel_group(chat.async_get_space("spaces/AAA"),
                                                             chat.async_list_messages("spaces/AAA"))
                .async_wait(asio::experimental::wait_for_all(), asio::deferred);
        BOOST_TEST(!e1);
        BOOST_TEST(!e2);
        BOOST_TEST(s1.name.value_or("") == "spaces/AAA");
    });
    // A callback, and use_future, started on the io_context's thread and waited for from this one.
    std::promise<error_code> p;
    asio::post(f.ioc, [&] {
        chat.async_get_space("spaces/AAA", [&](error_code e, gchat::space) { p.set_value(e); });
    });
    BOOST_TEST(!p.get_future().get());
    std::promise<std::future<gchat::space>> holder;
    asio::post(f.ioc, [&] { holder.set_value(chat.async_get_space("spaces/AAA", asio::use_future)); });
    BOOST_TEST(holder.get_future().get().get().name.value_or("") == "spaces/AAA");
}

BOOST_AUTO_TEST_SUITE_END()
