// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_DETAIL_WRITE_OPS_HPP
#define GCHAT_JSON_DETAIL_WRITE_OPS_HPP

// What the writer knows about each C++ type, as constant tables, as detail/ops.hpp is for the reader.
// The writer (json/impl/serialize.ipp) is not a template: it walks these tables, so it is compiled
// once and each type adds a table and at most one small function. The tables are the writer's own, not
// the reader's: a translation unit that only writes (a reply) does not instantiate what reading needs
// (vectors' growth, optionals' construction), and one that only reads pays nothing for writing.

#include <gchat/json/detail/traits.hpp>
#include <gchat/json/keys.hpp>

#include <boost/json/fwd.hpp>
#include <boost/mp11/algorithm.hpp>

#include <array>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace gchat::json::detail {

struct write_ops;

/// How a value is written.
enum class write_kind : unsigned char {
    leaf,        // write_leaf appends it (numbers, timestamps)
    string,      // std::string
    boolean,     // bool
    enumeration, // by name, from the enum's name and value arrays
    structure,   // `{` members `}`, absent ones left out
    wrapper,     // optional, boxed: the contained value, or null
    array,       // std::vector
    map,         // std::map<std::string, T>
    dom          // boost::json::value
};

/// A value to write and its type's table.
struct write_slot {
    const void* target = nullptr;
    const write_ops* ops = nullptr;
};

/// One described member: `,"key":` (written from its second byte for the object's first member
/// present), how to reach it, and its type's table.
struct write_member {
    std::string_view separated_key;
    void* (*addr)(void* object);
    const write_ops* ops;
};

/// A vector's elements.
struct write_elements {
    const char* data = nullptr;
    std::size_t count = 0;
    std::size_t stride = 0;
    const write_ops* ops = nullptr;
};

/// Called by a map's for_each_entry with each key and value, in order, until it returns false.
using entry_visitor = bool (*)(void* context, std::string_view key, write_slot value);

struct write_ops {
    write_kind kind = write_kind::leaf;
    void (*write_leaf)(std::string& out, const void* value) = nullptr;
    // structure
    const write_member* members = nullptr;
    std::size_t member_count = 0;
    // wrapper: the contained value and its table (a null target when empty). Wrapped, element and
    // mapped types' tables are named in function bodies, where a recursive type's table can be.
    write_slot (*contained)(const void* wrapper) = nullptr;
    write_elements (*elements)(const void* vector) = nullptr;
    void (*for_each_entry)(const void* map, void* context, entry_visitor visit) = nullptr;
    enum_info enums{}; // enumeration
};

/// Appends a number; NaN and the infinities as the strings proto3 JSON uses for them.
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

template <class T>
struct write_maker; // specialised per category below

template <class T>
inline constexpr write_ops writer_of = write_maker<T>::make();

constexpr write_ops write_as(write_kind kind) noexcept {
    write_ops o;
    o.kind = kind;
    return o;
}

constexpr write_ops leaf_writer(void (*write)(std::string& out, const void* value)) noexcept {
    auto o = write_as(write_kind::leaf);
    o.write_leaf = write;
    return o;
}

template <>
struct write_maker<std::string> {
    static constexpr write_ops make() noexcept { return write_as(write_kind::string); }
};

template <>
struct write_maker<bool> {
    static constexpr write_ops make() noexcept { return write_as(write_kind::boolean); }
};

template <>
struct write_maker<boost::json::value> {
    static constexpr write_ops make() noexcept { return write_as(write_kind::dom); }
};

// proto3 JSON writes 64-bit integers as strings.
template <class T>
requires is_integer_v<T>
struct write_maker<T> {
    static void write(std::string& out, const void* v) {
        char buf[24];
        auto r = std::to_chars(buf, buf + sizeof buf, *static_cast<const T*>(v));
        if constexpr (is_wide_integer_v<T>) out += '"';
        out.append(buf, r.ptr);
        if constexpr (is_wide_integer_v<T>) out += '"';
    }
    static constexpr write_ops make() noexcept { return leaf_writer(&write); }
};

template <class F>
requires std::is_floating_point_v<F>
struct write_maker<F> {
    static void write(std::string& out, const void* v) {
        write_double(out, static_cast<double>(*static_cast<const F*>(v)));
    }
    static constexpr write_ops make() noexcept { return leaf_writer(&write); }
};

template <>
struct write_maker<gchat::timestamp> {
    static void write(std::string& out, const void* v) {
        char buf[32];
        out += '"';
        out.append(buf, format_rfc3339(*static_cast<const gchat::timestamp*>(v), buf));
        out += '"';
    }
    static constexpr write_ops make() noexcept { return leaf_writer(&write); }
};

template <class E>
requires is_enum_v<E>
struct write_maker<E> {
    static constexpr write_ops make() noexcept {
        auto o = write_as(write_kind::enumeration);
        o.enums = enum_info_of<E>();
        return o;
    }
};

template <class W>
requires(is_optional<W>::value || is_boxed<W>::value) struct write_maker<W> {
    static write_slot contained(const void* t) noexcept {
        const W& w = *static_cast<const W*>(t);
        return {w ? &*w : nullptr, &writer_of<typename W::value_type>};
    }
    static constexpr write_ops make() noexcept {
        auto o = write_as(write_kind::wrapper);
        o.contained = &contained;
        return o;
    }
};

template <class V>
requires is_vector<V>::value struct write_maker<V> {
    using T = typename V::value_type;
    static write_elements elements(const void* t) noexcept {
        const V& v = *static_cast<const V*>(t);
        return {reinterpret_cast<const char*>(v.data()), v.size(), sizeof(T), &writer_of<T>};
    }
    static constexpr write_ops make() noexcept {
        auto o = write_as(write_kind::array);
        o.elements = &elements;
        return o;
    }
};

template <class M>
requires is_string_map<M>::value struct write_maker<M> {
    static void for_each(const void* t, void* context, entry_visitor visit) {
        for (const auto& [k, v] : *static_cast<const M*>(t))
            if (!visit(context, k, {&v, &writer_of<typename M::mapped_type>})) return;
    }
    static constexpr write_ops make() noexcept {
        auto o = write_as(write_kind::map);
        o.for_each_entry = &for_each;
        return o;
    }
};

// A struct's `,"key":` texts, one after another, from its struct_keys (no function nor variable per
// member: those were most of the writer's compile time).
template <std::size_t Size, std::size_t N>
constexpr fixed_string<Size> separated_keys_text(const std::array<std::string_view, N>& keys) noexcept {
    fixed_string<Size> out;
    for (std::string_view key : keys) {
        out.data[out.size++] = ',';
        out.data[out.size++] = '"';
        for (char c : key)
            out.data[out.size++] = c;
        out.data[out.size++] = '"';
        out.data[out.size++] = ':';
    }
    return out;
}

// The `,"key":` text at `text` of a member with key `key`; moves `text` past it.
constexpr std::string_view take_separated_key(const char*& text, std::string_view key) noexcept {
    std::string_view k(text, key.size() + 4);
    text += k.size();
    return k;
}

template <class T, template <class...> class L, class... D>
constexpr std::array<write_member, sizeof...(D)>
make_write_members(L<D...>*, [[maybe_unused]] const char* text) noexcept {
    [[maybe_unused]] const std::string_view* key = struct_keys<T>::keys.data(); // unused by an empty struct
    // A braced list is evaluated in order: the texts are taken in declaration order.
    return {{write_member{take_separated_key(text, *key++), &member_address<T, D>,
                          &writer_of<member_type<T, D>>}...}};
}

template <class T>
requires is_struct_v<T>
struct write_maker<T> {
    using L = described_members<T>;
    static constexpr auto keys =
        separated_keys_text<struct_keys<T>::table::text.size + 4 * struct_keys<T>::size>(
            struct_keys<T>::keys);
    static constexpr auto members = make_write_members<T>(static_cast<L*>(nullptr), keys.data);
    static constexpr write_ops make() noexcept {
        auto o = write_as(write_kind::structure);
        o.members = members.data();
        o.member_count = members.size();
        return o;
    }
};

} // namespace gchat::json::detail

#endif
