// A consumer's optimised strict build (-O2 -Wall -Wextra -Werror, by test/cmake_test/add_subdirectory) of a
// program that runs one of gchat's coroutines, the router's dispatch. g++ 12 reports a false
// -Wmismatched-new-delete on Asio's coroutine frames at -O2 unless gchat's headers silence it for their
// own coroutines (GCHAT_COROUTINES_BEGIN in config.hpp). (A co_spawn written in this file would draw
// the same false report from Asio's own headers, which is the user's to silence, not gchat's.)
// Exits non-zero if the reply is wrong.
#include <gchat/event.hpp>

#include <boost/asio/io_context.hpp>

#include <cstdio>
#include <exception>
#include <optional>
#include <string>

int main() {
    gchat::router router;
    router.on_message([](const gchat::event& ev) {
        return gchat::reply::text("pong to " + ev.message->text.value_or(""));
    });
    auto ev = gchat::parse_event(R"({"type":"MESSAGE","message":{"text":"ping"}})");
    if (!ev) return 1;

    boost::asio::io_context ioc;
    std::optional<gchat::reply> reply;
    router.async_dispatch(ioc.get_executor(), *ev, [&](std::exception_ptr e, gchat::reply r) {
        if (!e) reply = std::move(r);
    });
    ioc.run();

    const bool ok = reply && reply->message() && reply->message()->text == "pong to ping";
    std::printf("%s\n", ok ? "ok" : "FAILED: the router's reply");
    return ok ? 0 : 1;
}
