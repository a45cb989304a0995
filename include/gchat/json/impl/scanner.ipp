// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_IMPL_SCANNER_IPP
#define GCHAT_JSON_IMPL_SCANNER_IPP

#include <gchat/json/detail/scanner.hpp>

#include <boost/json/parse.hpp>

#include <bit>
#include <charconv>
#if defined(__SSE2__)
#include <emmintrin.h>
#endif
#include <cstring>
#include <limits>

namespace gchat::json::detail {

namespace scan {

constexpr std::uint64_t ones = 0x0101010101010101ull;
constexpr std::uint64_t highs = 0x8080808080808080ull;

inline std::uint64_t load8(const char* p) noexcept {
    std::uint64_t w;
    std::memcpy(&w, p, 8);
    return w;
}

// Two bytes at p as one load, to compare with pair(): one test for a two-byte token.
inline std::uint16_t load2(const char* p) noexcept {
    std::uint16_t w;
    std::memcpy(&w, p, 2);
    return w;
}

constexpr std::uint16_t pair(char a, char b) noexcept {
    const auto lo = static_cast<unsigned char>(a), hi = static_cast<unsigned char>(b);
    return std::endian::native == std::endian::little ? static_cast<std::uint16_t>(lo | hi << 8)
                                                      : static_cast<std::uint16_t>(hi | lo << 8);
}

// A high bit in every byte of `w` that ends a plain run of string text: '"', '\\', a control
// character or a non-ASCII byte. Borrows can only mark bytes after a marked one, so the lowest
// mark is exact.
inline std::uint64_t special_bytes(std::uint64_t w) noexcept {
    auto zero = [](std::uint64_t v) { return (v - ones) & ~v & highs; };
    return zero(w ^ (ones * '"')) | zero(w ^ (ones * '\\')) | ((w - ones * 0x20) & ~w & highs) | (w & highs);
}

inline bool is_special(unsigned char c) noexcept {
    return c == '"' || c == '\\' || c < 0x20 || c >= 0x80;
}

// Whole sixteen-byte blocks from `q`: the first byte that ends a plain run of string text, or, if
// none does, the first byte of the last (under sixteen) bytes, which are not checked. Either way every
// byte before the result is plain. Inlined into string(): a call per key and string value was a few
// percent of an event's parse.
GCHAT_HOT_INLINE const char* plain_blocks(const char* q, const char* end) noexcept {
#if defined(__SSE2__)
    const __m128i quote = _mm_set1_epi8('"'), backslash = _mm_set1_epi8('\\'), space = _mm_set1_epi8(0x20);
    while (end - q >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
        // Signed compare: bytes below 0x20 and bytes from 0x80 (negative) both count.
        const __m128i m = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
                                       _mm_cmplt_epi8(v, space));
        if (int bits = _mm_movemask_epi8(m); bits != 0)
            return q + std::countr_zero(static_cast<unsigned>(bits));
        q += 16;
    }
#endif
    return q;
}

// The first byte at or after `q` that ends a plain run of string text, or `end`.
inline const char* plain_run(const char* q, const char* end) noexcept {
    q = plain_blocks(q, end);
    if (end - q >= 16) return q;
    if constexpr (std::endian::native == std::endian::little) {
        while (end - q >= 8) {
            if (std::uint64_t m = special_bytes(load8(q)); m != 0) return q + std::countr_zero(m) / 8;
            q += 8;
        }
    }
    while (q != end && !is_special(static_cast<unsigned char>(*q)))
        ++q;
    return q;
}

// Length of the valid UTF-8 sequence at q (whose first byte is >= 0x80), or 0 if it is not one.
inline std::size_t utf8_length(const unsigned char* q, const unsigned char* end) noexcept {
    const unsigned char c = *q;
    std::size_t len;
    unsigned lo = 0x80, hi = 0xBF;
    if (c >= 0xC2 && c <= 0xDF)
        len = 2;
    else if (c >= 0xE0 && c <= 0xEF) {
        len = 3;
        if (c == 0xE0) lo = 0xA0;
        if (c == 0xED) hi = 0x9F; // no UTF-16 surrogates
    } else if (c >= 0xF0 && c <= 0xF4) {
        len = 4;
        if (c == 0xF0) lo = 0x90;
        if (c == 0xF4) hi = 0x8F;
    } else
        return 0;
    if (static_cast<std::size_t>(end - q) < len) return 0;
    if (q[1] < lo || q[1] > hi) return 0;
    for (std::size_t k = 2; k < len; ++k)
        if (q[k] < 0x80 || q[k] > 0xBF) return 0;
    return len;
}

inline void append_utf8(std::string& out, std::uint32_t cp) {
    if (cp < 0x80) {
        out += static_cast<char>(cp);
    } else if (cp < 0x800) {
        out += static_cast<char>(0xC0 | (cp >> 6));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else if (cp < 0x10000) {
        out += static_cast<char>(0xE0 | (cp >> 12));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    } else {
        out += static_cast<char>(0xF0 | (cp >> 18));
        out += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
        out += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
        out += static_cast<char>(0x80 | (cp & 0x3F));
    }
}

inline int hex_digit(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

} // namespace scan

inline void scanner::skip_space() noexcept {
    if (p_ == end_ || static_cast<unsigned char>(*p_) > ' ') return;
    if (*p_ == ' ' && end_ - p_ >= 2 && static_cast<unsigned char>(p_[1]) > ' ') {
        ++p_;
        return;
    }
    skip_blank();
}

// p_ is at a byte <= ' ' (not the end). Stops at the first byte that is not JSON white space (a
// control character other than tab, LF and CR is left for the caller to reject).
inline void scanner::skip_blank() noexcept {
#if defined(__SSE2__)
    const __m128i sp = _mm_set1_epi8(' ');
    if (*p_ == '\n') {
        // A line break and an indentation of spaces (pretty-printed JSON's layout, as after '{' and
        // before '}'): one comparison per sixteen bytes. Any other white space continues below.
        const char* q = p_ + 1;
        while (end_ - q >= 16) {
            const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(q));
            if (const unsigned other =
                    ~static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, sp))) & 0xFFFFu;
                other != 0) {
                q += std::countr_zero(other);
                break;
            }
            q += 16;
        }
        p_ = q;
        if (p_ != end_ && static_cast<unsigned char>(*p_) > ' ') return;
    }
    // Any white space: sixteen bytes at a time.
    const __m128i lf = _mm_set1_epi8('\n'), cr = _mm_set1_epi8('\r'), tab = _mm_set1_epi8('\t');
    while (end_ - p_ >= 16) {
        const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_));
        const __m128i blank = _mm_or_si128(_mm_or_si128(_mm_cmpeq_epi8(v, sp), _mm_cmpeq_epi8(v, lf)),
                                           _mm_or_si128(_mm_cmpeq_epi8(v, cr), _mm_cmpeq_epi8(v, tab)));
        if (const unsigned other = ~static_cast<unsigned>(_mm_movemask_epi8(blank)) & 0xFFFFu; other != 0) {
            p_ += std::countr_zero(other);
            return;
        }
        p_ += 16;
    }
#endif
    while (p_ != end_ && (*p_ == ' ' || *p_ == '\n' || *p_ == '\r' || *p_ == '\t'))
        ++p_;
}

GCHAT_DECL bool scanner::read(std::string_view text, slot root, std::size_t max_depth) {
    begin_ = p_ = text.data();
    end_ = begin_ + text.size();
    max_depth_ = max_depth;
    trail_.clear();
    failure_ = {};
    skip_space();
    if (p_ == end_) return truncated();
    const char* kind = nullptr;
    switch (*p_) {
    case '{':
        break;
    case '[':
        kind = "an array";
        break;
    case '"':
        kind = "a string";
        break;
    case 't':
    case 'f':
        kind = "a boolean";
        break;
    case 'n':
        kind = "null";
        break;
    default:
        if (*p_ == '-' || (*p_ >= '0' && *p_ <= '9'))
            kind = "a number";
        else
            return syntax_error("expected a JSON object");
    }
    if (kind) {
        failure_.code = errc::json_not_an_object;
        failure_.got = kind;
        failure_.offset = static_cast<std::size_t>(p_ - begin_);
        return false;
    }
    bool ok = value(root, 0);
    if (ok) {
        skip_space();
        if (p_ != end_) ok = syntax_error("data after the document");
    }
    if (!ok) {
        for (auto it = trail_.rbegin(); it != trail_.rend(); ++it) {
            switch (it->kind) {
            case segment_kind::key:
                if (it->key.empty()) break;
                if (!failure_.path.empty()) failure_.path += '.';
                failure_.path += it->key;
                break;
            case segment_kind::map_key:
                failure_.path += "[\"";
                failure_.path += it->key;
                failure_.path += "\"]";
                break;
            case segment_kind::index: {
                char buf[24];
                auto r = std::to_chars(buf, buf + sizeof buf, it->index);
                failure_.path += '[';
                failure_.path.append(buf, r.ptr);
                failure_.path += ']';
                break;
            }
            }
        }
    }
    return ok;
}

GCHAT_DECL void scanner::note(segment_kind kind, std::string_view key, std::size_t index) {
    trail_.push_back(segment{kind, std::string(key), index});
}

GCHAT_DECL bool scanner::type_error(errc e, const char* got, const type_ops* ops, std::size_t at) {
    failure_.code = e;
    failure_.got = got;
    failure_.expected = ops ? ops->expected : "";
    failure_.offset = at;
    return false;
}

GCHAT_DECL bool scanner::syntax_error(const char* what) {
    failure_.code = errc::invalid_json;
    failure_.got = what;
    failure_.offset = static_cast<std::size_t>(p_ - begin_);
    return false;
}

GCHAT_DECL bool scanner::too_deep() {
    failure_.code = errc::json_too_deep;
    failure_.offset = static_cast<std::size_t>(p_ - begin_);
    return false;
}

GCHAT_DECL bool scanner::truncated() {
    p_ = end_;
    failure_.code = errc::invalid_json;
    failure_.got = nullptr; // the caller words it: "truncated JSON"
    failure_.offset = static_cast<std::size_t>(end_ - begin_);
    return false;
}

// p_ is at the value's first byte (not the end): the callers have passed the white space before it.
inline bool scanner::member_value(slot s, std::size_t depth) {
    if (s.ops == nullptr) return skip(depth); // a key this version does not know: read and dropped
    if (s.ops->captures_dom) return capture(s, depth);
    const char c = *p_;
    if (c == 'n') return literal(s); // null leaves a wrapper empty
    if (s.ops->leaf != leaf_kind::other) {
        if (c == '"' && is_string_leaf(s.ops->leaf)) return leaf_string(s);
        if ((c == 't' || c == 'f') && !is_string_leaf(s.ops->leaf)) return leaf_bool(s);
    }
    // Through optional and boxed (engaging them) to the value's own type: one call per level. After a
    // type error below, a wrapper stays engaged (the target is unspecified after a failure).
    while (s.ops->emplace)
        s = s.ops->emplace(s.target);
    if (s.ops->captures_dom) return capture(s, depth);
    switch (c) {
    case '{': {
        if (depth >= max_depth_) return too_deep();
        if (!s.ops->is_struct) {
            if (s.ops->begin_object == nullptr)
                return type_error(errc::json_type_mismatch, "an object", s.ops,
                                  static_cast<std::size_t>(p_ - begin_));
            s = s.ops->begin_object(s.target);
        }
        ++p_;
        return object(s, depth + 1);
    }
    case '[': {
        if (depth >= max_depth_) return too_deep();
        if (s.ops->begin_array == nullptr)
            return type_error(errc::json_type_mismatch, "an array", s.ops,
                              static_cast<std::size_t>(p_ - begin_));
        ++p_;
        return array(s.ops->begin_array(s.target), depth + 1);
    }
    case '"': {
        const std::string_view text = string();
        if (text.data() == nullptr) return false;
        if (s.ops->enums.names) return enum_value(s.target, *s.ops, text);
        if (errc e = s.ops->on_string(s.target, text); e != errc{})
            return type_error(e, "a string", s.ops, static_cast<std::size_t>(p_ - 1 - begin_));
        return true;
    }
    case 't':
    case 'f':
        return literal(s);
    default:
        return number(s);
    }
}

GCHAT_DECL bool scanner::value(slot s, std::size_t depth) {
    skip_space();
    if (p_ == end_) return truncated();
    return member_value(s, depth);
}

// A string into a std::string or std::optional<std::string> (s.ops->leaf says which): stored
// directly, without the indirect calls of the general path. Inlined into object(), whose commonest
// member it reads: the call was some 1.5% of an event's parse.
GCHAT_HOT_INLINE bool scanner::leaf_string(slot s) {
    const std::string_view text = string();
    if (text.data() == nullptr) return false;
    if (s.ops->leaf == leaf_kind::optional_string)
        static_cast<std::optional<std::string>*>(s.target)->emplace(text);
    else
        static_cast<std::string*>(s.target)->assign(text.data(), text.size());
    return true;
}

// A described enum's value by its JSON name (a name this version does not know: `unrecognized`).
inline bool scanner::enum_value(void* target, const type_ops& o, std::string_view name) noexcept {
    const enum_info& e = o.enums;
    std::size_t i = find_enum_name(e.names, e.count, name); // as enum_from_string does
    if (i == e.count) i = e.unrecognized;
    const char* v = static_cast<const char*>(e.values) + i * e.width;
    // Fixed sizes: a load and a store, not a call to memcpy.
    switch (e.width) {
    case 1:
        std::memcpy(target, v, 1);
        break;
    case 2:
        std::memcpy(target, v, 2);
        break;
    case 4:
        std::memcpy(target, v, 4);
        break;
    default:
        std::memcpy(target, v, 8);
    }
    return true;
}

// true or false into a bool or std::optional<bool> (s.ops->leaf says which), likewise.
inline bool scanner::leaf_bool(slot s) {
    const bool v = *p_ == 't';
    if (!expect_literal(v ? "true" : "false")) return false;
    if (s.ops->leaf == leaf_kind::optional_boolean)
        static_cast<std::optional<bool>*>(s.target)->emplace(v);
    else
        *static_cast<bool*>(s.target) = v;
    return true;
}

GCHAT_DECL bool scanner::object(slot c, std::size_t depth) {
    skip_space();
    if (p_ == end_) return truncated();
    if (*p_ != '}') {
        for (;;) {
            if (*p_ != '"') return syntax_error("expected a key (a string)");
            const std::string_view key = string();
            if (key.data() == nullptr) return false;
            // `"key": value`, nearly every member of pretty-printed JSON: the ':' and the space up to the
            // value in one test (a quarter of the instructions between a key and its value). Any other
            // layout (`"key":value` too) takes the general path.
            if (end_ - p_ >= 3 && scan::load2(p_) == scan::pair(':', ' ') &&
                static_cast<unsigned char>(p_[2]) > ' ') {
                p_ += 2;
            } else {
                skip_space();
                if (p_ == end_) return truncated();
                if (*p_ != ':') return syntax_error("expected ':' after a key");
                ++p_;
                skip_space();
                if (p_ == end_) return truncated();
            }
            slot member{};
            segment_kind kind = segment_kind::key;
            std::string_view name = key;  // for the path; an unknown key's is the text's
            std::uint16_t index = 0xFFFF; // a struct member's (its name is looked up on failure)
            if (c.ops->kind == frame_kind::map) {
                kind = segment_kind::map_key;
                member = c.ops->map_entry(c.target, key, &name);
            } else if (const key_entry* e = find_key(*c.ops, key)) {
                index = e->member;
                member = {e->addr(c.target), e->ops};
            }
            // The commonest member, a string into a string, without the call to value().
            const bool ok = *p_ == '"' && member.ops && is_string_leaf(member.ops->leaf)
                                ? leaf_string(member)
                                : member_value(member, depth);
            if (!ok) {
                // An unknown key's text may sit in scratch_; skipping its value leaves scratch_ alone.
                note(kind, index != 0xFFFF ? c.ops->members[index].key : name, 0);
                return false;
            }
#if defined(__SSE2__)
            // ',', a line break and the next line's indentation (up to 15 spaces) before the next key:
            // pretty-printed JSON's layout, passed in one test.
            if (end_ - p_ >= 18 && scan::load2(p_) == scan::pair(',', '\n')) {
                const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_ + 2));
                const auto spaces =
                    static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))));
                const int n = std::countr_zero(~spaces);
                if (n < 16 && static_cast<unsigned char>(p_[2 + n]) > ' ') {
                    p_ += 2 + n;
                    continue;
                }
            } else if (end_ - p_ >= 17 && *p_ == '\n') {
                // Likewise a line break and the indentation (up to 15 spaces) of the object's '}'.
                const __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(p_ + 1));
                const auto spaces =
                    static_cast<unsigned>(_mm_movemask_epi8(_mm_cmpeq_epi8(v, _mm_set1_epi8(' '))));
                const int n = std::countr_zero(~spaces);
                if (n < 16 && p_[1 + n] == '}') {
                    p_ += 1 + n;
                    break;
                }
            }
#endif
            skip_space();
            if (p_ == end_) return truncated();
            if (*p_ == ',') {
                ++p_;
                skip_space();
                if (p_ == end_) return truncated();
                continue;
            }
            if (*p_ == '}') break;
            return syntax_error("expected ',' or '}' after an object member");
        }
    }
    ++p_;
    if (c.ops->end_object) {
        if (errc e = c.ops->end_object(c.target); e != errc{})
            return type_error(e, "an invalid value", nullptr, static_cast<std::size_t>(p_ - 1 - begin_));
    }
    return true;
}

GCHAT_DECL bool scanner::array(slot c, std::size_t depth) {
    skip_space();
    if (p_ == end_) return truncated();
    if (*p_ == ']') {
        ++p_;
        return true;
    }
    for (std::size_t i = 0;; ++i) {
        if (!value(c.ops->next_element(c.target), depth)) {
            note(segment_kind::index, {}, i);
            return false;
        }
        skip_space();
        if (p_ == end_) return truncated();
        if (*p_ == ',') {
            ++p_;
            continue;
        }
        if (*p_ == ']') {
            ++p_;
            return true;
        }
        return syntax_error("expected ',' or ']' after an array element");
    }
}

// The digits are read through a local pointer, and without an overflow test up to 19 of them (below
// 10^19 < 2^64): the loop's test and the member's load and store were most of an event's number reading.
GCHAT_DECL bool scanner::scan_number(bool& integral, bool& negative, std::uint64_t& magnitude) {
    integral = true;
    negative = false;
    magnitude = 0;
    const char* p = p_;
    const char* const end = end_;
    auto digit = [](char c) { return static_cast<unsigned>(c) - '0'; };
    if (*p == '-') {
        negative = true;
        if (++p == end) return truncated();
    }
    unsigned d = digit(*p);
    if (d > 9) {
        p_ = p;
        return syntax_error(negative ? "expected a digit after '-'" : "expected a value");
    }
    ++p;
    if (d != 0) {
        const char* const first = p - 1;
        std::uint64_t m = d;
        while (p != end && (d = digit(*p)) <= 9) {
            m = m * 10 + d;
            ++p;
        }
        if (p - first > 19) {
            // Past 2^64 the number is read as a double, as Boost.JSON does.
            m = 0;
            for (const char* q = first; q != p; ++q) {
                d = digit(*q);
                if (m > (std::numeric_limits<std::uint64_t>::max() - d) / 10) integral = false;
                m = m * 10 + d;
            }
        }
        magnitude = m;
    }
    if (p != end && *p == '.') {
        integral = false;
        if (++p == end) return truncated();
        if (digit(*p) > 9) {
            p_ = p;
            return syntax_error("expected a digit after '.'");
        }
        while (p != end && digit(*p) <= 9)
            ++p;
    }
    if (p != end && (*p == 'e' || *p == 'E')) {
        integral = false;
        if (++p == end) return truncated();
        if (*p == '+' || *p == '-') {
            if (++p == end) return truncated();
        }
        if (digit(*p) > 9) {
            p_ = p;
            return syntax_error("expected a digit in the exponent");
        }
        while (p != end && digit(*p) <= 9)
            ++p;
    }
    p_ = p;
    return true;
}

GCHAT_DECL bool scanner::number(slot s) {
    const char* start = p_;
    bool integral, negative;
    std::uint64_t magnitude;
    if (!scan_number(integral, negative, magnitude)) return false;
    const std::size_t at = static_cast<std::size_t>(p_ - 1 - begin_);
    constexpr std::uint64_t int64_limit = std::uint64_t(1) << 63;
    errc e{};
    const char* got = "an integer";
    if (integral && !negative) {
        e = magnitude < int64_limit ? s.ops->on_int64(s.target, static_cast<std::int64_t>(magnitude))
                                    : s.ops->on_uint64(s.target, magnitude);
    } else if (integral && magnitude <= int64_limit) {
        e = s.ops->on_int64(s.target, magnitude == int64_limit ? std::numeric_limits<std::int64_t>::min()
                                                               : -static_cast<std::int64_t>(magnitude));
    } else {
        got = "a number";
        double v = 0;
        auto r = std::from_chars(start, p_, v);
        e = r.ec == std::errc() ? s.ops->on_double(s.target, v) : errc::json_out_of_range;
    }
    if (e != errc{}) return type_error(e, got, s.ops, at);
    return true;
}

GCHAT_DECL bool scanner::expect_literal(std::string_view word) {
    const std::size_t left = static_cast<std::size_t>(end_ - p_);
    const std::size_t n = left < word.size() ? left : word.size();
    if (std::memcmp(p_, word.data(), n) != 0) return syntax_error("expected a value");
    if (n < word.size()) return truncated();
    p_ += word.size();
    return true;
}

GCHAT_DECL bool scanner::literal(slot s) {
    const char c = *p_;
    if (c == 'n') {
        // null is absent: the target keeps what it holds (a fresh target its defaults), so no type
        // needs a handler for it (a reset per type was a tenth of the -O2 compile of every parse).
        return expect_literal("null");
    }
    const bool v = c == 't';
    if (!expect_literal(v ? "true" : "false")) return false;
    if (errc e = s.ops->on_bool(s.target, v); e != errc{})
        return type_error(e, "a boolean", s.ops, static_cast<std::size_t>(p_ - 1 - begin_));
    return true;
}

GCHAT_DECL bool scanner::capture(slot s, std::size_t depth) {
    const char* start = p_;
    if (!skip(depth)) return false;
    // The value is valid JSON within the depth limit (skip checked it): Boost.JSON builds the DOM.
    boost::json::parse_options o;
    o.max_depth = max_depth_;
    boost::system::error_code ec;
    boost::json::value v =
        boost::json::parse(boost::json::string_view(start, static_cast<std::size_t>(p_ - start)), ec, {}, o);
    if (ec) {
        p_ = start;
        return syntax_error("a value Boost.JSON does not accept");
    }
    *static_cast<boost::json::value*>(s.target) = std::move(v);
    return true;
}

// Checks and passes over one value without recursion: skip_stack_ holds the kinds of the
// containers it is inside ('{' or '[').
GCHAT_DECL bool scanner::skip(std::size_t depth) {
    // A string (an unknown key's commonest value) without the set-up of the loop below.
    if (p_ != end_ && *p_ == '"') return string(false).data() != nullptr;
    skip_stack_.clear();
    bool want_key = false;
    for (;;) {
        skip_space();
        if (p_ == end_) return truncated();
        if (want_key) {
            if (*p_ != '"') return syntax_error("expected a key (a string)");
            if (string(false).data() == nullptr) return false;
            skip_space();
            if (p_ == end_) return truncated();
            if (*p_ != ':') return syntax_error("expected ':' after a key");
            ++p_;
            want_key = false;
            continue;
        }
        const char c = *p_;
        bool done_value = true;
        switch (c) {
        case '{':
        case '[':
            if (depth + skip_stack_.size() >= max_depth_) return too_deep();
            ++p_;
            skip_space();
            if (p_ == end_) return truncated();
            if (*p_ == (c == '{' ? '}' : ']')) {
                ++p_;
                break;
            }
            skip_stack_.push_back(c);
            want_key = c == '{';
            done_value = false;
            break;
        case '"':
            if (string(false).data() == nullptr) return false;
            break;
        case 't':
            if (!expect_literal("true")) return false;
            break;
        case 'f':
            if (!expect_literal("false")) return false;
            break;
        case 'n':
            if (!expect_literal("null")) return false;
            break;
        default: {
            bool integral, negative;
            std::uint64_t magnitude;
            if (!scan_number(integral, negative, magnitude)) return false;
        }
        }
        if (!done_value) continue;
        // After a value: close the containers it ends.
        for (;;) {
            if (skip_stack_.empty()) return true;
            skip_space();
            if (p_ == end_) return truncated();
            const bool in_object = skip_stack_.back() == '{';
            if (*p_ == ',') {
                ++p_;
                want_key = in_object;
                break;
            }
            if (*p_ != (in_object ? '}' : ']'))
                return syntax_error(in_object ? "expected ',' or '}' after an object member"
                                              : "expected ',' or ']' after an array element");
            ++p_;
            skip_stack_.pop_back();
        }
    }
}

// At an escape (q at the backslash): appends what it stands for to *out (if out), moves q past it.
GCHAT_DECL bool scanner::escape(const char*& q, std::string* out) {
    if (end_ - q < 2) {
        p_ = q;
        return truncated();
    }
    char c = q[1];
    switch (c) {
    case '"':
    case '\\':
    case '/':
        break;
    case 'b':
        c = '\b';
        break;
    case 'f':
        c = '\f';
        break;
    case 'n':
        c = '\n';
        break;
    case 'r':
        c = '\r';
        break;
    case 't':
        c = '\t';
        break;
    case 'u': {
        auto hex4 = [&](const char* h, std::uint32_t& v) -> int { // 1 ok, 0 truncated, -1 invalid
            v = 0;
            for (int k = 0; k < 4; ++k) {
                if (h + k == end_) return 0;
                int d = scan::hex_digit(h[k]);
                if (d < 0) return -1;
                v = v * 16 + static_cast<std::uint32_t>(d);
            }
            return 1;
        };
        std::uint32_t cp;
        p_ = q;
        if (int r = hex4(q + 2, cp); r <= 0) return r == 0 ? truncated() : syntax_error("invalid \\u escape");
        q += 6;
        if (cp >= 0xDC00 && cp <= 0xDFFF) return syntax_error("invalid \\u escape: unpaired surrogate");
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            if (end_ - q < 2) return truncated();
            if (q[0] != '\\' || q[1] != 'u') return syntax_error("invalid \\u escape: unpaired surrogate");
            std::uint32_t lo;
            if (int r = hex4(q + 2, lo); r <= 0)
                return r == 0 ? truncated() : syntax_error("invalid \\u escape");
            if (lo < 0xDC00 || lo > 0xDFFF) return syntax_error("invalid \\u escape: unpaired surrogate");
            cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            q += 6;
        }
        if (out) scan::append_utf8(*out, cp);
        return true;
    }
    default:
        p_ = q;
        return syntax_error("invalid escape in a string");
    }
    if (out) *out += c;
    q += 2;
    return true;
}

// At the opening quote of a string: checks it and moves past it. With `keep`, the result is its text:
// a view of the input if it has no escapes, else unescaped into scratch_. Without `keep` (a value
// nobody reads), scratch_ is left alone, and the result is only non-null. Returned by value so that it
// stays in registers; data() is null on failure.
// Most strings (keys, names, ids, short values) are plain up to a closing quote in their first
// sixteen-byte blocks: found inline, without a call. The others continue in string_slow().
inline std::string_view scanner::string(bool keep) {
    const char* const start = p_ + 1;
    const char* const q = scan::plain_blocks(start, end_);
    if (q != end_ && *q == '"') {
        p_ = q + 1;
        return {start, static_cast<std::size_t>(q - start)};
    }
    return string_slow(keep, q);
}

// q: a byte at or after p_ + 1 with every byte before it plain (see scan::plain_blocks).
GCHAT_DECL std::string_view scanner::string_slow(bool keep, const char* q) {
    const char* const start = p_ + 1;
    bool escaped = false;
    for (;;) {
        const char* run = q;
        q = scan::plain_run(q, end_);
        if (escaped) scratch_.append(run, static_cast<std::size_t>(q - run));
        if (q == end_) return truncated(), std::string_view();
        const auto c = static_cast<unsigned char>(*q);
        if (c == '"') break;
        if (c == '\\') {
            if (keep && !escaped) {
                scratch_.assign(start, static_cast<std::size_t>(q - start));
                escaped = true;
            }
            if (!escape(q, escaped ? &scratch_ : nullptr)) return {};
        } else if (c >= 0x80) {
            std::size_t len = scan::utf8_length(reinterpret_cast<const unsigned char*>(q),
                                                reinterpret_cast<const unsigned char*>(end_));
            if (len == 0) {
                p_ = q;
                failure_.code = errc::invalid_utf8;
                failure_.offset = static_cast<std::size_t>(q - begin_);
                return {};
            }
            if (escaped) scratch_.append(q, len);
            q += len;
        } else {
            p_ = q;
            return syntax_error("control character in a string"), std::string_view();
        }
    }
    p_ = q + 1;
    return escaped ? std::string_view(scratch_)
                   : std::string_view(start, static_cast<std::size_t>(q - start));
}

} // namespace gchat::json::detail

#endif
