// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_JSON_IMPL_HANDLER_IPP
#define GCHAT_JSON_IMPL_HANDLER_IPP

#include <gchat/json/detail/handler.hpp>

#include <charconv>

namespace gchat::json::detail {

GCHAT_DECL void handler::start(slot root, std::size_t max_depth) {
    frames_.clear();
    frames_.reserve(max_depth + 1);
    root_ = root;
    pending_ = {};
    root_taken_ = false;
    root_not_object_ = false;
    scratch_.clear();
    skip_depth_ = 0;
    dom_depth_ = 0;
    dom_target_ = nullptr;
    expected_ = got_ = "";
    error_frames_ = std::size_t(-1);
}

GCHAT_DECL bool handler::on_document_begin(ec_t&) {
    return true;
}
GCHAT_DECL bool handler::on_document_end(ec_t&) {
    return true;
}

GCHAT_DECL bool handler::fail(ec_t& ec, errc e, const char* got, const type_ops* ops) {
    ec = make_error_code(e);
    got_ = got;
    while (ops && ops->inner)
        ops = &ops->inner();
    expected_ = ops ? ops->expected : "";
    error_frames_ = frames_.size();
    return false;
}

// Emplaces the values of the optional and boxed wrappers in `s`: the slot of the wrapped value.
GCHAT_DECL slot handler::unwrap(slot s) {
    while (s.ops->inner) {
        s.target = s.ops->emplace(s.target);
        s.ops = &s.ops->inner();
    }
    return s;
}

// The slot the value that begins now goes to.
GCHAT_DECL slot handler::take_slot() {
    if (frames_.empty()) {
        root_taken_ = true;
        return root_;
    }
    frame& f = frames_.back();
    if (f.ops->kind == frame_kind::array) {
        ++f.index;
        return f.ops->next_element(f.object);
    }
    return pending_;
}

GCHAT_DECL bool handler::begin_container(ec_t& ec, bool object) {
    if (skip_depth_ > 0) {
        ++skip_depth_;
        return true;
    }
    if (dom_depth_ > 0) {
        ++dom_depth_;
        return true;
    }
    const bool at_root = frames_.empty();
    slot s = take_slot();
    if (at_root && !object) {
        root_not_object_ = true;
        return fail(ec, errc::json_not_an_object, "an array", s.ops);
    }
    if (s.ops == nullptr) { // an unknown key's value
        skip_depth_ = 1;
        return true;
    }
    if (s.ops->captures_dom) {
        if (!dom_) dom_.emplace();
        dom_->reset();
        dom_target_ = static_cast<boost::json::value*>(s.target);
        dom_depth_ = 1;
        return true;
    }
    // Through optional and boxed to the type that reads the container (emplacing only if it does).
    const type_ops* in = s.ops;
    while (in->inner)
        in = &in->inner();
    slot (*begin)(void*) = object ? in->begin_object : in->begin_array;
    if (begin == nullptr) return fail(ec, errc::json_type_mismatch, object ? "an object" : "an array", s.ops);
    slot c = begin(unwrap(s).target);
    if (c.ops == nullptr) return fail(ec, errc::json_type_mismatch, object ? "an object" : "an array", s.ops);
    frames_.push_back(frame{c.target, c.ops, {}, 0});
    return true;
}

GCHAT_DECL bool handler::end_container(ec_t& ec, std::size_t n, bool object) {
    if (skip_depth_ > 0) {
        --skip_depth_;
        return true;
    }
    if (dom_depth_ > 0) {
        if (object)
            dom_->push_object(n);
        else
            dom_->push_array(n);
        if (--dom_depth_ == 0) *dom_target_ = dom_->release();
        return true;
    }
    frame f = frames_.back();
    frames_.pop_back();
    if (f.ops->end_object) {
        if (errc e = f.ops->end_object(f.object); e != errc{})
            return fail(ec, e, "an invalid value", nullptr);
    }
    return true;
}

GCHAT_DECL bool handler::on_object_begin(ec_t& ec) {
    return begin_container(ec, true);
}
GCHAT_DECL bool handler::on_object_end(std::size_t n, ec_t& ec) {
    return end_container(ec, n, true);
}
GCHAT_DECL bool handler::on_array_begin(ec_t& ec) {
    return begin_container(ec, false);
}
GCHAT_DECL bool handler::on_array_end(std::size_t n, ec_t& ec) {
    return end_container(ec, n, false);
}

GCHAT_DECL bool handler::on_key_part(sv s, std::size_t, ec_t&) {
    if (skip_depth_ > 0) return true;
    if (dom_depth_ > 0) {
        dom_->push_chars(s);
        return true;
    }
    scratch_.append(s.data(), s.size());
    return true;
}

GCHAT_DECL bool handler::on_key(sv part, std::size_t, ec_t&) {
    if (skip_depth_ > 0) return true;
    if (dom_depth_ > 0) {
        dom_->push_key(part);
        return true;
    }
    std::string_view key = part;
    if (!scratch_.empty()) {
        scratch_.append(part.data(), part.size());
        key = scratch_;
    }
    frame& f = frames_.back();
    if (f.ops->kind == frame_kind::map) {
        pending_ = f.ops->map_entry(f.object, key, &f.key);
    } else if (const key_entry* e = find_key(*f.ops, key)) {
        const member_entry& m = f.ops->members[e->member];
        f.key = m.key;
        pending_ = {m.addr(f.object), m.ops};
    } else {
        // Forward compatibility: a key this version does not know is read and dropped.
        skipped_key_.assign(key.data(), key.size());
        f.key = skipped_key_;
        pending_ = {};
    }
    scratch_.clear();
    return true;
}

GCHAT_DECL void handler::dom_scalar(scalar kind, std::string_view s, std::int64_t i, std::uint64_t u,
                                    double d, bool b) {
    switch (kind) {
    case scalar::string:
        dom_->push_string(s);
        break;
    case scalar::int64:
        dom_->push_int64(i);
        break;
    case scalar::uint64:
        dom_->push_uint64(u);
        break;
    case scalar::dbl:
        dom_->push_double(d);
        break;
    case scalar::boolean:
        dom_->push_bool(b);
        break;
    case scalar::null:
        dom_->push_null();
        break;
    }
}

GCHAT_DECL bool handler::scalar_value(ec_t& ec, scalar kind, std::string_view s, std::int64_t i,
                                      std::uint64_t u, double d, bool b) {
    if (skip_depth_ > 0) return true;
    if (dom_depth_ > 0) {
        dom_scalar(kind, s, i, u, d, b);
        return true;
    }
    static constexpr const char* names[] = {"a string", "an integer", "an integer",
                                            "a number", "a boolean",  "null"};
    const bool at_root = frames_.empty();
    slot t = take_slot();
    if (at_root) {
        root_not_object_ = true;
        return fail(ec, errc::json_not_an_object, names[static_cast<int>(kind)], t.ops);
    }
    if (t.ops == nullptr) return true;
    if (t.ops->captures_dom) {
        auto& v = *static_cast<boost::json::value*>(t.target);
        switch (kind) {
        case scalar::string:
            v = boost::json::string_view(s.data(), s.size());
            break;
        case scalar::int64:
            v = i;
            break;
        case scalar::uint64:
            v = u;
            break;
        case scalar::dbl:
            v = d;
            break;
        case scalar::boolean:
            v = b;
            break;
        case scalar::null:
            v = nullptr;
            break;
        }
        return true;
    }
    errc e{};
    const type_ops* outer = t.ops;
    if (kind != scalar::null) t = unwrap(t); // null resets an optional; any other value emplaces it
    switch (kind) {
    case scalar::string:
        e = t.ops->on_string(t.target, s);
        break;
    case scalar::int64:
        e = t.ops->on_int64(t.target, i);
        break;
    case scalar::uint64:
        e = t.ops->on_uint64(t.target, u);
        break;
    case scalar::dbl:
        e = t.ops->on_double(t.target, d);
        break;
    case scalar::boolean:
        e = t.ops->on_bool(t.target, b);
        break;
    case scalar::null:
        t.ops->on_null(t.target);
        break;
    }
    if (e != errc{}) return fail(ec, e, names[static_cast<int>(kind)], outer);
    return true;
}

GCHAT_DECL bool handler::on_string_part(sv s, std::size_t, ec_t&) {
    if (skip_depth_ > 0) return true;
    if (dom_depth_ > 0) {
        dom_->push_chars(s);
        return true;
    }
    scratch_.append(s.data(), s.size());
    return true;
}

GCHAT_DECL bool handler::on_string(sv part, std::size_t, ec_t& ec) {
    std::string_view s = part;
    if (!scratch_.empty() && skip_depth_ == 0 && dom_depth_ == 0) {
        scratch_.append(part.data(), part.size());
        s = scratch_;
    }
    bool ok = scalar_value(ec, scalar::string, s, 0, 0, 0, false);
    scratch_.clear();
    return ok;
}

GCHAT_DECL bool handler::on_int64(std::int64_t v, sv, ec_t& ec) {
    return scalar_value(ec, scalar::int64, {}, v, 0, 0, false);
}
GCHAT_DECL bool handler::on_uint64(std::uint64_t v, sv, ec_t& ec) {
    return scalar_value(ec, scalar::uint64, {}, 0, v, 0, false);
}
GCHAT_DECL bool handler::on_double(double v, sv, ec_t& ec) {
    return scalar_value(ec, scalar::dbl, {}, 0, 0, v, false);
}
GCHAT_DECL bool handler::on_bool(bool v, ec_t& ec) {
    return scalar_value(ec, scalar::boolean, {}, 0, 0, 0, v);
}
GCHAT_DECL bool handler::on_null(ec_t& ec) {
    return scalar_value(ec, scalar::null, {}, 0, 0, 0, false);
}

GCHAT_DECL std::string handler::path() const {
    std::string out;
    std::size_t n = error_frames_ < frames_.size() ? error_frames_ : frames_.size();
    for (std::size_t i = 0; i < n; ++i) {
        const frame& f = frames_[i];
        switch (f.ops->kind) {
        case frame_kind::object:
            if (f.key.empty()) break;
            if (!out.empty()) out += '.';
            out += f.key;
            break;
        case frame_kind::map:
            if (f.key.empty()) break;
            out += "[\"";
            out += f.key;
            out += "\"]";
            break;
        case frame_kind::array: {
            char buf[24];
            auto r = std::to_chars(buf, buf + sizeof buf, f.index == 0 ? 0 : f.index - 1);
            out += '[';
            out.append(buf, r.ptr);
            out += ']';
            break;
        }
        }
    }
    return out;
}

} // namespace gchat::json::detail

#endif
