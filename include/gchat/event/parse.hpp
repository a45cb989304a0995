// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_EVENT_PARSE_HPP
#define GCHAT_EVENT_PARSE_HPP

// parse_event: the body of an interaction event request -> gchat::event, in either of Google's
// two formats (Chat app or Workspace add-on), in one pass over the text and with no DOM.

#include <gchat/config.hpp>
#include <gchat/diagnostics.hpp>
#include <gchat/error.hpp>
#include <gchat/event/event.hpp>
#include <gchat/json/parse.hpp>

#include <boost/system/error_code.hpp>
#include <boost/system/result.hpp>

#include <new>
#include <string_view>
#include <type_traits>

namespace gchat {

/// Parses the body of an interaction event into `out` (which is overwritten), using `reader`'s
/// buffers. The format is detected: a body with a top-level `chat` object, or with a
/// `commonEventObject` and no `type`, is a Workspace add-on event and is mapped onto the Chat event's
/// members (see event); anything else is read as the Chat app event. `out.envelope` says which.
///
/// Reading is lenient (unknown keys and enum values are kept out of the way, timestamps in either
/// form, booleans as strings). On failure `out` is unspecified, the result is a gchat::errc
/// (invalid_json, json_empty_input, json_type_mismatch, invalid_utf8, json_too_deep,
/// json_not_an_object, ...) and, when `diag` is given, `diag->client_message` names the JSON path
/// (`message.annotations[0].startIndex`) and the byte offset. The message never quotes the body, so
/// tokens in it do not reach a log.
///
/// A function template only so that its body is compiled where an event is parsed: a header-only
/// translation unit that includes this header (or <gchat.hpp>) and never parses an event does not
/// instantiate the reader for the whole event tree. Call it as a plain function (the template
/// parameter is never given); with GCHAT_SEPARATE_COMPILATION it is compiled once, in src.hpp's TU.
template <class = void>
boost::system::error_code parse_event_into(std::string_view body, json::reader& reader, event& out,
                                           diagnostics* diag);

#ifdef GCHAT_SEPARATE_COMPILATION
extern template boost::system::error_code parse_event_into<void>(std::string_view body, json::reader& reader,
                                                                 event& out, diagnostics* diag);
#endif

namespace detail {
// Converts to a default-initialised T: `result(in_place_value)` alone would value-initialise the
// event, zeroing all of its 5 KB first.
struct default_initialised {
    template <class T>
    operator T() const noexcept(std::is_nothrow_default_constructible_v<T>) {
        T t;
        return t;
    }
};

// The event is read in the result's own storage, which is returned by NRVO: no move of the tree.
template <class D>
boost::system::result<event> parse_event_result(std::string_view body, json::reader& reader,
                                                diagnostics* diag) {
    boost::system::result<dependent_t<event, D>> r(boost::system::in_place_value, default_initialised{});
    if (auto ec = parse_event_into(body, reader, *r, diag)) {
        // Replacing the object (rather than `r = ec`, which would instantiate the move assignment of
        // the whole event tree) keeps the single return object that NRVO needs.
        r.~result();
        ::new (static_cast<void*>(&r)) boost::system::result<event>(ec);
    }
    return r;
}
} // namespace detail

/// Parses an interaction event with a reusable reader: a server keeps one reader per connection (or
/// per thread) and then allocates only the strings the event keeps.
template <class D = void>
boost::system::result<event> parse_event(std::string_view body, json::reader& reader) {
    return detail::parse_event_result<D>(body, reader, nullptr);
}

/// As parse_event(body, reader), filling `diag` on failure.
template <class D = void>
boost::system::result<event> parse_event(std::string_view body, json::reader& reader, diagnostics& diag) {
    return detail::parse_event_result<D>(body, reader, &diag);
}

/// Parses an interaction event (both formats; see parse_event_into).
template <class = void>
boost::system::result<event> parse_event(std::string_view body) {
    json::reader reader;
    return parse_event(body, reader);
}

/// As parse_event(body), filling `diag.client_message` with the JSON path and offset of a failure.
template <class = void>
boost::system::result<event> parse_event(std::string_view body, diagnostics& diag) {
    json::reader reader;
    return parse_event(body, reader, diag);
}

} // namespace gchat

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/event/impl/parse.ipp>
#endif

#endif
