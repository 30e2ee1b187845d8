// The escort feature's typed commands (from its screen) and the answer of its job. Only this
// feature's apply.cpp looks inside them; choices carry codes, never text.
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/local_text.h"
#include "kiosk/core/meals.h"

namespace onestop::escort::cmd {

struct PickBed { std::string bed; };
struct SetDestination { std::string code; };
struct SetWhen { std::string code; };
struct SetMode { std::string code; };
struct ToggleKeyboard {};
struct CloseKeyboard {};
struct Send {};                 // Send on the navigation bar
struct StartNew {};             // "Another escort" after sending: a fresh form, same beds

// Answer of job::ReadBeds.
// `diets`: the diet orders of the occupied beds, by bed code (a bed without one is empty).
struct BedsRead {
  // A constructor (not an aggregate) so answers without diets stay {ward, beds}.
  BedsRead(std::string w, std::vector<std::pair<std::string, LocalText>> b, std::map<std::string, meals::DietOrder> d = {})
      : ward(std::move(w)), beds(std::move(b)), diets(std::move(d)) {}
  std::string ward;
  std::vector<std::pair<std::string, LocalText>> beds;
  std::map<std::string, meals::DietOrder> diets;
};

}  // namespace onestop::escort::cmd
