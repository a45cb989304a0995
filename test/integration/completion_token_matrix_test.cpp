// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// The completion-token matrix: every operation of the client (and a pager's async_next) with every kind
// of completion token Asio code uses: asio::deferred, use_awaitable, a plain callback, use_future,
// as_tuple, redirect_error, bind_cancellation_slot, and inside experimental::make_parallel_group. Every
// combination is compiled, and each runs once against gchat::testing::emulator over loopback: it
// completes exactly once, with the operation's own signature.
#include <gchat/client.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/bind_cancellation_slot.hpp>
#include <boost/asio/cancellation_signal.hpp>
#include <boost/asio/deferred.hpp>
#include <boost/asio/experimental/parallel_group.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/steady_timer.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/test/unit_test.hpp>

#include "client_fixture.hpp"

#include <chrono>
#include <future>
#include <string>
#include <tuple>

namespace asio = boost::asio;
using namespace std::chrono_literals;
using boost::system::error_code;
using gchat::test::client_fixture;

namespace {

constexpr int operation_count = 17;

// The arguments of one call of each operation; they outlive the calls.
struct arguments {
    gchat::client& chat;
    std::string message_name;
    gchat::message text;
    gchat::create_message_params create{};
    gchat::update_message_params update{};
    gchat::delete_message_params remove{};
    gchat::list_messages_params list_messages{};
    gchat::list_spaces_params list_spaces{};
    gchat::list_members_params list_members{};
    gchat::list_reactions_params list_reactions{};
    gchat::reaction reaction{};
    gchat::upload_params upload{};
    std::string data = "bytes";
    decltype(std::declval<gchat::client&>().message_pages("")) pages;

    explicit arguments(gchat::client& c, std::string name)
        : chat(c), message_name(std::move(name)), pages(c.message_pages("spaces/AAA")) {
        text.text = "matrix";
        reaction.emoji.emplace().unicode = "\xF0\x9F\x99\x82";
        upload.filename = "a.txt";
        upload.content_type = "text/plain";
    }
};

auto sink = [](std::string_view) { return error_code(); };

// Runs `use(start)` for each operation, where start(token) begins the operation with `token`.
template <class Use>
asio::awaitable<void> each_operation(arguments& a, Use use) {
    const std::string& m = a.message_name;
    auto create = [&](auto&& t) {
        return a.chat.async_create_message("spaces/AAA", a.text, a.create, std::forward<decltype(t)>(t));
    };
    auto get = [&](auto&& t) { return a.chat.async_get_message(m, std::forward<decltype(t)>(t)); };
    auto update = [&](auto&& t) {
        return a.chat.async_update_message(a.text, "text", a.update, std::forward<decltype(t)>(t));
    };
    auto list = [&](auto&& t) {
        return a.chat.async_list_messages("spaces/AAA", a.list_messages, std::forward<decltype(t)>(t));
    };
    auto get_space = [&](auto&& t) {
        return a.chat.async_get_space("spaces/AAA", std::forward<decltype(t)>(t));
    };
    auto list_spaces = [&](auto&& t) {
        return a.chat.async_list_spaces(a.list_spaces, std::forward<decltype(t)>(t));
    };
    auto find_dm = [&](auto&& t) {
        return a.chat.async_find_direct_message("users/100000000000000000001", std::forward<decltype(t)>(t));
    };
    auto get_member = [&](auto&& t) {
        return a.chat.async_get_member("spaces/AAA/members/100000000000000000001",
                                       std::forward<decltype(t)>(t));
    };
    auto list_members = [&](auto&& t) {
        return a.chat.async_list_members("spaces/AAA", a.list_members, std::forward<decltype(t)>(t));
    };
    auto create_reaction = [&](auto&& t) {
        return a.chat.async_create_reaction(m, a.reaction, std::forward<decltype(t)>(t));
    };
    auto list_reactions = [&](auto&& t) {
        return a.chat.async_list_reactions(m, a.list_reactions, std::forward<decltype(t)>(t));
    };
    auto delete_reaction = [&](auto&& t) {
        return a.chat.async_delete_reaction(m + "/reactions/none", std::forward<decltype(t)>(t));
    };
    auto get_attachment = [&](auto&& t) {
        return a.chat.async_get_attachment(m + "/attachments/none", std::forward<decltype(t)>(t));
    };
    auto upload = [&](auto&& t) {
        return a.chat.async_upload_attachment("spaces/AAA", a.upload, a.data, std::forward<decltype(t)>(t));
    };
    auto download = [&](auto&& t) {
        return a.chat.async_download_media("spaces/AAA/attachments/none", sink, std::forward<decltype(t)>(t));
    };
    auto next_page = [&](auto&& t) { return a.pages.async_next(std::forward<decltype(t)>(t)); };
    auto remove = [&](auto&& t) {
        return a.chat.async_delete_message(m, a.remove, std::forward<decltype(t)>(t));
    };
    co_await use(create);
    co_await use(get);
    co_await use(update);
    co_await use(list);
    co_await use(get_space);
    co_await use(list_spaces);
    co_await use(find_dm);
    co_await use(get_member);
    co_await use(list_members);
    co_await use(create_reaction);
    co_await use(list_reactions);
    co_await use(delete_reaction);
    co_await use(get_attachment);
    co_await use(upload);
    co_await use(download);
    co_await use(next_page);
    co_await use(remove); // last: the message the others name
}

// Waits (on the io_context, without blocking it) until `done` holds.
asio::awaitable<void> until(const bool& done) {
    asio::steady_timer timer(co_await asio::this_coro::executor);
    while (!done) {
        timer.expires_after(1ms);
        co_await timer.async_wait(asio::use_awaitable);
    }
}

// The matrix test for one kind of token: `use` starts an operation with that token and waits for it,
// counting completions in `completions`.
template <class MakeUse>
void run_matrix(MakeUse make_use) {
    client_fixture f;
    int completions = 0;
    f.run([&]() -> asio::awaitable<void> {
        gchat::message seed;
        seed.text = "the message the calls name";
        gchat::message created = co_await f.chat->async_create_message("spaces/AAA", seed);
        arguments a(*f.chat, created.name.value());
        a.text.name = created.name;
        auto use = make_use(completions);
        co_await each_operation(a, use);
    });
    BOOST_TEST(completions == operation_count);
}

} // namespace

BOOST_AUTO_TEST_SUITE(completion_token_matrix)

BOOST_AUTO_TEST_CASE(every_operation_with_deferred) {
    run_matrix([](int& completions) {
        return [&completions](auto start) -> asio::awaitable<void> {
            bool done = false;
            auto op = start(asio::deferred); // a deferred operation starts when given a handler
            std::move(op)([&](error_code, auto&&...) {
                ++completions;
                done = true;
            });
            co_await until(done);
        };
    });
}

BOOST_AUTO_TEST_CASE(every_operation_with_use_awaitable) {
    run_matrix([](int& completions) {
        return [&completions](auto start) -> asio::awaitable<void> {
            try {
                co_await start(asio::use_awaitable);
            } catch (const boost::system::system_error&) {
            }
            ++completions;
        };
    });
}

BOOST_AUTO_TEST_CASE(every_operation_with_a_callback) {
    run_matrix([](int& completions) {
        return [&completions](auto start) -> asio::awaitable<void> {
            bool done = false;
            start([&](error_code, auto&&...) {
                ++completions;
                done = true;
            });
            co_await until(done);
        };
    });
}

BOOST_AUTO_TEST_CASE(every_operation_with_use_future) {
    run_matrix([](int& completions) {
        return [&completions](auto start) -> asio::awaitable<void> {
            auto fut = start(asio::use_future);
            asio::steady_timer timer(co_await asio::this_coro::executor);
            while (fut.wait_for(0s) != std::future_status::ready) {
                timer.expires_after(1ms);
                co_await timer.async_wait(asio::use_awaitable);
            }
            try {
                fut.get();
            } catch (const boost::system::system_error&) {
            }
            ++completions;
        };
    });
}

BOOST_AUTO_TEST_CASE(every_operation_with_as_tuple) {
    run_matrix([](int& completions) {
        return [&completions](auto start) -> asio::awaitable<void> {
            auto result = co_await start(asio::as_tuple(asio::deferred));
            static_assert(std::is_same_v<std::tuple_element_t<0, decltype(result)>, error_code>);
            ++completions;
        };
    });
}

BOOST_AUTO_TEST_CASE(every_operation_with_redirect_error) {
    run_matrix([](int& completions) {
        return [&completions](auto start) -> asio::awaitable<void> {
            error_code ec;
            co_await start(asio::redirect_error(asio::use_awaitable, ec));
            ++completions;
        };
    });
}

BOOST_AUTO_TEST_CASE(every_operation_with_bind_cancellation_slot) {
    run_matrix([](int& completions) {
        return [&completions](auto start) -> asio::awaitable<void> {
            asio::cancellation_signal signal;
            bool done = false;
            start(asio::bind_cancellation_slot(signal.slot(), [&](error_code, auto&&...) {
                ++completions;
                done = true;
            }));
            co_await until(done);
        };
    });
}

BOOST_AUTO_TEST_CASE(every_operation_inside_a_parallel_group) {
    run_matrix([](int& completions) {
        return [&completions](auto start) -> asio::awaitable<void> {
            asio::steady_timer timer(co_await asio::this_coro::executor, 0ms);
            auto result = co_await asio::experimental::make_parallel_group(start(asio::deferred),
                                                                           timer.async_wait(asio::deferred))
                              .async_wait(asio::experimental::wait_for_all(), asio::use_awaitable);
            static_assert(std::tuple_size_v<decltype(result)> >=
                          3); // the order, then each operation's values
            ++completions;
        };
    });
}

BOOST_AUTO_TEST_SUITE_END()
