// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_DETAIL_TRAITS_HPP
#define GCHAT_JSON_DETAIL_TRAITS_HPP

#include <gchat/model/boxed.hpp>
#include <gchat/model/timestamp.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/json/fwd.hpp>

#include <cstdint>
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

/// The address of member D of the T at `o` (the reader's and the writer's tables hold these).
/// A function per member costs compile time (0.5-1.1 s of g++ -O2 for a TU that parses events, in two
/// A/B measurements). Tables of offsets were tried instead (the constant member pointers' bytes, read at
/// run time): parsing a card event was 8% slower, probably because each member's address then waits on
/// two dependent loads, where the predicted call's `lea` does not.
template <class T, class D>
void* member_address(void* o) noexcept {
    return &(static_cast<T*>(o)->*D::pointer);
}

} // namespace gchat::json::detail

#endif
