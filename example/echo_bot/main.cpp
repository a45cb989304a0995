// gchat echo_bot: a Chat app endpoint that echoes messages, answers a slash command with a card whose
// button opens a dialog, and thanks the user when the dialog is submitted.
//
// By default it runs a demo on loopback: it starts gchat's embedded emulator and its own event server,
// has the emulator (playing Google Chat) send it a few signed events, prints the replies and exits 0.
//
//     gchat-echo_bot
//
// As a real app's endpoint (put TLS in front of it, e.g. a load balancer), give the address to listen on
// and the app's "Authentication Audience": its Cloud project number, or the endpoint URL:
//
//     gchat-echo_bot --listen 0.0.0.0:8080 --project-number 123456789012
//     gchat-echo_bot --listen 0.0.0.0:8080 --audience-url https://bot.example.com/
//
// The app's slash command with id 1 (say "/card") answers with the card.
#include <gchat/event/router.hpp>
#include <gchat/json.hpp>
#include <gchat/server/event_server.hpp>
#include <gchat/testing/emulator.hpp>

#include <boost/asio/as_tuple.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <algorithm>
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <string>
#include <string_view>

namespace asio = boost::asio;

namespace {

constexpr std::int64_t card_command = 1;

gchat::widget button_widget(std::string text, std::string function, bool opens_dialog) {
    gchat::button b{.text = std::move(text)};
    gchat::action a{.function = std::move(function)};
    if (opens_dialog) a.interaction = gchat::interaction::open_dialog;
    b.on_click.emplace().action = std::move(a);
    gchat::widget w;
    w.button_list = gchat::button_list{.buttons = {b}};
    return w;
}

// The bot's handlers. Plain functions: none of them waits on anything.
gchat::router echo_router() {
    gchat::router r;
    r.on_message([](const gchat::event& e) {
        std::string_view said = gchat::argument_text(e); // what follows the @mention
        said.remove_prefix(std::min(said.find_first_not_of(' '), said.size()));
        return gchat::reply::text("You said: " + std::string(said));
    });
    r.on_slash_command(card_command, [](const gchat::event&) {
        gchat::card card;
        card.header.emplace().title = "Echo bot";
        card.sections.emplace_back().widgets.push_back(
            button_widget("Tell me your name", "openDialog", true));
        gchat::message m;
        m.cards_v2.push_back(gchat::card_with_id{.card_id = "echoCard", .card = std::move(card)});
        return gchat::reply::new_message(std::move(m));
    });
    r.on_dialog_request("openDialog", [](const gchat::event&) {
        gchat::card body;
        gchat::widget input;
        input.text_input = gchat::text_input{.name = "name", .label = "Your name"};
        body.sections.emplace_back().widgets = {input, button_widget("Submit", "submitName", false)};
        return gchat::reply::open_dialog(std::move(body));
    });
    r.on_dialog_submit("submitName", [](const gchat::event& e) {
        auto name = gchat::form_value(e, "name").value_or("stranger");
        return gchat::reply::close_dialog(gchat::api_code::ok, "Thanks, " + std::string(name) + "!");
    });
    r.on_added_to_space([](const gchat::event&) { return gchat::reply::text("Thanks for adding me!"); });
    return r;
}

void log_line(std::string_view line) {
    std::printf("[log] %.*s\n", static_cast<int>(line.size()), line.data());
}

// ---- demo: the emulator plays Google Chat ----------------------------------------------------------

gchat::event base_event(gchat::event_type type) {
    gchat::event e;
    e.type = type;
    e.space = gchat::space{.name = "spaces/AAA"};
    e.user = gchat::user{.name = "users/1", .display_name = "Ada"};
    return e;
}

asio::awaitable<int> demo() {
    auto ex = co_await asio::this_coro::executor;
    gchat::testing::emulator emu(ex);
    co_await emu.async_start(asio::use_awaitable);

    const std::string audience = "https://echo-bot.example/"; // the app's endpoint URL, as configured
    gchat::server::event_server_options o;
    o.verification.mode = gchat::server::audience_mode::endpoint_url;
    o.verification.audience = audience;
    o.verification.key_base_url = emu.endpoint(); // fetch Google's keys from the emulator
    o.logger = log_line;
    gchat::server::event_server server(ex, echo_router(), o);
    co_await server.async_start(asio::use_awaitable);

    gchat::event message = base_event(gchat::event_type::message);
    message.message = gchat::message{.text = "@echo hello", .argument_text = " hello"};

    gchat::event slash = base_event(gchat::event_type::message);
    slash.message = gchat::message{.text = "/card", .argument_text = ""};
    slash.message->slash_command = gchat::slash_command{.command_id = card_command};

    gchat::event click = base_event(gchat::event_type::card_clicked);
    click.is_dialog_event = true;
    click.dialog_event_type = gchat::dialog_event_type::request_dialog;
    click.common = gchat::common_event_object{.invoked_function = "openDialog"};

    gchat::event submit = base_event(gchat::event_type::card_clicked);
    submit.is_dialog_event = true;
    submit.dialog_event_type = gchat::dialog_event_type::submit_dialog;
    submit.common = gchat::common_event_object{.invoked_function = "submitName"};
    submit.common->form_inputs["name"].string_inputs = gchat::string_inputs{.value = {"Ada"}};

    gchat::testing::send_event_options send;
    send.audience_url = audience;
    int failures = 0;
    const std::pair<const char*, const gchat::event*> events[] = {{"message", &message},
                                                                  {"slash command", &slash},
                                                                  {"card click (dialog)", &click},
                                                                  {"dialog submit", &submit}};
    for (const auto& [what, ev] : events) {
        auto [ec, res] =
            co_await emu.async_send_event(server.url(), *ev, send, asio::as_tuple(asio::use_awaitable));
        if (ec || res.status != 200) {
            std::printf("%-20s FAILED: %s (status %u)\n", what, ec.message().c_str(), res.status);
            ++failures;
            continue;
        }
        std::printf("%-20s -> %s\n", what, res.body.c_str());
    }
    co_await server.async_stop(asio::use_awaitable);
    co_await emu.async_stop(asio::use_awaitable);
    co_return failures == 0 ? 0 : 1;
}

// ---- serving: a real app's endpoint -----------------------------------------------------------------

asio::awaitable<int> serve(std::string listen, gchat::server::verifier_options verification) {
    auto ex = co_await asio::this_coro::executor;
    gchat::server::event_server_options o;
    auto colon = listen.rfind(':');
    o.address = listen.substr(0, colon);
    o.port = static_cast<std::uint16_t>(std::atoi(listen.substr(colon + 1).c_str()));
    o.verification = std::move(verification);
    o.logger = log_line;
    gchat::server::event_server server(ex, echo_router(), o);
    auto [ec] = co_await server.async_start(asio::as_tuple(asio::use_awaitable));
    if (ec) {
        std::fprintf(stderr, "cannot listen on %s: %s\n", listen.c_str(), ec.message().c_str());
        co_return 1;
    }
    std::printf("echo_bot serving %s (Ctrl-C stops)\n", server.url().c_str());
    asio::signal_set signals(ex, SIGINT, SIGTERM);
    co_await signals.async_wait(asio::as_tuple(asio::use_awaitable));
    co_await server.async_stop(asio::as_tuple(asio::use_awaitable));
    co_return 0;
}

} // namespace

int main(int argc, char** argv) {
    std::string listen;
    gchat::server::verifier_options verification;
    for (int i = 1; i < argc; ++i) {
        std::string_view a = argv[i];
        std::string next = i + 1 < argc ? argv[i + 1] : "";
        if (a == "--listen" && i + 1 < argc) {
            listen = next;
            ++i;
        } else if (a == "--project-number" && i + 1 < argc) {
            verification.mode = gchat::server::audience_mode::project_number;
            verification.audience = next;
            ++i;
        } else if (a == "--audience-url" && i + 1 < argc) {
            verification.mode = gchat::server::audience_mode::endpoint_url;
            verification.audience = next;
            ++i;
        } else {
            std::fprintf(stderr, "usage: %s [--listen ADDR:PORT (--project-number N | --audience-url URL)]\n",
                         argv[0]);
            return 2;
        }
    }
    if (!listen.empty() && verification.audience.empty()) {
        std::fprintf(stderr,
                     "--listen needs --project-number or --audience-url (the app's token audience)\n");
        return 2;
    }
    asio::io_context ioc;
    int rc = 1;
    auto done = [&rc](std::exception_ptr e, int r) {
        if (e) {
            try {
                std::rethrow_exception(e);
            } catch (const std::exception& x) {
                std::fprintf(stderr, "echo_bot: %s\n", x.what());
            }
            return;
        }
        rc = r;
    };
    if (listen.empty())
        asio::co_spawn(ioc, demo(), done);
    else
        asio::co_spawn(ioc, serve(listen, verification), done);
    ioc.run();
    return rc;
}
