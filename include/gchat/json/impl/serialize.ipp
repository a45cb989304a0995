// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_IMPL_SERIALIZE_IPP
#define GCHAT_JSON_IMPL_SERIALIZE_IPP

#include <gchat/json/serialize.hpp>

#include <boost/json/serialize.hpp>

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

GCHAT_DECL void write_members(std::string& out, const void* object, const member_writer* members,
                              std::size_t count) {
    out += '{';
    bool first = true;
    for (std::size_t i = 0; i < count; ++i) {
        const member_writer& m = members[i];
        const void* value = m.addr(const_cast<void*>(object)); // only read
        if (m.absent(value)) continue;
        if (!first) out += ',';
        first = false;
        out.append(m.quoted_key);
        m.write(out, value);
    }
    out += '}';
}

GCHAT_DECL void write_dom(std::string& out, const boost::json::value& v) {
    out += boost::json::serialize(v);
}

} // namespace gchat::json::detail

#endif
