// Copyright (c) 2026 The gchat authors. Distributed under the Boost Software License, Version 1.0.
#ifndef GCHAT_MODEL_BOXED_HPP
#define GCHAT_MODEL_BOXED_HPP

#include <compare>
#include <memory>
#include <optional>
#include <type_traits>
#include <utility>

namespace gchat {

/// An optional value kept on the heap, so that a struct can hold one of its own kind
/// (a card's button opens a card). Value semantics: copying copies the value.
/// Reads like std::optional: `if (b) use(*b);`, `b.emplace()`, `b.reset()`.
template <class T>
class boxed {
  public:
    using value_type = T;

    boxed() noexcept = default;
    boxed(std::nullopt_t) noexcept {}
    boxed(const T& v) : p_(std::make_unique<T>(v)) {}
    boxed(T&& v) : p_(std::make_unique<T>(std::move(v))) {}
    boxed(const boxed& o) : p_(o.p_ ? std::make_unique<T>(*o.p_) : nullptr) {}
    boxed(boxed&&) noexcept = default;
    boxed& operator=(const boxed& o) {
        if (this != &o) p_ = o.p_ ? std::make_unique<T>(*o.p_) : nullptr;
        return *this;
    }
    boxed& operator=(boxed&&) noexcept = default;
    boxed& operator=(std::nullopt_t) noexcept {
        p_.reset();
        return *this;
    }
    // User-provided, not defaulted: a defaulted destructor is instantiated eagerly and needs T complete
    // where a member initializer builds the enclosing type (clang, C++23).
    ~boxed() {}

    bool has_value() const noexcept { return p_ != nullptr; }
    explicit operator bool() const noexcept { return has_value(); }

    T& operator*() noexcept { return *p_; }
    const T& operator*() const noexcept { return *p_; }
    T* operator->() noexcept { return p_.get(); }
    const T* operator->() const noexcept { return p_.get(); }

    T& value() {
        if (!p_) throw std::bad_optional_access();
        return *p_;
    }
    const T& value() const {
        if (!p_) throw std::bad_optional_access();
        return *p_;
    }

    template <class... Args>
    T& emplace(Args&&... args) {
        p_ = std::make_unique<T>(std::forward<Args>(args)...);
        return *p_;
    }
    void reset() noexcept { p_.reset(); }

    friend bool operator==(const boxed& a, const boxed& b) {
        if (a.has_value() != b.has_value()) return false;
        return !a.has_value() || *a == *b;
    }
    friend bool operator==(const boxed& a, std::nullopt_t) noexcept { return !a.has_value(); }

  private:
    std::unique_ptr<T> p_;
};

} // namespace gchat

#endif
