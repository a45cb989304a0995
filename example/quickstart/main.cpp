// gchat quickstart: the messages of Google's "manage messages" guide, built as typed C++ and written
// as the JSON the Chat API takes; then an interaction event, read back into the same types.
//
// The REST client (gchat::client) and the embedded emulator come in later releases; this program
// shows the layer they stand on. Build and run: bash .ci/quickstart
#include <gchat/json.hpp>
#include <gchat/model.hpp>

#include <cstdio>
#include <fstream>
#include <sstream>
#include <string>

namespace {

void show(const char* what, const std::string& json) {
    std::printf("%-34s %s\n", what, json.c_str());
}

// An interaction event as Google Chat POSTs it (the guide's CARD_CLICKED example, abridged).
constexpr const char* card_clicked_event = R"({
  "type": "CARD_CLICKED",
  "eventTime": {"seconds": 1691187414, "nanos": 93489000},
  "common": {"userLocale": "en", "hostApp": "CHAT", "invokedFunction": "doAssignTicket",
             "timeZone": {"offset": -25200000, "id": "America/Los_Angeles"}},
  "action": {"actionMethodName": "doAssignTicket"},
  "space": {"name": "spaces/AAAAAAAAAAA", "spaceType": "SPACE", "adminInstalled": "false"},
  "user": {"name": "users/12345678901234567890", "displayName": "Izumi", "type": "HUMAN"},
  "somethingGoogleAddsNextYear": {"is": "ignored"}
})";

// Any described struct can be read, not only gchat's: here, the fields of an event the quickstart uses.
struct card_click {
    std::optional<std::string> type;
    std::optional<gchat::timestamp> event_time;
    std::optional<gchat::common_event_object> common;
    std::optional<gchat::space> space;
    std::optional<gchat::user> user;
};
BOOST_DESCRIBE_STRUCT(card_click, (), (type, event_time, common, space, user))

} // namespace

int main() {
    // 1. A text message: spaces.messages.create with body {"text": ...}.
    gchat::message text{.text = "Hello, world!"};
    show("text message:", gchat::json::serialize(text));

    // 2. A card message (cards v2), as the guide builds it.
    gchat::card card;
    gchat::card_header& header = card.header.emplace();
    header.title = "A Card Message!";
    header.subtitle = "Created with Chat REST API";
    header.image_url = "https://developers.google.com/chat/images/chat-product-icon.png";
    header.image_type = gchat::image_type::circle;
    gchat::button docs{.text = "Read the docs!"};
    docs.on_click.emplace().open_link =
        gchat::open_link{.url = "https://developers.google.com/workspace/chat"};
    card.sections.emplace_back().widgets.emplace_back().button_list = gchat::button_list{.buttons = {docs}};
    gchat::message card_message;
    card_message.cards_v2.push_back(gchat::card_with_id{.card_id = "createCardMessage", .card = card});
    show("card message:", gchat::json::serialize(card_message));

    // 3. A reply in a named thread (with messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD).
    gchat::message reply{.text = "Hello with a user credential!"};
    reply.thread = gchat::thread{.thread_key = "nameOfThread"};
    show("thread reply:", gchat::json::serialize(reply));
    show("  messageReplyOption:", std::string(gchat::json::enum_to_string(
                                      gchat::message_reply_option::reply_message_fallback_to_new_thread)));

    // 4. Reading: an event parses straight into typed structs, leniently (unknown keys skipped,
    //    "false" read as a boolean, {seconds, nanos} as a timestamp).
    gchat::diagnostics diag;
    auto event = gchat::json::parse<card_click>(card_clicked_event, diag);
    if (!event) {
        std::fprintf(stderr, "event did not parse: %s\n", diag.client_message.c_str());
        return 1;
    }
    std::printf("%-34s %s by %s at %s, function %s, admin installed: %s\n", "event:", event->type->c_str(),
                event->user->display_name->c_str(), gchat::to_string(*event->event_time).c_str(),
                event->common->invoked_function->c_str(), *event->space->admin_installed ? "yes" : "no");

    // 5. Bad input is a clear error that says what and where.
    auto bad = gchat::json::parse<gchat::message>(R"({"annotations":[{"startIndex":"seven"}]})", diag);
    std::printf("%-34s %s: %s\n", "bad input:", bad.error().message().c_str(), diag.client_message.c_str());
    return bad.has_error() ? 0 : 1;
}
