// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_DETAIL_HANDLER_HPP
#define GCHAT_JSON_DETAIL_HANDLER_HPP

#include <gchat/config.hpp>
#include <gchat/diagnostics.hpp>
#include <gchat/json/detail/ops.hpp>

#include <boost/json/basic_parser.hpp>
#include <boost/json/string_view.hpp>
#include <boost/json/value.hpp>
#include <boost/json/value_stack.hpp>

#include <cstddef>
#include <optional>
#include <string>
#include <vector>

namespace gchat::json::detail {

struct frame {
    void* object;
    const type_ops* ops;
    std::string_view key; // object and map frames: the key whose value is being read
    std::size_t index;    // array frames: elements begun so far
};

/// The SAX handler Boost.JSON's basic_parser drives. Not a template: the types it fills are
/// described by type_ops tables, so this class and the parser are compiled once.
class handler {
  public:
    static constexpr std::size_t max_object_size = std::size_t(-1) >> 1;
    static constexpr std::size_t max_array_size = std::size_t(-1) >> 1;
    static constexpr std::size_t max_key_size = std::size_t(-1) >> 1;
    static constexpr std::size_t max_string_size = std::size_t(-1) >> 1;

    using sv = boost::json::string_view;
    using ec_t = boost::system::error_code;

    GCHAT_DECL void start(slot root, std::size_t max_depth);

    GCHAT_DECL bool on_document_begin(ec_t& ec);
    GCHAT_DECL bool on_document_end(ec_t& ec);
    GCHAT_DECL bool on_object_begin(ec_t& ec);
    GCHAT_DECL bool on_object_end(std::size_t n, ec_t& ec);
    GCHAT_DECL bool on_array_begin(ec_t& ec);
    GCHAT_DECL bool on_array_end(std::size_t n, ec_t& ec);
    GCHAT_DECL bool on_key_part(sv s, std::size_t n, ec_t& ec);
    GCHAT_DECL bool on_key(sv s, std::size_t n, ec_t& ec);
    GCHAT_DECL bool on_string_part(sv s, std::size_t n, ec_t& ec);
    GCHAT_DECL bool on_string(sv s, std::size_t n, ec_t& ec);
    bool on_number_part(sv, ec_t&) noexcept { return true; }
    GCHAT_DECL bool on_int64(std::int64_t v, sv, ec_t& ec);
    GCHAT_DECL bool on_uint64(std::uint64_t v, sv, ec_t& ec);
    GCHAT_DECL bool on_double(double v, sv, ec_t& ec);
    GCHAT_DECL bool on_bool(bool v, ec_t& ec);
    GCHAT_DECL bool on_null(ec_t& ec);
    bool on_comment_part(sv, ec_t&) noexcept { return true; }
    bool on_comment(sv, ec_t&) noexcept { return true; }

    /// After a failure: the JSON path of the value that failed ("message.annotations[0].startIndex").
    GCHAT_DECL std::string path() const;
    const char* expected() const noexcept { return expected_; }
    const char* got() const noexcept { return got_; }
    bool failed_at_root_kind() const noexcept { return root_not_object_; }

  private:
    enum class scalar { string, int64, uint64, dbl, boolean, null };
    GCHAT_DECL slot take_slot();
    static GCHAT_DECL slot unwrap(slot s);
    GCHAT_DECL bool fail(ec_t& ec, errc e, const char* got, const type_ops* ops);
    GCHAT_DECL bool begin_container(ec_t& ec, bool object);
    GCHAT_DECL bool end_container(ec_t& ec, std::size_t n, bool object);
    GCHAT_DECL bool scalar_value(ec_t& ec, scalar kind, std::string_view s, std::int64_t i, std::uint64_t u,
                                 double d, bool b);
    GCHAT_DECL void dom_scalar(scalar kind, std::string_view s, std::int64_t i, std::uint64_t u, double d,
                               bool b);

    std::vector<frame> frames_;
    slot root_{};
    slot pending_{}; // the member chosen by the last key; ops == nullptr: skip the value
    bool root_taken_ = false;
    bool root_not_object_ = false;
    std::string scratch_; // a string or key that arrives in parts
    std::string skipped_key_;
    std::size_t skip_depth_ = 0; // > 0: inside a value nobody reads
    std::size_t dom_depth_ = 0;  // > 0: building a boost::json::value
    boost::json::value* dom_target_ = nullptr;
    std::optional<boost::json::value_stack> dom_;
    const char* expected_ = "";
    const char* got_ = "";
    std::size_t error_frames_ = std::size_t(-1); // frames_ the failing value was in (all: a syntax error)
};

} // namespace gchat::json::detail

#endif
