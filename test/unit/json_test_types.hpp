// Described types the JSON tests read and write. They live in namespace gchat so that
// Boost.JSON finds gchat's tag_invoke for them by ADL, as it does for the models.
#ifndef GCHAT_TEST_UNIT_JSON_TEST_TYPES_HPP
#define GCHAT_TEST_UNIT_JSON_TEST_TYPES_HPP

#include <gchat/json/fwd.hpp>
#include <gchat/model/boxed.hpp>
#include <gchat/model/timestamp.hpp>

#include <boost/describe/class.hpp>
#include <boost/describe/enum.hpp>
#include <boost/json/value.hpp>

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

namespace gchat {

enum class jt_kind { kind_unspecified, user_mention, slash_command, default_, unrecognized };
BOOST_DESCRIBE_ENUM(jt_kind, kind_unspecified, user_mention, slash_command, default_, unrecognized)

struct jt_leaf {
    std::optional<gchat::jt_kind> type;
    std::optional<std::int32_t> start_index;
    std::optional<std::int64_t> length;
    std::optional<std::string> content_name;
    friend bool operator==(const jt_leaf&, const jt_leaf&) = default;
};
BOOST_DESCRIBE_STRUCT(jt_leaf, (), (type, start_index, length, content_name))

struct jt_node; // recursive through boxed

struct jt_node {
    std::optional<std::string> name;
    gchat::boxed<gchat::jt_node> child;
    friend bool operator==(const jt_node&, const jt_node&) = default;
};
BOOST_DESCRIBE_STRUCT(jt_node, (), (name, child))

// A struct that extends two described structs: its members are the bases' and its own, and the second
// base does not start where the struct does.
struct jt_labels {
    std::optional<std::string> label;
    std::vector<std::string> tags;
    friend bool operator==(const jt_labels&, const jt_labels&) = default;
};
BOOST_DESCRIBE_STRUCT(jt_labels, (), (label, tags))

struct jt_tagged_leaf : jt_leaf, jt_labels {
    std::optional<std::int32_t> weight;
    friend bool operator==(const jt_tagged_leaf&, const jt_tagged_leaf&) = default;
};
BOOST_DESCRIBE_STRUCT(jt_tagged_leaf, (jt_leaf, jt_labels), (weight))

struct jt_doc {
    std::optional<std::string> text;
    std::optional<bool> admin_installed;
    std::optional<double> score;
    std::optional<std::uint64_t> big_unsigned;
    std::optional<gchat::timestamp> create_time;
    std::vector<gchat::jt_leaf> annotations;
    std::vector<std::string> tags;
    std::map<std::string, std::string> parameters;
    std::map<std::string, gchat::jt_leaf> leaves;
    std::optional<gchat::jt_leaf> leaf;
    std::optional<gchat::jt_node> tree;
    std::optional<gchat::jt_kind> kind;
    std::vector<gchat::jt_kind> kinds;
    boost::json::value free_form;
    std::optional<std::string> default_;
    friend bool operator==(const jt_doc&, const jt_doc&) = default;
};
BOOST_DESCRIBE_STRUCT(jt_doc, (),
                      (text, admin_installed, score, big_unsigned, create_time, annotations, tags, parameters,
                       leaves, leaf, tree, kind, kinds, free_form, default_))

} // namespace gchat

#endif
