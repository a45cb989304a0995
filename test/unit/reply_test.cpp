// gchat::reply: every kind in both envelopes against the expected bodies in test/data/replies/, and
// the checks against Chat's limits (widgets per card, message size, widget ids).
#include <gchat/event/reply.hpp>
#include <gchat/event/validate.hpp>

#include "printing.hpp"
#include "test_data.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

using gchat::event_envelope;
using gchat::reply;

namespace {

// The serialized reply must be the expected JSON (compared as values: key order is free).
void check(const reply& r, const std::string& name) {
    for (auto env : {event_envelope::chat_app, event_envelope::workspace_add_on}) {
        const std::string dir = env == event_envelope::chat_app ? "chat_app/" : "add_on/";
        gchat::diagnostics diag;
        auto body = gchat::serialize(r, env, diag);
        BOOST_TEST_REQUIRE(body.has_value(), name << " (" << dir << "): " << diag.client_message);
        const auto expected = boost::json::parse(gchat::test::read_data("replies/" + dir + name + ".json"));
        const auto actual = boost::json::parse(*body);
        BOOST_TEST(actual == expected, dir << name << ":\n  got      " << *body << "\n  expected "
                                           << boost::json::serialize(expected));
    }
}

gchat::card_with_id ticket_card() {
    gchat::card_with_id c;
    c.card_id = "ticket-12345";
    auto& card = c.card.emplace();
    card.header.emplace().title = "Ticket #12345";
    card.header->subtitle = "Printer jammed";
    gchat::widget w;
    w.decorated_text.emplace().top_label = "Status";
    w.decorated_text->text = "Open";
    card.sections.emplace_back().widgets.push_back(w);
    return c;
}

gchat::card contact_dialog() {
    gchat::card c;
    c.header.emplace().title = "Add a contact";
    auto& s = c.sections.emplace_back();
    gchat::widget input;
    input.text_input.emplace().name = "contactName";
    input.text_input->label = "First and last name";
    s.widgets.push_back(input);
    gchat::widget buttons;
    gchat::button save;
    save.text = "Save";
    save.on_click.emplace().action.emplace().function = "submitContact";
    buttons.button_list.emplace().buttons.push_back(save);
    s.widgets.push_back(buttons);
    return c;
}

gchat::widget paragraph(std::string text) {
    gchat::widget w;
    w.text_paragraph.emplace().text = std::move(text);
    return w;
}

// A card of `n` widgets in sections of at most 10.
gchat::card card_of(std::size_t n) {
    gchat::card c;
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 10 == 0) c.sections.emplace_back();
        c.sections.back().widgets.push_back(paragraph("w" + std::to_string(i)));
    }
    return c;
}

gchat::message message_with_card(gchat::card c) {
    gchat::message m;
    auto& cw = m.cards_v2.emplace_back();
    cw.card_id = "c";
    cw.card = std::move(c);
    return m;
}

} // namespace

BOOST_AUTO_TEST_SUITE(reply_json)

BOOST_AUTO_TEST_CASE(ack) {
    check(reply::ack(), "ack");
    BOOST_TEST((reply().type() == reply::kind::ack));
}

BOOST_AUTO_TEST_CASE(text) {
    check(reply::text("Hello, world!"), "text");
}

BOOST_AUTO_TEST_CASE(new_message_with_thread_and_card) {
    gchat::message m;
    m.text = "Ticket #12345 created.";
    m.thread.emplace().name = "spaces/AAAAAAAAAAA/threads/BBBBBBBBBBB";
    m.cards_v2.push_back(ticket_card());
    check(reply::new_message(m), "new_message");
}

BOOST_AUTO_TEST_CASE(new_message_drops_an_action_response_of_the_message) {
    gchat::message m;
    m.text = "Ticket #12345 assigned to you.";
    m.action_response.emplace().type = gchat::action_response_type::dialog;
    const reply r = reply::update_message(m);
    BOOST_TEST(!r.message()->action_response.has_value());
    check(r, "update_message");
}

BOOST_AUTO_TEST_CASE(update_user_message_cards) {
    gchat::card_with_id c;
    c.card_id = "preview-case123";
    c.card.emplace().header.emplace().title = "Example Customer Service Case";
    gchat::widget w;
    w.decorated_text.emplace().top_label = "Case ID";
    w.decorated_text->text = "case123";
    c.card->sections.emplace_back().widgets.push_back(w);
    check(reply::update_user_message_cards({c}), "update_user_message_cards");
}

BOOST_AUTO_TEST_CASE(request_config) {
    check(reply::request_config("https://tickets.example.com/connect?state=abc", "Example Tickets"),
          "request_config");
}

BOOST_AUTO_TEST_CASE(open_dialog) {
    check(reply::open_dialog(contact_dialog()), "open_dialog");
}

BOOST_AUTO_TEST_CASE(close_dialog_with_a_message) {
    check(reply::close_dialog(gchat::api_code::ok, "Contact saved."), "close_dialog");
}

BOOST_AUTO_TEST_CASE(close_dialog_with_an_error_code) {
    check(reply::close_dialog(gchat::api_code::invalid_argument), "close_dialog_error");
}

BOOST_AUTO_TEST_CASE(close_dialog_from_the_model_action_status) {
    gchat::action_status st{gchat::rpc_code::invalid_argument, std::nullopt};
    const reply r = reply::close_dialog(st);
    BOOST_TEST(r.status()->code == gchat::api_code::invalid_argument);
    check(r, "close_dialog_error");
}

BOOST_AUTO_TEST_CASE(update_widget_suggestions) {
    gchat::selection_items items;
    items.items.push_back({"Kai O", "users/111", false, std::nullopt, std::nullopt});
    items.items.push_back({"Kay P", "users/222", std::nullopt, std::nullopt, std::nullopt});
    check(reply::update_widget_suggestions(items, "contacts"), "update_widget_suggestions");
}

BOOST_AUTO_TEST_CASE(an_empty_new_message_is_only_the_action) {
    auto body = gchat::serialize(reply::new_message({}), event_envelope::chat_app).value();
    BOOST_TEST(body == R"({"actionResponse":{"type":"NEW_MESSAGE"}})");
}

BOOST_AUTO_TEST_CASE(serialize_for_an_event_uses_its_envelope) {
    gchat::event ev;
    ev.envelope = event_envelope::workspace_add_on;
    auto body = gchat::serialize(reply::text("hi"), ev).value();
    BOOST_TEST(body.find("createMessageAction") != std::string::npos);
}

BOOST_AUTO_TEST_CASE(text_is_escaped) {
    auto body = gchat::serialize(reply::text("say \"hi\"\n\\o/"), event_envelope::chat_app).value();
    BOOST_TEST(boost::json::parse(body).at("text").as_string() == "say \"hi\"\n\\o/");
}

BOOST_AUTO_TEST_CASE(accessors_expose_the_payload) {
    BOOST_TEST(reply::text("x").message()->text.value() == "x");
    BOOST_TEST(reply::text("x").dialog() == nullptr);
    BOOST_TEST(reply::request_config("u", "r").config()->resource == "r");
    BOOST_TEST(reply::open_dialog(contact_dialog()).dialog()->header->title.value() == "Add a contact");
    BOOST_TEST(std::string(gchat::to_string(reply::kind::update_widget_suggestions)) ==
               "update_widget_suggestions");
}

BOOST_AUTO_TEST_SUITE_END()

BOOST_AUTO_TEST_SUITE(reply_validation)

BOOST_AUTO_TEST_CASE(a_card_of_100_widgets_is_accepted) {
    BOOST_TEST(gchat::count_widgets(card_of(100)) == 100u);
    BOOST_TEST(gchat::serialize(reply::new_message(message_with_card(card_of(100))), event_envelope::chat_app)
                   .has_value());
}

BOOST_AUTO_TEST_CASE(a_card_of_101_widgets_is_refused_with_its_path) {
    gchat::diagnostics diag;
    auto r =
        gchat::serialize(reply::new_message(message_with_card(card_of(101))), event_envelope::chat_app, diag);
    BOOST_TEST_REQUIRE(r.has_error());
    BOOST_TEST(r.error() == gchat::errc::too_many_widgets);
    BOOST_TEST(diag.client_message.find("cardsV2[0].card: 101 widgets") != std::string::npos,
               diag.client_message);
    BOOST_TEST(diag.client_message.find("sections[10].widgets[0]") != std::string::npos, diag.client_message);
}

BOOST_AUTO_TEST_CASE(widgets_inside_columns_and_carousels_count) {
    gchat::card c;
    auto& s = c.sections.emplace_back();
    gchat::widget cols;
    auto& items = cols.columns.emplace().column_items;
    items.resize(2);
    items[0].widgets.resize(3);
    items[1].widgets.resize(2);
    s.widgets.push_back(cols); // 1 + 5
    gchat::widget car;
    auto& cards = car.carousel.emplace().carousel_cards;
    cards.resize(2);
    cards[0].widgets.resize(2);
    cards[1].widgets.resize(1);
    cards[1].footer_widgets.resize(1);
    s.widgets.push_back(car); // 1 + 4
    gchat::widget grid;
    grid.grid.emplace().items.resize(30);
    s.widgets.push_back(grid); // 1: grid items are not widgets
    BOOST_TEST(gchat::count_widgets(c) == 12u);
}

BOOST_AUTO_TEST_CASE(nested_widgets_can_cross_the_limit) {
    gchat::card c = card_of(95);
    gchat::widget cols;
    cols.columns.emplace().column_items.resize(1);
    cols.columns->column_items[0].widgets.resize(5);
    c.sections.back().widgets.push_back(cols); // 95 + 6 = 101
    gchat::diagnostics diag;
    auto ec = gchat::validate_card(c, &diag, "card");
    BOOST_TEST(ec == gchat::errc::too_many_widgets);
    BOOST_TEST(diag.client_message.find("sections[9].widgets[5]") != std::string::npos, diag.client_message);
}

BOOST_AUTO_TEST_CASE(a_legacy_card_of_101_widgets_is_refused) {
    gchat::message m;
    auto& lc = m.cards.emplace_back();
    for (int i = 0; i < 101; ++i) {
        if (i % 50 == 0) lc.sections.emplace_back();
        lc.sections.back().widgets.emplace_back().text_paragraph.emplace().text = "x";
    }
    gchat::diagnostics diag;
    BOOST_TEST(gchat::validate_message(m, &diag) == gchat::errc::too_many_widgets);
    BOOST_TEST(diag.client_message.find("cards[0]: 101 widgets") != std::string::npos, diag.client_message);
    BOOST_TEST(diag.client_message.find("sections[2].widgets[0]") != std::string::npos, diag.client_message);
}

BOOST_AUTO_TEST_CASE(a_dialog_of_101_widgets_is_refused_in_both_envelopes) {
    for (auto env : {event_envelope::chat_app, event_envelope::workspace_add_on}) {
        gchat::diagnostics diag;
        auto r = gchat::serialize(reply::open_dialog(card_of(101)), env, diag);
        BOOST_TEST_REQUIRE(r.has_error());
        BOOST_TEST(r.error() == gchat::errc::too_many_widgets);
        const char* path = env == event_envelope::chat_app ? "dialog.body" : "action.navigations[0].pushCard";
        BOOST_TEST(diag.client_message.find(path) != std::string::npos, diag.client_message);
    }
}

BOOST_AUTO_TEST_CASE(link_preview_cards_are_checked) {
    gchat::card_with_id c;
    c.card = card_of(101);
    auto r = gchat::serialize(reply::update_user_message_cards({c}), event_envelope::workspace_add_on);
    BOOST_TEST(r.error() == gchat::errc::too_many_widgets);
}

BOOST_AUTO_TEST_CASE(a_message_of_32000_bytes_is_accepted) {
    gchat::message m;
    m.text = std::string(32'000, 'a');
    BOOST_TEST(gchat::message_size(m) == 32'000u);
    BOOST_TEST(!gchat::validate_message(m, nullptr));
}

BOOST_AUTO_TEST_CASE(a_message_of_32001_bytes_is_refused) {
    gchat::message m;
    m.text = std::string(32'001, 'a');
    gchat::diagnostics diag;
    auto r = gchat::serialize(reply::new_message(m), event_envelope::workspace_add_on, diag);
    BOOST_TEST(r.error() == gchat::errc::message_too_large);
    BOOST_TEST(diag.client_message.find("32001 bytes") != std::string::npos, diag.client_message);
}

BOOST_AUTO_TEST_CASE(cards_count_toward_the_message_size) {
    gchat::message m = message_with_card(card_of(1));
    const std::size_t cards = gchat::message_size(m);
    BOOST_TEST(cards > 0u);
    m.text = std::string(32'000 - cards, 'a');
    BOOST_TEST(!gchat::validate_message(m, nullptr));
    m.text->push_back('a');
    BOOST_TEST(gchat::validate_message(m, nullptr) == gchat::errc::message_too_large);
}

BOOST_AUTO_TEST_CASE(widget_id_rules) {
    BOOST_TEST(gchat::is_valid_widget_id("contact-name-2"));
    BOOST_TEST(gchat::is_valid_widget_id(std::string(64, 'x')));
    BOOST_TEST(!gchat::is_valid_widget_id(std::string(65, 'x')));
    BOOST_TEST(!gchat::is_valid_widget_id(""));
    BOOST_TEST(!gchat::is_valid_widget_id("contact name"));
    BOOST_TEST(!gchat::is_valid_widget_id("contact_name"));
    BOOST_TEST(!gchat::is_valid_widget_id("caf\xC3\xA9"));
}

BOOST_AUTO_TEST_CASE(a_bad_widget_id_is_refused_with_its_path) {
    gchat::card c = card_of(12);
    c.sections[1].widgets[1].id = "bad id";
    gchat::diagnostics diag;
    auto r = gchat::serialize(reply::new_message(message_with_card(c)), event_envelope::chat_app, diag);
    BOOST_TEST(r.error() == gchat::errc::invalid_widget_id);
    BOOST_TEST(diag.client_message.find("cardsV2[0].card.sections[1].widgets[1].id") != std::string::npos,
               diag.client_message);
}

BOOST_AUTO_TEST_CASE(a_too_long_widget_id_is_refused) {
    gchat::card c = card_of(1);
    c.sections[0].widgets[0].id = std::string(65, 'a');
    gchat::diagnostics diag;
    BOOST_TEST(gchat::validate_card(c, &diag) == gchat::errc::invalid_widget_id);
    BOOST_TEST(diag.client_message.find("card.sections[0].widgets[0].id: id of 65 characters") !=
                   std::string::npos,
               diag.client_message);
}

BOOST_AUTO_TEST_CASE(a_bad_section_id_is_refused) {
    gchat::card c = card_of(1);
    c.sections[0].id = "";
    gchat::diagnostics diag;
    BOOST_TEST(gchat::validate_card(c, &diag, "dialog.body") == gchat::errc::invalid_widget_id);
    BOOST_TEST(diag.client_message.find("dialog.body.sections[0].id: empty id") != std::string::npos,
               diag.client_message);
}

BOOST_AUTO_TEST_CASE(request_config_needs_a_url) {
    auto r = gchat::serialize(reply::request_config(""), event_envelope::chat_app);
    BOOST_TEST(r.error() == gchat::errc::invalid_argument);
}

BOOST_AUTO_TEST_CASE(a_failed_serialize_to_appends_nothing) {
    std::string out = "kept";
    auto ec = gchat::serialize_to(out, reply::open_dialog(card_of(101)), event_envelope::chat_app, nullptr);
    BOOST_TEST(ec == gchat::errc::too_many_widgets);
    BOOST_TEST(out == "kept");
}

BOOST_AUTO_TEST_SUITE_END()
