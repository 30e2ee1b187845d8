// Service requests on the touch screens (issue 5): scan → pre-filled repair request, cleaning and
// complaint forms, and "My requests". Rules and view models only: the store reads and the camera run
// in the app, which answers through the On* functions on the frame thread. No I/O here.
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/app_state.h"
#include "kiosk/core/views.h"

namespace onestop::requests {

// Store queries this feature asks the app for (StoreQuery::kind).
inline constexpr const char* kQueryRepairDraft = "repair_draft";  // arg: the raw label text
inline constexpr const char* kQueryMyRequests = "my_requests";    // arg: the bound location

// Main line of a ticket as the person sees it; side exits (cancelled, rejected) end it early.
const std::vector<std::string>& StatusSteps();  // received, accepted, dispatched, in_progress, completed

// ---- hooks from Apply -------------------------------------------------------------------------
// Entering a screen prepares it: a fresh scan, a form after a finished one, a list read.
void OnEnterScreen(AppState& s, ScreenId screen);
// A label's text (camera, wedge or typed): parsed here; a good one is looked up by the app.
void OnScanCode(AppState& s, const std::string& raw);
// Confirm of a form ("repair", "cleaning", "complaint"): validated, then queued for the outbox.
void Submit(AppState& s, const std::string& form);

// ---- answers from the app ---------------------------------------------------------------------
// Stale answers (another scan since, or the session was reset) are ignored.
void OnRepairDraft(AppState& s, const std::string& raw, Result<repair::RepairDraft> draft, DraftExtras extras);
void OnRequestsList(AppState& s, std::vector<TicketSummary> tickets, std::vector<PendingRequest> pending);
// The photo taken on the Scan screen in photo mode (JPEG bytes), or why it failed; back to the form.
void OnPhoto(AppState& s, Result<std::string> jpeg);

// ---- store data → summaries (used by the app's worker; pure) ---------------------------------
// A pulled ticket entity; missing fields stay empty. Returns false for a row that is not a ticket.
bool TicketSummaryFromJson(const nlohmann::json& j, TicketSummary* out);
// An outbox record of a request kind; false for other kinds (meal orders, ratings).
bool PendingFromOutbox(const std::string& record_id, const std::string& kind, const std::string& payload_json,
                       int64_t created_ms, PendingRequest* out);
// The service requests (repair, cleaning, complaint) inside `bound_location`, newest first, at most `limit`.
std::vector<TicketSummary> SelectRequests(std::vector<TicketSummary> all, const std::string& bound_location,
                                          size_t limit);
// Fault categories of an asset class from the "faults:<class>" config entity
// ({"class": c, "categories": [{"code", "name": {lang: text}}]}); empty when absent or malformed.
std::vector<FaultCategory> FaultCategoriesFromJson(const nlohmann::json& j);

// Error codes whose text the catalogs carry as "error.<code>" (tested against all three catalogs).
const std::vector<std::string>& TranslatedErrorCodes();

// ---- view models ------------------------------------------------------------------------------
struct Chip {
  std::string id;      // stable widget id
  std::string label;
  std::string value;   // what SetField writes
  bool selected = false;
};
struct ChoiceGroup {
  std::string label;
  std::string field;   // session field the chips set
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
  bool can_take = false;
  std::string take_photo_label;
  std::string manual_label, manual_toggle, code_value, code_placeholder;
  std::string key_space, key_shift, key_done;
  bool keyboard_shift = false;
};

struct RequestFormView {
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

// Send on the navigation bar while a request form is open (not while loading or after sending).
void AddChromeAction(const AppState& s, ChromeView& chrome);

ScanView BuildScanView(const AppState& s);
RequestFormView BuildRequestFormView(const AppState& s, const std::string& form);
RequestsListView BuildRequestsListView(const AppState& s);

}  // namespace onestop::requests
