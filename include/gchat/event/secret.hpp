// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_EVENT_SECRET_HPP
#define GCHAT_EVENT_SECRET_HPP

#include <iosfwd>
#include <string>
#include <string_view>
#include <utility>

namespace gchat {

/// A credential that arrived with an event (an add-on's ID or OAuth token). It is kept so that
/// an app can use it, but it is never printed: streaming a secret writes "[redacted]", it is not
/// a described member (so JSON serialization of the event skips it), and reading it takes an
/// explicit call to reveal(). The buffer is overwritten when the secret is cleared or destroyed.
class secret {
  public:
    secret() = default;
    explicit secret(std::string value) noexcept : value_(std::move(value)) {}
    secret(const secret&) = default;
    secret(secret&& o) noexcept : value_(std::move(o.value_)) { o.clear(); }
    secret& operator=(const secret& o) {
        if (this != &o) {
            wipe();
            value_ = o.value_;
        }
        return *this;
    }
    secret& operator=(secret&& o) noexcept {
        if (this != &o) {
            wipe();
            value_ = std::move(o.value_);
            o.clear();
        }
        return *this;
    }
    ~secret() { wipe(); }

    /// True if no value arrived.
    bool empty() const noexcept { return value_.empty(); }

    /// The value itself. Named so that every use is visible in review: never log it.
    std::string_view reveal() const noexcept { return value_; }

    /// Overwrites and forgets the value.
    void clear() noexcept {
        wipe();
        value_.clear();
    }

    friend bool operator==(const secret& a, const secret& b) noexcept { return a.value_ == b.value_; }

    /// Writes "[redacted]" (or "[empty]"): a secret that reaches a log by accident says nothing.
    template <class Ch, class Tr>
    friend std::basic_ostream<Ch, Tr>& operator<<(std::basic_ostream<Ch, Tr>& os, const secret& s) {
        return os << (s.empty() ? "[empty]" : "[redacted]");
    }

  private:
    // volatile stores, so that the compiler cannot drop them as dead before the free.
    void wipe() noexcept {
        volatile char* p = value_.data();
        for (std::size_t i = 0, n = value_.size(); i < n; ++i)
            p[i] = '\0';
    }

    std::string value_;
};

} // namespace gchat

#endif
