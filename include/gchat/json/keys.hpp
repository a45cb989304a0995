// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_KEYS_HPP
#define GCHAT_JSON_KEYS_HPP

// The JSON names of described members and enumerators, computed at compile time.

#include <gchat/json/naming.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/describe/modifiers.hpp>
#include <boost/mp11/algorithm.hpp>

#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <optional>
#include <string_view>
#include <utility>

namespace gchat::json {
namespace detail {

constexpr std::size_t cstrlen(const char* s) noexcept {
    std::size_t n = 0;
    while (s[n] != '\0')
        ++n;
    return n;
}

/// The C++ name without a trailing underscore (`default_` -> `default`).
constexpr std::string_view base_name(const char* s) noexcept {
    std::string_view v(s, cstrlen(s));
    while (!v.empty() && v.back() == '_')
        v.remove_suffix(1);
    return v;
}

template <std::size_t N>
struct fixed_string {
    char data[N + 1]{};
    std::size_t size = 0;
};

constexpr char to_upper(char c) noexcept {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

/// key_names<T>::rename or enum_names<E>::rename: a JSON name for a C++ name, or empty.
using rename_fn = std::string_view (*)(std::string_view);

enum class name_style : unsigned char { camel, upper };

/// The JSON name of the C++ name `name`: `rename`'s, or the name without its trailing underscores in
/// `style` (`cards_v2` -> "cardsV2" or "CARDS_V2"). Written to `out` if not null; returns its length.
constexpr std::size_t json_name(rename_fn rename, name_style style, const char* name, char* out) noexcept {
    if (std::string_view r = rename(name); !r.empty()) {
        for (std::size_t i = 0; out && i < r.size(); ++i)
            out[i] = r[i];
        return r.size();
    }
    std::size_t n = 0;
    bool up = false;
    for (char c : base_name(name)) {
        if (style == name_style::camel && c == '_') {
            up = n != 0;
            continue;
        }
        char o = style == name_style::upper || up ? to_upper(c) : c;
        if (out) out[n] = o;
        ++n;
        up = false;
    }
    return n;
}

template <template <class...> class L, class... D>
constexpr std::array<const char*, sizeof...(D)> cpp_names_of(L<D...>*) noexcept {
    return {{D::name...}};
}

/// The JSON names of the N described members (or enumerators) named `cpp`, in one constant buffer per
/// struct (or enum): one class per type, where a variable and a class per member were most of the
/// front end's time spent on names.
template <std::size_t N>
constexpr std::size_t json_names_size(rename_fn rename, name_style style,
                                      const std::array<const char*, N>& cpp) noexcept {
    std::size_t n = 0;
    for (const char* name : cpp)
        n += json_name(rename, style, name, nullptr);
    return n;
}

template <std::size_t Size, std::size_t N>
constexpr fixed_string<Size> json_names_text(rename_fn rename, name_style style,
                                             const std::array<const char*, N>& cpp) noexcept {
    fixed_string<Size> out;
    for (const char* name : cpp)
        out.size += json_name(rename, style, name, out.data + out.size);
    return out;
}

template <std::size_t N>
constexpr std::array<std::string_view, N> json_names_views(rename_fn rename, name_style style,
                                                           const std::array<const char*, N>& cpp,
                                                           const char* text) noexcept {
    std::array<std::string_view, N> out{};
    for (std::size_t i = 0; i < N; ++i) {
        out[i] = std::string_view(text, json_name(rename, style, cpp[i], nullptr));
        text += out[i].size();
    }
    return out;
}

// The snake_case names that differ from the keys (empty where they do not). Built as one braced list:
// g++ 12 rejects a static member whose initializer writes to the array it returns when the member is
// first needed inside another constant evaluation (a table being built for another type).
template <std::size_t N, std::size_t... I>
constexpr std::array<std::string_view, N> alternate_keys(const std::array<const char*, N>& cpp,
                                                         const std::array<std::string_view, N>& keys,
                                                         std::index_sequence<I...>) noexcept {
    return {{(base_name(cpp[I]) != keys[I] ? base_name(cpp[I]) : std::string_view())...}};
}

// The enumerators' names, `unrecognized`'s left empty.
template <std::size_t N>
constexpr std::array<std::string_view, N>
without_unrecognized(const std::array<const char*, N>& cpp, std::array<std::string_view, N> names) noexcept {
    for (std::size_t i = 0; i < N; ++i)
        if (base_name(cpp[i]) == "unrecognized") names[i] = {};
    return names;
}

template <class T>
using described_members =
    boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;

/// The JSON names of the described members (or enumerators) L in `style`, in declaration order: the C++
/// names (`cpp`), one buffer of the JSON names (`text`) and views into it (`names`).
template <class L, rename_fn Rename, name_style Style>
struct json_name_table {
    static constexpr std::size_t size = boost::mp11::mp_size<L>::value;
    static constexpr std::array<const char*, size> cpp = cpp_names_of(static_cast<L*>(nullptr));
    static constexpr auto text = json_names_text<json_names_size(Rename, Style, cpp)>(Rename, Style, cpp);
    static constexpr std::array<std::string_view, size> names =
        json_names_views(Rename, Style, cpp, text.data);
};

/// The JSON keys of T's members in declaration order (`keys`), and the other key the reader accepts for
/// each: its snake_case name, or empty where that is the key itself (`alternates`).
template <class T>
struct struct_keys {
    using table = json_name_table<described_members<T>, &key_names<T>::rename, name_style::camel>;
    static constexpr std::size_t size = table::size;
    static constexpr const std::array<std::string_view, size>& keys = table::names;
    static constexpr std::array<std::string_view, size> alternates =
        alternate_keys(table::cpp, table::names, std::make_index_sequence<size>());
};

} // namespace detail

/// The JSON key written for member descriptor D of T (lowerCamelCase, or key_names<T>'s rename).
template <class T, class D>
inline constexpr std::string_view key_of =
    detail::struct_keys<T>::keys[boost::mp11::mp_find<detail::described_members<T>, D>::value];

/// The JSON keys of T's members, in declaration order.
template <class T>
constexpr auto member_keys() noexcept {
    return detail::struct_keys<T>::keys;
}

namespace detail {

// An enum's JSON names (as struct_keys) and values, in declaration order. `unrecognized` has an
// empty name: it is never written nor matched.
template <class E, template <class...> class L, class... D>
constexpr std::array<E, sizeof...(D)> make_enum_values(L<D...>*) noexcept {
    return {{D::value...}};
}

template <class E>
struct enum_table {
    using table =
        json_name_table<boost::describe::describe_enumerators<E>, &enum_names<E>::rename, name_style::upper>;
    static constexpr std::size_t size = table::size;
    static constexpr std::array<std::string_view, size> names =
        without_unrecognized(table::cpp, table::names);
    static constexpr std::array<E, size> values =
        make_enum_values<E>(static_cast<boost::describe::describe_enumerators<E>*>(nullptr));
};

/// An enum's table without its type, for the reader's and the writer's tables: the JSON names, the
/// values in the same order (`width` bytes each) and the index of `unrecognized`, which a name this
/// version does not know reads as and which is never written.
struct enum_info {
    const std::string_view* names = nullptr;
    const void* values = nullptr;
    std::uint16_t count = 0;
    std::uint16_t unrecognized = 0;
    std::uint8_t width = 0;

    /// Value `i` as bits, zero-extended (as bits_at() reads an E).
    std::uint64_t value_bits(std::size_t i) const noexcept {
        return bits_at(static_cast<const char*>(values) + i * width);
    }
    /// The bits of the enum value at `p`. Fixed sizes: one load, not a call to memcpy.
    std::uint64_t bits_at(const void* p) const noexcept {
        switch (width) {
        case 1: {
            std::uint8_t x;
            std::memcpy(&x, p, 1);
            return x;
        }
        case 2: {
            std::uint16_t x;
            std::memcpy(&x, p, 2);
            return x;
        }
        case 4: {
            std::uint32_t x;
            std::memcpy(&x, p, 4);
            return x;
        }
        default: {
            std::uint64_t x;
            std::memcpy(&x, p, 8);
            return x;
        }
        }
    }
};

template <class E>
constexpr enum_info enum_info_of() noexcept {
    static_assert(
        requires { E::unrecognized; }, "every gchat enum needs an `unrecognized` enumerator");
    using table = enum_table<E>;
    static_assert(table::size < 0xFFFF, "too many enumerators");
    static_assert(sizeof(E) == 1 || sizeof(E) == 2 || sizeof(E) == 4 || sizeof(E) == 8);
    enum_info e;
    e.names = table::names.data();
    e.values = table::values.data();
    e.count = static_cast<std::uint16_t>(table::size);
    e.width = sizeof(E);
    while (table::values[e.unrecognized] != E::unrecognized)
        ++e.unrecognized;
    return e;
}

/// The index of the first non-empty name equal to `s`, or `n`.
constexpr std::size_t find_enum_name(const std::string_view* names, std::size_t n,
                                     std::string_view s) noexcept {
    for (std::size_t i = 0; i < n; ++i)
        if (!names[i].empty() && names[i] == s) return i;
    return n;
}

} // namespace detail

/// The JSON name of an enum value; empty for `unrecognized` or a value that is not an enumerator.
template <class E>
constexpr std::string_view enum_to_string(E e) noexcept {
    using T = detail::enum_table<E>;
    for (std::size_t i = T::size; i-- > 0;) // of two enumerators with one value, the last one's name
        if (T::values[i] == e && !T::names[i].empty()) return T::names[i];
    return {};
}

/// The enum value of a JSON name; E::unrecognized for a name this version does not know.
template <class E>
constexpr E enum_from_string(std::string_view s) noexcept {
    using T = detail::enum_table<E>;
    std::size_t i = detail::find_enum_name(T::names.data(), T::size, s);
    return i == T::size ? E::unrecognized : T::values[i];
}

} // namespace gchat::json

#endif
