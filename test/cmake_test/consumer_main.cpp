// A consumer of gchat, built by test/consumer_tests.sh against the installed headers (find_package),
// the source tree (add_subdirectory) and a Meson subproject. Exits non-zero if anything is off.
#include <gchat/error.hpp>
#include <gchat/event.hpp>
#include <gchat/json.hpp>
#include <gchat/model.hpp>
#include <gchat/model/timestamp.hpp>

#include <cstdio>
#include <string>

int main() {
    int failures = 0;
    auto check = [&](bool ok, const char* what) {
        if (!ok) {
            std::fprintf(stderr, "consumer check failed: %s\n", what);
            ++failures;
        }
    };

    // Timestamps: RFC 3339 round trip.
    auto t = gchat::parse_rfc3339("2026-11-23T14:02:45.5+01:00");
    check(t.has_value(), "parse_rfc3339 accepts an offset");
    if (t) check(gchat::to_string(*t) == "2026-11-23T13:02:45.500Z", "to_string writes UTC");

    // Error codes compare with their enums.
    boost::system::error_code ec = gchat::api_code::not_found;
    check(ec == gchat::api_code::not_found && ec != gchat::api_code::permission_denied,
          "api_code comparison");

    // Models and JSON: serialize, then parse back.
    gchat::message m{.text = "from a consumer"};
    m.create_time = gchat::parse_rfc3339("2026-11-23T14:02:45.5Z").value();
    const std::string json = gchat::json::serialize(m);
    auto back = gchat::json::parse<gchat::message>(json);
    check(back && back->text == m.text && back->create_time == m.create_time, "message JSON round trip");

    // Events: parse one, answer it in its envelope.
    auto ev = gchat::parse_event(R"({"type":"MESSAGE","message":{"text":"hi"},"space":{"name":"spaces/A"}})");
    check(ev && ev->type == gchat::event_type::message && ev->message && ev->message->text == "hi",
          "parse_event reads a MESSAGE event");
    if (ev) {
        auto body = gchat::serialize(gchat::reply::new_message(gchat::message{.text = "hello"}), *ev);
        check(body && body->find("\"hello\"") != std::string::npos, "reply serializes");
    }

    std::printf("%s %s\n", failures ? "FAILED" : "ok", json.c_str());
    return failures == 0 ? 0 : 1;
}
