// A consumer of gchat: builds against the installed or embedded headers and checks a round trip.
#include <gchat/json.hpp>
#include <gchat/model.hpp>

#include <cstdio>

int main() {
    gchat::message m{.text = "from a consumer"};
    m.create_time = gchat::parse_rfc3339("2026-11-23T14:02:45.5Z").value();
    const std::string json = gchat::json::serialize(m);
    auto back = gchat::json::parse<gchat::message>(json);
    if (!back || back->text != m.text || back->create_time != m.create_time) {
        std::fprintf(stderr, "round trip failed: %s\n", json.c_str());
        return 1;
    }
    std::printf("%s\n", json.c_str());
    return 0;
}
