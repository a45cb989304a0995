// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_DETAIL_SCANNER_HPP
#define GCHAT_JSON_DETAIL_SCANNER_HPP

#include <gchat/config.hpp>
#include <gchat/error.hpp>
#include <gchat/json/detail/ops.hpp>

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

namespace gchat::json::detail {

/// Why and where a read failed.
struct scan_failure {
    errc code{};
    std::size_t offset = 0;    // byte offset in the text
    const char* expected = ""; // type errors: what the field takes ("an integer")
    const char* got = "";      // type errors: what the text had ("a string"); syntax errors: what was wrong
    std::string path;          // the JSON path of the value that failed ("annotations[1].startIndex")
};

/// gchat's JSON reader: one pass over the text, straight into the objects the type_ops tables
/// describe. Not a template (the tables carry the types), so it is compiled once.
///
/// It is a recursive-descent parser over the tables: a value the tables want is read by recursion
/// (as deep as the C++ types nest, bounded by max_depth); a value nobody reads (an unknown key) is
/// checked and skipped without recursion, so hostile nesting cannot exhaust the stack. Strings without
/// escapes are handed over as views of the input; UTF-8 is validated as it is scanned.
class scanner {
  public:
    /// Reads `text`, which must hold exactly one JSON object (and white space), into `root`.
    /// On failure, failure() says why and where.
    GCHAT_DECL bool read(std::string_view text, slot root, std::size_t max_depth);

    const scan_failure& failure() const noexcept { return failure_; }

  private:
    enum class segment_kind : unsigned char { key, map_key, index };
    struct segment {
        segment_kind kind;
        std::string key;
        std::size_t index;
    };

    GCHAT_DECL bool value(slot s, std::size_t depth);
    // value()'s body, inlined into object() for a member's value (the commonest value): that copy's
    // branches learn members' values apart from array elements' and the root's.
    GCHAT_HOT_INLINE bool member_value(slot s, std::size_t depth);
    GCHAT_DECL bool object(slot c, std::size_t depth);
    GCHAT_DECL bool array(slot c, std::size_t depth);
    // number(), literal() ('t', 'f') and type_error() take the table of the value's own type
    // (value() has walked through the wrappers).
    GCHAT_DECL bool number(slot s);
    GCHAT_DECL bool literal(slot s);
    GCHAT_HOT_INLINE bool leaf_string(slot s);
    bool leaf_bool(slot s);
    static bool enum_value(void* target, const type_ops& o, std::string_view name) noexcept;
    GCHAT_DECL bool capture(slot s, std::size_t depth);
    GCHAT_DECL bool skip(std::size_t depth);
    // At a '"': the string's text (a view of the input, or of scratch_ if it had escapes), p_ past it.
    GCHAT_HOT_INLINE std::string_view string(bool keep = true);
    GCHAT_DECL std::string_view string_slow(bool keep, const char* q);
    GCHAT_DECL bool escape(const char*& q, std::string* out);
    GCHAT_DECL bool scan_number(bool& integral, bool& negative, std::uint64_t& magnitude);
    GCHAT_DECL bool expect_literal(std::string_view word);
    GCHAT_DECL bool type_error(errc e, const char* got, const type_ops* ops, std::size_t at);
    GCHAT_DECL bool syntax_error(const char* what);
    GCHAT_DECL bool truncated();
    GCHAT_DECL bool too_deep();
    GCHAT_DECL void note(segment_kind kind, std::string_view key, std::size_t index);

    // At a token already, or one space before it (most calls), without a call; otherwise skip_blank()
    // passes the white space. Defined in scanner.ipp with skip_blank(): with GCHAT_SEPARATE_COMPILATION
    // a user's TU sees neither body, so no inline function of the header uses one it cannot see.
    GCHAT_HOT_INLINE void skip_space() noexcept;
    // Inlined at each of skip_space()'s sites, so that each site's branches learn the white space that
    // follows its token (one shared copy mispredicted its loop's exit: some 12% of an event's parse).
    GCHAT_HOT_INLINE void skip_blank() noexcept;

    const char* begin_ = nullptr;
    const char* p_ = nullptr;
    const char* end_ = nullptr;
    std::size_t max_depth_ = 0;
    std::string scratch_;        // a string value with escapes, unescaped
    std::string skip_stack_;     // skip(): the kinds of the containers it is inside
    std::vector<segment> trail_; // on failure: the path, innermost segment first
    scan_failure failure_;
};

} // namespace gchat::json::detail

#ifndef GCHAT_SEPARATE_COMPILATION
#include <gchat/json/impl/scanner.ipp>
#endif

#endif
