// The models read and write Google's JSON: each fixture in test/data/models is canonical proto3 JSON,
// so parsing it and writing it back must give the same JSON value.
#include <gchat/json/conversion.hpp>
#include <gchat/json/parse.hpp>
#include <gchat/json/serialize.hpp>
#include <gchat/model.hpp>

#include "printing.hpp"
#include "test_data.hpp"

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

namespace {

template <class T>
void check_round_trip(const std::string& fixture) {
    const std::string text = gchat::test::read_data(fixture);
    gchat::diagnostics diag;
    auto parsed = gchat::json::parse<T>(text, diag);
    BOOST_TEST_REQUIRE(parsed.has_value(), fixture << ": " << diag.client_message);
    // The same JSON value (objects compare as sets of members, so member order does not matter).
    BOOST_TEST((boost::json::parse(gchat::json::serialize(*parsed)) == boost::json::parse(text)), fixture);
    // The Boost.JSON conversions agree with the direct reader.
    BOOST_TEST((boost::json::value_to<T>(boost::json::parse(text)) == *parsed), fixture);
}

} // namespace

BOOST_AUTO_TEST_SUITE(model_json)

BOOST_AUTO_TEST_CASE(a_card_message_round_trips) {
    check_round_trip<gchat::message>("models/message_card.json");
}

BOOST_AUTO_TEST_CASE(arrays_of_structs_nested_four_deep_read_every_element_whatever_their_strings_hold) {
    // Brackets, commas and escaped quotes inside strings end no array and no element.
    check_round_trip<gchat::message>("models/message_nested_arrays.json");
    auto m = gchat::json::parse<gchat::message>(gchat::test::read_data("models/message_nested_arrays.json"));
    BOOST_TEST_REQUIRE(m.has_value());
    BOOST_TEST_REQUIRE(m->cards_v2.size() == 2u);
    BOOST_TEST(m->cards_v2[0].card_id.value() == "first, [with] {brackets}");
    const auto& sections = m->cards_v2[0].card->sections;
    BOOST_TEST_REQUIRE(sections.size() == 2u);
    BOOST_TEST_REQUIRE(sections[0].widgets.size() == 3u);
    BOOST_TEST(sections[0].widgets[0].text_paragraph->text.value() == "[1, 2, 3]");
    const auto& buttons = sections[0].widgets[1].button_list->buttons;
    BOOST_TEST_REQUIRE(buttons.size() == 2u);
    const auto& parameters = buttons[0].on_click->action->parameters;
    BOOST_TEST_REQUIRE(parameters.size() == 3u);
    BOOST_TEST(parameters[0].value.value() == "v]1");
    BOOST_TEST(parameters[1].value.value() == "\\");
    BOOST_TEST(parameters[2].value.value() == "\\\",]}");
    BOOST_TEST(buttons[1].text.value() == "two\\\" ,]");
    BOOST_TEST(sections[0].widgets[2].text_paragraph->text.value() == R"({"not": ["an", "array"]})");
    BOOST_TEST(sections[1].widgets.size() == 1u);
    BOOST_TEST(m->cards_v2[1].card->sections.at(0).widgets.at(0).text_paragraph->text.value() == "only");
    BOOST_TEST(m->annotations.size() == 1u);
}

BOOST_AUTO_TEST_CASE(a_message_with_every_annotation_kind_round_trips) {
    check_round_trip<gchat::message>("models/message_annotations.json");
}

BOOST_AUTO_TEST_CASE(a_space_round_trips) {
    check_round_trip<gchat::space>("models/space.json");
}

BOOST_AUTO_TEST_CASE(a_list_messages_response_round_trips) {
    check_round_trip<gchat::list_messages_response>("models/list_messages_response.json");
}

BOOST_AUTO_TEST_CASE(the_seed_card_message_reads_into_the_card_tree) {
    auto m = gchat::json::parse<gchat::message>(gchat::test::read_data("models/message_card.json"));
    BOOST_TEST_REQUIRE(m.has_value());
    const gchat::card_with_id& c = m->cards_v2.at(0);
    BOOST_TEST(c.card_id.value() == "createCardMessage");
    BOOST_TEST((c.card->header->image_type.value() == gchat::image_type::circle));
    const gchat::button& b = c.card->sections.at(0).widgets.at(0).button_list->buttons.at(0);
    BOOST_TEST(b.text.value() == "Read the docs!");
    BOOST_TEST(b.on_click->open_link->url.value().find("https://developers.google.com/") == 0);
}

BOOST_AUTO_TEST_CASE(designated_initializers_build_a_message) {
    gchat::message m{.text = "Hello, world!"};
    m.thread = gchat::thread{.thread_key = "nameOfThread"};
    BOOST_TEST(gchat::json::serialize(m) ==
               R"({"text":"Hello, world!","thread":{"threadKey":"nameOfThread"}})");
}

// Every event read zero-fills a message and an emulator keeps one per message stored: the action response
// only an app's reply carries (2 KB) lives on the heap, so a message is under 2 KB, not 3.9 KB.
BOOST_AUTO_TEST_CASE(a_message_keeps_its_action_response_on_the_heap) {
    BOOST_TEST(sizeof(gchat::message) <= 2048u);
    gchat::message m{.text = "t"};
    m.action_response = gchat::action_response{.type = gchat::action_response_type::update_message};
    const auto text = gchat::json::serialize(m);
    BOOST_TEST(text == R"({"text":"t","actionResponse":{"type":"UPDATE_MESSAGE"}})");
    auto back = gchat::json::parse<gchat::message>(text);
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST_REQUIRE(back->action_response.has_value());
    BOOST_TEST((back->action_response->type == gchat::action_response_type::update_message));
}

BOOST_AUTO_TEST_CASE(a_card_can_open_a_card_through_boxed) {
    gchat::on_click click;
    click.card.emplace().header = gchat::card_header{.title = "inner"};
    BOOST_TEST(gchat::json::serialize(click) == R"({"card":{"header":{"title":"inner"}}})");
    auto back = gchat::json::parse<gchat::on_click>(gchat::json::serialize(click));
    BOOST_TEST_REQUIRE(back.has_value());
    BOOST_TEST(back->card->header->title.value() == "inner");
}

BOOST_AUTO_TEST_SUITE_END()
