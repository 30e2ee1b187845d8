// View model of the escort screen: already-translated text, chips carrying the commands a tap sends,
// and where a sent request stands. Built from the slice; a view reads it and pushes its commands.
#pragma once
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/bed_tile.h"
#include "kiosk/core/shell/views.h"

namespace onestop::escort {

struct EscortChip {
  std::string id;                // stable widget id ("escort.dest.ct")
  std::string label;
  std::vector<Command> on_tap;   // empty for a phrase: tapping appends its label to the note
  bool selected = false;
};
struct EscortGroup {
  std::string label;
  std::vector<EscortChip> chips;
};

struct EscortView {
  std::string title;
  EscortGroup beds;              // the ward's beds (the chips carry each bed's tap)
  // The same beds as the nurse's meal grid shows them (name, occupancy, diet), in the chips' order.
  std::vector<BedTile> bed_tiles;
  std::string beds_status;       // "Reading the ward's beds…" / "No beds..." ("" = the chips say it)
  EscortGroup destination, when, mode;  // when's label carries the clock time the chosen offset means
  std::string text_label, text_field, text_value, text_placeholder, clear_label;
  std::vector<EscortChip> phrases;
  bool keyboard_open = false, keyboard_shift = false;
  std::string keyboard_toggle, key_space, key_shift, key_done;
  std::string error;             // why the last Send was refused
  // After Send: what was sent and where it stands.
  bool submitted = false;
  ActionState state = ActionState::kSaving;
  std::string progress_title, progress_detail;
  std::vector<std::pair<std::string, std::string>> sent_facts;
  std::string done_label, again_label;
};

EscortView BuildEscortView(const AppState& s);

// Error codes of rules.h whose text the catalogs carry as "error.<code>" (tested in all three).
const std::vector<std::string>& TranslatedErrorCodes();

}  // namespace onestop::escort
