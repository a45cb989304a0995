// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_DETAIL_WRITE_LIMITER_HPP
#define GCHAT_DETAIL_WRITE_LIMITER_HPP

// A sliding-window limit on writes per space (Chat allows 60 writes per minute per space): sans-I/O, the
// client asks it when the next write to a space may start, and waits that long on a timer.

#include <gchat/config.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <map>
#include <string>
#include <string_view>

namespace gchat::detail {

class write_limiter {
  public:
    using clock = std::chrono::steady_clock;

    write_limiter(std::size_t max_writes, std::chrono::milliseconds window)
        : max_(max_writes), window_(window) {}

    /// Reserves a write to `space` at the earliest time allowed at or after `now`, and returns that time.
    /// Memory stays bounded: spaces with no write in the window are forgotten.
    clock::time_point reserve(std::string_view space, clock::time_point now) {
        prune(now);
        auto& q = writes_[std::string(space)];
        auto at = now;
        if (max_ > 0 && q.size() >= max_) at = std::max(now, q[q.size() - max_] + window_);
        q.push_back(at);
        while (q.size() > max_)
            q.pop_front();
        return at;
    }

    std::size_t spaces() const noexcept { return writes_.size(); }

  private:
    void prune(clock::time_point now) {
        for (auto it = writes_.begin(); it != writes_.end();) {
            if (it->second.empty() || it->second.back() + window_ <= now)
                it = writes_.erase(it);
            else
                ++it;
        }
    }

    std::size_t max_;
    std::chrono::milliseconds window_;
    std::map<std::string, std::deque<clock::time_point>> writes_;
};

/// The space a request target writes to ("/v1/spaces/AAA/messages..." -> "spaces/AAA"), or "" for a read or
/// a target outside a space.
inline std::string_view written_space(bool is_write, std::string_view target) {
    if (!is_write) return {};
    for (std::string_view prefix : {"/v1/", "/upload/v1/"}) {
        if (target.substr(0, prefix.size()) != prefix) continue;
        auto rest = target.substr(prefix.size());
        if (rest.substr(0, 7) != "spaces/") return {};
        auto end = rest.find_first_of("/?:", 7);
        return rest.substr(0, end);
    }
    return {};
}

} // namespace gchat::detail

#endif
