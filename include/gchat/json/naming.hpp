// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_NAMING_HPP
#define GCHAT_JSON_NAMING_HPP

#include <string_view>

namespace gchat::json {

/// The JSON key of a member of T is, by default, the lowerCamelCase of its C++ name with any
/// trailing underscore dropped (`cards_v2` -> "cardsV2", `default_` -> "default").
/// Specialize to name the exceptions: return the key for `member`, or an empty view to keep the rule.
///
///     template <> struct gchat::json::key_names<my_type> {
///         static constexpr std::string_view rename(std::string_view member) noexcept {
///             return member == "x509" ? "x509Cert" : "";
///         }
///     };
template <class T>
struct key_names {
    static constexpr std::string_view rename(std::string_view) noexcept { return {}; }
};

/// The JSON name of an enumerator is, by default, its C++ name in upper case with any trailing
/// underscore dropped (`reply_message_or_fail` -> "REPLY_MESSAGE_OR_FAIL", `default_` -> "DEFAULT").
/// Specialize like key_names for the exceptions. Every gchat enum has an enumerator named
/// `unrecognized`: what a JSON name this version does not know reads as.
template <class E>
struct enum_names {
    static constexpr std::string_view rename(std::string_view) noexcept { return {}; }
};

} // namespace gchat::json

#endif
