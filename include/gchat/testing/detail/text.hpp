// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_TESTING_DETAIL_TEXT_HPP
#define GCHAT_TESTING_DETAIL_TEXT_HPP

// Small text helpers of the emulator: URL decoding, query strings, filters, ids.

#include <algorithm>
#include <cctype>
#include <cstdint>
#include <list>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace gchat::testing::detail {

inline int hex_value(char c) noexcept {
    if (c >= '0' && c <= '9') return c - '0';
    if (c >= 'a' && c <= 'f') return c - 'a' + 10;
    if (c >= 'A' && c <= 'F') return c - 'A' + 10;
    return -1;
}

/// Percent-decodes `s` (and `+` as a space when `plus_is_space`); nullopt for a malformed escape. The
/// result views `s` itself when there is nothing to decode (most paths and parameters), else `storage`.
inline std::optional<std::string_view> percent_decode(std::string_view s, bool plus_is_space,
                                                      std::string& storage) {
    // One memchr per character sought (find_first_of calls memchr once per byte of `s`).
    std::size_t first = s.find('%');
    if (plus_is_space) first = std::min(first, s.find('+'));
    if (first == std::string_view::npos) return s;
    std::string& out = storage;
    out.clear();
    out.reserve(s.size());
    out.append(s.data(), first);
    for (std::size_t i = first; i < s.size(); ++i) {
        char c = s[i];
        if (c == '%') {
            if (i + 2 >= s.size()) return std::nullopt;
            int h = hex_value(s[i + 1]), l = hex_value(s[i + 2]);
            if (h < 0 || l < 0) return std::nullopt;
            out += static_cast<char>(h * 16 + l);
            i += 2;
        } else if (c == '+' && plus_is_space) {
            out += ' ';
        } else {
            out += c;
        }
    }
    return std::string_view(out);
}

/// The decoded parameters of a query string, in order. They view the text parsed (which must outlive
/// the query), or the query's own copies of the parameters that had escapes.
struct query {
    std::vector<std::pair<std::string_view, std::string_view>> params;
    std::list<std::string> decoded; // a list: its strings stay where they are when the query moves

    query() = default;
    query(query&&) = default;
    query& operator=(query&&) = default;
    query(const query&) = delete; // the copy's views would point into this query's strings
    query& operator=(const query&) = delete;

    /// The value of the first parameter named `a` (or `b`), or nullopt.
    std::optional<std::string_view> get(std::string_view a, std::string_view b = {}) const noexcept {
        for (const auto& [k, v] : params)
            if (k == a || (!b.empty() && k == b)) return v;
        return std::nullopt;
    }

    std::string_view get_or(std::string_view a, std::string_view b = {}) const noexcept {
        auto v = get(a, b);
        return v ? *v : std::string_view();
    }
};

inline std::optional<query> parse_query(std::string_view q) {
    query out;
    std::string scratch;
    auto decode = [&](std::string_view s) -> std::optional<std::string_view> {
        auto d = percent_decode(s, true, scratch);
        if (!d || d->data() != scratch.data()) return d;
        return std::string_view(out.decoded.emplace_back(std::move(scratch)));
    };
    while (!q.empty()) {
        auto amp = q.find('&');
        auto part = q.substr(0, amp);
        q = amp == std::string_view::npos ? std::string_view() : q.substr(amp + 1);
        if (part.empty()) continue;
        auto eq = part.find('=');
        auto k = decode(part.substr(0, eq));
        if (!k) return std::nullopt;
        auto v = decode(eq == std::string_view::npos ? std::string_view() : part.substr(eq + 1));
        if (!v) return std::nullopt;
        out.params.emplace_back(*k, *v);
    }
    return out;
}

/// Splits `s` on `sep`, keeping empty parts.
inline std::vector<std::string_view> split(std::string_view s, char sep) {
    std::vector<std::string_view> out;
    for (;;) {
        auto p = s.find(sep);
        out.push_back(s.substr(0, p));
        if (p == std::string_view::npos) break;
        s = s.substr(p + 1);
    }
    return out;
}

inline std::string_view trim(std::string_view s) noexcept {
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.front())))
        s.remove_prefix(1);
    while (!s.empty() && std::isspace(static_cast<unsigned char>(s.back())))
        s.remove_suffix(1);
    return s;
}

inline bool iequals(std::string_view a, std::string_view b) noexcept {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (std::tolower(static_cast<unsigned char>(a[i])) != std::tolower(static_cast<unsigned char>(b[i])))
            return false;
    return true;
}

/// One comparison of a list filter: `field op value`.
struct filter_term {
    std::string field;
    std::string op; // "=", "!=", ">", "<", ">=", "<=", ":"
    std::string value;
    bool quoted = false;
};

/// A filter: an OR of AND groups (AND binds tighter; no parentheses).
struct filter_expr {
    std::vector<std::vector<filter_term>> any_of;
    bool used_or = false;
};

/// Parses the filter language of the list methods (`create_time > "2024-01-01T00:00:00Z" AND
/// thread.name = spaces/A/threads/B`, `spaceType = "SPACE" OR spaceType = "GROUP_CHAT"`).
inline std::optional<filter_expr> parse_filter(std::string_view s) {
    struct token {
        std::string text;
        bool quoted;
        bool op;
    };
    std::vector<token> toks;
    std::size_t i = 0;
    auto is_op_char = [](char c) { return c == '=' || c == '<' || c == '>' || c == '!' || c == ':'; };
    while (i < s.size()) {
        char c = s[i];
        if (std::isspace(static_cast<unsigned char>(c))) {
            ++i;
        } else if (c == '"') {
            std::string v;
            ++i;
            bool closed = false;
            while (i < s.size()) {
                if (s[i] == '\\' && i + 1 < s.size()) {
                    v += s[i + 1];
                    i += 2;
                } else if (s[i] == '"') {
                    closed = true;
                    ++i;
                    break;
                } else {
                    v += s[i++];
                }
            }
            if (!closed) return std::nullopt;
            toks.push_back({std::move(v), true, false});
        } else if (is_op_char(c)) {
            std::string v(1, c);
            ++i;
            if (i < s.size() && s[i] == '=' && c != ':' && c != '=') v += s[i++];
            if (v == "!") return std::nullopt;
            toks.push_back({std::move(v), false, true});
        } else if (c == '(' || c == ')') {
            return std::nullopt;
        } else {
            std::string v;
            while (i < s.size() && !std::isspace(static_cast<unsigned char>(s[i])) && !is_op_char(s[i]) &&
                   s[i] != '"' && s[i] != '(' && s[i] != ')')
                v += s[i++];
            toks.push_back({std::move(v), false, false});
        }
    }
    filter_expr out;
    if (toks.empty()) return out;
    out.any_of.emplace_back();
    std::size_t k = 0;
    for (;;) {
        if (k + 3 > toks.size()) return std::nullopt;
        const auto& f = toks[k];
        const auto& o = toks[k + 1];
        const auto& v = toks[k + 2];
        if (f.quoted || f.op || !o.op || v.op) return std::nullopt;
        out.any_of.back().push_back({f.text, o.text, v.text, v.quoted});
        k += 3;
        if (k == toks.size()) break;
        const auto& conj = toks[k];
        if (conj.quoted || conj.op) return std::nullopt;
        if (conj.text == "AND") {
        } else if (conj.text == "OR") {
            out.any_of.emplace_back();
            out.used_or = true;
        } else {
            return std::nullopt;
        }
        ++k;
    }
    return out;
}

/// A 64-bit mix (splitmix64).
inline std::uint64_t mix64(std::uint64_t x) noexcept {
    x += 0x9E3779B97F4A7C15ull;
    x = (x ^ (x >> 30)) * 0xBF58476D1CE4E5B9ull;
    x = (x ^ (x >> 27)) * 0x94D049BB133111EBull;
    return x ^ (x >> 31);
}

/// `n` characters of [A-Za-z0-9] from a 64-bit value (extended with further mixing as needed).
inline std::string make_id(std::uint64_t v, std::size_t n = 11) {
    static constexpr char alphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
    std::string out;
    out.reserve(n);
    std::uint64_t x = v;
    for (std::size_t i = 0; i < n; ++i) {
        if (i % 10 == 0) x = mix64(x + i);
        out += alphabet[x % 62];
        x /= 62;
    }
    return out;
}

/// Parses a non-negative decimal integer of at most 9 digits.
inline std::optional<long> parse_small_int(std::string_view s) noexcept {
    bool neg = false;
    if (!s.empty() && s.front() == '-') {
        neg = true;
        s.remove_prefix(1);
    }
    if (s.empty() || s.size() > 9) return std::nullopt;
    long v = 0;
    for (char c : s) {
        if (c < '0' || c > '9') return std::nullopt;
        v = v * 10 + (c - '0');
    }
    return neg ? -v : v;
}

/// True for a valid client-assigned message id: `client-`, then [a-z0-9-], at most 63 characters.
inline bool is_valid_client_id(std::string_view id) noexcept {
    if (id.size() > 63 || id.size() <= 7 || id.substr(0, 7) != "client-") return false;
    for (char c : id)
        if (!((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-')) return false;
    return true;
}

/// Base64 (standard alphabet with padding, or URL-safe without padding when `url`).
inline std::string base64_encode(std::string_view in, bool url = false) {
    const char* alphabet = url ? "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
                               : "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    out.reserve((in.size() + 2) / 3 * 4);
    std::size_t i = 0;
    for (; i + 2 < in.size(); i += 3) {
        auto v = (std::uint32_t(std::uint8_t(in[i])) << 16) | (std::uint32_t(std::uint8_t(in[i + 1])) << 8) |
                 std::uint8_t(in[i + 2]);
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        out += alphabet[(v >> 6) & 63];
        out += alphabet[v & 63];
    }
    if (i < in.size()) {
        std::uint32_t v = std::uint32_t(std::uint8_t(in[i])) << 16;
        if (i + 1 < in.size()) v |= std::uint32_t(std::uint8_t(in[i + 1])) << 8;
        out += alphabet[(v >> 18) & 63];
        out += alphabet[(v >> 12) & 63];
        if (i + 1 < in.size())
            out += alphabet[(v >> 6) & 63];
        else if (!url)
            out += '=';
        if (!url) out += '=';
    }
    return out;
}

/// Decodes base64 in either alphabet, padding optional; nullopt for anything else.
inline std::optional<std::string> base64_decode(std::string_view in) {
    while (!in.empty() && in.back() == '=')
        in.remove_suffix(1);
    std::string out;
    out.reserve(in.size() * 3 / 4);
    std::uint32_t acc = 0;
    int bits = 0;
    for (char c : in) {
        int v;
        if (c >= 'A' && c <= 'Z')
            v = c - 'A';
        else if (c >= 'a' && c <= 'z')
            v = c - 'a' + 26;
        else if (c >= '0' && c <= '9')
            v = c - '0' + 52;
        else if (c == '+' || c == '-')
            v = 62;
        else if (c == '/' || c == '_')
            v = 63;
        else
            return std::nullopt;
        acc = (acc << 6) | static_cast<std::uint32_t>(v);
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out += static_cast<char>((acc >> bits) & 0xFF);
        }
    }
    if (bits >= 6) return std::nullopt;
    return out;
}

} // namespace gchat::testing::detail

#endif
