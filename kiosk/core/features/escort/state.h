// The escort feature's slice of the Session: the ward's beds as last read, the form's choices, and the
// request being tracked. Plain data only; the rules that change it are in apply.cpp. Nothing here
// survives a session reset (the note is the typed buffer "escort.note" in Session::fields).
#pragma once
#include <map>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/features/escort/rules.h"
#include "kiosk/core/local_text.h"
#include "kiosk/core/meals.h"
#include "kiosk/core/shell/app_state.h"

namespace onestop::escort {

inline constexpr const char* kNoteField = "escort.note";

struct EscortSession {
  std::vector<std::pair<std::string, LocalText>> beds;  // the ward's beds (code, name), in code order
  std::map<std::string, meals::DietOrder> diets;        // occupied beds' diet orders (the grid's occupancy)
  bool beds_loading = false, beds_loaded = false;
  std::string bed;                  // the patient's bed ("" = not chosen)
  std::string destination, mode;    // codes of rules.h ("" = not chosen)
  std::string when = "now";         // a WhenChoices() code
  bool keyboard = false;            // the note's keyboard is open
  std::string error_code, error;    // why the last Send was refused
  std::string submitted_tag;        // the request being tracked ("" = none yet)
  EscortDraft sent;                 // what was sent, shown beside its progress
};

inline EscortSession& Get(AppState& s) { return s.session.slices.Get<EscortSession>(); }
inline const EscortSession& Get(const AppState& s) { return s.session.slices.Get<EscortSession>(); }

}  // namespace onestop::escort
