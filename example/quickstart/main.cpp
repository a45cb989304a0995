// gchat quickstart: the operations of Google's "manage messages" guide, each one co_await.
//
// By default it starts gchat's embedded Chat API emulator on a free loopback port and runs against it.
// To run against the real API as a Chat app, give its service-account key and a space the app is in:
//
//     GOOGLE_APPLICATION_CREDENTIALS=key.json GCHAT_SPACE=spaces/AAAA gchat-quickstart
//
// (the key is read once, tokens are fetched and refreshed by gchat::auth::service_account with the
// chat.bot scope). Or give the endpoint, the space and a bearer token (the token is never printed):
//
//     GCHAT_TOKEN=ya29... gchat-quickstart --endpoint https://chat.googleapis.com --space spaces/AAAA
//
// Build and run: bash .ci/quickstart
#include <gchat/auth/service_account.hpp>
#include <gchat/auth/static_token.hpp>
#include <gchat/client.hpp>
#include <gchat/json.hpp>
#include <gchat/model.hpp>
#include <gchat/testing/emulator.hpp>

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/use_awaitable.hpp>

#include <boost/asio/as_tuple.hpp>
#include <cstdio>
#include <cstdlib>
#include <exception>
#include <optional>
#include <string>
#include <string_view>

namespace asio = boost::asio;

namespace {

void show(const char* what, const gchat::message& m) {
    std::printf("%-22s %s\n", what, gchat::json::serialize(m).c_str());
}

// The guide's card: a header and a button that opens the Chat docs.
gchat::card_with_id docs_card(std::string title) {
    gchat::card card;
    gchat::card_header& header = card.header.emplace();
    header.title = std::move(title);
    header.subtitle = "Created with Chat REST API";
    header.image_url = "https://developers.google.com/chat/images/chat-product-icon.png";
    header.image_type = gchat::image_type::circle;
    gchat::button docs{.text = "Read the docs!"};
    docs.on_click.emplace().open_link =
        gchat::open_link{.url = "https://developers.google.com/workspace/chat"};
    card.sections.emplace_back().widgets.emplace_back().button_list = gchat::button_list{.buttons = {docs}};
    return gchat::card_with_id{.card_id = "createCardMessage", .card = std::move(card)};
}

asio::awaitable<void> run(gchat::client& chat, const std::string& space) {
    // (Arguments are named variables, not temporaries inside the co_await: g++ 12 miscompiles
    // aggregate temporaries that live across a co_await. clang and later g++ do not.)

    // 1. A text message.
    gchat::message text{.text = "Hello, world!"};
    show("text message:", co_await chat.async_create_message(space, text));

    // 2. A card message (cards v2).
    gchat::message card_message;
    card_message.cards_v2.push_back(docs_card("A Card Message!"));
    show("card message:", co_await chat.async_create_message(space, card_message));

    // 3. Start a thread by key, then reply in it (or start it if it is gone).
    gchat::create_message_params in_thread{
        .message_reply_option = gchat::message_reply_option::reply_message_fallback_to_new_thread};
    gchat::message first{.text = "Starting a thread"};
    first.thread = gchat::thread{.thread_key = "nameOfThread"};
    gchat::message started = co_await chat.async_create_message(space, first, in_thread);
    gchat::message reply{.text = "A reply in the same thread"};
    reply.thread = gchat::thread{.thread_key = "nameOfThread"};
    gchat::message replied = co_await chat.async_create_message(space, reply, in_thread);
    std::printf("%-22s %s (same thread: %s)\n", "thread reply:", replied.thread->name.value_or("").c_str(),
                replied.thread->name == started.thread->name ? "yes" : "no");

    // 4. A message with a name of our choosing ("client-..."), then read back by that name.
    gchat::create_message_params named{.message_id = "client-custom-name"};
    gchat::message mine{.text = "Named by me"};
    gchat::message named_message = co_await chat.async_create_message(space, mine, named);
    const std::string name = space + "/messages/client-custom-name";
    gchat::message got = co_await chat.async_get_message(name);
    std::printf("%-22s %s: \"%s\" (clientAssignedMessageId %s)\n", "get by client id:", got.name->c_str(),
                got.text->c_str(), got.client_assigned_message_id.value_or("").c_str());

    // 5. Update its text, then replace its cards.
    got.text = "Updated message!";
    show("update text:", co_await chat.async_update_message(got, "text"));
    gchat::message with_cards{.name = named_message.name};
    with_cards.cards_v2.push_back(docs_card("An updated card"));
    show("update cards:", co_await chat.async_update_message(with_cards, "cardsV2"));

    // 6. A local mistake costs no round trip: the id breaks the client- rules.
    gchat::diagnostics diag;
    gchat::create_message_params bad{.message_id = "Client_Bad!"};
    gchat::message never{.text = "never sent"};
    auto [ec, unused] =
        co_await chat.async_create_message(space, never, bad, diag, asio::as_tuple(asio::deferred));
    std::printf("%-22s %s: %s\n", "rejected locally:", ec.message().c_str(), diag.client_message.c_str());

    // 7. List what is there, then delete the named message.
    gchat::list_messages_params page{.page_size = 10};
    gchat::list_messages_response listed = co_await chat.async_list_messages(space, page);
    std::printf("%-22s %zu messages\n", "list:", listed.messages.size());
    co_await chat.async_delete_message(name);
    std::printf("%-22s %s\n", "deleted:", name.c_str());
}

std::string_view arg_value(int argc, char** argv, std::string_view flag) {
    for (int i = 1; i + 1 < argc; ++i)
        if (flag == argv[i]) return argv[i + 1];
    return {};
}

} // namespace

int main(int argc, char** argv) {
    asio::io_context io;
    std::string endpoint(arg_value(argc, argv, "--endpoint"));
    std::string space(arg_value(argc, argv, "--space"));
    const char* token = std::getenv("GCHAT_TOKEN");
    const char* key_file = std::getenv("GOOGLE_APPLICATION_CREDENTIALS");
    const char* env_space = std::getenv("GCHAT_SPACE");
    gchat::auth::any_token_source credentials;
    if (endpoint.empty() && key_file && *key_file && env_space && *env_space) {
        // The real API, as the Chat app whose service-account key GOOGLE_APPLICATION_CREDENTIALS names.
        try {
            credentials = gchat::auth::service_account::from_environment(io.get_executor());
        } catch (const std::exception& e) { // says which field is wrong, never the key
            std::fprintf(stderr, "quickstart: %s\n", e.what());
            return 2;
        }
        endpoint = "https://chat.googleapis.com";
        space = env_space;
    } else if (!endpoint.empty() && (space.empty() || !token)) {
        std::fprintf(stderr,
                     "usage: GOOGLE_APPLICATION_CREDENTIALS=key.json GCHAT_SPACE=spaces/ID gchat-quickstart\n"
                     "   or: GCHAT_TOKEN=... gchat-quickstart --endpoint URL --space spaces/ID\n");
        return 2;
    }
    if (!credentials) credentials = gchat::auth::static_token(token ? token : "quickstart");

    int status = 0;
    auto main_coro = [&]() -> asio::awaitable<void> {
        std::optional<gchat::testing::emulator> emulator;
        if (endpoint.empty()) { // no real API given: the embedded emulator, on this io_context
            emulator.emplace(io.get_executor());
            co_await emulator->async_start();
            endpoint = emulator->endpoint();
            if (space.empty()) space = "spaces/AAAAAAAAAAA";
            std::printf("embedded emulator at %s\n", endpoint.c_str());
        }
        gchat::client chat(io.get_executor(), {.endpoint = endpoint, .credentials = credentials});
        try {
            co_await run(chat, space);
        } catch (const std::exception& e) {
            std::fprintf(stderr, "quickstart failed: %s\n", e.what());
            status = 1;
        }
        chat.close(); // the idle keep-alive connections, so that run() returns
        if (emulator) co_await emulator->async_stop();
    };
    asio::co_spawn(io, main_coro(), asio::detached);
    io.run();
    return status;
}
