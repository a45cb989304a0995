// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_TESTING_IMPL_PERSISTENCE_IPP
#define GCHAT_TESTING_IMPL_PERSISTENCE_IPP

// chat_state::save() and load(): the whole state as one JSON document.

#include <gchat/testing/chat_state.hpp>

#include <boost/json/parse.hpp>
#include <boost/json/serialize.hpp>
#include <boost/json/value.hpp>

namespace gchat::testing {
namespace detail {

inline boost::json::value dom_of(const std::string& json_text) {
    return boost::json::parse(json_text);
}

template <class T>
bool read_model(gchat::json::reader& r, const boost::json::value* v, T& out) {
    return v && !r.read_into(*v, out, nullptr);
}

inline std::string str_of(const boost::json::object& o, std::string_view k) {
    auto* v = o.if_contains(k);
    return v && v->is_string() ? std::string(v->as_string()) : std::string();
}

} // namespace detail

GCHAT_DECL std::string chat_state::save() const {
    const auto& st = *impl_;
    boost::json::object root;
    root["version"] = 1;
    root["counter"] = st.counter;
    boost::json::array spaces;
    for (const auto& sp : st.spaces) {
        boost::json::object s;
        s["id"] = sp->id;
        s["space"] = detail::dom_of(gchat::json::serialize(sp->space));
        boost::json::array members;
        for (const auto& m : sp->members)
            members.push_back(detail::dom_of(gchat::json::serialize(m)));
        s["members"] = std::move(members);
        boost::json::array messages;
        std::vector<std::string_view> request_keys(sp->messages.size());
        for (const auto& [key, index] : sp->by_request_id)
            request_keys[index] = key;
        for (std::size_t i = 0; i < sp->messages.size(); ++i) {
            const auto& m = sp->messages[i];
            boost::json::object o;
            o["id"] = m.id;
            o["threadId"] = m.thread_id;
            o["sender"] = m.sender;
            if (auto key = request_keys[i]; !key.empty()) o["requestKey"] = key;
            o["deleted"] = m.deleted;
            o["message"] = detail::dom_of(gchat::json::serialize(m.msg));
            boost::json::array reactions;
            for (const auto& r : m.reactions)
                reactions.push_back(boost::json::object{
                    {"id", r.id}, {"reaction", detail::dom_of(gchat::json::serialize(r.reaction))}});
            o["reactions"] = std::move(reactions);
            messages.push_back(std::move(o));
        }
        s["messages"] = std::move(messages);
        boost::json::array keys;
        for (const auto& [id, t] : sp->threads)
            for (const auto& [app, key] : t.keys)
                keys.push_back(boost::json::object{{"thread", id}, {"app", app}, {"key", key}});
        s["threadKeys"] = std::move(keys);
        spaces.push_back(std::move(s));
    }
    root["spaces"] = std::move(spaces);
    boost::json::array uploads;
    for (const auto& [name, u] : st.uploads)
        uploads.push_back(boost::json::object{{"resourceName", name},
                                              {"space", u.space},
                                              {"filename", u.filename},
                                              {"contentType", u.content_type},
                                              {"data", detail::base64_encode(u.data)}});
    root["uploads"] = std::move(uploads);
    return boost::json::serialize(root);
}

GCHAT_DECL boost::system::error_code chat_state::load(std::string_view text) {
    boost::system::error_code ec;
    auto root = boost::json::parse(text, ec);
    if (ec) return ec;
    if (!root.is_object()) return make_error_code(errc::json_not_an_object);
    const auto& r = root.as_object();
    auto fresh = std::make_unique<impl>(impl_->opts);
    fresh->spaces.clear();
    fresh->space_by_id.clear();
    fresh->base_url = impl_->base_url;
    auto bad = make_error_code(errc::json_type_mismatch);
    if (auto* c = r.if_contains("counter"); c && c->is_number())
        fresh->counter = c->to_number<std::uint64_t>();
    if (auto* sps = r.if_contains("spaces"); sps && sps->is_array()) {
        for (const auto& sv : sps->as_array()) {
            if (!sv.is_object()) return bad;
            const auto& so = sv.as_object();
            auto rec = std::make_unique<detail::space_record>();
            rec->id = detail::str_of(so, "id");
            if (rec->id.empty() || !detail::read_model(fresh->reader, so.if_contains("space"), rec->space))
                return bad;
            if (auto* ms = so.if_contains("members"); ms && ms->is_array())
                for (const auto& mv : ms->as_array()) {
                    gchat::membership m;
                    if (!detail::read_model(fresh->reader, &mv, m)) return bad;
                    rec->members.push_back(std::move(m));
                }
            if (auto* ms = so.if_contains("messages"); ms && ms->is_array())
                for (const auto& mv : ms->as_array()) {
                    if (!mv.is_object()) return bad;
                    const auto& mo = mv.as_object();
                    detail::message_record m;
                    m.id = detail::str_of(mo, "id");
                    m.thread_id = detail::str_of(mo, "threadId");
                    m.sender = detail::str_of(mo, "sender");
                    auto request_key = detail::str_of(mo, "requestKey");
                    if (auto* d = mo.if_contains("deleted"); d && d->is_bool()) m.deleted = d->as_bool();
                    if (m.id.empty() || !detail::read_model(fresh->reader, mo.if_contains("message"), m.msg))
                        return bad;
                    if (auto* rs = mo.if_contains("reactions"); rs && rs->is_array())
                        for (const auto& rv : rs->as_array()) {
                            if (!rv.is_object()) return bad;
                            detail::reaction_record rr;
                            rr.id = detail::str_of(rv.as_object(), "id");
                            if (!detail::read_model(fresh->reader, rv.as_object().if_contains("reaction"),
                                                    rr.reaction))
                                return bad;
                            m.reactions.push_back(std::move(rr));
                        }
                    auto index = rec->messages.size();
                    rec->by_id.emplace(m.id, index);
                    if (m.msg.client_assigned_message_id)
                        rec->by_client_id.emplace(*m.msg.client_assigned_message_id, index);
                    if (!request_key.empty()) rec->by_request_id.emplace(std::move(request_key), index);
                    rec->threads[m.thread_id].messages.push_back(index);
                    rec->messages.push_back(std::move(m));
                }
            if (auto* ks = so.if_contains("threadKeys"); ks && ks->is_array())
                for (const auto& kv : ks->as_array()) {
                    if (!kv.is_object()) return bad;
                    auto thread = detail::str_of(kv.as_object(), "thread");
                    auto app = detail::str_of(kv.as_object(), "app");
                    auto key = detail::str_of(kv.as_object(), "key");
                    rec->threads[thread].keys[app] = key;
                    rec->thread_keys[app + '\n' + key] = thread;
                }
            auto* p = rec.get();
            fresh->spaces.push_back(std::move(rec));
            fresh->space_by_id.emplace(p->id, p);
        }
    }
    if (auto* us = r.if_contains("uploads"); us && us->is_array())
        for (const auto& uv : us->as_array()) {
            if (!uv.is_object()) return bad;
            const auto& uo = uv.as_object();
            detail::upload_record u;
            u.space = detail::str_of(uo, "space");
            u.filename = detail::str_of(uo, "filename");
            u.content_type = detail::str_of(uo, "contentType");
            auto data = detail::base64_decode(detail::str_of(uo, "data"));
            if (!data) return bad;
            u.data = std::move(*data);
            fresh->uploads.emplace(detail::str_of(uo, "resourceName"), std::move(u));
        }
    for (const auto& s : impl_->opts.spaces)
        fresh->add_space(s);
    fresh->tokens = std::move(impl_->tokens);
    impl_ = std::move(fresh);
    return {};
}

} // namespace gchat::testing

#endif
