// gchat::json::parse: lenient, forward-compatible reading straight into described structs.
#include <gchat/json/parse.hpp>

#include "json_test_types.hpp"
#include "printing.hpp"
#include "test_data.hpp"

#include <boost/json/serialize.hpp>
#include <boost/test/unit_test.hpp>

#include <string>

namespace gchat {
// Enums of other sizes than int's, and plain (not optional) leaves: the reader stores these itself.
enum class jt_byte : std::uint8_t { low, high, unrecognized };
BOOST_DESCRIBE_ENUM(jt_byte, low, high, unrecognized)
enum class jt_wide : std::int64_t { small = -1, large = 1'000'000'000'000, unrecognized = 7 };
BOOST_DESCRIBE_ENUM(jt_wide, small, large, unrecognized)

struct jt_plain {
    bool flag = false;
    gchat::jt_kind kind = gchat::jt_kind::kind_unspecified;
    gchat::jt_byte byte = gchat::jt_byte::low;
    std::optional<gchat::jt_wide> wide;
    std::vector<gchat::jt_byte> bytes;
    std::map<std::string, gchat::jt_wide> wides;
    std::optional<std::optional<bool>> nested;
    std::optional<boost::json::value> extra;
    friend bool operator==(const jt_plain&, const jt_plain&) = default;
};
BOOST_DESCRIBE_STRUCT(jt_plain, (), (flag, kind, byte, wide, bytes, wides, nested, extra))
} // namespace gchat

using gchat::jt_doc;
using gchat::jt_kind;
namespace gj = gchat::json;

namespace {

jt_doc parse_ok(std::string_view text) {
    gchat::diagnostics diag;
    auto r = gj::parse<jt_doc>(text, diag);
    BOOST_TEST_REQUIRE(r.has_value(), "parse failed: " << diag.client_message);
    return *r;
}

// The error code and the diagnostics message of a parse that must fail.
std::pair<boost::system::error_code, std::string> parse_error(std::string_view text,
                                                              gj::parse_options opts = {}) {
    gchat::diagnostics diag;
    auto r = gj::parse<jt_doc>(text, diag, opts);
    BOOST_TEST_REQUIRE(r.has_error());
    return {r.error(), diag.client_message};
}

const jt_doc& lenient_fixture() {
    static const jt_doc doc = parse_ok(gchat::test::read_data("json/lenient.json"));
    return doc;
}

} // namespace

BOOST_AUTO_TEST_SUITE(json_parse)

BOOST_AUTO_TEST_CASE(reads_lower_camel_case_keys) {
    BOOST_TEST(lenient_fixture().annotations.at(0).start_index.value() == 0);
    BOOST_TEST(lenient_fixture().leaves.at("first").start_index.value() == 1);
}

BOOST_AUTO_TEST_CASE(reads_snake_case_keys) {
    BOOST_TEST(lenient_fixture().annotations.at(0).content_name.value() == "a.pdf");
    BOOST_TEST(lenient_fixture().annotations.at(1).start_index.value() == 8);
    BOOST_TEST(lenient_fixture().create_time.value().seconds == 1700000000);
}

BOOST_AUTO_TEST_CASE(a_keyword_member_reads_its_key_without_the_underscore) {
    BOOST_TEST(lenient_fixture().default_.value() == "keyword member");
}

BOOST_AUTO_TEST_CASE(the_members_of_described_bases_are_read_into_a_derived_struct) {
    auto r = gj::parse<gchat::jt_tagged_leaf>(
        R"({"startIndex":2,"contentName":"c","label":"l","tags":["a","b"],"weight":5})");
    BOOST_TEST_REQUIRE(r.has_value());
    const gchat::jt_labels& labels = *r;
    // The second base is not at the struct's start: its members are reached through the base.
    BOOST_TEST_REQUIRE(static_cast<const void*>(&labels) != static_cast<const void*>(&*r));
    BOOST_TEST(r->start_index.value() == 2);
    BOOST_TEST(r->content_name.value() == "c");
    BOOST_TEST(labels.label.value() == "l");
    BOOST_TEST(labels.tags == (std::vector<std::string>{"a", "b"}), boost::test_tools::per_element());
    BOOST_TEST(r->weight.value() == 5);
}

BOOST_AUTO_TEST_CASE(unknown_keys_are_skipped_at_any_depth) {
    auto d =
        parse_ok(R"({"zzz":{"a":[{"b":{"c":[[[]]]}}]},"text":"kept","leaf":{"new":{"x":1},"startIndex":2}})");
    BOOST_TEST(d.text.value() == "kept");
    BOOST_TEST(d.leaf.value().start_index.value() == 2);
}

BOOST_AUTO_TEST_CASE(unknown_enum_name_reads_as_unrecognized) {
    BOOST_TEST((lenient_fixture().annotations.at(1).type.value() == jt_kind::unrecognized));
}

BOOST_AUTO_TEST_CASE(enum_names_are_upper_snake_case) {
    BOOST_TEST((lenient_fixture().kind.value() == jt_kind::default_));
    BOOST_TEST(
        (lenient_fixture().kinds == std::vector<jt_kind>{jt_kind::slash_command, jt_kind::user_mention}));
}

BOOST_AUTO_TEST_CASE(int64_reads_from_a_string_or_a_number) {
    BOOST_TEST(lenient_fixture().annotations.at(0).length.value() == 7);
    BOOST_TEST(lenient_fixture().annotations.at(1).length.value() == 3);
    BOOST_TEST(lenient_fixture().big_unsigned.value() == 18446744073709551615ull);
}

BOOST_AUTO_TEST_CASE(integer_accepts_an_integral_exponent) {
    BOOST_TEST(parse_ok(R"({"leaf":{"startIndex":1e3}})").leaf->start_index.value() == 1000);
}

BOOST_AUTO_TEST_CASE(integer_rejects_a_fraction) {
    auto [ec, msg] = parse_error(R"({"leaf":{"startIndex":1.5}})");
    BOOST_TEST(ec == gchat::errc::json_type_mismatch);
    BOOST_TEST(msg.find("leaf.startIndex: expected an integer, got a number") == 0, msg);
}

BOOST_AUTO_TEST_CASE(int32_rejects_a_number_out_of_its_range) {
    auto [ec, msg] = parse_error(R"({"annotations":[{"startIndex":2147483648}]})");
    BOOST_TEST(ec == gchat::errc::json_out_of_range);
    BOOST_TEST(msg.find("annotations[0].startIndex: number out of range") == 0, msg);
}

BOOST_AUTO_TEST_CASE(int64_rejects_a_non_numeric_string) {
    auto [ec, msg] = parse_error(R"({"annotations":[{"length":"12a"}]})");
    BOOST_TEST(ec == gchat::errc::json_type_mismatch);
    BOOST_TEST(msg.find("annotations[0].length: expected an integer (number or string), got a string") == 0,
               msg);
}

BOOST_AUTO_TEST_CASE(bool_reads_from_the_strings_true_and_false) {
    BOOST_TEST(lenient_fixture().admin_installed.value() == true);
    BOOST_TEST(parse_ok(R"({"adminInstalled":"false"})").admin_installed.value() == false);
    BOOST_TEST(parse_ok(R"({"adminInstalled":true})").admin_installed.value() == true);
}

BOOST_AUTO_TEST_CASE(bool_rejects_other_strings) {
    auto [ec, msg] = parse_error(R"({"adminInstalled":"yes"})");
    BOOST_TEST(ec == gchat::errc::json_type_mismatch);
    BOOST_TEST(msg.find("adminInstalled: expected a boolean, got a string") == 0, msg);
}

BOOST_AUTO_TEST_CASE(null_means_absent) {
    auto d = parse_ok(R"({"text":null,"leaf":null,"tags":null,"parameters":null,"kind":null})");
    BOOST_TEST(!d.text.has_value());
    BOOST_TEST(!d.leaf.has_value());
    BOOST_TEST(d.tags.empty());
    BOOST_TEST(d.parameters.empty());
    BOOST_TEST(!d.kind.has_value());
}

BOOST_AUTO_TEST_CASE(null_leaves_a_member_as_it_was_when_parsing_into_an_existing_object) {
    jt_doc d;
    d.text = "kept";
    d.leaf.emplace().start_index = 3;
    d.tags = {"a"};
    gj::reader r;
    BOOST_TEST(!r.parse_into(R"({"text":null,"leaf":null,"tags":null})", d, nullptr));
    BOOST_TEST(d.text.value() == "kept");
    BOOST_TEST(d.leaf.value().start_index.value() == 3);
    BOOST_TEST((d.tags == std::vector<std::string>{"a"}));
}

BOOST_AUTO_TEST_CASE(a_repeated_key_with_null_keeps_the_first_value) {
    BOOST_TEST(parse_ok(R"({"text":"a","text":null})").text.value() == "a");
}

BOOST_AUTO_TEST_CASE(an_object_is_read_into_an_optional_struct_that_holds_one) {
    jt_doc d;
    d.leaf.emplace().start_index = 3;
    gj::reader r;
    BOOST_TEST(!r.parse_into(R"({"leaf":{"length":5}})", d, nullptr));
    BOOST_TEST(d.leaf.value().start_index.value() == 3);
    BOOST_TEST(d.leaf.value().length.value() == 5);
    auto repeated = parse_ok(R"({"leaf":{"startIndex":1},"leaf":{"length":2}})");
    BOOST_TEST(repeated.leaf.value().start_index.value() == 1);
    BOOST_TEST(repeated.leaf.value().length.value() == 2);
}

BOOST_AUTO_TEST_CASE(an_array_replaces_the_elements_of_an_existing_vector_of_structs) {
    jt_doc d;
    d.annotations.resize(3);
    d.annotations[0].length = 7;
    gj::reader r;
    BOOST_TEST(!r.parse_into(R"({"annotations":[{"startIndex":9}]})", d, nullptr));
    BOOST_TEST_REQUIRE(d.annotations.size() == 1u);
    BOOST_TEST(d.annotations[0].start_index.value() == 9);
    BOOST_TEST(!d.annotations[0].length.has_value());
    BOOST_TEST(!r.parse_into(R"({"annotations":[ ]})", d, nullptr));
    BOOST_TEST(d.annotations.empty());
}

// A reader keeps state between parses (its buffers): a struct's keys in another order than the last
// parse's, unknown keys in between and missing keys read as a fresh reader reads them.
BOOST_AUTO_TEST_CASE(a_reused_reader_reads_the_keys_of_a_struct_in_any_order) {
    const char* documents[] = {
        R"({"annotations":[{"type":"USER_MENTION","startIndex":1,"length":2,"contentName":"a"}]})",
        R"({"annotations":[{"contentName":"b","length":3,"startIndex":4,"type":"SLASH_COMMAND"}]})",
        R"({"annotations":[{"type":"USER_MENTION","other":{"type":5},"length":6},{"startIndex":7}]})",
        R"({"annotations":[{"content_name":"c","start_index":8}],"leaf":{"startIndex":9,"type":"USER_MENTION"}})",
    };
    gj::reader reused;
    for (int round = 0; round < 2; ++round) {
        for (const char* text : documents) {
            auto r = reused.parse<jt_doc>(text);
            BOOST_TEST_REQUIRE(r.has_value(), text);
            BOOST_TEST((*r == parse_ok(text)), text);
        }
    }
    const jt_doc last = parse_ok(documents[3]);
    BOOST_TEST(last.annotations.at(0).content_name.value() == "c");
    BOOST_TEST(last.annotations.at(0).start_index.value() == 8);
    BOOST_TEST(last.leaf.value().start_index.value() == 9);
}

BOOST_AUTO_TEST_CASE(arrays_under_unknown_keys_inside_an_array_of_structs_are_skipped) {
    auto d = parse_ok(R"({"annotations":[ {"x":[1,[2,3],{"a":[4,5]}],"startIndex":1} ,)"
                      "\n"
                      R"( {"startIndex":2,"y":"],["} ],"tags":["t","u"]})");
    BOOST_TEST_REQUIRE(d.annotations.size() == 2u);
    BOOST_TEST(d.annotations[0].start_index.value() == 1);
    BOOST_TEST(d.annotations[1].start_index.value() == 2);
    BOOST_TEST((d.tags == std::vector<std::string>{"t", "u"}));
}

BOOST_AUTO_TEST_CASE(a_missing_comma_between_elements_of_an_array_of_structs_is_invalid_json) {
    auto [ec, msg] = parse_error(R"({"annotations":[{"startIndex":1} {"startIndex":2}]})");
    BOOST_TEST(ec == gchat::errc::invalid_json);
    BOOST_TEST(msg.find("invalid JSON: expected ',' or ']' after an array element") == 0, msg);
}

BOOST_AUTO_TEST_CASE(nesting_too_deep_inside_an_array_of_structs_fails) {
    std::string deep = R"({"annotations":[{"x":)" + std::string(100, '[') + std::string(100, ']') + "}]}";
    BOOST_TEST(parse_error(deep).first == gchat::errc::json_too_deep);
    std::string open = R"({"annotations":[{"x":)" + std::string(100, '[');
    BOOST_TEST(parse_error(open).first == gchat::errc::json_too_deep);
}

BOOST_AUTO_TEST_CASE(key_comparison_sees_one_differing_byte_at_any_position_of_any_length) {
    // Keys are compared in overlapping words; every length and position must still count.
    const std::string a(40, 'k');
    std::size_t missed = 0;
    for (std::size_t n = 0; n <= a.size(); ++n) {
        if (!gj::detail::same_bytes(a.data(), a.data(), n)) ++missed;
        for (std::size_t i = 0; i < n; ++i) {
            std::string b = a;
            b[i] = 'x';
            if (gj::detail::same_bytes(a.data(), b.data(), n)) ++missed;
        }
    }
    BOOST_TEST(missed == 0u);
}

BOOST_AUTO_TEST_CASE(strings_at_the_end_of_the_text_and_past_sixteen_bytes_read_whole) {
    // Short strings are found by one sixteen-byte compare when sixteen bytes remain; the others
    // (near the end of the text, longer, escaped, non-ASCII) by the full scan.
    auto d = parse_ok(R"({"tags":["a","0123456789abcdef","0123456789abcde\"","é","x"],"text":"end"})");
    BOOST_TEST((d.tags == std::vector<std::string>{"a", "0123456789abcdef", "0123456789abcde\"", "é", "x"}));
    BOOST_TEST(d.text.value() == "end");
    BOOST_TEST(parse_ok("{\"text\":\"ab\"}").text.value() == "ab");
}

BOOST_AUTO_TEST_CASE(white_space_of_every_kind_and_length_between_tokens_is_skipped) {
    const std::vector<std::string> blanks{" ", "\t", "\r\n", "\n                    ",
                                          std::string(40, ' ') + "\n\t"};
    for (const std::string& ws : blanks) {
        const std::string text = "{" + ws + "\"text\"" + ws + ":" + ws + "\"a\"" + ws + "," + ws +
                                 "\"tags\":[" + ws + "\"b\"" + ws + "]" + ws + "}" + ws;
        auto d = parse_ok(text);
        BOOST_TEST(d.text.value() == "a");
        BOOST_TEST((d.tags == std::vector<std::string>{"b"}));
    }
    auto [ec, msg] = parse_error("{\"text\":\x01\"a\"}");
    BOOST_TEST(ec == gchat::errc::invalid_json);
}

BOOST_AUTO_TEST_CASE(pretty_printed_layouts_of_every_indentation_are_read) {
    // `"key": value` and `,` + line break + indentation have their own fast paths; other white space
    // after them (a tab, a CR, 16 spaces or more) and a control character take the general one.
    for (std::size_t indent : {0, 1, 7, 14, 15, 16, 17, 40}) {
        for (std::string tail : {"", "\t", "\r", "\n "}) {
            const std::string line = ",\n" + std::string(indent, ' ') + tail;
            const std::string text = "{\n  \"text\": \"a\"" + line + "\"tags\": [\"b\"]" + line +
                                     "\"score\": " + tail + "2" + line + "\"leaf\": {\"length\": 3" + line +
                                     "\"content_name\": \"c\"}\n}";
            auto d = parse_ok(text);
            BOOST_TEST(d.text.value() == "a");
            BOOST_TEST((d.tags == std::vector<std::string>{"b"}));
            BOOST_TEST(d.score.value() == 2.0);
            BOOST_TEST(d.leaf.value().length.value() == 3);
            BOOST_TEST(d.leaf.value().content_name.value() == "c");
        }
    }
    BOOST_TEST(parse_error("{\"text\": \x01\"a\"}").first == gchat::errc::invalid_json);
    BOOST_TEST(parse_error("{\"text\": \"a\",\n    \x01\"score\": 1}").first == gchat::errc::invalid_json);
    BOOST_TEST(parse_error("{\"text\": \"a\",\n    }").first == gchat::errc::invalid_json);
}

BOOST_AUTO_TEST_CASE(line_breaks_and_indentation_around_brackets_are_read) {
    // A line break and spaces (after '{' and '[', before '}' and ']', at the end) have their own fast
    // path, sixteen spaces at a time; other white space after them takes the general one, as does the
    // text's last bytes.
    for (std::size_t indent : {0, 1, 14, 15, 16, 17, 31, 32, 33, 40}) {
        for (std::string tail : {"", "\t", "\r", "\n ", "\r\n  "}) {
            const std::string line = "\n" + std::string(indent, ' ') + tail;
            const std::string text = "{" + line + "\"tags\": [" + line + "\"b\"" + line + "]," + line +
                                     "\"leaf\": {" + line + "\"length\": 3" + line + "}" + line + "}" + line;
            auto d = parse_ok(text);
            BOOST_TEST((d.tags == std::vector<std::string>{"b"}));
            BOOST_TEST(d.leaf.value().length.value() == 3);
            const std::string bad = "{" + line + "\x01\"text\": \"a\"}";
            BOOST_TEST(parse_error(bad).first == gchat::errc::invalid_json);
            // After a member: the line break's fast path ends at '}' only.
            auto e = parse_ok("{\"text\": \"a\"" + line + ",\"score\": 1" + line + "}");
            BOOST_TEST(e.text.value() == "a");
            BOOST_TEST(e.score.value() == 1.0);
            BOOST_TEST(parse_error("{\"text\": \"a\"" + line + "]   ").first == gchat::errc::invalid_json);
            BOOST_TEST(parse_error("{\"text\": \"a\"" + line + "\x01}").first == gchat::errc::invalid_json);
            const std::string cut = "{" + line;
            auto [ec, msg] = parse_error(cut);
            BOOST_TEST(ec == gchat::errc::invalid_json);
            BOOST_TEST(msg.find("truncated JSON") == 0, msg);
        }
    }
}

BOOST_AUTO_TEST_CASE(timestamp_reads_seconds_and_nanos_with_seconds_as_a_string) {
    BOOST_TEST(lenient_fixture().create_time.value() == (gchat::timestamp{1700000000, 250000000}));
}

BOOST_AUTO_TEST_CASE(timestamp_reads_rfc3339_with_an_offset) {
    auto d = parse_ok(R"({"createTime":"2023-11-14T23:13:20.25+01:00"})"); // 22:13:20Z
    BOOST_TEST(d.create_time.value() == (gchat::timestamp{1700000000, 250000000}));
}

BOOST_AUTO_TEST_CASE(timestamp_rejects_nanos_out_of_range) {
    auto [ec, msg] = parse_error(R"({"createTime":{"seconds":1,"nanos":1000000000}})");
    BOOST_TEST(ec == gchat::errc::invalid_timestamp);
    BOOST_TEST(msg.find("createTime: invalid timestamp") == 0, msg);
}

BOOST_AUTO_TEST_CASE(timestamp_rejects_seconds_outside_years_1_to_9999) {
    BOOST_TEST(parse_error(R"({"createTime":{"seconds":253402300800}})").first ==
               gchat::errc::invalid_timestamp);
    BOOST_TEST(parse_error(R"({"createTime":{"seconds":-62135596801}})").first ==
               gchat::errc::invalid_timestamp);
    BOOST_TEST(gj::parse<jt_doc>(R"({"createTime":{"seconds":253402300799,"nanos":999999999}})").has_value());
}

BOOST_AUTO_TEST_CASE(timestamp_rejects_an_impossible_date) {
    auto [ec, msg] = parse_error(R"({"createTime":"2023-02-30T00:00:00Z"})");
    BOOST_TEST(ec == gchat::errc::invalid_timestamp);
}

BOOST_AUTO_TEST_CASE(maps_read_any_keys) {
    BOOST_TEST(lenient_fixture().parameters.size() == 2u);
    BOOST_TEST(lenient_fixture().parameters.at("other") == "x");
}

BOOST_AUTO_TEST_CASE(free_form_fields_keep_the_json_as_is) {
    BOOST_TEST(boost::json::serialize(lenient_fixture().free_form) ==
               R"({"anything":[1,"two",{"three":null}],"n":1.25E0})");
}

BOOST_AUTO_TEST_CASE(free_form_scalar_is_kept) {
    BOOST_TEST(parse_ok(R"({"freeForm":"just text"})").free_form.as_string() == "just text");
}

BOOST_AUTO_TEST_CASE(escapes_and_surrogate_pairs_are_decoded) {
    BOOST_TEST(lenient_fixture().text.value() == "Hello \xC3\xA9 \xF0\x9F\x98\x80");
}

BOOST_AUTO_TEST_CASE(recursive_types_read_through_boxed) {
    const auto& t = lenient_fixture().tree.value();
    BOOST_TEST(t.child->child->name.value() == "grandkid");
    BOOST_TEST(!t.child->child->child.has_value());
}

BOOST_AUTO_TEST_CASE(a_repeated_key_keeps_the_last_value) {
    auto d = parse_ok(R"({"tags":["a"],"tags":["b","c"],"text":"1","text":"2"})");
    BOOST_TEST((d.tags == std::vector<std::string>{"b", "c"}));
    BOOST_TEST(d.text.value() == "2");
}

BOOST_AUTO_TEST_CASE(array_elements_do_not_inherit_each_others_fields) {
    auto d = parse_ok(R"({"annotations":[{"startIndex":1,"content_name":"x"},{"length":2}]})");
    BOOST_TEST(!d.annotations.at(1).start_index.has_value());
    BOOST_TEST(!d.annotations.at(1).content_name.has_value());
}

BOOST_AUTO_TEST_CASE(a_reused_reader_starts_each_document_afresh) {
    gj::reader r;
    auto first = r.parse<jt_doc>(R"({"text":"one","tags":["x"],"freeForm":{"a":1}})");
    auto second = r.parse<jt_doc>(R"({"score":2})");
    BOOST_TEST_REQUIRE(first.has_value());
    BOOST_TEST_REQUIRE(second.has_value());
    BOOST_TEST(first->text.value() == "one");
    BOOST_TEST(!second->text.has_value());
    BOOST_TEST(second->tags.empty());
    BOOST_TEST(second->free_form.is_null());
}

BOOST_AUTO_TEST_CASE(a_reader_recovers_after_an_error) {
    gj::reader r;
    BOOST_TEST(r.parse<jt_doc>(R"({"text":[)").has_error());
    auto ok = r.parse<jt_doc>(R"({"text":"fine"})");
    BOOST_TEST_REQUIRE(ok.has_value());
    BOOST_TEST(ok->text.value() == "fine");
}

// ---- bad input: a clear error, never a crash ----

BOOST_AUTO_TEST_CASE(wrong_type_names_the_path_and_offset) {
    auto [ec, msg] = parse_error(R"({"annotations":[{"startIndex":0},{"startIndex":"x"}]})");
    BOOST_TEST(ec == gchat::errc::json_type_mismatch);
    BOOST_TEST(msg == "annotations[1].startIndex: expected an integer, got a string (at offset 49)");
}

BOOST_AUTO_TEST_CASE(wrong_type_inside_a_map_names_the_key) {
    auto [ec, msg] = parse_error(R"({"parameters":{"k":{"x":1}}})");
    BOOST_TEST(ec == gchat::errc::json_type_mismatch);
    BOOST_TEST(msg.find(R"(parameters["k"]: expected a string, got an object)") == 0, msg);
}

BOOST_AUTO_TEST_CASE(object_where_an_array_belongs_is_a_mismatch) {
    auto [ec, msg] = parse_error(R"({"tags":{"a":1}})");
    BOOST_TEST(ec == gchat::errc::json_type_mismatch);
    BOOST_TEST(msg.find("tags: expected an array, got an object") == 0, msg);
}

BOOST_AUTO_TEST_CASE(null_for_a_struct_element_reads_as_its_defaults) {
    auto d = parse_ok(R"({"annotations":[{"startIndex":3},null],"leaves":{"a":null}})");
    BOOST_TEST_REQUIRE(d.annotations.size() == 2u);
    BOOST_TEST(d.annotations[0].start_index.value() == 3);
    BOOST_TEST((d.annotations[1] == gchat::jt_leaf{}));
    BOOST_TEST((d.leaves.at("a") == gchat::jt_leaf{}));
}

BOOST_AUTO_TEST_CASE(object_where_an_optional_string_belongs_names_the_string) {
    auto [ec, msg] = parse_error(R"({"text":{"a":1}})");
    BOOST_TEST(ec == gchat::errc::json_type_mismatch);
    BOOST_TEST(msg.find("text: expected a string, got an object") == 0, msg);
}

BOOST_AUTO_TEST_CASE(array_where_an_optional_object_belongs_is_a_mismatch) {
    auto [ec, msg] = parse_error(R"({"leaf":[1]})");
    BOOST_TEST(ec == gchat::errc::json_type_mismatch);
    BOOST_TEST(msg.find("leaf: expected an object, got an array") == 0, msg);
}

BOOST_AUTO_TEST_CASE(truncated_text_is_invalid_json) {
    auto [ec, msg] = parse_error(R"({"annotations":[{"startIndex":1)");
    BOOST_TEST(ec == gchat::errc::invalid_json);
    BOOST_TEST(msg.find("truncated JSON") == 0, msg);
}

BOOST_AUTO_TEST_CASE(every_truncation_of_a_document_fails_cleanly) {
    const std::string text = gchat::test::read_data("json/lenient.json");
    const std::size_t last_brace = text.find_last_of('}');
    gj::reader r;
    std::size_t accepted = 0;
    for (std::size_t n = 0; n < last_brace; ++n)
        accepted += r.parse<jt_doc>(std::string_view(text).substr(0, n)).has_value() ? 1 : 0;
    BOOST_TEST(accepted == 0u);
    BOOST_TEST(r.parse<jt_doc>(text).has_value());
}

BOOST_AUTO_TEST_CASE(syntax_error_is_invalid_json) {
    auto [ec, msg] = parse_error(R"({"text": tru})");
    BOOST_TEST(ec == gchat::errc::invalid_json);
}

BOOST_AUTO_TEST_CASE(trailing_data_is_invalid_json) {
    auto [ec, msg] = parse_error(R"({"text":"a"} {})");
    BOOST_TEST(ec == gchat::errc::invalid_json);
    BOOST_TEST(msg == "invalid JSON: data after the document (at offset 13)");
    BOOST_TEST(gj::parse<jt_doc>("{\"text\":\"a\"} \r\n").has_value());
}

BOOST_AUTO_TEST_CASE(invalid_utf8_is_reported_with_its_offset) {
    auto [ec, msg] = parse_error("{\"text\":\"ab\xC3\x28\"}");
    BOOST_TEST(ec == gchat::errc::invalid_utf8);
    BOOST_TEST(msg == "invalid UTF-8 in text (at offset 11)");
}

BOOST_AUTO_TEST_CASE(nesting_deeper_than_the_default_limit_of_64_fails) {
    std::string deep = R"({"freeForm":)" + std::string(70, '[') + std::string(70, ']') + "}";
    auto [ec, msg] = parse_error(deep);
    BOOST_TEST(ec == gchat::errc::json_too_deep);
    BOOST_TEST(msg.find("JSON nested deeper than 64 levels") == 0, msg);
}

BOOST_AUTO_TEST_CASE(nesting_limit_is_configurable) {
    std::string text = R"({"freeForm":[[[[1]]]]})";
    BOOST_TEST(gj::parse<jt_doc>(text, gj::parse_options{.max_depth = 4}).error() ==
               gchat::errc::json_too_deep);
    BOOST_TEST(gj::parse<jt_doc>(text, gj::parse_options{.max_depth = 5}).has_value());
}

BOOST_AUTO_TEST_CASE(deep_nesting_far_past_the_limit_does_not_overflow_the_stack) {
    std::string deep = std::string(1'000'000, '[');
    BOOST_TEST(gj::parse<jt_doc>(deep).error() == gchat::errc::json_not_an_object);
    std::string deep_obj = R"({"freeForm":)" + std::string(1'000'000, '[');
    BOOST_TEST(gj::parse<jt_doc>(deep_obj).error() == gchat::errc::json_too_deep);
}

BOOST_AUTO_TEST_CASE(deep_typed_recursion_is_bounded_whatever_the_configured_limit) {
    std::string deep;
    for (int i = 0; i < 5000; ++i)
        deep += R"({"child":)";
    deep = R"({"tree":)" + deep + "{}" + std::string(5000, '}') + "}";
    gchat::diagnostics diag;
    auto r = gj::parse<jt_doc>(deep, diag, gj::parse_options{.max_depth = 1'000'000});
    BOOST_TEST(r.error() == gchat::errc::json_too_deep);
    BOOST_TEST(diag.client_message.find("JSON nested deeper than 1024 levels in tree.child.child") == 0,
               diag.client_message.substr(0, 80));
}

BOOST_AUTO_TEST_CASE(an_escaped_key_names_its_member) {
    BOOST_TEST(parse_ok(R"({"te\u0078t":"a","\u0074ags":["b"]})").text.value() == "a");
    BOOST_TEST((parse_ok(R"({"\u0074ags":["b"]})").tags == std::vector<std::string>{"b"}));
}

BOOST_AUTO_TEST_CASE(every_escape_is_decoded) {
    BOOST_TEST(parse_ok(R"({"text":"\"\\\/\b\f\n\r\t\u0041\u00e9"})").text.value() ==
               "\"\\/\b\f\n\r\tA\xC3\xA9");
}

BOOST_AUTO_TEST_CASE(an_unpaired_surrogate_is_invalid_json) {
    for (std::string_view text :
         {R"({"text":"\ud83d"})", R"({"text":"\ude00x"})", R"({"text":"\ud83d\u0041"})"}) {
        auto [ec, msg] = parse_error(text);
        BOOST_TEST(ec == gchat::errc::invalid_json, text);
        BOOST_TEST(msg.find("invalid JSON: invalid \\u escape: unpaired surrogate in text") == 0, msg);
    }
}

BOOST_AUTO_TEST_CASE(a_raw_control_character_in_a_string_is_invalid_json) {
    auto [ec, msg] = parse_error("{\"tags\":[\"a\",\"b\tc\"]}");
    BOOST_TEST(ec == gchat::errc::invalid_json);
    BOOST_TEST(msg == "invalid JSON: control character in a string in tags[1] (at offset 15)");
}

BOOST_AUTO_TEST_CASE(a_syntax_error_says_what_was_expected_and_where) {
    auto [ec, msg] = parse_error(R"({"leaf":{"length" 2}})");
    BOOST_TEST(ec == gchat::errc::invalid_json);
    BOOST_TEST(msg == "invalid JSON: expected ':' after a key in leaf (at offset 18)");
}

BOOST_AUTO_TEST_CASE(an_unknown_keys_value_is_checked_while_it_is_skipped) {
    BOOST_TEST(parse_error(R"({"unknown":[1,{"a":tru}]})").first == gchat::errc::invalid_json);
    BOOST_TEST(parse_error(R"({"unknown":[1,]})").first == gchat::errc::invalid_json);
    BOOST_TEST(parse_error(R"({"unknown":{"a":1,}})").first == gchat::errc::invalid_json);
    BOOST_TEST(parse_error("{\"unknown\":\"\xC3\x28\"}").first == gchat::errc::invalid_utf8);
    auto [ec, msg] = parse_error(R"({"unknown":{"k":01}})");
    BOOST_TEST(msg == "invalid JSON: expected ',' or '}' after an object member in unknown (at offset 17)");
}

BOOST_AUTO_TEST_CASE(an_unknown_keys_string_is_checked_while_it_is_skipped) {
    // A string has its own path through skip(): escapes, UTF-8 and the end of the text are checked, and
    // an escaped key's text (kept for the error's path) is left alone.
    auto d = parse_ok(R"({"unknown":"a\"b\u00e9\ud83d\ude00","text":"\u0041","unknown2":"\n","tags":["c"]})");
    BOOST_TEST(d.text.value() == "A");
    BOOST_TEST((d.tags == std::vector<std::string>{"c"}));
    auto [ec, msg] = parse_error(R"({"unkn\u006Fwn":"a\x"})");
    BOOST_TEST(ec == gchat::errc::invalid_json);
    BOOST_TEST(msg == "invalid JSON: invalid escape in a string in unknown (at offset 18)");
    BOOST_TEST(parse_error("{\"unknown\":\"a\x01\"}").first == gchat::errc::invalid_json);
    BOOST_TEST(parse_error("{\"unknown\":\"\xED\xA0\x80\"}").first == gchat::errc::invalid_utf8);
    auto [ec2, msg2] = parse_error(R"({"unknown":"abc)");
    BOOST_TEST(msg2.find("truncated JSON") == 0, msg2);
}

BOOST_AUTO_TEST_CASE(integers_past_64_bits_read_as_doubles) {
    BOOST_TEST(parse_ok(R"({"score":123456789012345678901234567890})").score.value() ==
               1.2345678901234568e29);
    BOOST_TEST(parse_ok(R"({"bigUnsigned":18446744073709551615})").big_unsigned.value() ==
               18446744073709551615ull);
    BOOST_TEST(parse_error(R"({"bigUnsigned":18446744073709551616})").first ==
               gchat::errc::json_out_of_range);
    BOOST_TEST(parse_ok(R"({"score":-9223372036854775808})").score.value() == -9223372036854775808.0);
}

BOOST_AUTO_TEST_CASE(numbers_follow_the_json_grammar) {
    for (std::string_view text : {R"({"score":+1})", R"({"score":.5})", R"({"score":1.})", R"({"score":1e})",
                                  R"({"score":-})", R"({"score":0x1})", R"({"score":NaN})"})
        BOOST_TEST(parse_error(text).first == gchat::errc::invalid_json, text);
    BOOST_TEST(parse_ok(R"({"score":-0.5e+2})").score.value() == -50.0);
    BOOST_TEST(parse_ok(R"({"score":1E2})").score.value() == 100.0);
}

BOOST_AUTO_TEST_CASE(a_double_beyond_its_range_is_out_of_range) {
    BOOST_TEST(parse_error(R"({"score":1e400})").first == gchat::errc::json_out_of_range);
}

// The grammar puts no bound on an exponent (Boost.JSON stops at INT_MAX: a limit RFC 8259 allows). The
// reader checks the grammar of a value it skips, and a value it reads must fit its field.
BOOST_AUTO_TEST_CASE(
    an_exponent_past_every_double_is_skipped_under_an_unknown_key_and_out_of_range_in_a_field) {
    BOOST_TEST(parse_ok(R"({"unknown":999E9990000000066998,"score":1})").score.value() == 1.0);
    BOOST_TEST(parse_error(R"({"score":999E9990000000066998})").first == gchat::errc::json_out_of_range);
}

BOOST_AUTO_TEST_CASE(empty_input_is_its_own_error) {
    BOOST_TEST(parse_error("").first == gchat::errc::json_empty_input);
    BOOST_TEST(parse_error(" \r\n\t ").first == gchat::errc::json_empty_input);
}

BOOST_AUTO_TEST_CASE(a_top_level_non_object_is_rejected) {
    for (std::string_view text : {"[]", "\"text\"", "42", "true", "null"}) {
        auto [ec, msg] = parse_error(text);
        BOOST_TEST(ec == gchat::errc::json_not_an_object, text);
        BOOST_TEST(msg.find("expected a JSON object at the top level") == 0, msg);
    }
}

BOOST_AUTO_TEST_CASE(input_over_the_size_limit_is_rejected_before_parsing) {
    auto [ec, msg] = parse_error(R"({"text":"0123456789"})", gj::parse_options{.max_size = 10});
    BOOST_TEST(ec == gchat::errc::json_too_large);
    BOOST_TEST(msg == "JSON input of 21 bytes is over the limit of 10");
}

BOOST_AUTO_TEST_CASE(a_failed_parse_without_diagnostics_still_reports_the_code) {
    BOOST_TEST(gj::parse<jt_doc>(R"({"text":1})").error() == gchat::errc::json_type_mismatch);
}

BOOST_AUTO_TEST_CASE(diagnostics_are_cleared_by_a_successful_parse) {
    gchat::diagnostics diag;
    diag.client_message = "stale";
    BOOST_TEST(gj::parse<jt_doc>("{}", diag).has_value());
    BOOST_TEST(diag.client_message.empty());
}

BOOST_AUTO_TEST_CASE(plain_leaves_and_enums_of_every_size_are_read) {
    auto r = gj::parse<gchat::jt_plain>(
        R"({"flag":true,"kind":"SLASH_COMMAND","byte":"HIGH","wide":"LARGE","bytes":["HIGH","LOW","NEW"],)"
        R"("wides":{"a":"SMALL","b":"OTHER"},"nested":false})");
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(r->flag == true);
    BOOST_TEST((r->kind == jt_kind::slash_command));
    BOOST_TEST((r->byte == gchat::jt_byte::high));
    BOOST_TEST((r->wide.value() == gchat::jt_wide::large));
    BOOST_TEST((r->bytes == std::vector<gchat::jt_byte>{gchat::jt_byte::high, gchat::jt_byte::low,
                                                        gchat::jt_byte::unrecognized}));
    BOOST_TEST((r->wides.at("a") == gchat::jt_wide::small));
    BOOST_TEST((r->wides.at("b") == gchat::jt_wide::unrecognized));
    BOOST_TEST(r->nested.value().value() == false);
    BOOST_TEST(gj::parse<gchat::jt_plain>(R"({"flag":"true","byte":"LOW"})").value().flag == true);
    BOOST_TEST((gj::parse<gchat::jt_plain>(R"({"byte":""})").value().byte == gchat::jt_byte::unrecognized));
}

BOOST_AUTO_TEST_CASE(an_optional_dom_value_captures_any_value_and_null_leaves_it_empty) {
    auto r = gj::parse<gchat::jt_plain>(R"({"extra":{"a":[1,"x"]}})");
    BOOST_TEST_REQUIRE(r.has_value());
    BOOST_TEST(boost::json::serialize(r->extra.value()) == R"({"a":[1,"x"]})");
    BOOST_TEST(gj::parse<gchat::jt_plain>(R"({"extra":"text"})").value().extra.value().as_string() == "text");
    BOOST_TEST(!gj::parse<gchat::jt_plain>(R"({"extra":null})").value().extra.has_value());
}

BOOST_AUTO_TEST_CASE(a_type_error_below_wrappers_names_the_inner_type) {
    gchat::diagnostics diag;
    BOOST_TEST(gj::parse<gchat::jt_plain>(R"({"nested":1})", diag).has_error());
    BOOST_TEST(diag.client_message.find("nested: expected a boolean, got an integer") == 0,
               diag.client_message);
    BOOST_TEST(gj::parse<gchat::jt_plain>(R"({"flag":{}})", diag).has_error());
    BOOST_TEST(diag.client_message.find("flag: expected a boolean, got an object") == 0, diag.client_message);
    BOOST_TEST(gj::parse<gchat::jt_plain>(R"({"wide":2})", diag).has_error());
    BOOST_TEST(diag.client_message.find("wide: expected an enum name (a string), got an integer") == 0,
               diag.client_message);
    auto [ec, msg] = parse_error(R"({"tree":{"child":{"child":[1]}}})");
    BOOST_TEST(ec == gchat::errc::json_type_mismatch);
    BOOST_TEST(msg.find("tree.child.child: expected an object, got an array") == 0, msg);
}

BOOST_AUTO_TEST_CASE(a_boxed_value_reads_at_any_depth) {
    auto d = parse_ok(R"({"tree":{"name":"a","child":{"name":"b","child":{"name":"c","child":null}}}})");
    BOOST_TEST(d.tree->child->child->name.value() == "c");
    BOOST_TEST(!d.tree->child->child->child.has_value());
}

BOOST_AUTO_TEST_SUITE_END()
