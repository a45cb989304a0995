// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
// Compile-time budget, TU (b): a program that only parses interaction events, header-only.
// Built by test/bench/compile_budget.sh; not part of the test suite.
#include <gchat/event/parse.hpp>

#include <cstdio>
#include <string>

int main(int argc, char** argv) {
    std::string body = argc > 1 ? argv[1] : R"({"type":"MESSAGE","message":{"text":"hi"}})";
    auto ev = gchat::parse_event(body);
    if (!ev) {
        std::printf("%s\n", ev.error().message().c_str());
        return 1;
    }
    std::printf("%d\n", ev->type ? static_cast<int>(*ev->type) : -1);
    return 0;
}
