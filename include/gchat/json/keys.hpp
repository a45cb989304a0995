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
    constexpr std::string_view view() const noexcept { return {data, size}; }
};

constexpr char to_upper(char c) noexcept {
    return c >= 'a' && c <= 'z' ? static_cast<char>(c - 'a' + 'A') : c;
}

template <std::size_t N>
constexpr fixed_string<N> camel_of(std::string_view snake) noexcept {
    fixed_string<N> out;
    bool up = false;
    for (char c : snake) {
        if (c == '_') {
            up = out.size != 0;
            continue;
        }
        out.data[out.size++] = up ? to_upper(c) : c;
        up = false;
    }
    return out;
}

template <std::size_t N>
constexpr fixed_string<N> upper_of(std::string_view snake) noexcept {
    fixed_string<N> out;
    for (char c : snake)
        out.data[out.size++] = to_upper(c);
    return out;
}

template <class T, class D>
struct member_name_storage {
    static constexpr auto camel = camel_of<cstrlen(D::name)>(base_name(D::name));
};

template <class E, class D>
struct enumerator_name_storage {
    static constexpr auto upper = upper_of<cstrlen(D::name)>(base_name(D::name));
};

template <class T>
using described_members =
    boost::describe::describe_members<T, boost::describe::mod_public | boost::describe::mod_inherited>;

} // namespace detail

/// The JSON key written for member descriptor D of T (lowerCamelCase, or key_names<T>'s rename).
template <class T, class D>
inline constexpr std::string_view key_of =
    !key_names<T>::rename(D::name).empty() ? key_names<T>::rename(D::name)
                                           : detail::member_name_storage<T, D>::camel.view();

/// The other key accepted when reading member D of T: its snake_case name (empty if the same as key_of).
template <class T, class D>
inline constexpr std::string_view alternate_key_of = detail::base_name(D::name) == key_of<T, D>
                                                         ? std::string_view{}
                                                         : detail::base_name(D::name);

/// The JSON name of enumerator descriptor D of E (UPPER_SNAKE, or enum_names<E>'s rename).
template <class E, class D>
inline constexpr std::string_view enumerator_name_of =
    !enum_names<E>::rename(D::name).empty() ? enum_names<E>::rename(D::name)
                                            : detail::enumerator_name_storage<E, D>::upper.view();

/// The JSON keys of T's members, in declaration order.
template <class T>
constexpr auto member_keys() noexcept {
    using L = detail::described_members<T>;
    std::array<std::string_view, boost::mp11::mp_size<L>::value> out{};
    std::size_t i = 0;
    boost::mp11::mp_for_each<L>([&](auto d) { out[i++] = key_of<T, decltype(d)>; });
    return out;
}

namespace detail {

// An enum's JSON names and values, in declaration order, built by one pack expansion per enum (no
// function per enumerator). `unrecognized` has an empty name: it is never written nor matched.
template <class E, template <class...> class L, class... D>
constexpr std::array<std::string_view, sizeof...(D)> make_enum_names(L<D...>*) noexcept {
    return {{(base_name(D::name) == "unrecognized" ? std::string_view() : enumerator_name_of<E, D>)...}};
}
template <class E, template <class...> class L, class... D>
constexpr std::array<E, sizeof...(D)> make_enum_values(L<D...>*) noexcept {
    return {{D::value...}};
}

template <class E>
struct enum_table {
    using L = boost::describe::describe_enumerators<E>;
    static constexpr std::size_t size = boost::mp11::mp_size<L>::value;
    static constexpr std::array<std::string_view, size> names = make_enum_names<E>(static_cast<L*>(nullptr));
    static constexpr std::array<E, size> values = make_enum_values<E>(static_cast<L*>(nullptr));
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
