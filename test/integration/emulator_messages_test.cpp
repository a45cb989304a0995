// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// The emulator's spaces.messages over real loopback sockets, with requests built by hand
// (not with gchat's client), plus the sans-I/O core called directly.

#include <gchat/testing/emulator.hpp>

#include "emulator_fixture.hpp"
#include "http_test_client.hpp"

#include <boost/asio/executor_work_guard.hpp>
#include <boost/asio/io_context.hpp>
#include <boost/asio/post.hpp>
#include <boost/asio/use_future.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <future>
#include <optional>
#include <set>
#include <string>
#include <thread>

namespace asio = boost::asio;
namespace json = boost::json;
using gchat::test::emulator_fixture;
using gchat::test::http_reply;
using gchat::test::http_test_client;
using gchat::test::str;

namespace {

// The error body must be Google's: {"error":{"code","message","status","details":[ErrorInfo]}}.
void check_error(const http_reply& r, unsigned http, std::string_view status, std::string_view reason = {}) {
    BOOST_TEST_INFO("body: " << r.body);
    BOOST_TEST(r.status == http);
    auto v = r.json();
    const auto& e = v.at("error").as_object();
    BOOST_TEST(e.at("code").as_int64() == static_cast<std::int64_t>(http));
    BOOST_TEST(e.at("status").as_string() == status);
    BOOST_TEST(!e.at("message").as_string().empty());
    const auto& d = e.at("details").as_array().at(0).as_object();
    BOOST_TEST(d.at("@type").as_string() == "type.googleapis.com/google.rpc.ErrorInfo");
    BOOST_TEST(d.contains("domain"));
    BOOST_TEST(d.contains("metadata"));
    if (!reason.empty()) BOOST_TEST(d.at("reason").as_string() == reason);
    BOOST_TEST(r.header("content-type").find("application/json") == 0u);
}

const char* card_body =
    R"({"cardsV2":[{"cardId":"createCardMessage","card":{"header":{"title":"A card message!",
  "subtitle":"Created with the Chat API","imageUrl":"https://developers.google.com/chat/images/chat-product-icon.png",
  "imageType":"CIRCLE"},"sections":[{"widgets":[{"buttonList":{"buttons":[{"text":"Read the docs!","onClick":
  {"openLink":{"url":"https://developers.google.com/chat"}}}]}}]}]}}]})";

std::string card_with_widgets(int n) {
    std::string w;
    for (int i = 0; i < n; ++i) {
        if (i) w += ',';
        w += R"({"textParagraph":{"text":"w"}})";
    }
    return R"({"cardsV2":[{"cardId":"c","card":{"sections":[{"widgets":[)" + w + "]}]}}]}";
}

} // namespace

BOOST_AUTO_TEST_SUITE(emulator_messages)

// ---- the seed's operations ------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(seed_create_text_message) {
    emulator_fixture f;
    auto c = f.client();
    auto r = c.post("/v1/spaces/AAA/messages", R"({"text":"Hello, world!"})");
    BOOST_TEST(r.status == 200u);
    auto m = r.json();
    BOOST_TEST(str(m, "text") == "Hello, world!");
    auto name = str(m, "name");
    BOOST_TEST(name.rfind("spaces/AAA/messages/", 0) == 0u);
    BOOST_TEST(str(m, "sender.name") == "users/app-emulator");
    BOOST_TEST(str(m, "sender.type") == "BOT");
    BOOST_TEST(str(m, "thread.name").rfind("spaces/AAA/threads/", 0) == 0u);
    BOOST_TEST(str(m, "space.name") == "spaces/AAA");
    BOOST_TEST(gchat::parse_rfc3339(str(m, "createTime")).has_value());
    BOOST_TEST(!m.as_object().contains("lastUpdateTime"));
    BOOST_TEST(f.on_server([&] { return f.emu.state().message_count("spaces/AAA"); }) == 1u);
}

BOOST_AUTO_TEST_CASE(seed_create_card_message) {
    emulator_fixture f;
    auto c = f.client();
    auto r = c.post("/v1/spaces/AAA/messages", card_body);
    BOOST_TEST_REQUIRE(r.status == 200u);
    auto m = r.json();
    const auto& card = m.at("cardsV2").as_array().at(0);
    BOOST_TEST(str(card, "cardId") == "createCardMessage");
    BOOST_TEST(str(card, "card.header.title") == "A card message!");
    BOOST_TEST(str(card, "card.header.imageType") == "CIRCLE");
    auto button =
        card.at("card").at("sections").at(0).at("widgets").at(0).at("buttonList").at("buttons").at(0);
    BOOST_TEST(str(button, "onClick.openLink.url") == "https://developers.google.com/chat");
    BOOST_TEST(!m.as_object().contains("text"));
}

BOOST_AUTO_TEST_CASE(seed_start_and_reply_to_thread) {
    emulator_fixture f;
    auto c = f.client();
    const std::string opt = "messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";
    auto first = c.post("/v1/spaces/AAA/messages?" + opt, R"({"text":"start","thread":{"threadKey":"k1"}})");
    BOOST_TEST_REQUIRE(first.status == 200u);
    auto thread = str(first.json(), "thread.name");
    BOOST_TEST(str(first.json(), "thread.threadKey") == "k1");
    BOOST_TEST(!first.json().as_object().contains("threadReply"));
    // Same key: a reply in the same thread.
    auto second = c.post("/v1/spaces/AAA/messages?" + opt, R"({"text":"reply","thread":{"threadKey":"k1"}})");
    BOOST_TEST(str(second.json(), "thread.name") == thread);
    BOOST_TEST(second.json().at("threadReply").as_bool());
    // thread.name: a reply as well.
    auto third =
        c.post("/v1/spaces/AAA/messages?" + opt, R"({"text":"by name","thread":{"name":")" + thread + "\"}}");
    BOOST_TEST(str(third.json(), "thread.name") == thread);
    // No thread: Chat starts a new one.
    auto fourth = c.post("/v1/spaces/AAA/messages", R"({"text":"new"})");
    BOOST_TEST(str(fourth.json(), "thread.name") != thread);
    // The deprecated threadKey query parameter works too.
    auto fifth = c.post("/v1/spaces/AAA/messages?threadKey=k1&" + opt, R"({"text":"query key"})");
    BOOST_TEST(str(fifth.json(), "thread.name") == thread);
}

BOOST_AUTO_TEST_CASE(seed_named_message) {
    emulator_fixture f;
    auto c = f.client();
    auto r =
        c.post("/v1/spaces/AAA/messages?messageId=client-custom-name", R"({"text":"Hello with a name"})");
    BOOST_TEST_REQUIRE(r.status == 200u);
    auto m = r.json();
    BOOST_TEST(str(m, "clientAssignedMessageId") == "client-custom-name");
    auto name = str(m, "name");
    BOOST_TEST(name != "spaces/AAA/messages/client-custom-name"); // the client id does not replace the name
    // Usable in place of the id in get, update and delete.
    auto g = c.get("/v1/spaces/AAA/messages/client-custom-name");
    BOOST_TEST(str(g.json(), "name") == name);
    auto u = c.request("PATCH", "/v1/spaces/AAA/messages/client-custom-name?updateMask=text",
                       R"({"text":"renamed"})");
    BOOST_TEST(str(u.json(), "text") == "renamed");
    auto d = c.request("DELETE", "/v1/spaces/AAA/messages/client-custom-name");
    BOOST_TEST(d.status == 200u);
    check_error(c.get("/v1/spaces/AAA/messages/client-custom-name"), 404, "NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(seed_get_message) {
    emulator_fixture f;
    auto c = f.client();
    auto created = c.post("/v1/spaces/AAA/messages", R"({"text":"to read"})").json();
    auto name = str(created, "name");
    auto r = c.get("/" + std::string("v1/") + name);
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(json::serialize(r.json()) == json::serialize(created));
    check_error(c.get("/v1/spaces/AAA/messages/nope.nope"), 404, "NOT_FOUND", "MESSAGE_NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(seed_update_text) {
    emulator_fixture f;
    auto c = f.client();
    auto created = c.post("/v1/spaces/AAA/messages", card_body).json();
    auto name = str(created, "name");
    auto r = c.request("PUT", "/v1/" + name + "?updateMask=text", R"({"text":"Updated message!"})");
    BOOST_TEST_REQUIRE(r.status == 200u);
    auto m = r.json();
    BOOST_TEST(str(m, "text") == "Updated message!");
    BOOST_TEST(m.at("cardsV2").as_array().size() == 1u); // the cards stay, the text shows above them
    auto created_at = *gchat::parse_rfc3339(str(m, "createTime"));
    auto updated_at = gchat::parse_rfc3339(str(m, "lastUpdateTime"));
    BOOST_TEST_REQUIRE(updated_at.has_value());
    BOOST_TEST((*updated_at > created_at));
    BOOST_TEST(str(c.get("/v1/" + name).json(), "text") == "Updated message!");
}

BOOST_AUTO_TEST_CASE(seed_update_cards) {
    emulator_fixture f;
    auto c = f.client();
    // On a text message: the cards are added below the text.
    auto text = c.post("/v1/spaces/AAA/messages", R"({"text":"text first"})").json();
    auto r = c.request("PATCH", "/v1/" + str(text, "name") + "?updateMask=cardsV2", card_body);
    BOOST_TEST_REQUIRE(r.status == 200u);
    BOOST_TEST(str(r.json(), "text") == "text first");
    BOOST_TEST(r.json().at("cardsV2").as_array().size() == 1u);
    // On a card message: the cards are replaced (snake_case mask path as well).
    auto card = c.post("/v1/spaces/AAA/messages", card_body).json();
    auto r2 = c.request("PATCH", "/v1/" + str(card, "name") + "?updateMask=cards_v2",
                        R"({"cardsV2":[{"cardId":"updated","card":{"header":{"title":"Updated card"}}}]})");
    BOOST_TEST_REQUIRE(r2.status == 200u);
    auto v2 = r2.json();
    const auto& cards = v2.at("cardsV2").as_array();
    BOOST_TEST(cards.size() == 1u);
    BOOST_TEST(str(cards.at(0), "cardId") == "updated");
}

BOOST_AUTO_TEST_CASE(seed_delete_message) {
    emulator_fixture f;
    auto c = f.client();
    auto name = str(c.post("/v1/spaces/AAA/messages", R"({"text":"bye"})").json(), "name");
    auto r = c.request("DELETE", "/v1/" + name);
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.body == "{}");
    check_error(c.get("/v1/" + name), 404, "NOT_FOUND");
    check_error(c.request("DELETE", "/v1/" + name), 404, "NOT_FOUND");
}

// ---- authentication -------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(missing_token_is_401) {
    emulator_fixture f;
    auto c = f.client("");
    auto r = c.post("/v1/spaces/AAA/messages", R"({"text":"x"})");
    check_error(r, 401, "UNAUTHENTICATED", "CREDENTIALS_MISSING");
    BOOST_TEST(!r.header("www-authenticate").empty());
    auto r2 = c.request("POST", "/v1/spaces/AAA/messages", R"({"text":"x"})", {{"Authorization", "Bearer "}});
    check_error(r2, 401, "UNAUTHENTICATED");
    auto r3 =
        c.request("POST", "/v1/spaces/AAA/messages", R"({"text":"x"})", {{"Authorization", "Basic abc"}});
    check_error(r3, 401, "UNAUTHENTICATED");
}

BOOST_AUTO_TEST_CASE(accepted_tokens_restrict) {
    gchat::testing::emulator_options o;
    o.accepted_tokens = {"good"};
    emulator_fixture f(o);
    check_error(f.client("bad").post("/v1/spaces/AAA/messages", R"({"text":"x"})"), 401, "UNAUTHENTICATED");
    BOOST_TEST(f.client("good").post("/v1/spaces/AAA/messages", R"({"text":"x"})").status == 200u);
}

// ---- client-assigned ids and request ids ------------------------------------------------------------

BOOST_AUTO_TEST_CASE(message_id_rules) {
    emulator_fixture f;
    auto c = f.client();
    for (std::string bad :
         std::vector<std::string>{"custom-name", "client-UPPER", "client-under_score", "client-",
                                  "client-a.b", "client-" + std::string(57, 'a')}) {
        BOOST_TEST_CONTEXT("messageId " << bad) {
            check_error(c.post("/v1/spaces/AAA/messages?messageId=" + bad, R"({"text":"x"})"), 400,
                        "INVALID_ARGUMENT", "INVALID_MESSAGE_ID");
        }
    }
    auto longest = "client-" + std::string(56, 'a'); // 63 characters
    BOOST_TEST(c.post("/v1/spaces/AAA/messages?messageId=" + longest, R"({"text":"x"})").status == 200u);
    BOOST_TEST(c.post("/v1/spaces/AAA/messages?messageId=client-0-9", R"({"text":"x"})").status == 200u);
    // Unique per space: reuse is ALREADY_EXISTS, another space is fine.
    check_error(c.post("/v1/spaces/AAA/messages?messageId=client-0-9", R"({"text":"again"})"), 409,
                "ALREADY_EXISTS");
    BOOST_TEST(c.post("/v1/spaces/BBB/messages?messageId=client-0-9", R"({"text":"x"})").status == 200u);
    BOOST_TEST(f.on_server([&] { return f.emu.state().message_count("AAA"); }) == 2u);
}

BOOST_AUTO_TEST_CASE(request_id_is_idempotent) {
    emulator_fixture f;
    auto c = f.client();
    auto a = c.post("/v1/spaces/AAA/messages?requestId=r-1", R"({"text":"once"})");
    auto b = c.post("/v1/spaces/AAA/messages?requestId=r-1", R"({"text":"twice"})");
    BOOST_TEST(a.status == 200u);
    BOOST_TEST(b.status == 200u);
    BOOST_TEST(a.body == b.body); // the first message, not a new one
    BOOST_TEST(f.on_server([&] { return f.emu.state().message_count("AAA"); }) == 1u);
    // With a client id too: the retry is not ALREADY_EXISTS.
    auto x = c.post("/v1/spaces/AAA/messages?requestId=r-2&messageId=client-x", R"({"text":"x"})");
    auto y = c.post("/v1/spaces/AAA/messages?requestId=r-2&messageId=client-x", R"({"text":"x"})");
    BOOST_TEST(x.body == y.body);
    auto z = c.post("/v1/spaces/AAA/messages?requestId=r-3", R"({"text":"other"})");
    BOOST_TEST(str(z.json(), "name") != str(a.json(), "name"));
}

BOOST_AUTO_TEST_CASE(query_parameters_are_percent_decoded_each_on_its_own) {
    emulator_fixture f;
    auto c = f.client();
    // Two escaped parameters in one query: each keeps its own decoded text.
    auto a = c.post("/v1/spaces/AAA/messages?requestId=r%2D1&messageId=client%2Dtwo", R"({"text":"a"})");
    BOOST_TEST(a.status == 200u);
    BOOST_TEST(str(a.json(), "clientAssignedMessageId") == "client-two");
    // The same request id written plainly is the same request.
    auto b = c.post("/v1/spaces/AAA/messages?requestId=r-1", R"({"text":"b"})");
    BOOST_TEST(b.body == a.body);
    // '+' is a space in a query.
    auto t =
        c.post(
             "/v1/spaces/AAA/messages?threadKey=k+1&messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD",
             R"({"text":"t"})")
            .json();
    auto u = c.post("/v1/spaces/AAA/messages?threadKey=k%201&messageReplyOption=REPLY_MESSAGE_OR_FAIL",
                    R"({"text":"u"})")
                 .json();
    BOOST_TEST(str(u, "thread.name") == str(t, "thread.name"));
    BOOST_TEST(f.on_server([&] { return f.emu.state().message_count("AAA"); }) == 3u);
}

BOOST_AUTO_TEST_CASE(a_malformed_escape_in_the_query_is_a_bad_request) {
    emulator_fixture f;
    auto c = f.client();
    check_error(c.post("/v1/spaces/AAA/messages?requestId=%G1", R"({"text":"x"})"), 400, "INVALID_ARGUMENT");
    check_error(c.post("/v1/spaces/AAA/messages?requestId=r%2", R"({"text":"x"})"), 400, "INVALID_ARGUMENT");
    BOOST_TEST(f.on_server([&] { return f.emu.state().message_count("AAA"); }) == 0u);
}

// ---- threads ----------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(reply_option_unspecified_starts_new_thread) {
    emulator_fixture f;
    auto c = f.client();
    auto a = c.post("/v1/spaces/AAA/messages?messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD",
                    R"({"text":"a","thread":{"threadKey":"k"}})")
                 .json();
    auto b = c.post("/v1/spaces/AAA/messages", R"({"text":"b","thread":{"threadKey":"k"}})").json();
    auto d = c.post("/v1/spaces/AAA/messages?messageReplyOption=MESSAGE_REPLY_OPTION_UNSPECIFIED",
                    R"({"text":"d","thread":{"name":")" + str(a, "thread.name") + "\"}}")
                 .json();
    BOOST_TEST(str(b, "thread.name") != str(a, "thread.name"));
    BOOST_TEST(str(d, "thread.name") != str(a, "thread.name"));
    check_error(c.post("/v1/spaces/AAA/messages?messageReplyOption=SOMETIMES", R"({"text":"x"})"), 400,
                "INVALID_ARGUMENT");
}

BOOST_AUTO_TEST_CASE(reply_option_or_fail) {
    emulator_fixture f;
    auto c = f.client();
    const std::string url = "/v1/spaces/AAA/messages?messageReplyOption=REPLY_MESSAGE_OR_FAIL";
    check_error(c.post(url, R"({"text":"x","thread":{"threadKey":"missing"}})"), 404, "NOT_FOUND",
                "THREAD_NOT_FOUND");
    check_error(c.post(url, R"({"text":"x","thread":{"name":"spaces/AAA/threads/none"}})"), 404, "NOT_FOUND");
    BOOST_TEST(f.on_server([&] { return f.emu.state().message_count("AAA"); }) == 0u);
    auto root = c.post("/v1/spaces/AAA/messages?messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD",
                       R"({"text":"root","thread":{"threadKey":"there"}})")
                    .json();
    auto reply = c.post(url, R"({"text":"x","thread":{"threadKey":"there"}})");
    BOOST_TEST_REQUIRE(reply.status == 200u);
    BOOST_TEST(str(reply.json(), "thread.name") == str(root, "thread.name"));
}

BOOST_AUTO_TEST_CASE(thread_keys_are_private_to_each_app) {
    gchat::testing::emulator_options o;
    o.token_principals["other-app"] = {"users/app-other", "Other App", gchat::user_type::bot};
    emulator_fixture f(o);
    auto me = f.client();
    auto other = f.client("other-app");
    const std::string url = "/v1/spaces/AAA/messages?messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";
    auto mine = me.post(url, R"({"text":"a","thread":{"threadKey":"shared"}})").json();
    auto theirs = other.post(url, R"({"text":"b","thread":{"threadKey":"shared"}})").json();
    BOOST_TEST(str(theirs, "sender.name") == "users/app-other");
    BOOST_TEST(str(mine, "thread.name") != str(theirs, "thread.name")); // two apps, two threads
    check_error(other.post("/v1/spaces/AAA/messages?messageReplyOption=REPLY_MESSAGE_OR_FAIL",
                           R"({"text":"c","thread":{"threadKey":"only-mine"}})"),
                404, "NOT_FOUND");
    // To reply in another app's thread: thread.name.
    auto in_mine =
        other.post(url, R"({"text":"c","thread":{"name":")" + str(mine, "thread.name") + "\"}}").json();
    BOOST_TEST(str(in_mine, "thread.name") == str(mine, "thread.name"));
    BOOST_TEST(str(in_mine, "thread.threadKey").empty()); // the key is not the other app's to see
}

// ---- update -------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(update_mask_rules) {
    emulator_fixture f;
    auto c = f.client();
    auto name = str(c.post("/v1/spaces/AAA/messages", R"({"text":"t"})").json(), "name");
    check_error(c.request("PATCH", "/v1/" + name, R"({"text":"x"})"), 400, "INVALID_ARGUMENT",
                "INVALID_UPDATE_MASK");
    check_error(c.request("PATCH", "/v1/" + name + "?updateMask=sender", R"({"text":"x"})"), 400,
                "INVALID_ARGUMENT", "INVALID_UPDATE_MASK");
    check_error(c.request("PATCH", "/v1/" + name + "?updateMask=text,bogus", R"({"text":"x"})"), 400,
                "INVALID_ARGUMENT");
    // Several paths, with spaces.
    auto r = c.request("PATCH", "/v1/" + name + "?updateMask=text,%20cardsV2",
                       R"({"text":"both","cardsV2":[{"cardId":"c","card":{"header":{"title":"t"}}}]})");
    BOOST_TEST_REQUIRE(r.status == 200u);
    BOOST_TEST(str(r.json(), "text") == "both");
    // `*` replaces every updatable field: no text in the body clears it.
    auto star = c.request("PATCH", "/v1/" + name + "?updateMask=*",
                          R"({"cardsV2":[{"cardId":"only","card":{"header":{"title":"t"}}}]})");
    BOOST_TEST_REQUIRE(star.status == 200u);
    BOOST_TEST(!star.json().as_object().contains("text"));
    // Fields outside the mask are ignored.
    auto ign = c.request("PATCH", "/v1/" + name + "?updateMask=text", R"({"text":"t2","cardsV2":[]})");
    BOOST_TEST(ign.json().at("cardsV2").as_array().size() == 1u);
    // An update that leaves the message empty is refused.
    check_error(c.request("PATCH", "/v1/" + name + "?updateMask=*", "{}"), 400, "INVALID_ARGUMENT");
}

BOOST_AUTO_TEST_CASE(allow_missing) {
    emulator_fixture f;
    auto c = f.client();
    auto r = c.request("PATCH", "/v1/spaces/AAA/messages/client-upsert?updateMask=text&allowMissing=true",
                       R"({"text":"created by update"})");
    BOOST_TEST_REQUIRE(r.status == 200u);
    BOOST_TEST(str(r.json(), "clientAssignedMessageId") == "client-upsert");
    BOOST_TEST(str(r.json(), "text") == "created by update");
    // Existing now: a plain update.
    auto r2 = c.request("PUT", "/v1/spaces/AAA/messages/client-upsert?updateMask=text&allowMissing=true",
                        R"({"text":"updated"})");
    BOOST_TEST(str(r2.json(), "name") == str(r.json(), "name"));
    BOOST_TEST(str(r2.json(), "text") == "updated");
    // Only with a client-assigned id.
    check_error(c.request("PATCH", "/v1/spaces/AAA/messages/abc.abc?updateMask=text&allowMissing=true",
                          R"({"text":"x"})"),
                400, "INVALID_ARGUMENT");
    check_error(c.request("PATCH", "/v1/spaces/AAA/messages/client-none?updateMask=text", R"({"text":"x"})"),
                404, "NOT_FOUND");
}

BOOST_AUTO_TEST_CASE(only_own_messages_can_change) {
    gchat::testing::emulator_options o;
    o.token_principals["other-app"] = {"users/app-other", "Other App", gchat::user_type::bot};
    emulator_fixture f(o);
    auto me = f.client();
    auto other = f.client("other-app");
    auto name = str(me.post("/v1/spaces/AAA/messages", R"({"text":"mine"})").json(), "name");
    check_error(other.request("PATCH", "/v1/" + name + "?updateMask=text", R"({"text":"x"})"), 403,
                "PERMISSION_DENIED", "NOT_MESSAGE_SENDER");
    check_error(other.request("DELETE", "/v1/" + name), 403, "PERMISSION_DENIED");
    BOOST_TEST(other.get("/v1/" + name).status == 200u); // reading is allowed
    BOOST_TEST(str(me.get("/v1/" + name).json(), "text") == "mine");
}

// ---- limits -------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(message_size_limit) {
    emulator_fixture f;
    auto c = f.client();
    auto at_limit = R"({"text":")" + std::string(32000, 'a') + "\"}";
    BOOST_TEST(c.post("/v1/spaces/AAA/messages", at_limit).status == 200u);
    auto over = R"({"text":")" + std::string(32001, 'a') + "\"}";
    check_error(c.post("/v1/spaces/AAA/messages", over), 400, "INVALID_ARGUMENT", "MESSAGE_TOO_LARGE");
    // Text and cards together count.
    auto mixed = R"({"text":")" + std::string(31990, 'a') +
                 R"(","cardsV2":[{"cardId":"c","card":{"header":{"title":"t"}}}]})";
    check_error(c.post("/v1/spaces/AAA/messages", mixed), 400, "INVALID_ARGUMENT", "MESSAGE_TOO_LARGE");
    // An update cannot grow it past the limit either.
    auto name = str(c.post("/v1/spaces/AAA/messages", R"({"text":"small"})").json(), "name");
    check_error(c.request("PATCH", "/v1/" + name + "?updateMask=text", over), 400, "INVALID_ARGUMENT");
    check_error(c.post("/v1/spaces/AAA/messages", "{}"), 400, "INVALID_ARGUMENT");
    check_error(c.post("/v1/spaces/AAA/messages", "{not json"), 400, "INVALID_ARGUMENT");
}

BOOST_AUTO_TEST_CASE(card_widget_limit) {
    emulator_fixture f;
    auto c = f.client();
    BOOST_TEST(c.post("/v1/spaces/AAA/messages", card_with_widgets(100)).status == 200u);
    check_error(c.post("/v1/spaces/AAA/messages", card_with_widgets(101)), 400, "INVALID_ARGUMENT",
                "TOO_MANY_WIDGETS");
}

// ---- list -----------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(list_paging) {
    emulator_fixture f;
    auto c = f.client();
    BOOST_TEST(c.get("/v1/spaces/AAA/messages").body == "{}"); // an empty space lists as {}
    for (int i = 0; i < 30; ++i)
        c.post("/v1/spaces/AAA/messages", R"({"text":"m)" + std::to_string(i) + "\"}");
    auto first = c.get("/v1/spaces/AAA/messages").json();
    BOOST_TEST(first.at("messages").as_array().size() == 25u); // default page size
    auto token = str(first, "nextPageToken");
    BOOST_TEST_REQUIRE(!token.empty());
    auto second = c.get("/v1/spaces/AAA/messages?pageToken=" + token).json();
    BOOST_TEST(second.at("messages").as_array().size() == 5u);
    BOOST_TEST(!second.as_object().contains("nextPageToken"));
    BOOST_TEST(str(second.at("messages").as_array().at(4), "text") == "m29");
    // Walk in pages of 7: every message once, in creation order.
    std::vector<std::string> seen;
    std::string t;
    do {
        auto page = c.get("/v1/spaces/AAA/messages?pageSize=7" + (t.empty() ? "" : "&pageToken=" + t)).json();
        for (const auto& m : page.at("messages").as_array())
            seen.push_back(str(m, "text"));
        t = str(page, "nextPageToken");
    } while (!t.empty());
    BOOST_TEST_REQUIRE(seen.size() == 30u);
    for (int i = 0; i < 30; ++i)
        BOOST_TEST(seen[i] == "m" + std::to_string(i));
    BOOST_TEST(c.get("/v1/spaces/AAA/messages?pageSize=5000").json().at("messages").as_array().size() == 30u);
    check_error(c.get("/v1/spaces/AAA/messages?pageSize=-1"), 400, "INVALID_ARGUMENT");
    check_error(c.get("/v1/spaces/AAA/messages?pageToken=garbage"), 400, "INVALID_ARGUMENT");
    // Descending.
    auto desc = c.get("/v1/spaces/AAA/messages?orderBy=create_time%20desc&pageSize=2").json();
    BOOST_TEST(str(desc.at("messages").as_array().at(0), "text") == "m29");
    auto desc2 =
        c.get("/v1/spaces/AAA/messages?orderBy=DESC&pageSize=2&pageToken=" + str(desc, "nextPageToken"))
            .json();
    BOOST_TEST(str(desc2.at("messages").as_array().at(0), "text") == "m27");
    check_error(c.get("/v1/spaces/AAA/messages?orderBy=sideways"), 400, "INVALID_ARGUMENT");
}

BOOST_AUTO_TEST_CASE(list_filters) {
    emulator_fixture f;
    auto c = f.client();
    const std::string fb = "?messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";
    auto a = c.post("/v1/spaces/AAA/messages" + fb, R"({"text":"a","thread":{"threadKey":"t"}})").json();
    auto b = c.post("/v1/spaces/AAA/messages", R"({"text":"b"})").json();
    auto a2 = c.post("/v1/spaces/AAA/messages" + fb, R"({"text":"a2","thread":{"threadKey":"t"}})").json();
    auto enc = [](std::string s) {
        std::string o;
        for (char ch : s) {
            if (std::isalnum(static_cast<unsigned char>(ch)) || ch == '-' || ch == '.' || ch == '_')
                o += ch;
            else {
                char buf[4];
                std::snprintf(buf, sizeof buf, "%%%02X", static_cast<unsigned char>(ch));
                o += buf;
            }
        }
        return o;
    };
    auto list = [&](const std::string& filter) {
        auto r = c.get("/v1/spaces/AAA/messages?filter=" + enc(filter));
        std::vector<std::string> out;
        if (r.status != 200) return std::vector<std::string>{"HTTP " + std::to_string(r.status)};
        auto v = r.json();
        if (auto* ms = v.as_object().if_contains("messages"))
            for (const auto& m : ms->as_array())
                out.push_back(str(m, "text"));
        return out;
    };
    auto thread = str(a, "thread.name");
    BOOST_TEST((list("thread.name = " + thread) == std::vector<std::string>{"a", "a2"}));
    auto tb = str(b, "createTime");
    BOOST_TEST((list("create_time > \"" + tb + "\"") == std::vector<std::string>{"a2"}));
    BOOST_TEST((list("create_time < \"" + tb + "\"") == std::vector<std::string>{"a"}));
    BOOST_TEST((list("create_time > \"" + str(a, "createTime") + "\" AND create_time < \"" +
                     str(a2, "createTime") + "\"") == std::vector<std::string>{"b"}));
    BOOST_TEST((list("create_time > \"2000-01-01T00:00:00+00:00\" AND thread.name = " + thread) ==
                std::vector<std::string>{"a", "a2"}));
    for (std::string bad : std::vector<std::string>{
             "text = \"a\"", "create_time > 2020-01-01T00:00:00Z", "create_time = \"2020-01-01T00:00:00Z\"",
             "thread.name = x OR thread.name = y", "create_time >", "create_time > \"yesterday\""}) {
        BOOST_TEST_CONTEXT("filter " << bad) {
            check_error(c.get("/v1/spaces/AAA/messages?filter=" + enc(bad)), 400, "INVALID_ARGUMENT");
        }
    }
}

BOOST_AUTO_TEST_CASE(list_show_deleted) {
    emulator_fixture f;
    auto c = f.client();
    auto a = str(c.post("/v1/spaces/AAA/messages", R"({"text":"a"})").json(), "name");
    c.post("/v1/spaces/AAA/messages", R"({"text":"b"})");
    c.request("DELETE", "/v1/" + a);
    BOOST_TEST(c.get("/v1/spaces/AAA/messages").json().at("messages").as_array().size() == 1u);
    auto all = c.get("/v1/spaces/AAA/messages?showDeleted=true").json().at("messages").as_array();
    BOOST_TEST_REQUIRE(all.size() == 2u);
    BOOST_TEST(str(all.at(0), "name") == a);
    BOOST_TEST(!str(all.at(0), "deleteTime").empty());
    BOOST_TEST(str(all.at(0), "deletionMetadata.deletionType") == "CREATOR");
    BOOST_TEST(!all.at(0).as_object().contains("text")); // the content is gone
}

// ---- delete -----------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(delete_force_with_user_auth) {
    gchat::testing::emulator_options o;
    o.token_principals["user-token"] = {"users/100000000000000000001", "Emulator User",
                                        gchat::user_type::human};
    emulator_fixture f(o);
    auto user = f.client("user-token");
    const std::string fb = "/v1/spaces/AAA/messages?messageReplyOption=REPLY_MESSAGE_FALLBACK_TO_NEW_THREAD";
    auto root = user.post(fb, R"({"text":"root","thread":{"threadKey":"t"}})").json();
    BOOST_TEST(str(root, "sender.type") == "HUMAN");
    auto reply = user.post(fb, R"({"text":"reply","thread":{"threadKey":"t"}})").json();
    check_error(user.request("DELETE", "/v1/" + str(root, "name")), 400, "FAILED_PRECONDITION");
    BOOST_TEST(user.request("DELETE", "/v1/" + str(root, "name") + "?force=true").status == 200u);
    BOOST_TEST(user.get("/v1/" + str(reply, "name")).status == 404u); // the replies went with it
    // With app authentication `force` has no effect: the first message goes, the replies stay.
    auto app = f.client();
    auto aroot = app.post(fb, R"({"text":"root","thread":{"threadKey":"t2"}})").json();
    auto areply = app.post(fb, R"({"text":"reply","thread":{"threadKey":"t2"}})").json();
    BOOST_TEST(app.request("DELETE", "/v1/" + str(aroot, "name")).status == 200u);
    BOOST_TEST(app.get("/v1/" + str(areply, "name")).status == 200u);
}

// ---- routing
// ------------------------------------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(unknown_routes_and_spaces) {
    gchat::testing::emulator_options o;
    o.auto_create_spaces = false;
    o.spaces = {"spaces/KNOWN"};
    emulator_fixture f(o);
    auto c = f.client();
    check_error(c.post("/v1/spaces/NEW/messages", R"({"text":"x"})"), 404, "NOT_FOUND", "SPACE_NOT_FOUND");
    BOOST_TEST(c.post("/v1/spaces/KNOWN/messages", R"({"text":"x"})").status == 200u);
    check_error(c.get("/v2/whatever"), 404, "NOT_FOUND");
    check_error(c.request("PATCH", "/v1/spaces/KNOWN/messages"), 404, "NOT_FOUND");
}

// ---- the sans-I/O core, without sockets
// -----------------------------------------------------------------------

BOOST_AUTO_TEST_CASE(core_without_sockets) {
    gchat::testing::chat_state st;
    auto r = st.handle({"POST", "/v1/spaces/S/messages?messageId=client-a", "Bearer t", "application/json",
                        R"({"text":"hi"})"});
    BOOST_TEST(r.status == 200u);
    BOOST_TEST(r.route == "spaces.messages.create");
    auto g = st.handle({"GET", "/v1/spaces/S/messages/client-a", "Bearer t", "", ""});
    BOOST_TEST(g.body == r.body);
    BOOST_TEST(gchat::testing::chat_state::route_of("DELETE", "/v1/spaces/S/messages/x?force=true") ==
               "spaces.messages.delete");
    BOOST_TEST(gchat::testing::chat_state::route_of("GET", "/v1/media/abc?alt=media") == "media.download");
    BOOST_TEST(gchat::testing::chat_state::route_of("POST", "/upload/v1/spaces/S/attachments:upload") ==
               "media.upload");
    BOOST_TEST(gchat::testing::chat_state::route_of("POST", "/token") == "token");
    BOOST_TEST(gchat::testing::chat_state::route_of("GET", "/nothing").empty());
    // Percent-encoded resource names (a client that escapes the slashes of {+name}).
    auto e = st.handle({"GET", "/v1/spaces%2FS%2Fmessages%2Fclient-a", "Bearer t", "", ""});
    BOOST_TEST(e.body == r.body);
}

BOOST_AUTO_TEST_SUITE_END()
