// Slices: one value per feature state type, created on first use. Lets Session and Terminal hold every
// feature's state without naming a feature; resetting the owner by assignment drops every slice.
// It must hold plain, copyable data only (no threads, no handles to devices).
#pragma once
#include <any>
#include <map>
#include <typeindex>

namespace onestop {

class Slices {
 public:
  template <class T>
  T& Get() {
    std::any& a = map_[std::type_index(typeid(T))];
    if (!a.has_value()) a = T{};
    return *std::any_cast<T>(&a);
  }
  // Read-only: a slice never written reads as its default.
  template <class T>
  const T& Get() const {
    static const T kEmpty{};
    auto it = map_.find(std::type_index(typeid(T)));
    return it == map_.end() ? kEmpty : *std::any_cast<T>(&it->second);
  }
  template <class T>
  bool Has() const { return map_.count(std::type_index(typeid(T))) > 0; }

 private:
  std::map<std::type_index, std::any> map_;
};

}  // namespace onestop
