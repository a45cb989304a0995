// gchat::json::serialize: canonical proto3 JSON, written without a DOM.
#include <gchat/json/parse.hpp>
#include <gchat/json/serialize.hpp>

#include "json_test_types.hpp"
#include "printing.hpp"
#include "test_data.hpp"

#include <boost/test/unit_test.hpp>

#include <cmath>
#include <limits>

using gchat::jt_doc;
using gchat::jt_kind;
using gchat::jt_leaf;
namespace gj = gchat::json;

BOOST_AUTO_TEST_SUITE(json_serialize)

BOOST_AUTO_TEST_CASE(an_empty_struct_is_an_empty_object) {
    BOOST_TEST(gj::serialize(jt_doc{}) == "{}");
}

BOOST_AUTO_TEST_CASE(keys_are_lower_camel_case) {
    jt_leaf l;
    l.start_index = 3;
    l.content_name = "f";
    BOOST_TEST(gj::serialize(l) == R"({"startIndex":3,"contentName":"f"})");
}

BOOST_AUTO_TEST_CASE(a_keyword_member_is_written_without_its_underscore) {
    jt_doc d;
    d.default_ = "x";
    BOOST_TEST(gj::serialize(d) == R"({"default":"x"})");
}

BOOST_AUTO_TEST_CASE(empty_optionals_vectors_maps_and_null_values_are_omitted) {
    jt_doc d;
    d.leaf = jt_leaf{};
    BOOST_TEST(gj::serialize(d) == R"({"leaf":{}})");
}

BOOST_AUTO_TEST_CASE(an_empty_string_that_is_set_is_written) {
    jt_doc d;
    d.text = "";
    BOOST_TEST(gj::serialize(d) == R"({"text":""})");
}

BOOST_AUTO_TEST_CASE(int64_is_written_as_a_string_and_int32_as_a_number) {
    jt_leaf l;
    l.start_index = -5;
    l.length = 9007199254740993;
    BOOST_TEST(gj::serialize(l) == R"({"startIndex":-5,"length":"9007199254740993"})");
}

BOOST_AUTO_TEST_CASE(uint64_is_written_as_a_string) {
    jt_doc d;
    d.big_unsigned = 18446744073709551615ull;
    BOOST_TEST(gj::serialize(d) == R"({"bigUnsigned":"18446744073709551615"})");
}

BOOST_AUTO_TEST_CASE(enums_are_written_by_their_json_names) {
    jt_doc d;
    d.kind = jt_kind::default_;
    d.kinds = {jt_kind::user_mention, jt_kind::slash_command};
    BOOST_TEST(gj::serialize(d) == R"({"kind":"DEFAULT","kinds":["USER_MENTION","SLASH_COMMAND"]})");
}

BOOST_AUTO_TEST_CASE(an_unrecognized_enum_value_is_not_written_back) {
    jt_leaf l;
    l.type = jt_kind::unrecognized;
    BOOST_TEST(gj::serialize(l) == "{}");
}

BOOST_AUTO_TEST_CASE(timestamps_are_rfc3339_utc_with_the_fewest_exact_fraction_digits) {
    jt_doc d;
    d.create_time = gchat::timestamp{1700000000, 0};
    BOOST_TEST(gj::serialize(d) == R"({"createTime":"2023-11-14T22:13:20Z"})");
    d.create_time = gchat::timestamp{1700000000, 250000000};
    BOOST_TEST(gj::serialize(d) == R"({"createTime":"2023-11-14T22:13:20.250Z"})");
    d.create_time = gchat::timestamp{1700000000, 1000};
    BOOST_TEST(gj::serialize(d) == R"({"createTime":"2023-11-14T22:13:20.000001Z"})");
    d.create_time = gchat::timestamp{1700000000, 7};
    BOOST_TEST(gj::serialize(d) == R"({"createTime":"2023-11-14T22:13:20.000000007Z"})");
}

BOOST_AUTO_TEST_CASE(strings_escape_quotes_backslashes_and_control_characters) {
    jt_doc d;
    d.text = std::string("q\"b\\n\n\t\x01\x1f\xC3\xA9", 11);
    BOOST_TEST(gj::serialize(d) == "{\"text\":\"q\\\"b\\\\n\\n\\t\\u0001\\u001f\xC3\xA9\"}");
}

BOOST_AUTO_TEST_CASE(doubles_are_written_shortest_and_non_finite_as_strings) {
    jt_doc d;
    d.score = 0.1;
    BOOST_TEST(gj::serialize(d) == R"({"score":0.1})");
    d.score = std::numeric_limits<double>::infinity();
    BOOST_TEST(gj::serialize(d) == R"({"score":"Infinity"})");
    d.score = std::nan("");
    BOOST_TEST(gj::serialize(d) == R"({"score":"NaN"})");
}

BOOST_AUTO_TEST_CASE(maps_keep_their_keys) {
    jt_doc d;
    d.parameters = {{"b", "2"}, {"a\"", "1"}};
    BOOST_TEST(gj::serialize(d) == R"({"parameters":{"a\"":"1","b":"2"}})");
}

BOOST_AUTO_TEST_CASE(serialize_to_appends) {
    std::string out = "prefix:";
    gj::serialize_to(out, jt_leaf{});
    BOOST_TEST(out == "prefix:{}");
}

BOOST_AUTO_TEST_CASE(a_document_round_trips_through_text) {
    auto first = gj::parse<jt_doc>(gchat::test::read_data("json/lenient.json"));
    BOOST_TEST_REQUIRE(first.has_value());
    const std::string text = gj::serialize(*first);
    auto second = gj::parse<jt_doc>(text);
    BOOST_TEST_REQUIRE(second.has_value());
    // The unrecognized enum is dropped on the way out; everything else survives.
    jt_doc expected = *first;
    expected.annotations.at(1).type.reset();
    BOOST_TEST((*second == expected));
    BOOST_TEST(gj::serialize(*second) == text);
}

BOOST_AUTO_TEST_CASE(canonical_output_of_the_lenient_fixture) {
    auto doc = gj::parse<jt_doc>(gchat::test::read_data("json/lenient.json"));
    BOOST_TEST_REQUIRE(doc.has_value());
    std::string expected = gchat::test::read_data("json/lenient.canonical.json");
    while (!expected.empty() && (expected.back() == '\n' || expected.back() == '\r'))
        expected.pop_back();
    BOOST_TEST(gj::serialize(*doc) == expected);
}

BOOST_AUTO_TEST_SUITE_END()
