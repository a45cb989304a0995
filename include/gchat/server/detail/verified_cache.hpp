// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_SERVER_DETAIL_VERIFIED_CACHE_HPP
#define GCHAT_SERVER_DETAIL_VERIFIED_CACHE_HPP

// A small bounded memory of tokens whose signature and claims were verified, keyed by the whole token.
//
// Why this is safe: an entry is found only for a byte-for-byte identical token (ordered map over the full
// string: no hash-only match), so a hit is a token whose exact signature over its exact header and claims
// already verified; RS256 verification is deterministic, so verifying it again could only give the same
// answer with the same key. What can change is time and the keys: every hit re-checks exp/iat/nbf against
// the current time, and an entry only counts while the key set it was verified with is still the current
// one and not expired (a key-set refresh drops the whole memory, so a rotated-out or revoked key stops
// validating cached tokens as soon as the new set arrives). Replaying a captured token is no easier than
// without the cache: a bearer token is valid until `exp` either way. Memory is bounded by entries ×
// max_token_size (256 × 8 KiB by default), and the oldest entry goes first.

#include <gchat/server/verifier_options.hpp>

#include <chrono>
#include <cstddef>
#include <deque>
#include <functional>
#include <map>
#include <string>
#include <string_view>

namespace gchat::server::detail {

class verified_cache {
  public:
    struct entry {
        verified_token token;
        std::chrono::system_clock::time_point not_before;
    };

    explicit verified_cache(std::size_t capacity) : capacity_(capacity) {}

    const entry* find(std::string_view token) const {
        auto it = map_.find(token);
        return it == map_.end() ? nullptr : &it->second;
    }

    void insert(std::string_view token, const verified_token& t, std::chrono::system_clock::time_point nbf,
                std::chrono::system_clock::time_point now) {
        if (capacity_ == 0 || map_.find(token) != map_.end()) return;
        if (map_.size() >= capacity_) {
            // Drop the expired ones; if none, the oldest.
            std::deque<map_type::iterator> kept;
            for (auto it : order_) {
                if (it->second.token.expires_at < now)
                    map_.erase(it);
                else
                    kept.push_back(it);
            }
            order_.swap(kept);
            if (map_.size() >= capacity_) {
                map_.erase(order_.front());
                order_.pop_front();
            }
        }
        auto [it, ok] = map_.emplace(std::string(token), entry{t, nbf});
        if (ok) order_.push_back(it);
    }

    void clear() noexcept {
        map_.clear();
        order_.clear();
    }

    std::size_t size() const noexcept { return map_.size(); }

  private:
    using map_type = std::map<std::string, entry, std::less<>>;
    std::size_t capacity_;
    map_type map_;
    std::deque<map_type::iterator> order_;
};

} // namespace gchat::server::detail

#endif
