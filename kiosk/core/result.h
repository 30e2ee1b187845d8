// Result<T>: a value or a human-readable error, for recoverable failures (bad input, I/O, network).
// Programmer errors are asserts, not Results; this type must stay dependency-free.
#pragma once
#include <optional>
#include <string>
#include <utility>
#include <variant>

namespace onestop {

struct Error {
  std::string code;     // stable machine-readable code, e.g. "label.bad_check_digit"
  std::string message;  // what went wrong and, where possible, how to fix it
};

template <class T>
class [[nodiscard]] Result {
 public:
  Result(T value) : v_(std::move(value)) {}  // NOLINT(google-explicit-constructor)
  Result(Error e) : v_(std::move(e)) {}      // NOLINT(google-explicit-constructor)
  static Result Fail(std::string code, std::string message) { return Error{std::move(code), std::move(message)}; }

  bool ok() const { return std::holds_alternative<T>(v_); }
  explicit operator bool() const { return ok(); }
  T& value() & { return std::get<T>(v_); }
  const T& value() const& { return std::get<T>(v_); }
  T&& value() && { return std::get<T>(std::move(v_)); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }
  const Error& error() const { return std::get<Error>(v_); }

 private:
  std::variant<T, Error> v_;
};

// For operations that return nothing on success.
struct Ok {};
using Status = Result<Ok>;

}  // namespace onestop
