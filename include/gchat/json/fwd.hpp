// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_FWD_HPP
#define GCHAT_JSON_FWD_HPP

// Declares gchat's Boost.JSON conversions, so that every model header makes `value_from`/`value_to`
// pick them (and never Boost's strict built-in conversion of described types). The definitions are
// in <gchat/json/conversion.hpp>; a call without it fails to link instead of silently reading strictly.

#include <gchat/json/naming.hpp>

#include <boost/describe/enumerators.hpp>
#include <boost/describe/members.hpp>
#include <boost/json/fwd.hpp>
#include <boost/system/result.hpp>

#include <type_traits>

namespace gchat {
namespace json {

/// True for the types gchat converts: described structs and enums (found by ADL in namespace gchat).
template <class T>
inline constexpr bool is_described_v =
    boost::describe::has_describe_members<T>::value || boost::describe::has_describe_enumerators<T>::value;

} // namespace json

template <class T>
requires json::is_described_v<T>
void tag_invoke(const boost::json::value_from_tag&, boost::json::value& jv, const T& v);

template <class T>
requires json::is_described_v<T> T tag_invoke(const boost::json::value_to_tag<T>&,
                                              const boost::json::value& jv);

template <class T>
requires json::is_described_v<T> boost::system::result<T> tag_invoke(const boost::json::try_value_to_tag<T>&,
                                                                     const boost::json::value& jv);

} // namespace gchat

#endif
