// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_SERIALIZE_HPP
#define GCHAT_JSON_SERIALIZE_HPP

// Writes gchat's described structs as canonical proto3 JSON, straight to text (no DOM):
// lowerCamelCase keys, empty optionals, vectors and maps omitted, int64 as strings, enums by
// name, timestamps as RFC 3339 UTC.

#include <gchat/config.hpp>
#include <gchat/json/detail/traits.hpp>
#include <gchat/json/keys.hpp>

#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <string>
#include <string_view>

namespace gchat::json {
namespace detail {

/// Appends `s` as a JSON string literal (quotes included), escaping what JSON requires.
GCHAT_DECL void write_escaped(std::string& out, std::string_view s);

/// Appends a boost::json::value (for the free-form fields).
GCHAT_DECL void write_dom(std::string& out, const boost::json::value& v);

// `"key":` for member D of T, built at compile time.
template <class T, class D>
struct quoted_key {
    static constexpr auto value = [] {
        constexpr std::string_view k = key_of<T, D>;
        fixed_string<k.size() + 3> out;
        out.data[out.size++] = '"';
        for (char c : k)
            out.data[out.size++] = c;
        out.data[out.size++] = '"';
        out.data[out.size++] = ':';
        return out;
    }();
};

template <class T>
bool is_absent(const T& v) noexcept {
    if constexpr (is_optional<T>::value || is_boxed<T>::value)
        return !v.has_value() || is_absent(*v);
    else if constexpr (is_vector<T>::value || is_string_map<T>::value)
        return v.empty();
    else if constexpr (std::is_same_v<T, boost::json::value>)
        return v.is_null();
    else if constexpr (is_enum_v<T>)
        return v == T::unrecognized; // a value this version could not name is not written back
    else
        return false;
}

template <class T>
void write_value(std::string& out, const T& v);

template <class I>
void write_integer(std::string& out, I v) {
    char buf[24];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    if constexpr (is_wide_integer_v<I>) out += '"';
    out.append(buf, r.ptr);
    if constexpr (is_wide_integer_v<I>) out += '"';
}

inline void write_double(std::string& out, double v) {
    if (std::isnan(v)) {
        out += "\"NaN\"";
        return;
    }
    if (std::isinf(v)) {
        out += v > 0 ? "\"Infinity\"" : "\"-Infinity\"";
        return;
    }
    char buf[32];
    auto r = std::to_chars(buf, buf + sizeof buf, v);
    out.append(buf, r.ptr);
}

/// One described member for the writer: its `"key":`, how to reach it, and how to test and write it.
struct member_writer {
    std::string_view quoted_key;
    void* (*addr)(void* object);
    bool (*absent)(const void* member);
    void (*write)(std::string& out, const void* member);
};

template <class M>
bool absent_erased(const void* m) noexcept {
    return is_absent(*static_cast<const M*>(m));
}

template <class M>
void write_erased(std::string& out, const void* m) {
    write_value(out, *static_cast<const M*>(m));
}

template <class T, template <class...> class L, class... D>
constexpr std::array<member_writer, sizeof...(D)> make_writers(L<D...>*) noexcept {
    return {{member_writer{quoted_key<T, D>::value.view(), &member_address<T, D>,
                           &absent_erased<member_type<T, D>>, &write_erased<member_type<T, D>>}...}};
}

template <class T>
struct writer_table {
    using L = described_members<T>;
    static constexpr std::array<member_writer, boost::mp11::mp_size<L>::value> members =
        make_writers<T>(static_cast<L*>(nullptr));
};

/// Writes the object whose members `members` describes. Not a template: each struct adds its table
/// and one small function per member type, and -O2 does not inline a whole tree of structs into one
/// giant function.
GCHAT_DECL void write_members(std::string& out, const void* object, const member_writer* members,
                              std::size_t count);

template <class T>
void write_struct(std::string& out, const T& v) {
    write_members(out, &v, writer_table<T>::members.data(), writer_table<T>::members.size());
}

template <class T>
void write_value(std::string& out, const T& v) {
    if constexpr (is_optional<T>::value || is_boxed<T>::value) {
        if (v.has_value())
            write_value(out, *v);
        else
            out += "null";
    } else if constexpr (std::is_same_v<T, std::string>) {
        write_escaped(out, v);
    } else if constexpr (std::is_same_v<T, bool>) {
        out += v ? "true" : "false";
    } else if constexpr (is_integer_v<T>) {
        write_integer(out, v);
    } else if constexpr (std::is_floating_point_v<T>) {
        write_double(out, static_cast<double>(v));
    } else if constexpr (is_enum_v<T>) {
        auto name = enum_to_string(v);
        if (name.empty())
            out += "null";
        else
            write_escaped(out, name);
    } else if constexpr (std::is_same_v<T, gchat::timestamp>) {
        char buf[32];
        out += '"';
        out.append(buf, format_rfc3339(v, buf));
        out += '"';
    } else if constexpr (std::is_same_v<T, boost::json::value>) {
        write_dom(out, v);
    } else if constexpr (is_vector<T>::value) {
        out += '[';
        bool first = true;
        for (const auto& e : v) {
            if (!first) out += ',';
            first = false;
            write_value(out, e);
        }
        out += ']';
    } else if constexpr (is_string_map<T>::value) {
        out += '{';
        bool first = true;
        for (const auto& [k, e] : v) {
            if (!first) out += ',';
            first = false;
            write_escaped(out, k);
            out += ':';
            write_value(out, e);
        }
        out += '}';
    } else if constexpr (is_struct_v<T>) {
        write_struct(out, v);
    } else {
        static_assert(sizeof(T) == 0, "gchat::json cannot write this type");
    }
}

} // namespace detail

/// Appends the JSON of `v` (a described gchat struct) to `out`.
template <class T>
void serialize_to(std::string& out, const T& v) {
    detail::write_value(out, v);
}

/// The JSON of `v` (a described gchat struct).
template <class T>
std::string serialize(const T& v) {
    std::string out;
    out.reserve(256);
    detail::write_value(out, v);
    return out;
}

} // namespace gchat::json

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/json/impl/serialize.ipp>
#endif

#endif
