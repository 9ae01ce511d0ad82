// whorl::expected / whorl::unexpected: std::expected where the standard library has it
// (g++ 12 in C++23 mode), and a small stand-in with the same interface otherwise, so the
// parsers also build with clang 14 for the libFuzzer targets (libstdc++ 12 hides
// std::expected from clang 14). Only the subset whorl uses is provided.
#pragma once

#include <version>

#if defined(__cpp_lib_expected)
#include <expected>

namespace whorl {
using std::expected;
using std::unexpected;
}  // namespace whorl

#else
#include <type_traits>
#include <utility>
#include <variant>

namespace whorl {

template <class E>
class unexpected {
public:
    constexpr explicit unexpected(E e) : error_(std::move(e)) {}
    constexpr const E& error() const& noexcept { return error_; }
    constexpr E& error() & noexcept { return error_; }
    constexpr E&& error() && noexcept { return std::move(error_); }

private:
    E error_;
};

template <class E>
unexpected(E) -> unexpected<E>;

template <class T, class E>
class expected {
public:
    using value_type = T;
    using error_type = E;

    constexpr expected() requires std::is_default_constructible_v<T> : v_(std::in_place_index<0>) {}
    template <class U = T>
        requires(std::is_constructible_v<T, U &&> &&
                 !std::is_same_v<std::remove_cvref_t<U>, expected> &&
                 !std::is_same_v<std::remove_cvref_t<U>, unexpected<E>>)
    constexpr expected(U&& v) : v_(std::in_place_index<0>, std::forward<U>(v)) {}
    template <class G>
    constexpr expected(const unexpected<G>& u) : v_(std::in_place_index<1>, u.error()) {}
    template <class G>
    constexpr expected(unexpected<G>&& u) : v_(std::in_place_index<1>, std::move(u).error()) {}

    constexpr bool has_value() const noexcept { return v_.index() == 0; }
    constexpr explicit operator bool() const noexcept { return has_value(); }

    constexpr T& value() & { return std::get<0>(v_); }
    constexpr const T& value() const& { return std::get<0>(v_); }
    constexpr T&& value() && { return std::get<0>(std::move(v_)); }
    constexpr T& operator*() & { return std::get<0>(v_); }
    constexpr const T& operator*() const& { return std::get<0>(v_); }
    constexpr T&& operator*() && { return std::get<0>(std::move(v_)); }
    constexpr T* operator->() { return &std::get<0>(v_); }
    constexpr const T* operator->() const { return &std::get<0>(v_); }

    constexpr E& error() & { return std::get<1>(v_); }
    constexpr const E& error() const& { return std::get<1>(v_); }
    constexpr E&& error() && { return std::get<1>(std::move(v_)); }

    template <class U>
    constexpr T value_or(U&& fallback) const& {
        return has_value() ? **this : static_cast<T>(std::forward<U>(fallback));
    }

private:
    std::variant<T, E> v_;
};

template <class E>
class expected<void, E> {
public:
    using value_type = void;
    using error_type = E;

    constexpr expected() = default;
    template <class G>
    constexpr expected(const unexpected<G>& u) : error_(u.error()), ok_(false) {}
    template <class G>
    constexpr expected(unexpected<G>&& u) : error_(std::move(u).error()), ok_(false) {}

    constexpr bool has_value() const noexcept { return ok_; }
    constexpr explicit operator bool() const noexcept { return ok_; }
    constexpr void value() const {}
    constexpr void operator*() const noexcept {}
    constexpr const E& error() const& { return error_; }
    constexpr E& error() & { return error_; }

private:
    E error_{};
    bool ok_ = true;
};

}  // namespace whorl
#endif
