// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_IMPL_SERIALIZE_IPP
#define GCHAT_JSON_IMPL_SERIALIZE_IPP

#include <gchat/json/serialize.hpp>

#include <boost/json/serialize.hpp>

#include <cstdint>

namespace gchat::json::detail {

GCHAT_DECL void write_escaped(std::string& out, std::string_view s) {
    static constexpr char hex[] = "0123456789abcdef";
    out += '"';
    std::size_t run = 0; // start of the bytes not yet copied
    for (std::size_t i = 0; i < s.size(); ++i) {
        unsigned char c = static_cast<unsigned char>(s[i]);
        if (c >= 0x20 && c != '"' && c != '\\') continue;
        out.append(s.data() + run, i - run);
        run = i + 1;
        switch (c) {
        case '"':
            out += "\\\"";
            break;
        case '\\':
            out += "\\\\";
            break;
        case '\n':
            out += "\\n";
            break;
        case '\r':
            out += "\\r";
            break;
        case '\t':
            out += "\\t";
            break;
        case '\b':
            out += "\\b";
            break;
        case '\f':
            out += "\\f";
            break;
        default:
            out += "\\u00";
            out += hex[c >> 4];
            out += hex[c & 0xF];
        }
    }
    out.append(s.data() + run, s.size() - run);
    out += '"';
}

GCHAT_DECL void write_dom(std::string& out, const boost::json::value& v) {
    out += boost::json::serialize(v);
}

// The JSON name of the enum value at `v`: of two enumerators with one value, the last one's name;
// empty for `unrecognized` or a value that is no enumerator (as enum_to_string).
inline std::string_view enum_name(const void* v, const enum_info& e) noexcept {
    const std::uint64_t bits = e.bits_at(v);
    for (std::size_t i = e.count; i-- > 0;)
        if (e.value_bits(i) == bits && !e.names[i].empty()) return e.names[i];
    return {};
}

// Unwraps optionals and boxes down to a value; false (absent) if one is empty, or if the value is
// an empty vector or map, a null DOM value or an enum this version could not name.
GCHAT_HOT_INLINE bool present_value(const void*& v, const write_ops*& t) noexcept {
    while (t->kind == write_kind::wrapper) {
        const write_slot c = t->contained(v);
        if (!c.target) return false;
        v = c.target;
        t = c.ops;
    }
    switch (t->kind) {
    case write_kind::array:
        return t->elements(v).count != 0;
    case write_kind::map: {
        bool empty = true;
        t->for_each_entry(v, &empty, [](void* empty, std::string_view, write_slot) {
            *static_cast<bool*>(empty) = false;
            return false;
        });
        return !empty;
    }
    case write_kind::dom:
        return !static_cast<const boost::json::value*>(v)->is_null();
    case write_kind::enumeration:
        return t->enums.bits_at(v) != t->enums.value_bits(t->enums.unrecognized);
    default:
        return true;
    }
}

GCHAT_DECL void write_value(std::string& out, const void* v, const write_ops& ops) {
    switch (ops.kind) {
    case write_kind::leaf:
        ops.write_leaf(out, v);
        return;
    case write_kind::string:
        write_escaped(out, *static_cast<const std::string*>(v));
        return;
    case write_kind::boolean:
        out += *static_cast<const bool*>(v) ? "true" : "false";
        return;
    case write_kind::enumeration: {
        const std::string_view name = enum_name(v, ops.enums);
        if (name.empty())
            out += "null";
        else
            write_escaped(out, name);
        return;
    }
    case write_kind::structure: {
        out += '{';
        std::size_t skip = 1; // the first member written has no comma before it
        for (std::size_t i = 0; i < ops.member_count; ++i) {
            const write_member& m = ops.members[i];
            const void* member = m.addr(const_cast<void*>(v)); // only read
            const write_ops* t = m.ops;
            // Present optionals are written as their value, unwrapped once here.
            if (!present_value(member, t)) continue;
            out.append(m.separated_key.substr(skip));
            skip = 0;
            write_value(out, member, *t);
        }
        out += '}';
        return;
    }
    case write_kind::wrapper: {
        const write_slot c = ops.contained(v);
        if (c.target)
            write_value(out, c.target, *c.ops);
        else
            out += "null";
        return;
    }
    case write_kind::array: {
        const write_elements e = ops.elements(v);
        out += '[';
        for (std::size_t i = 0; i < e.count; ++i) {
            if (i != 0) out += ',';
            write_value(out, e.data + i * e.stride, *e.ops);
        }
        out += ']';
        return;
    }
    case write_kind::map: {
        out += '{';
        struct context {
            std::string& out;
            bool first;
        } c{out, true};
        ops.for_each_entry(v, &c, [](void* p, std::string_view key, write_slot value) {
            auto& c = *static_cast<context*>(p);
            if (!c.first) c.out += ',';
            c.first = false;
            write_escaped(c.out, key);
            c.out += ':';
            write_value(c.out, value.target, *value.ops);
            return true;
        });
        out += '}';
        return;
    }
    case write_kind::dom:
        write_dom(out, *static_cast<const boost::json::value*>(v));
        return;
    }
}

} // namespace gchat::json::detail

#endif
