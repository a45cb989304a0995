// Benchmark: parsing interaction events into gchat's structs.
//
//   gchat::parse_event (direct, reused reader)      -- what an event server does
//   gchat::json::parse<gchat::event> one-shot        -- no reader reuse
//   Boost.JSON DOM + value_to (gchat's tag_invoke)   -- issue "Foundation"'s baseline
//   nlohmann::json DOM + hand-written mapping         -- the popular choice
//   simdjson On-Demand + hand-written mapping         -- the fastest common choice
//
// Every contender fills the same gchat::event with every field the payloads carry, with the same
// leniency (timestamps as objects, booleans as strings, unknown keys skipped), and is checked to
// produce the same struct before timing. Reports MB/s, events/s, ratios and heap allocations per event.
//
// Run: test/bench/run.sh   (or build target gchat_bench_event_parse with GCHAT_BUILD_BENCHMARKS=ON)
#include "alloc_counter.hpp"

#include <gchat/event/event.hpp>
#include <gchat/event/parse.hpp>
#include <gchat/json/conversion.hpp>
#include <gchat/json/parse.hpp>
#include <gchat/json/serialize.hpp>

#include <boost/json/monotonic_resource.hpp>
#include <boost/json/parser.hpp>
#include <nlohmann/json.hpp>
#include <simdjson.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <functional>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

namespace {

std::string read_file(const std::string& path) {
    std::ifstream f(path, std::ios::binary);
    if (!f) throw std::runtime_error("cannot open " + path);
    std::ostringstream ss;
    ss << f.rdbuf();
    return ss.str();
}

// ---------------- nlohmann: DOM, then a hand-written mapping ----------------
namespace nl {
using json = nlohmann::json;

void str(const json& j, std::optional<std::string>& out) {
    if (j.is_string()) out = j.get_ref<const std::string&>();
}
void boolean(const json& j, std::optional<bool>& out) {
    if (j.is_boolean())
        out = j.get<bool>();
    else if (j.is_string())
        out = j.get_ref<const std::string&>() == "true";
}
template <class I>
void integer(const json& j, std::optional<I>& out) {
    if (j.is_number_integer())
        out = j.get<I>();
    else if (j.is_string())
        out = static_cast<I>(std::stoll(j.get_ref<const std::string&>()));
}
template <class E>
void enumeration(const json& j, std::optional<E>& out) {
    if (j.is_string()) out = gchat::json::enum_from_string<E>(j.get_ref<const std::string&>());
}
void ts(const json& j, std::optional<gchat::timestamp>& out) {
    if (j.is_string()) {
        out = gchat::parse_rfc3339(j.get_ref<const std::string&>()).value();
    } else if (j.is_object()) {
        gchat::timestamp t;
        if (auto it = j.find("seconds"); it != j.end())
            t.seconds =
                it->is_string() ? std::stoll(it->get_ref<const std::string&>()) : it->get<std::int64_t>();
        if (auto it = j.find("nanos"); it != j.end()) t.nanos = it->get<std::int32_t>();
        out = t;
    }
}
void user(const json& j, gchat::user& u) {
    for (auto& [k, v] : j.items()) {
        if (k == "name")
            str(v, u.name);
        else if (k == "displayName")
            str(v, u.display_name);
        else if (k == "domainId")
            str(v, u.domain_id);
        else if (k == "type")
            enumeration(v, u.type);
        else if (k == "isAnonymous")
            boolean(v, u.is_anonymous);
    }
}
void space(const json& j, gchat::space& s) {
    for (auto& [k, v] : j.items()) {
        if (k == "name")
            str(v, s.name);
        else if (k == "displayName")
            str(v, s.display_name);
        else if (k == "type")
            enumeration(v, s.type);
        else if (k == "spaceType")
            enumeration(v, s.space_type);
        else if (k == "threaded")
            boolean(v, s.threaded);
        else if (k == "spaceThreadingState")
            enumeration(v, s.space_threading_state);
        else if (k == "spaceHistoryState")
            enumeration(v, s.space_history_state);
        else if (k == "adminInstalled")
            boolean(v, s.admin_installed);
        else if (k == "singleUserBotDm")
            boolean(v, s.single_user_bot_dm);
    }
}
void thread(const json& j, gchat::thread& t) {
    for (auto& [k, v] : j.items()) {
        if (k == "name")
            str(v, t.name);
        else if (k == "threadKey")
            str(v, t.thread_key);
    }
}
void form_action(const json& j, gchat::form_action& a) {
    for (auto& [k, v] : j.items()) {
        if (k == "actionMethodName")
            str(v, a.action_method_name);
        else if (k == "parameters")
            for (auto& p : v) {
                auto& e = a.parameters.emplace_back();
                if (auto it = p.find("key"); it != p.end()) str(*it, e.key);
                if (auto it = p.find("value"); it != p.end()) str(*it, e.value);
            }
    }
}
void card(const json& j, gchat::legacy_card& c) {
    for (auto& [k, v] : j.items()) {
        if (k == "header") {
            auto& h = c.header.emplace();
            for (auto& [hk, hv] : v.items()) {
                if (hk == "title")
                    str(hv, h.title);
                else if (hk == "subtitle")
                    str(hv, h.subtitle);
                else if (hk == "imageUrl")
                    str(hv, h.image_url);
            }
        } else if (k == "sections") {
            for (auto& sj : v) {
                auto& s = c.sections.emplace_back();
                if (auto it = sj.find("header"); it != sj.end()) str(*it, s.header);
                auto wit = sj.find("widgets");
                if (wit == sj.end()) continue;
                for (auto& wj : *wit) {
                    auto& w = s.widgets.emplace_back();
                    if (auto it = wj.find("textParagraph"); it != wj.end())
                        str((*it)["text"], w.text_paragraph.emplace().text);
                    if (auto it = wj.find("buttons"); it != wj.end())
                        for (auto& bj : *it) {
                            auto& b = w.buttons.emplace_back();
                            if (auto tb = bj.find("textButton"); tb != bj.end()) {
                                auto& t = b.text_button.emplace();
                                if (auto x = tb->find("text"); x != tb->end()) str(*x, t.text);
                                if (auto oc = tb->find("onClick"); oc != tb->end()) {
                                    auto& o = t.on_click.emplace();
                                    if (auto a = oc->find("action"); a != oc->end())
                                        form_action(*a, o.action.emplace());
                                }
                            }
                        }
                }
            }
        } else if (k == "name")
            str(v, c.name);
    }
}
void message(const json& j, gchat::message& m) {
    for (auto& [k, v] : j.items()) {
        if (k == "name")
            str(v, m.name);
        else if (k == "sender")
            user(v, m.sender.emplace());
        else if (k == "createTime")
            ts(v, m.create_time);
        else if (k == "text")
            str(v, m.text);
        else if (k == "argumentText")
            str(v, m.argument_text);
        else if (k == "thread")
            thread(v, m.thread.emplace());
        else if (k == "space")
            space(v, m.space.emplace());
        else if (k == "annotations")
            for (auto& aj : v) {
                auto& a = m.annotations.emplace_back();
                for (auto& [ak, av] : aj.items()) {
                    if (ak == "type")
                        enumeration(av, a.type);
                    else if (ak == "startIndex")
                        integer(av, a.start_index);
                    else if (ak == "length")
                        integer(av, a.length);
                    else if (ak == "userMention") {
                        auto& um = a.user_mention.emplace();
                        if (auto it = av.find("user"); it != av.end()) user(*it, um.user.emplace());
                        if (auto it = av.find("type"); it != av.end()) enumeration(*it, um.type);
                    }
                }
            }
        else if (k == "attachment")
            for (auto& aj : v) {
                auto& a = m.attachment.emplace_back();
                for (auto& [ak, av] : aj.items()) {
                    if (ak == "name")
                        str(av, a.name);
                    else if (ak == "contentName" || ak == "content_name")
                        str(av, a.content_name);
                    else if (ak == "contentType" || ak == "content_type")
                        str(av, a.content_type);
                    else if (ak == "driveDataRef" || ak == "drive_data_ref") {
                        if (auto it = av.find("driveFileId"); it != av.end())
                            str(*it, a.drive_data_ref.emplace().drive_file_id);
                        else if (auto it2 = av.find("drive_file_id"); it2 != av.end())
                            str(*it2, a.drive_data_ref.emplace().drive_file_id);
                    } else if (ak == "source")
                        enumeration(av, a.source);
                    else if (ak == "thumbnailUri")
                        str(av, a.thumbnail_uri);
                    else if (ak == "downloadUri")
                        str(av, a.download_uri);
                }
            }
        else if (k == "cards")
            for (auto& cj : v)
                card(cj, m.cards.emplace_back());
    }
}
gchat::event event(const std::string& text) {
    json j = json::parse(text);
    gchat::event e;
    for (auto& [k, v] : j.items()) {
        if (k == "type")
            enumeration(v, e.type);
        else if (k == "eventTime")
            ts(v, e.event_time);
        else if (k == "message")
            message(v, e.message.emplace());
        else if (k == "user")
            user(v, e.user.emplace());
        else if (k == "space")
            space(v, e.space.emplace());
        else if (k == "action")
            form_action(v, e.action.emplace());
        else if (k == "common") {
            auto& c = e.common.emplace();
            for (auto& [ck, cv] : v.items()) {
                if (ck == "userLocale")
                    str(cv, c.user_locale);
                else if (ck == "hostApp")
                    enumeration(cv, c.host_app);
                else if (ck == "invokedFunction")
                    str(cv, c.invoked_function);
                else if (ck == "timeZone") {
                    auto& tz = c.time_zone.emplace();
                    if (auto it = cv.find("id"); it != cv.end()) str(*it, tz.id);
                    if (auto it = cv.find("offset"); it != cv.end()) integer(*it, tz.offset);
                }
            }
        } else if (k == "isDialogEvent")
            boolean(v, e.is_dialog_event);
    }
    return e;
}
} // namespace nl

// ---------------- simdjson On-Demand: a hand-written mapping ----------------
namespace sj {
using namespace simdjson;
using value = ondemand::value;

void str(value v, std::optional<std::string>& out) {
    std::string_view s;
    if (!v.get_string().get(s)) out.emplace(s);
}
void boolean(value v, std::optional<bool>& out) {
    bool b;
    std::string_view s;
    if (!v.get_bool().get(b))
        out = b;
    else if (!v.get_string().get(s))
        out = s == "true";
}
template <class I>
void integer(value v, std::optional<I>& out) {
    std::int64_t i;
    if (v.type() == ondemand::json_type::string) {
        if (!v.get_int64_in_string().get(i)) out = static_cast<I>(i);
    } else if (!v.get_int64().get(i))
        out = static_cast<I>(i);
}
template <class E>
void enumeration(value v, std::optional<E>& out) {
    std::string_view s;
    if (!v.get_string().get(s)) out = gchat::json::enum_from_string<E>(s);
}
void ts(value v, std::optional<gchat::timestamp>& out) {
    if (v.type() == ondemand::json_type::string) {
        std::string_view s = v.get_string();
        out = gchat::parse_rfc3339(s).value();
        return;
    }
    gchat::timestamp t;
    for (auto f : v.get_object()) {
        std::string_view k = f.unescaped_key();
        value fv = f.value();
        if (k == "seconds") {
            std::optional<std::int64_t> s;
            integer(fv, s);
            t.seconds = s.value_or(0);
        } else if (k == "nanos") {
            std::optional<std::int32_t> n;
            integer(fv, n);
            t.nanos = n.value_or(0);
        }
    }
    out = t;
}
void user(value v, gchat::user& u) {
    for (auto f : v.get_object()) {
        std::string_view k = f.unescaped_key();
        value fv = f.value();
        if (k == "name")
            str(fv, u.name);
        else if (k == "displayName")
            str(fv, u.display_name);
        else if (k == "domainId")
            str(fv, u.domain_id);
        else if (k == "type")
            enumeration(fv, u.type);
        else if (k == "isAnonymous")
            boolean(fv, u.is_anonymous);
    }
}
void space(value v, gchat::space& s) {
    for (auto f : v.get_object()) {
        std::string_view k = f.unescaped_key();
        value fv = f.value();
        if (k == "name")
            str(fv, s.name);
        else if (k == "displayName")
            str(fv, s.display_name);
        else if (k == "type")
            enumeration(fv, s.type);
        else if (k == "spaceType")
            enumeration(fv, s.space_type);
        else if (k == "threaded")
            boolean(fv, s.threaded);
        else if (k == "spaceThreadingState")
            enumeration(fv, s.space_threading_state);
        else if (k == "spaceHistoryState")
            enumeration(fv, s.space_history_state);
        else if (k == "adminInstalled")
            boolean(fv, s.admin_installed);
        else if (k == "singleUserBotDm")
            boolean(fv, s.single_user_bot_dm);
    }
}
void thread(value v, gchat::thread& t) {
    for (auto f : v.get_object()) {
        std::string_view k = f.unescaped_key();
        if (k == "name")
            str(f.value(), t.name);
        else if (k == "threadKey")
            str(f.value(), t.thread_key);
    }
}
void form_action(value v, gchat::form_action& a) {
    for (auto f : v.get_object()) {
        std::string_view k = f.unescaped_key();
        if (k == "actionMethodName")
            str(f.value(), a.action_method_name);
        else if (k == "parameters")
            for (value p : f.value().get_array()) {
                auto& e = a.parameters.emplace_back();
                for (auto pf : p.get_object()) {
                    std::string_view pk = pf.unescaped_key();
                    if (pk == "key")
                        str(pf.value(), e.key);
                    else if (pk == "value")
                        str(pf.value(), e.value);
                }
            }
    }
}
void widget(value v, gchat::legacy_widget& w) {
    for (auto f : v.get_object()) {
        std::string_view k = f.unescaped_key();
        if (k == "textParagraph") {
            auto& tp = w.text_paragraph.emplace();
            for (auto tf : f.value().get_object())
                if (std::string_view(tf.unescaped_key()) == "text") str(tf.value(), tp.text);
        } else if (k == "buttons") {
            for (value bj : f.value().get_array()) {
                auto& b = w.buttons.emplace_back();
                for (auto bf : bj.get_object()) {
                    if (std::string_view(bf.unescaped_key()) != "textButton") continue;
                    auto& t = b.text_button.emplace();
                    for (auto tf : bf.value().get_object()) {
                        std::string_view tk = tf.unescaped_key();
                        if (tk == "text")
                            str(tf.value(), t.text);
                        else if (tk == "onClick") {
                            auto& o = t.on_click.emplace();
                            for (auto of : tf.value().get_object())
                                if (std::string_view(of.unescaped_key()) == "action")
                                    form_action(of.value(), o.action.emplace());
                        }
                    }
                }
            }
        }
    }
}
void card(value v, gchat::legacy_card& c) {
    for (auto f : v.get_object()) {
        std::string_view k = f.unescaped_key();
        if (k == "header") {
            auto& h = c.header.emplace();
            for (auto hf : f.value().get_object()) {
                std::string_view hk = hf.unescaped_key();
                if (hk == "title")
                    str(hf.value(), h.title);
                else if (hk == "subtitle")
                    str(hf.value(), h.subtitle);
                else if (hk == "imageUrl")
                    str(hf.value(), h.image_url);
            }
        } else if (k == "sections") {
            for (value sv : f.value().get_array()) {
                auto& s = c.sections.emplace_back();
                for (auto sf : sv.get_object()) {
                    std::string_view sk = sf.unescaped_key();
                    if (sk == "header")
                        str(sf.value(), s.header);
                    else if (sk == "widgets")
                        for (value wv : sf.value().get_array())
                            widget(wv, s.widgets.emplace_back());
                }
            }
        } else if (k == "name")
            str(f.value(), c.name);
    }
}
void message(value v, gchat::message& m) {
    for (auto f : v.get_object()) {
        std::string_view k = f.unescaped_key();
        value fv = f.value();
        if (k == "name")
            str(fv, m.name);
        else if (k == "sender")
            user(fv, m.sender.emplace());
        else if (k == "createTime")
            ts(fv, m.create_time);
        else if (k == "text")
            str(fv, m.text);
        else if (k == "argumentText")
            str(fv, m.argument_text);
        else if (k == "thread")
            thread(fv, m.thread.emplace());
        else if (k == "space")
            space(fv, m.space.emplace());
        else if (k == "annotations")
            for (value av : fv.get_array()) {
                auto& a = m.annotations.emplace_back();
                for (auto af : av.get_object()) {
                    std::string_view ak = af.unescaped_key();
                    value x = af.value();
                    if (ak == "type")
                        enumeration(x, a.type);
                    else if (ak == "startIndex")
                        integer(x, a.start_index);
                    else if (ak == "length")
                        integer(x, a.length);
                    else if (ak == "userMention") {
                        auto& um = a.user_mention.emplace();
                        for (auto uf : x.get_object()) {
                            std::string_view uk = uf.unescaped_key();
                            if (uk == "user")
                                user(uf.value(), um.user.emplace());
                            else if (uk == "type")
                                enumeration(uf.value(), um.type);
                        }
                    }
                }
            }
        else if (k == "attachment")
            for (value av : fv.get_array()) {
                auto& a = m.attachment.emplace_back();
                for (auto af : av.get_object()) {
                    std::string_view ak = af.unescaped_key();
                    value x = af.value();
                    if (ak == "name")
                        str(x, a.name);
                    else if (ak == "contentName" || ak == "content_name")
                        str(x, a.content_name);
                    else if (ak == "contentType" || ak == "content_type")
                        str(x, a.content_type);
                    else if (ak == "driveDataRef" || ak == "drive_data_ref") {
                        for (auto df : x.get_object()) {
                            std::string_view dk = df.unescaped_key();
                            if (dk == "driveFileId" || dk == "drive_file_id")
                                str(df.value(), a.drive_data_ref.emplace().drive_file_id);
                        }
                    } else if (ak == "source")
                        enumeration(x, a.source);
                    else if (ak == "thumbnailUri")
                        str(x, a.thumbnail_uri);
                    else if (ak == "downloadUri")
                        str(x, a.download_uri);
                }
            }
        else if (k == "cards")
            for (value cv : fv.get_array())
                card(cv, m.cards.emplace_back());
    }
}
struct parser {
    ondemand::parser p;
    gchat::event parse(const padded_string& text) {
        gchat::event e;
        ondemand::document doc = p.iterate(text);
        for (auto f : doc.get_object()) {
            std::string_view k = f.unescaped_key();
            value v = f.value();
            if (k == "type")
                enumeration(v, e.type);
            else if (k == "eventTime")
                ts(v, e.event_time);
            else if (k == "message")
                message(v, e.message.emplace());
            else if (k == "user")
                user(v, e.user.emplace());
            else if (k == "space")
                space(v, e.space.emplace());
            else if (k == "action")
                form_action(v, e.action.emplace());
            else if (k == "common") {
                auto& c = e.common.emplace();
                for (auto cf : v.get_object()) {
                    std::string_view ck = cf.unescaped_key();
                    value cv = cf.value();
                    if (ck == "userLocale")
                        str(cv, c.user_locale);
                    else if (ck == "hostApp")
                        enumeration(cv, c.host_app);
                    else if (ck == "invokedFunction")
                        str(cv, c.invoked_function);
                    else if (ck == "timeZone") {
                        auto& tz = c.time_zone.emplace();
                        for (auto tf : cv.get_object()) {
                            std::string_view tk = tf.unescaped_key();
                            if (tk == "id")
                                str(tf.value(), tz.id);
                            else if (tk == "offset")
                                integer(tf.value(), tz.offset);
                        }
                    }
                }
            } else if (k == "isDialogEvent")
                boolean(v, e.is_dialog_event);
        }
        return e;
    }
};
} // namespace sj

struct result {
    double seconds_per_event;
    double allocations_per_event;
};

// Runs f until ~1 s has passed (after a warm-up), repeated 5 times; reports the best round.
result measure(const std::function<void()>& f) {
    for (int i = 0; i < 1000; ++i)
        f();
    double best = 1e9;
    double allocs = 0;
    for (int round = 0; round < 5; ++round) {
        std::size_t n = 0;
        auto a0 = gchat::bench::allocations.load();
        auto t0 = std::chrono::steady_clock::now();
        double elapsed = 0;
        while (elapsed < 0.2) {
            for (int i = 0; i < 200; ++i)
                f();
            n += 200;
            elapsed = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
        }
        best = std::min(best, elapsed / static_cast<double>(n));
        allocs = static_cast<double>(gchat::bench::allocations.load() - a0) / static_cast<double>(n);
    }
    return {best, allocs};
}

} // namespace

int main(int argc, char** argv) {
    std::string dir = argc > 1 ? argv[1] : GCHAT_TEST_DATA_DIR;
    for (const char* name : {"card_clicked_v1.json", "message_mention.json"}) {
        const std::string text = read_file(dir + "/events/" + name);
        const simdjson::padded_string padded(text);

        gchat::json::reader reader;
        sj::parser sjp;
        // All contenders must produce the same struct; compare canonical serializations.
        const std::string expected = gchat::json::serialize(gchat::parse_event(text, reader).value());
        auto check = [&](const char* who, const gchat::event& e) {
            if (gchat::json::serialize(e) != expected) {
                std::fprintf(stderr, "%s produced a different event:\n%s\nvs\n%s\n", who,
                             gchat::json::serialize(e).c_str(), expected.c_str());
                std::exit(1);
            }
        };
        check("json::parse<event>", gchat::json::parse<gchat::event>(text).value());
        check("boost dom + value_to", boost::json::value_to<gchat::event>(boost::json::parse(text)));
        check("nlohmann", nl::event(text));
        check("simdjson", sjp.parse(padded));

        std::size_t sink = 0;
        struct row {
            const char* name;
            result r;
        };
        std::vector<row> rows;
        rows.push_back({"gchat::parse_event (reused reader)", measure([&] {
                            auto e = gchat::parse_event(text, reader);
                            sink += e->message.has_value();
                        })});
        rows.push_back({"gchat::json::parse<event> (one-shot)", measure([&] {
                            auto e = gchat::json::parse<gchat::event>(text);
                            sink += e->message.has_value();
                        })});
        boost::json::parser bp;
        rows.push_back({"Boost.JSON DOM + value_to", measure([&] {
                            auto e = boost::json::value_to<gchat::event>(boost::json::parse(text));
                            sink += e.message.has_value();
                        })});
        rows.push_back({"Boost.JSON DOM only (reused, monotonic)", measure([&] {
                            unsigned char buf[8192];
                            boost::json::monotonic_resource mr(buf, sizeof buf);
                            bp.reset(&mr);
                            bp.write(text);
                            sink += bp.release().as_object().size();
                        })});
        rows.push_back({"nlohmann DOM + mapping", measure([&] {
                            auto e = nl::event(text);
                            sink += e.message.has_value();
                        })});
        rows.push_back({"simdjson On-Demand + mapping", measure([&] {
                            auto e = sjp.parse(padded);
                            sink += e.message.has_value();
                        })});

        // The strings an event keeps: allocations of copying a parsed event (the floor for any parser).
        const gchat::event parsed = gchat::parse_event(text, reader).value();
        auto a0 = gchat::bench::allocations.load();
        gchat::event copy = parsed;
        const double kept = static_cast<double>(gchat::bench::allocations.load() - a0);
        sink += copy.message.has_value();

        std::printf("\n%s (%zu bytes)\n", name, text.size());
        std::printf("  %-42s %10s %12s %10s %12s\n", "contender", "MB/s", "events/s", "vs gchat",
                    "allocs/event");
        const double gchat_s = rows[0].r.seconds_per_event;
        for (const auto& r : rows)
            std::printf("  %-42s %10.1f %12.0f %9.2fx %12.1f\n", r.name,
                        static_cast<double>(text.size()) / r.r.seconds_per_event / 1e6,
                        1.0 / r.r.seconds_per_event, r.r.seconds_per_event / gchat_s,
                        r.r.allocations_per_event);
        std::printf("  allocations to copy the parsed event (the strings and vectors it keeps): %.0f\n",
                    kept);
        std::printf("  ratios: gchat / nlohmann = %.2fx, gchat / simdjson = %.2fx, gchat / (DOM + value_to) "
                    "= %.2fx\n",
                    rows[4].r.seconds_per_event / gchat_s, rows[5].r.seconds_per_event / gchat_s,
                    rows[2].r.seconds_per_event / gchat_s);
        if (sink == 0) std::printf("(sink)\n");
    }
}
