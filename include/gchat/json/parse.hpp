// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_PARSE_HPP
#define GCHAT_JSON_PARSE_HPP

#include <gchat/config.hpp>
#include <gchat/diagnostics.hpp>
#include <gchat/error.hpp>
#include <gchat/json/detail/scanner.hpp>

#include <boost/json/fwd.hpp>
#include <boost/system/result.hpp>

#include <cstddef>
#include <string_view>

namespace gchat::json {

/// Limits on what a parse accepts. Input beyond them is an error, never unbounded work.
struct parse_options {
    /// Deepest nesting of objects and arrays accepted (errc::json_too_deep beyond). The reader recurses
    /// once per level of the C++ types it fills, so values above 1,024 are read as 1,024.
    std::size_t max_depth = 64;
    /// Largest input accepted, in bytes (errc::json_too_large beyond); 0 for no limit.
    std::size_t max_size = 64 * 1024 * 1024;
};

/// Parses JSON text straight into gchat's described structs, with no intermediate DOM.
///
/// Reading is lenient the way protobuf JSON is: unknown keys are skipped; lowerCamelCase and
/// snake_case keys are both accepted; int64 as a number or a string; bools also as "true"/"false";
/// timestamps as RFC 3339 or {seconds, nanos}; unknown enum names become `unrecognized`; null is absent.
///
/// A reader keeps its buffers between parses: reuse one (per connection, per thread) and parsing
/// allocates only what the results keep. Not thread-safe; cheap to move.
class reader {
  public:
    explicit reader(parse_options opts = {}) noexcept : opts_(opts) {}

    /// Parses `text`, which must be one JSON object, into a T.
    template <class T>
    boost::system::result<T> parse(std::string_view text) {
        T out{};
        if (auto ec = parse_into(text, out, nullptr)) return ec;
        return out;
    }

    /// As parse(text), and on failure says in `diag.client_message` what failed and where
    /// (the JSON path and the byte offset).
    template <class T>
    boost::system::result<T> parse(std::string_view text, diagnostics& diag) {
        T out{};
        if (auto ec = parse_into(text, out, &diag)) return ec;
        return out;
    }

    /// Parses into an existing object. Fields the text does not name, or names with null, are left as
    /// they are; an array replaces the vector's elements; an object is read into the member in place.
    template <class T>
    boost::system::error_code parse_into(std::string_view text, T& out, diagnostics* diag) {
        return run(text, detail::slot{&out, &detail::ops_of<T>}, diag);
    }

    /// Reads a boost::json::value (already parsed) into a T with the same rules.
    template <class T>
    boost::system::error_code read_into(const boost::json::value& v, T& out, diagnostics* diag) {
        return run_dom(v, detail::slot{&out, &detail::ops_of<T>}, diag);
    }

    const parse_options& options() const noexcept { return opts_; }

  private:
    GCHAT_DECL boost::system::error_code run(std::string_view text, detail::slot root, diagnostics* diag,
                                             bool with_offset = true);
    GCHAT_DECL boost::system::error_code run_dom(const boost::json::value& v, detail::slot root,
                                                 diagnostics* diag);

    parse_options opts_;
    detail::scanner scanner_;
};

/// Parses `text` (one JSON object) into a T. See reader for the rules.
template <class T>
boost::system::result<T> parse(std::string_view text, const parse_options& opts = {}) {
    reader r(opts);
    return r.parse<T>(text);
}

/// As parse(text), filling `diag.client_message` with the JSON path and byte offset of a failure.
template <class T>
boost::system::result<T> parse(std::string_view text, diagnostics& diag, const parse_options& opts = {}) {
    reader r(opts);
    return r.parse<T>(text, diag);
}

} // namespace gchat::json

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/json/impl/parse.ipp>
#endif

#endif
