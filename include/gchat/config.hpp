// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_CONFIG_HPP
#define GCHAT_CONFIG_HPP

// Version: MAJOR * 100000 + MINOR * 100 + PATCH.
#define GCHAT_VERSION 100
#define GCHAT_VERSION_STRING "0.1.0"

// gchat is header-only. Defining GCHAT_SEPARATE_COMPILATION makes the non-template functions
// declarations only; one translation unit of the user's then includes <gchat/src.hpp>.
#ifdef GCHAT_SEPARATE_COMPILATION
#define GCHAT_DECL
#else
#define GCHAT_DECL inline
#endif

// The JSON reader's and writer's hot paths are forced inline where the compiler optimises. In an
// unoptimised build (-O0, as Debug and sanitizer builds often are) forcing gains nothing and multiplies
// the frame of the recursive reader: 11 KB per level of nesting under ASan, which 1,024 levels took
// past an 8 MB stack.
#if defined(__OPTIMIZE__) && (defined(__GNUC__) || defined(__clang__))
#define GCHAT_HOT_INLINE inline __attribute__((always_inline))
#else
#define GCHAT_HOT_INLINE inline
#endif

// g++ 12 reports a false -Wmismatched-new-delete on Asio's awaitable frames in optimised builds (GCC bug
// 109224: the frame's class operator new and sized operator delete, once inlined, look mismatched).
// Headers that define coroutines wrap them in these, so that a user's -O2 -Werror build stays clean.
#if defined(__GNUC__) && !defined(__clang__)
#define GCHAT_COROUTINES_BEGIN                                                                               \
    _Pragma("GCC diagnostic push") _Pragma("GCC diagnostic ignored \"-Wmismatched-new-delete\"")
#define GCHAT_COROUTINES_END _Pragma("GCC diagnostic pop")
#else
#define GCHAT_COROUTINES_BEGIN
#define GCHAT_COROUTINES_END
#endif

namespace boost {
namespace asio {}
namespace beast {}
namespace system {}
} // namespace boost

namespace gchat {
namespace asio = boost::asio;
namespace beast = boost::beast;
namespace system = boost::system;

namespace detail {
/// T, spelled as a type that depends on D. In a function template with parameter D (gchat's
/// `template <class = void>` functions), an object of type dependent_t<T, D> makes the compiler define
/// what T's use needs (copies, the JSON reader's tables, ...) only when the template is instantiated,
/// not when the header is read.
template <class T, class D>
struct dependent {
    using type = T;
};
template <class T, class D>
using dependent_t = typename dependent<T, D>::type;
} // namespace detail
} // namespace gchat

#endif
