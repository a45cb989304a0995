// gchat game_loop: gchat inside a fixed-time-step loop, as a game server or a trading engine runs it.
//
// The loop runs at 60 Hz on one thread and gives Asio exactly one io_context::poll() per frame: no run(),
// no thread of gchat's. Meanwhile an event server answers the signed events that the embedded emulator
// (playing Google Chat) sends it, and a client posts messages to the emulator's Chat API. At the end it
// prints the frames run, the messages and events handled, and the time spent inside poll() (worst, p99,
// median), which is what such a loop cares about: poll() must never stall a frame. (That time includes
// the emulator's own work, Google's side, which shares the io_context here.)
//
//     gchat-game_loop [--seconds S]      (default 3)
//
// It exits 0 when every message and every event it started completed.
#include <gchat/auth/static_token.hpp>
#include <gchat/client.hpp>
#include <gchat/event/router.hpp>
#include <gchat/server/event_server.hpp>
#include <gchat/testing/emulator.hpp>

#include <boost/asio/io_context.hpp>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

namespace asio = boost::asio;
using boost::system::error_code;
using steady = std::chrono::steady_clock;

namespace {

constexpr auto frame_time = std::chrono::microseconds(16'667); // 60 Hz

// What the loop measures.
struct loop_stats {
    long frames = 0;
    std::vector<double> poll_us; // time inside poll(), per frame
    int messages_started = 0, messages_done = 0, message_errors = 0;
    int events_sent = 0, events_answered = 0, event_errors = 0;
    int events_handled = 0; // counted by the router's handler
};

// One frame: the game's own work would go here; gchat gets one poll().
void frame(asio::io_context& ioc, loop_stats& st) {
    const auto start = steady::now();
    const auto t0 = steady::now();
    ioc.poll();
    st.poll_us.push_back(std::chrono::duration<double, std::micro>(steady::now() - t0).count());
    ++st.frames;
    std::this_thread::sleep_until(start + frame_time);
}

// Runs frames until `done()` or `limit` frames.
template <class Done>
bool frames_until(asio::io_context& ioc, loop_stats& st, long limit, Done done) {
    for (long i = 0; i < limit && !done(); ++i)
        frame(ioc, st);
    return done();
}

double percentile(std::vector<double> v, double p) {
    if (v.empty()) return 0;
    auto k = static_cast<std::size_t>(p * static_cast<double>(v.size() - 1));
    std::nth_element(v.begin(), v.begin() + static_cast<std::ptrdiff_t>(k), v.end());
    return v[k];
}

gchat::event player_message(int n) {
    gchat::event e;
    e.type = gchat::event_type::message;
    e.space = gchat::space{.name = "spaces/GAME"};
    e.user = gchat::user{.name = "users/42", .display_name = "Player One"};
    e.message = gchat::message{.text = "@bot move " + std::to_string(n), .argument_text = " move"};
    return e;
}

} // namespace

int main(int argc, char** argv) {
    double seconds = 3;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        if (a == "--seconds" && i + 1 < argc) {
            seconds = std::strtod(argv[++i], nullptr);
        } else {
            std::fprintf(stderr, "usage: %s [--seconds S]\n", argv[0]);
            return 2;
        }
    }
    const long run_frames = std::max(1L, static_cast<long>(seconds * 60));

    asio::io_context ioc(1); // driven by poll() only, from this thread
    loop_stats st;
    st.poll_us.reserve(static_cast<std::size_t>(run_frames) + 600);

    // Google Chat's side, embedded: the Chat API, and the sender of signed events.
    gchat::testing::emulator_options eo;
    eo.spaces = {"spaces/GAME"};
    // Its signing key, made before the loop: generating an RSA key takes up to a second, a cost of the
    // emulator's start (Google's keys exist already), not of a frame.
    auto key = gchat::testing::make_chat_signing_key();
    if (!key) return 1;
    eo.chat_key = std::make_shared<const gchat::testing::chat_signing_key>(std::move(*key));
    gchat::testing::emulator emu(ioc.get_executor(), eo);
    bool emu_started = false;
    emu.async_start([&](error_code ec) {
        if (ec) std::fprintf(stderr, "emulator: %s\n", ec.message().c_str());
        emu_started = !ec;
    });
    if (!frames_until(ioc, st, 600, [&] { return emu_started; })) return 1;

    // The app: a REST client and an event server, on the same io_context.
    gchat::client_params cp;
    cp.endpoint = emu.endpoint();
    cp.credentials = gchat::auth::static_token("game-loop-token");
    gchat::client chat(ioc.get_executor(), cp);

    gchat::router r;
    r.on_message([handled = &st.events_handled](const gchat::event& e) {
        ++*handled;
        return gchat::reply::text("ack " + std::string(gchat::argument_text(e)));
    });
    const std::string audience = "https://game.example/chat"; // the app's endpoint URL, as configured
    gchat::server::event_server_options so;
    so.verification.mode = gchat::server::audience_mode::endpoint_url;
    so.verification.audience = audience;
    so.verification.key_base_url = emu.endpoint(); // Google's keys, from the emulator
    gchat::server::event_server server(ioc.get_executor(), std::move(r), so, &chat);
    bool server_started = false;
    server.async_start([&](error_code ec) {
        if (ec) std::fprintf(stderr, "event server: %s\n", ec.message().c_str());
        server_started = !ec;
    });
    if (!frames_until(ioc, st, 600, [&] { return server_started; })) return 1;

    gchat::testing::send_event_options send;
    send.audience_url = audience;
    const gchat::create_message_params create{};
    st.poll_us.clear();
    st.frames = 0;

    // The measured run: a message every 6th frame (10/s), an event every 12th (5/s).
    const auto t_start = steady::now();
    for (long f = 0; f < run_frames; ++f) {
        if (f % 6 == 0) {
            ++st.messages_started;
            gchat::message m;
            m.text = "frame " + std::to_string(f);
            chat.async_create_message("spaces/GAME", m, create, [&st](error_code ec, const gchat::message&) {
                ++st.messages_done;
                if (ec) ++st.message_errors;
            });
        }
        if (f % 12 == 0) {
            ++st.events_sent;
            emu.async_send_event(server.url(), player_message(st.events_sent), send,
                                 [&st](error_code ec, const gchat::testing::send_event_result& res) {
                                     ++st.events_answered;
                                     if (ec || res.status != 200) ++st.event_errors;
                                 });
        }
        frame(ioc, st);
    }
    // Let what is in flight land (at most 2 s more).
    frames_until(ioc, st, 120, [&] {
        return st.messages_done == st.messages_started && st.events_answered == st.events_sent;
    });
    const double elapsed = std::chrono::duration<double>(steady::now() - t_start).count();
    auto poll_us = st.poll_us;

    // Shut down, still one poll() per frame.
    chat.close();
    bool server_stopped = false, emu_stopped = false;
    server.async_stop([&](error_code) { server_stopped = true; });
    frames_until(ioc, st, 600, [&] { return server_stopped; });
    emu.async_stop([&](error_code) { emu_stopped = true; });
    frames_until(ioc, st, 600, [&] { return emu_stopped; });

    std::printf("frames: %zu in %.2f s (%.1f Hz)\n", poll_us.size(), elapsed,
                static_cast<double>(poll_us.size()) / elapsed);
    std::printf("messages: %d posted, %d failed\n", st.messages_done, st.message_errors);
    std::printf("events: %d sent, %d answered, %d handled by the router, %d failed\n", st.events_sent,
                st.events_answered, st.events_handled, st.event_errors);
    std::printf("time inside poll(): worst %.0f us, p99 %.0f us, median %.0f us (frame budget %lld us)\n",
                percentile(poll_us, 1.0), percentile(poll_us, 0.99), percentile(poll_us, 0.5),
                static_cast<long long>(frame_time.count()));
    const bool ok = st.messages_done == st.messages_started && st.message_errors == 0 &&
                    st.events_answered == st.events_sent && st.event_errors == 0 &&
                    st.events_handled == st.events_sent && server_stopped && emu_stopped;
    return ok ? 0 : 1;
}
