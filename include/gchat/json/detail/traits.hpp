// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_DETAIL_TRAITS_HPP
#define GCHAT_JSON_DETAIL_TRAITS_HPP

#include <gchat/model/boxed.hpp>
#include <gchat/model/timestamp.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/json/fwd.hpp>

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <map>
#include <optional>
#include <string>
#include <type_traits>
#include <utility>
#include <vector>

namespace gchat::json::detail {

template <class T>
struct is_optional : std::false_type {};
template <class T>
struct is_optional<std::optional<T>> : std::true_type {};

template <class T>
struct is_boxed : std::false_type {};
template <class T>
struct is_boxed<gchat::boxed<T>> : std::true_type {};

template <class T>
struct is_vector : std::false_type {};
template <class T, class A>
struct is_vector<std::vector<T, A>> : std::true_type {};

template <class T>
struct is_string_map : std::false_type {};
template <class T, class C, class A>
struct is_string_map<std::map<std::string, T, C, A>> : std::true_type {};

template <class T>
inline constexpr bool is_struct_v = boost::describe::has_describe_members<T>::value;

template <class T>
inline constexpr bool is_enum_v = std::is_enum_v<T>&& boost::describe::has_describe_enumerators<T>::value;

// Integers proto3 JSON writes as strings (int64, uint64) rather than numbers.
template <class T>
inline constexpr bool is_wide_integer_v = std::is_integral_v<T> && !std::is_same_v<T, bool> && sizeof(T) == 8;

template <class T>
inline constexpr bool is_integer_v = std::is_integral_v<T> && !std::is_same_v<T, bool>;

/// The type of member descriptor D's member of T.
template <class T, class D>
using member_type = std::remove_cvref_t<decltype(std::declval<T&>().*D::pointer)>;

/// Where a data member is in its class, in a table built at compile time: the address of a constant
/// data member pointer, whose bytes are read at run time as the member's offset. That is how the
/// Itanium C++ ABI (g++ and clang on every platform but Windows) represents a data member pointer; no
/// constant expression can read the offset itself. A function per member did the same work at the cost
/// of a function to compile for every member of every type read or written (465 for an event: ~1.1 s
/// of g++ -O2 in each translation unit that parses one).
struct member_offset {
    const void* pointer = nullptr;

    std::ptrdiff_t get() const noexcept {
        std::ptrdiff_t offset;
        std::memcpy(&offset, pointer, sizeof offset);
        return offset;
    }
};

/// Member D of T as a pointer to a member of T: D's may point into a base of T, and converting it
/// makes its offset one from the start of a T.
template <class T, class D>
struct member_pointer {
    using type = std::remove_reference_t<decltype(std::declval<T&>().*D::pointer)> T::*;
    static_assert(sizeof(type) == sizeof(std::ptrdiff_t),
                  "gchat reads a data member pointer as an offset, as the Itanium C++ ABI lays it out");
    static constexpr type value = D::pointer;
};

/// Where member D of T is (D: a member descriptor, or any class with a constant `pointer`).
template <class T, class D>
inline constexpr member_offset offset_of{&member_pointer<T, D>::value};

/// The member at `offset` in the object at `o`.
inline void* member_at(void* o, member_offset offset) noexcept {
    return static_cast<char*>(o) + offset.get();
}

} // namespace gchat::json::detail

#endif
