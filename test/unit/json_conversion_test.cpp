// Boost.JSON value_from / value_to / try_value_to for gchat types, through gchat's tag_invoke.
#include <gchat/json/conversion.hpp>

#include "json_test_types.hpp"
#include "printing.hpp"

#include <boost/describe/class.hpp>
#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value_from.hpp>
#include <boost/json/value_to.hpp>
#include <boost/test/unit_test.hpp>

#include <optional>

namespace user_code {
// A user's own described type: gchat must not change how Boost.JSON converts it.
struct point {
    int x;
    int y;
};
BOOST_DESCRIBE_STRUCT(point, (), (x, y))
} // namespace user_code

BOOST_AUTO_TEST_SUITE(json_conversion)

BOOST_AUTO_TEST_CASE(value_to_reads_leniently) {
    auto jv = boost::json::parse(R"({"adminInstalled":"true","unknown":1,"annotations":[{"type":"NEW"}]})");
    auto d = boost::json::value_to<gchat::jt_doc>(jv);
    BOOST_TEST(d.admin_installed.value());
    BOOST_TEST((d.annotations.at(0).type.value() == gchat::jt_kind::unrecognized));
}

BOOST_AUTO_TEST_CASE(value_from_writes_canonical_json) {
    gchat::jt_leaf l;
    l.length = 5;
    l.type = gchat::jt_kind::user_mention;
    BOOST_TEST(boost::json::serialize(boost::json::value_from(l)) ==
               R"({"type":"USER_MENTION","length":"5"})");
}

BOOST_AUTO_TEST_CASE(value_to_throws_with_the_path_in_the_message) {
    auto jv = boost::json::parse(R"({"annotations":[{"startIndex":[]}]})");
    try {
        (void)boost::json::value_to<gchat::jt_doc>(jv);
        BOOST_FAIL("value_to did not throw");
    } catch (const gchat::error_with_diagnostics& e) {
        BOOST_TEST(e.code() == gchat::errc::json_type_mismatch);
        BOOST_TEST(e.get_diagnostics().client_message ==
                   "annotations[0].startIndex: expected an integer, got an array");
    }
}

BOOST_AUTO_TEST_CASE(try_value_to_returns_the_error) {
    auto r = boost::json::try_value_to<gchat::jt_doc>(boost::json::parse(R"({"text":{}})"));
    BOOST_TEST(r.error() == gchat::errc::json_type_mismatch);
}

BOOST_AUTO_TEST_CASE(enums_convert_by_name) {
    BOOST_TEST(boost::json::value_from(gchat::jt_kind::slash_command).as_string() == "SLASH_COMMAND");
    BOOST_TEST((boost::json::value_to<gchat::jt_kind>(boost::json::value("FUTURE")) ==
                gchat::jt_kind::unrecognized));
}

BOOST_AUTO_TEST_CASE(users_described_types_keep_boost_json_s_own_conversion) {
    // Boost.JSON's built-in conversion requires every member; gchat's would not.
    auto r = boost::json::try_value_to<user_code::point>(boost::json::parse(R"({"x":1})"));
    BOOST_TEST(r.has_error());
    BOOST_TEST(boost::json::serialize(boost::json::value_from(user_code::point{1, 2})) == R"({"x":1,"y":2})");
}

BOOST_AUTO_TEST_SUITE_END()
