// gchat::json::serialize: canonical proto3 JSON, written without a DOM.
#include <gchat/json/parse.hpp>
#include <gchat/json/serialize.hpp>

#include "json_test_types.hpp"
#include "printing.hpp"
#include "test_data.hpp"

#include <boost/test/unit_test.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>

#include <cmath>
#include <cstdint>
#include <limits>
#include <map>
#include <optional>
#include <string>
#include <vector>

// Shapes the model types do not have, for the writer's tables (one category each).
namespace jst {
enum class tiny : std::uint8_t { none, first, unrecognized };
BOOST_DESCRIBE_ENUM(tiny, none, first, unrecognized)
enum class wide : std::int64_t { low = -1, high = 1LL << 40, unrecognized = 0 };
BOOST_DESCRIBE_ENUM(wide, low, high, unrecognized)
// `old_name` and `new_name` are one value: the later name is the one written (as enum_to_string).
enum class renamed { old_name, new_name = old_name, other, unrecognized };
BOOST_DESCRIBE_ENUM(renamed, old_name, new_name, other, unrecognized)

struct shapes {
    std::optional<std::vector<std::string>> list;
    std::optional<std::map<std::string, std::int32_t>> counts;
    std::vector<std::optional<std::int32_t>> holes;
    std::optional<tiny> small;
    std::optional<wide> large;
    std::optional<renamed> name;
    std::vector<gchat::boxed<gchat::jt_node>> nodes;
};
BOOST_DESCRIBE_STRUCT(shapes, (), (list, counts, holes, small, large, name, nodes))
} // namespace jst

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

BOOST_AUTO_TEST_CASE(the_members_of_described_bases_are_written_first_in_base_order) {
    gchat::jt_tagged_leaf t;
    t.weight = 5;
    t.tags = {"a"};
    t.label = "l";
    t.start_index = 2;
    BOOST_TEST(gj::serialize(t) == R"({"startIndex":2,"label":"l","tags":["a"],"weight":5})");
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

BOOST_AUTO_TEST_CASE(a_comma_separates_only_the_members_written) {
    jt_leaf l;
    l.length = 7;
    l.content_name = "x";
    BOOST_TEST(gj::serialize(l) == R"({"length":"7","contentName":"x"})");
    jt_leaf first_only;
    first_only.type = jt_kind::user_mention;
    BOOST_TEST(gj::serialize(first_only) == R"({"type":"USER_MENTION"})");
}

BOOST_AUTO_TEST_CASE(an_optional_holding_an_empty_vector_or_map_is_omitted) {
    jst::shapes s;
    s.list.emplace();
    s.counts.emplace();
    BOOST_TEST(gj::serialize(s) == "{}");
    s.list->push_back("a");
    (*s.counts)["n"] = 2;
    BOOST_TEST(gj::serialize(s) == R"({"list":["a"],"counts":{"n":2}})");
}

BOOST_AUTO_TEST_CASE(empty_optionals_in_an_array_are_written_as_null) {
    jst::shapes s;
    s.holes = {1, std::nullopt, 3};
    BOOST_TEST(gj::serialize(s) == R"({"holes":[1,null,3]})");
}

BOOST_AUTO_TEST_CASE(enums_of_one_and_eight_bytes_are_written_by_name) {
    jst::shapes s;
    s.small = jst::tiny::first;
    s.large = jst::wide::high;
    BOOST_TEST(gj::serialize(s) == R"({"small":"FIRST","large":"HIGH"})");
    s.large = jst::wide::low;
    BOOST_TEST(gj::serialize(s) == R"({"small":"FIRST","large":"LOW"})");
    s.small = jst::tiny::unrecognized;
    s.large = jst::wide::unrecognized;
    BOOST_TEST(gj::serialize(s) == "{}");
}

BOOST_AUTO_TEST_CASE(an_enum_value_that_is_no_enumerator_is_written_as_null) {
    jst::shapes s;
    s.small = static_cast<jst::tiny>(200);
    BOOST_TEST(gj::serialize(s) == R"({"small":null})");
}

BOOST_AUTO_TEST_CASE(of_two_enumerators_with_one_value_the_later_name_is_written) {
    jst::shapes s;
    s.name = jst::renamed::old_name;
    BOOST_TEST(gj::serialize(s) == R"({"name":"NEW_NAME"})");
    BOOST_TEST(gj::enum_to_string(jst::renamed::old_name) == "NEW_NAME");
}

BOOST_AUTO_TEST_CASE(boxed_values_are_written_as_their_value_and_empty_ones_as_null) {
    gchat::jt_node leaf;
    leaf.name = "b";
    gchat::jt_node root;
    root.name = "a";
    root.child = leaf;
    jst::shapes s;
    s.nodes.emplace_back(root);
    s.nodes.emplace_back();
    BOOST_TEST(gj::serialize(s) == R"({"nodes":[{"name":"a","child":{"name":"b"}},null]})");
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
