// SPDX-License-Identifier: Apache-2.0
// Result<T>: a value or an Error, for operations that can fail in the environment
// (unreadable file, bad data file). Malformed mail is never an Error (see ParseIssue).
// Member names follow std::expected so that moving to C++23 is an alias change.
#pragma once

#include <string>
#include <utility>
#include <variant>

namespace mikiwame {

enum class ErrorCode {
    Usage,         // bad command line or option value
    InputRejected, // input refused by a hard limit
    CannotOpen,    // input file missing or unreadable
    Internal,      // our bug or a dependency failure (bad_alloc, stray exception)
    Config,        // configuration or data file invalid
    Unavailable,   // a service the command needs (the message broker) cannot be reached
};

// sysexits(3) value for a code, as Postfix does (STYLE 7.3).
constexpr int exit_code_for(ErrorCode code) {
    switch (code) {
    case ErrorCode::Usage: return 64;
    case ErrorCode::InputRejected: return 65;
    case ErrorCode::CannotOpen: return 66;
    case ErrorCode::Internal: return 70;
    case ErrorCode::Config: return 78;
    case ErrorCode::Unavailable: return 69;
    }
    return 70;
}

struct Error {
    ErrorCode code = ErrorCode::Internal;
    std::string message;
    std::string context; // file:line:col for data files, the path for inputs
};

template <typename E>
struct Unexpected {
    E error;
};

inline Unexpected<Error> make_error(ErrorCode code, std::string message, std::string context = {}) {
    return Unexpected<Error>{Error{code, std::move(message), std::move(context)}};
}

template <typename T, typename E>
class [[nodiscard]] Expected {
public:
    Expected(T value) : storage_(std::in_place_index<0>, std::move(value)) {}
    Expected(Unexpected<E> err) : storage_(std::in_place_index<1>, std::move(err.error)) {}

    bool has_value() const noexcept { return storage_.index() == 0; }
    explicit operator bool() const noexcept { return has_value(); }
    T& value() & { return std::get<0>(storage_); }
    const T& value() const& { return std::get<0>(storage_); }
    T&& value() && { return std::get<0>(std::move(storage_)); }
    const E& error() const { return std::get<1>(storage_); }
    T& operator*() & { return value(); }
    const T& operator*() const& { return value(); }
    T* operator->() { return &value(); }
    const T* operator->() const { return &value(); }
    T value_or(T other) const& { return has_value() ? value() : std::move(other); }

private:
    std::variant<T, E> storage_;
};

template <typename T>
using Result = Expected<T, Error>;

} // namespace mikiwame
