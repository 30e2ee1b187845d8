// View models of the requests feature's screens: Scan, the repair/cleaning/complaint form and
// "My requests". Built from the feature's slice; a view reads one and pushes the commands it carries.
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/features/requests/state.h"
#include "kiosk/core/shell/views.h"

namespace onestop::requests {

// Main line of a ticket as the person sees it; side exits (cancelled, rejected) end it early.
const std::vector<std::string>& StatusSteps();  // received, accepted, dispatched, in_progress, completed

// Error codes whose text the catalogs carry as "error.<code>" (tested against all three catalogs).
const std::vector<std::string>& TranslatedErrorCodes();

// ---- view models ------------------------------------------------------------------------------
struct Chip {
  std::string id;      // stable widget id
  std::string label;
  std::vector<Command> on_tap;  // empty for a phrase: tapping appends its label to the text
  bool selected = false;
};
struct ChoiceGroup {
  std::string label;
  std::vector<Chip> chips;
};

struct ScanView {
  std::string title, hint;
  std::string status;          // "looking up…", a rejection, or the camera's problem
  bool status_is_error = false;
  bool flash = false;          // a label was just confirmed: green frame
  const CameraFeed* camera = nullptr;  // the picture (may have no pixels yet)
  bool manual = false;         // manual entry open
  bool photo_mode = false;     // taking a photo for the repair form instead of reading a label
  std::string code_field;      // the typed code's buffer
  bool can_take = false;
  std::string take_photo_label;
  std::string manual_label, manual_toggle, code_value, code_placeholder;
  std::string key_space, key_shift, key_done;
  bool keyboard_shift = false;
};

struct RequestFormView {
  Form form_id = Form::kRepair;
  std::string form;            // repair | cleaning | complaint (widget ids derive from it)
  std::string title;
  bool loading = false;
  std::string loading_text;
  std::vector<std::pair<std::string, std::string>> facts;  // what is pre-filled, label → value
  std::string notice;          // "Already reported at 14:02 (TK-…, accepted): add to it?"
  std::vector<ChoiceGroup> groups;
  std::string photo_label;     // repair only: "Add a photo" / "Remove the photo"
  bool has_photo = false;
  std::string text_label, text_field, text_value, text_placeholder;
  std::vector<Chip> phrases;   // quick phrases: tapping appends the label to the text
  bool keyboard_open = false, keyboard_shift = false;
  std::string keyboard_toggle, clear_label, key_space, key_shift, key_done;
  std::string error;           // why the last confirm was refused
  // After confirm: where the request stands.
  bool submitted = false;
  ActionState state = ActionState::kSaving;
  std::string progress_title, progress_detail;
  std::string done_label, list_label;
};

struct RequestsListView {
  std::string title, empty_text, loading_text;
  bool loading = false;
  std::vector<std::string> step_labels;  // the StatusSteps() in the session's language
  struct Row {
    std::string id;            // widget id suffix
    std::string title;         // kind and summary
    std::string detail;        // ticket number · place · time
    std::string status_text;
    int step = -1;             // index into step_labels reached; -1 = not yet at the hub
    bool ended_early = false;  // cancelled / rejected
  };
  std::vector<Row> rows;
};

ScanView BuildScanView(const AppState& s);
RequestFormView BuildRequestFormView(const AppState& s, Form form);
RequestsListView BuildRequestsListView(const AppState& s);

}  // namespace onestop::requests
