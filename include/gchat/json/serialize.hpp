// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_SERIALIZE_HPP
#define GCHAT_JSON_SERIALIZE_HPP

// Writes gchat's described structs as canonical proto3 JSON, straight to text (no DOM):
// lowerCamelCase keys, empty optionals, vectors and maps omitted, int64 as strings, enums by
// name, timestamps as RFC 3339 UTC.

#include <gchat/config.hpp>
#include <gchat/json/detail/write_ops.hpp>

#include <boost/json/value.hpp>

#include <string>
#include <string_view>

namespace gchat::json {
namespace detail {

/// Appends `s` as a JSON string literal (quotes included), escaping what JSON requires.
GCHAT_DECL void write_escaped(std::string& out, std::string_view s);

/// Appends a boost::json::value (for the free-form fields).
GCHAT_DECL void write_dom(std::string& out, const boost::json::value& v);

/// Appends the JSON of the value at `v`, whose type `ops` describes. Not a template: it walks the
/// tables of detail/write_ops.hpp, so it is compiled once and each type only adds its table.
GCHAT_DECL void write_value(std::string& out, const void* v, const write_ops& ops);

} // namespace detail

/// Appends the JSON of `v` (a described gchat struct, or a string, number, vector... of them) to `out`.
template <class T>
void serialize_to(std::string& out, const T& v) {
    detail::write_value(out, &v, detail::writer_of<T>);
}

/// The JSON of `v` (a described gchat struct).
template <class T>
std::string serialize(const T& v) {
    std::string out;
    out.reserve(256);
    detail::write_value(out, &v, detail::writer_of<T>);
    return out;
}

} // namespace gchat::json

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/json/impl/serialize.ipp>
#endif

#endif
