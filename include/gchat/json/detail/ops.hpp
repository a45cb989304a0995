// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_DETAIL_OPS_HPP
#define GCHAT_JSON_DETAIL_OPS_HPP

// What the reader knows about each C++ type, as constant tables of plain function pointers.
// The reader itself (detail/scanner.hpp) is not a template: it walks these tables, so the
// parser is compiled once and each model type only adds its tables.

#include <gchat/error.hpp>
#include <gchat/json/detail/traits.hpp>
#include <gchat/json/keys.hpp>

#include <boost/json/value.hpp>
#include <boost/mp11/algorithm.hpp>

#include <array>
#include <bit>
#include <charconv>
#include <cmath>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <limits>
#include <new>
#include <optional>
#include <string>
#include <string_view>

namespace gchat::json::detail {

struct type_ops;

/// Where the next value goes: a typed object and the table that knows its type.
struct slot {
    void* target = nullptr;
    const type_ops* ops = nullptr;
};

/// One described member: its JSON key (for error paths), how to reach it, and its type's table.
struct member_entry {
    std::string_view key;
    void* (*addr)(void* object);
    const type_ops* ops;
};

/// One slot of a struct's open-addressing key table (both the camel and the snake key are entered).
/// It holds the key's words (see key_words) and the member's access, so that a lookup of a key of up to
/// 16 bytes reads this slot only: dependent loads (of the key's text, of the member_entry) were the
/// reader's largest cost.
struct key_entry {
    std::uint64_t head = 0;
    std::uint64_t tail = 0;
    const char* text = nullptr; // the key (its bytes past the words are compared here)
    void* (*addr)(void* object) = nullptr;
    const type_ops* ops = nullptr;
    std::uint32_t size = 0;
    std::uint16_t member = 0xFFFF; // index in type_ops::members (for error paths); 0xFFFF: empty
};

enum class frame_kind : unsigned char { object, map, array };

/// The few leaf types nearly every member is: the reader stores a string (or a boolean) into them
/// directly, without the indirect calls of the general path.
enum class leaf_kind : unsigned char { other, string, optional_string, boolean, optional_boolean };

constexpr bool is_string_leaf(leaf_kind k) noexcept {
    return k == leaf_kind::string || k == leaf_kind::optional_string;
}

struct type_ops {
    const char* expected; // "a string", "an object", ... for error messages

    errc (*on_string)(void* target, std::string_view s);
    errc (*on_int64)(void* target, std::int64_t v);
    errc (*on_uint64)(void* target, std::uint64_t v);
    errc (*on_double)(void* target, double v);
    errc (*on_bool)(void* target, bool v);
    /// The object to fill and the table of its kind, or nullptr if this type is not read from a
    /// JSON object (or is a described struct: see `is_struct`).
    slot (*begin_object)(void* target);
    /// Likewise for arrays.
    slot (*begin_array)(void* target);

    // For the tables returned by begin_object / begin_array:
    frame_kind kind = frame_kind::object;
    const key_entry* keys = nullptr; // object: hash table of size key_mask + 1
    std::uint32_t key_mask = 0;
    const member_entry* members = nullptr;
    slot (*map_entry)(void* map, std::string_view key, std::string_view* stored_key) = nullptr;
    errc (*end_object)(void* object) = nullptr; // validation when the object closes
    slot (*next_element)(void* container) = nullptr;
    bool captures_dom = false; // boost::json::value: the reader builds a DOM for it
    // A described struct: a JSON object is read straight into it, with this table as the object's
    // (no begin_object call: its object and table are the target's own).
    bool is_struct = false;
    leaf_kind leaf = leaf_kind::other;
    // Described enums: read by name by the reader itself, without a call (nor a function per enum):
    // the JSON names, the values in the same order (enum_width bytes each) and the index of
    // `unrecognized`, which a name this version does not know reads as.
    enum_info enums{};
    // optional and boxed: engages the wrapper if empty and returns the wrapped value and its type's
    // table (named in a function body, where a recursive type's table can be). The reader unwraps a
    // wrapper itself, one call per level, so a wrapper type adds one small function, not a copy of
    // every handler.
    slot (*emplace)(void* target) = nullptr;
};

// k (4 or 8) bytes at p as a little-endian integer: one load at run time, the same value at
// compile time (where the key tables are built).
constexpr std::uint64_t le_word(const char* p, std::size_t k) noexcept {
    if (!std::is_constant_evaluated()) {
        if constexpr (std::endian::native == std::endian::little) {
            if (k == 8) {
                std::uint64_t w;
                std::memcpy(&w, p, 8);
                return w;
            }
            std::uint32_t w;
            std::memcpy(&w, p, 4);
            return w;
        }
    }
    std::uint64_t w = 0;
    for (std::size_t i = 0; i < k; ++i)
        w |= static_cast<std::uint64_t>(static_cast<unsigned char>(p[i])) << (8 * i);
    return w;
}

// A key's length and two words that, with the length, stand for all of it up to 16 bytes: its first
// and last 8 bytes (from 8 bytes), its first and last 4 (from 4), its bytes (below 4). Two loads
// whatever the key's length; the same at compile time and at run time.
struct key_words {
    std::uint64_t head = 0;
    std::uint64_t tail = 0;
};

constexpr key_words words_of(std::string_view s) noexcept {
    const std::size_t n = s.size();
    const char* p = s.data();
    if (n >= 8) return {le_word(p, 8), le_word(p + n - 8, 8)};
    if (n >= 4) return {le_word(p, 4) | le_word(p + n - 4, 4) << 32, 0};
    if (n != 0)
        return {static_cast<std::uint64_t>(static_cast<unsigned char>(p[0])) << 8 |
                    static_cast<std::uint64_t>(static_cast<unsigned char>(p[n / 2])) << 16 |
                    static_cast<std::uint64_t>(static_cast<unsigned char>(p[n - 1])) << 24,
                0};
    return {};
}

// Key hashing: the length and the words, multiplied (a per-byte hash was the reader's largest cost);
// probing settles the keys that agree on those.
constexpr std::uint32_t hash_words(std::size_t n, key_words w) noexcept {
    const std::uint64_t h = (n ^ w.head ^ std::rotl(w.tail, 29)) * 0x9E3779B97F4A7C15ull;
    return static_cast<std::uint32_t>(h >> 32);
}

constexpr key_entry make_key_entry(std::string_view key, const member_entry& m,
                                   std::uint16_t member) noexcept {
    const key_words w = words_of(key);
    return {w.head, w.tail, key.data(), m.addr, m.ops, static_cast<std::uint32_t>(key.size()), member};
}

// Equal byte strings of the same length n. Keys are short: whole words, the last one overlapping
// the one before (or two overlapping halves), beat a call to memcmp and a loop over the bytes.
inline bool same_bytes(const char* a, const char* b, std::size_t n) noexcept {
    auto word = [](const char* p, auto w) {
        std::memcpy(&w, p, sizeof w);
        return w;
    };
    if (n >= 8) {
        for (std::size_t i = 0; i + 8 < n; i += 8)
            if (word(a + i, std::uint64_t{}) != word(b + i, std::uint64_t{})) return false;
        return word(a + n - 8, std::uint64_t{}) == word(b + n - 8, std::uint64_t{});
    }
    if (n >= 4)
        return word(a, std::uint32_t{}) == word(b, std::uint32_t{}) &&
               word(a + n - 4, std::uint32_t{}) == word(b + n - 4, std::uint32_t{});
    if (n >= 2)
        return word(a, std::uint16_t{}) == word(b, std::uint16_t{}) &&
               word(a + n - 2, std::uint16_t{}) == word(b + n - 2, std::uint16_t{});
    return n == 0 || *a == *b;
}

inline const key_entry* find_key(const type_ops& ops, std::string_view key) noexcept {
    const std::size_t n = key.size();
    const key_words w = words_of(key);
    std::uint32_t i = hash_words(n, w) & ops.key_mask;
    for (;;) {
        const key_entry& e = ops.keys[i];
        if (e.member == 0xFFFF) return nullptr;
        if (e.size == n && e.head == w.head && e.tail == w.tail &&
            (n <= 16 || same_bytes(e.text + 8, key.data() + 8, n - 16)))
            return &e;
        i = (i + 1) & ops.key_mask;
    }
}

// ---- functions shared by all tables ----

template <class... A>
errc mismatch(void*, A...) noexcept {
    return errc::json_type_mismatch;
}

template <class T>
struct ops_maker; // specialised per category below

template <class T>
inline constexpr type_ops ops_of = ops_maker<T>::make();

// A table whose every handler rejects the value; categories override what they accept.
constexpr type_ops rejecting(const char* expected) noexcept {
    return type_ops{expected,
                    &mismatch<std::string_view>,
                    &mismatch<std::int64_t>,
                    &mismatch<std::uint64_t>,
                    &mismatch<double>,
                    &mismatch<bool>,
                    nullptr,
                    nullptr};
}

// ---- strings ----

template <>
struct ops_maker<std::string> {
    static errc str(void* t, std::string_view s) {
        static_cast<std::string*>(t)->assign(s.data(), s.size());
        return {};
    }
    static constexpr type_ops make() noexcept {
        auto o = rejecting("a string");
        o.on_string = &str;
        o.leaf = leaf_kind::string;
        return o;
    }
};

// ---- booleans: true/false, and the strings "true"/"false" (seen in real events) ----

template <>
struct ops_maker<bool> {
    static errc b(void* t, bool v) noexcept {
        *static_cast<bool*>(t) = v;
        return {};
    }
    static errc str(void* t, std::string_view s) noexcept {
        if (s == "true") return b(t, true);
        if (s == "false") return b(t, false);
        return errc::json_type_mismatch;
    }
    static constexpr type_ops make() noexcept {
        auto o = rejecting("a boolean");
        o.on_bool = &b;
        o.on_string = &str;
        o.leaf = leaf_kind::boolean;
        return o;
    }
};

// ---- integers: numbers, integral doubles, and decimal strings ----

template <class T>
requires is_integer_v<T>
struct ops_maker<T> {
    static errc i64(void* t, std::int64_t v) noexcept {
        if constexpr (std::is_signed_v<T>) {
            if (v < std::numeric_limits<T>::min() || v > std::numeric_limits<T>::max())
                return errc::json_out_of_range;
        } else {
            if (v < 0 || static_cast<std::uint64_t>(v) > std::numeric_limits<T>::max())
                return errc::json_out_of_range;
        }
        *static_cast<T*>(t) = static_cast<T>(v);
        return {};
    }
    static errc u64(void* t, std::uint64_t v) noexcept {
        if (v > static_cast<std::uint64_t>(std::numeric_limits<T>::max())) return errc::json_out_of_range;
        *static_cast<T*>(t) = static_cast<T>(v);
        return {};
    }
    static errc dbl(void* t, double v) noexcept {
        // proto3 JSON accepts exponent notation for integers ("1e3"); the value must be integral.
        if (!std::isfinite(v) || std::trunc(v) != v) return errc::json_type_mismatch;
        if (v < static_cast<double>(std::numeric_limits<T>::min()) ||
            v >= static_cast<double>(std::numeric_limits<T>::max()))
            return errc::json_out_of_range;
        *static_cast<T*>(t) = static_cast<T>(v);
        return {};
    }
    static errc str(void* t, std::string_view s) noexcept {
        T v{};
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec == std::errc::result_out_of_range) return errc::json_out_of_range;
        if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return errc::json_type_mismatch;
        *static_cast<T*>(t) = v;
        return {};
    }
    static constexpr type_ops make() noexcept {
        auto o = rejecting(is_wide_integer_v<T> ? "an integer (number or string)" : "an integer");
        o.on_int64 = &i64;
        o.on_uint64 = &u64;
        o.on_double = &dbl;
        o.on_string = &str;
        return o;
    }
};

// ---- floating point: numbers, and strings ("1.5", "NaN", "Infinity", "-Infinity") ----

template <class F>
requires std::is_floating_point_v<F>
struct ops_maker<F> {
    static errc dbl(void* t, double v) noexcept {
        *static_cast<F*>(t) = static_cast<F>(v);
        return {};
    }
    static errc i64(void* t, std::int64_t v) noexcept { return dbl(t, static_cast<double>(v)); }
    static errc u64(void* t, std::uint64_t v) noexcept { return dbl(t, static_cast<double>(v)); }
    static errc str(void* t, std::string_view s) noexcept {
        if (s == "NaN") return dbl(t, std::numeric_limits<double>::quiet_NaN());
        if (s == "Infinity") return dbl(t, std::numeric_limits<double>::infinity());
        if (s == "-Infinity") return dbl(t, -std::numeric_limits<double>::infinity());
        double v = 0;
        auto [p, ec] = std::from_chars(s.data(), s.data() + s.size(), v);
        if (ec != std::errc() || p != s.data() + s.size() || s.empty()) return errc::json_type_mismatch;
        return dbl(t, v);
    }
    static constexpr type_ops make() noexcept {
        auto o = rejecting("a number");
        o.on_double = &dbl;
        o.on_int64 = &i64;
        o.on_uint64 = &u64;
        o.on_string = &str;
        return o;
    }
};

// ---- described enums: by JSON name; an unknown name reads as E::unrecognized ----

template <class E>
requires is_enum_v<E>
struct ops_maker<E> {
    static constexpr type_ops make() noexcept {
        auto o = rejecting("an enum name (a string)");
        o.enums = enum_info_of<E>();
        return o;
    }
};

// ---- timestamps: RFC 3339 strings, or {"seconds": N, "nanos": N} ----

template <>
struct ops_maker<gchat::timestamp> {
    static errc str(void* t, std::string_view s) noexcept {
        auto r = parse_rfc3339(s);
        if (!r) return errc::invalid_timestamp;
        *static_cast<gchat::timestamp*>(t) = *r;
        return {};
    }
    static slot obj(void* t) noexcept;
    // proto3's Timestamp range: 0001-01-01T00:00:00Z to 9999-12-31T23:59:59.999999999Z.
    static constexpr std::int64_t min_seconds = -62'135'596'800;
    static constexpr std::int64_t max_seconds = 253'402'300'799;
    static errc check(void* t) noexcept {
        const auto& ts = *static_cast<gchat::timestamp*>(t);
        if (ts.nanos < 0 || ts.nanos > 999'999'999) return errc::invalid_timestamp;
        return ts.seconds < min_seconds || ts.seconds > max_seconds ? errc::invalid_timestamp : errc{};
    }
    static void* seconds(void* t) noexcept { return &static_cast<gchat::timestamp*>(t)->seconds; }
    static void* nanos(void* t) noexcept { return &static_cast<gchat::timestamp*>(t)->nanos; }
    static constexpr std::array<member_entry, 2> members{
        {{"seconds", &seconds, &ops_of<std::int64_t>}, {"nanos", &nanos, &ops_of<std::int32_t>}}};
    static constexpr std::array<key_entry, 4> keys = [] {
        std::array<key_entry, 4> k{};
        for (std::uint16_t m = 0; m < 2; ++m) {
            auto i = hash_words(members[m].key.size(), words_of(members[m].key)) & 3u;
            while (k[i].member != 0xFFFF)
                i = (i + 1) & 3u;
            k[i] = make_key_entry(members[m].key, members[m], m);
        }
        return k;
    }();
    static constexpr type_ops object_ops = [] {
        auto o = rejecting("an object");
        o.keys = keys.data();
        o.key_mask = 3;
        o.members = members.data();
        o.end_object = &check;
        return o;
    }();
    static constexpr type_ops make() noexcept {
        auto o = rejecting("an RFC 3339 timestamp or {seconds, nanos}");
        o.on_string = &str;
        o.begin_object = &obj;
        return o;
    }
};
inline slot ops_maker<gchat::timestamp>::obj(void* t) noexcept {
    *static_cast<gchat::timestamp*>(t) = {};
    return {t, &object_ops};
}

// ---- boost::json::value: the reader builds a DOM ----

template <>
struct ops_maker<boost::json::value> {
    static constexpr type_ops make() noexcept {
        auto o = rejecting("any JSON value");
        o.captures_dom = true;
        return o;
    }
};

// ---- std::optional<T> and gchat::boxed<T>: engage if empty, then read as T ----

template <class W>
requires(is_optional<W>::value || is_boxed<W>::value) struct ops_maker<W> {
    using T = typename W::value_type;
    // A value already there is read into in place, as a plain T member is (parse_into merges, and a
    // repeated key reads over the first). An empty optional is constructed over, not emplace()d: its
    // destructor does nothing, and emplace()'s reset would instantiate T's destructor here again.
    static slot fresh(void* t) {
        W* w = static_cast<W*>(t);
        if (!*w) {
            if constexpr (is_optional<W>::value)
                ::new (static_cast<void*>(w)) W(std::in_place);
            else
                w->emplace();
        }
        return {&**w, &ops_of<T>};
    }
    static constexpr type_ops make() noexcept {
        auto o = rejecting("a value");
        o.emplace = &fresh;
        if constexpr (std::is_same_v<W, std::optional<std::string>>) o.leaf = leaf_kind::optional_string;
        if constexpr (std::is_same_v<W, std::optional<bool>>) o.leaf = leaf_kind::optional_boolean;
        return o;
    }
};

// ---- std::vector<T>: a JSON array ----

template <class V>
requires is_vector<V>::value struct ops_maker<V> {
    using T = typename V::value_type;
    static slot arr(void* t) noexcept {
        static_cast<V*>(t)->clear();
        return {t, &array_ops};
    }
    static slot next(void* t) { return {&static_cast<V*>(t)->emplace_back(), &ops_of<T>}; }
    static constexpr type_ops array_ops = [] {
        auto o = rejecting("an array");
        o.kind = frame_kind::array;
        o.next_element = &next;
        return o;
    }();
    static constexpr type_ops make() noexcept {
        auto o = rejecting("an array");
        o.begin_array = &arr;
        return o;
    }
};

// ---- std::map<std::string, T>: a JSON object with any keys ----

template <class M>
requires is_string_map<M>::value struct ops_maker<M> {
    using T = typename M::mapped_type;
    static slot obj(void* t) noexcept {
        static_cast<M*>(t)->clear();
        return {t, &map_ops};
    }
    static slot entry(void* t, std::string_view key, std::string_view* stored) {
        auto it = static_cast<M*>(t)->try_emplace(std::string(key)).first;
        it->second = T{}; // a repeated key: the last one wins
        *stored = it->first;
        return {&it->second, &ops_of<T>};
    }
    static constexpr type_ops map_ops = [] {
        auto o = rejecting("an object");
        o.kind = frame_kind::map;
        o.map_entry = &entry;
        return o;
    }();
    static constexpr type_ops make() noexcept {
        auto o = rejecting("an object");
        o.begin_object = &obj;
        return o;
    }
};

// ---- described structs: members by key, through a compile-time hash table ----

constexpr std::uint32_t table_size_for(std::size_t keys) noexcept {
    std::uint32_t n = 2;
    while (n < keys * 2)
        n *= 2;
    return n;
}

// The tables are built by pack expansion over the descriptors (no lambda per member: a member adds
// only its member_address function); the keys come from struct_keys, in the same order.
template <class T, template <class...> class L, class... D>
constexpr std::array<member_entry, sizeof...(D)> make_members(L<D...>*) noexcept {
    [[maybe_unused]] const std::string_view* key = struct_keys<T>::keys.data(); // unused by an empty struct
    return {{member_entry{*key++, &member_address<T, D>, &ops_of<member_type<T, D>>}...}};
}

// Enters every member's key (and its alternate key) in an open-addressing table of N slots.
template <std::uint32_t N, std::size_t M>
constexpr std::array<key_entry, N>
make_key_table(const std::array<member_entry, M>& members,
               const std::array<std::string_view, M>& alternates) noexcept {
    std::array<key_entry, N> k{};
    auto put = [&k, &members](std::string_view key, std::uint16_t member) {
        std::uint32_t i = hash_words(key.size(), words_of(key)) & (N - 1);
        while (k[i].member != 0xFFFF)
            i = (i + 1) & (N - 1);
        k[i] = make_key_entry(key, members[member], member);
    };
    for (std::uint16_t m = 0; m < M; ++m) {
        put(members[m].key, m);
        if (!alternates[m].empty()) put(alternates[m], m);
    }
    return k;
}

template <std::size_t M>
constexpr std::size_t count_keys(const std::array<std::string_view, M>& alternates) noexcept {
    std::size_t n = M;
    for (auto a : alternates)
        n += a.empty() ? 0 : 1;
    return n;
}

/// Specialised (with `static constexpr auto pointer = &W::m;`, m a `B*`) for a described struct W
/// whose JSON object also holds the members of the B that m points to, as if B's members were W's
/// own: the reader fills a struct owned elsewhere and reads extra keys beside it.
template <class W>
struct flattened {};

template <class W>
concept has_flattened = requires {
    flattened<W>::pointer;
};

template <class W>
using flattened_type = std::remove_pointer_t<member_type<W, flattened<W>>>;

/// The address of member D of the B that the W at `o` points to.
template <class W, class D>
void* flattened_address(void* o) noexcept {
    return &((static_cast<W*>(o)->*flattened<W>::pointer)->*D::pointer);
}

template <class W, class B, template <class...> class LB, class... DB, template <class...> class LW,
          class... DW>
constexpr std::array<member_entry, sizeof...(DB) + sizeof...(DW)>
make_flattened_members(LB<DB...>*, LW<DW...>*) noexcept {
    [[maybe_unused]] const std::string_view* kb = struct_keys<B>::keys.data();
    [[maybe_unused]] const std::string_view* kw = struct_keys<W>::keys.data();
    return {{member_entry{*kb++, &flattened_address<W, DB>, &ops_of<member_type<B, DB>>}...,
             member_entry{*kw++, &member_address<W, DW>, &ops_of<member_type<W, DW>>}...}};
}

template <std::size_t M, std::size_t N>
constexpr std::array<std::string_view, M + N> concatenate(const std::array<std::string_view, M>& a,
                                                          const std::array<std::string_view, N>& b) noexcept {
    std::array<std::string_view, M + N> out{};
    for (std::size_t i = 0; i < M; ++i)
        out[i] = a[i];
    for (std::size_t i = 0; i < N; ++i)
        out[M + i] = b[i];
    return out;
}

template <class T>
struct struct_tables {
    using L = described_members<T>;
    static constexpr std::size_t size = boost::mp11::mp_size<L>::value;
    static_assert(size < 0xFFFF, "too many members");

    static constexpr std::array<member_entry, size> members = make_members<T>(static_cast<L*>(nullptr));
    static constexpr std::uint32_t capacity = table_size_for(count_keys(struct_keys<T>::alternates));
    static constexpr std::array<key_entry, capacity> keys =
        make_key_table<capacity>(members, struct_keys<T>::alternates);
};

template <class W>
requires has_flattened<W>
struct struct_tables<W> {
    using B = flattened_type<W>;
    using LB = described_members<B>;
    using LW = described_members<W>;
    static constexpr std::size_t size = boost::mp11::mp_size<LB>::value + boost::mp11::mp_size<LW>::value;
    static_assert(size < 0xFFFF, "too many members");

    static constexpr std::array<member_entry, size> members =
        make_flattened_members<W, B>(static_cast<LB*>(nullptr), static_cast<LW*>(nullptr));
    static constexpr std::array<std::string_view, size> alternates =
        concatenate(struct_keys<B>::alternates, struct_keys<W>::alternates);
    static constexpr std::uint32_t capacity = table_size_for(count_keys(alternates));
    static constexpr std::array<key_entry, capacity> keys = make_key_table<capacity>(members, alternates);
};

template <class T>
requires is_struct_v<T>
struct ops_maker<T> {
    static constexpr type_ops make() noexcept {
        auto o = rejecting("an object");
        o.is_struct = true;
        o.keys = struct_tables<T>::keys.data();
        o.key_mask = struct_tables<T>::capacity - 1;
        o.members = struct_tables<T>::members.data();
        return o;
    }
};

} // namespace gchat::json::detail

#endif
