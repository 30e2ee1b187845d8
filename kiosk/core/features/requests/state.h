// The requests feature's slice of the Session: the scan → repair-draft flow, the three forms' choices,
// the submitted request being tracked, and "My requests" as last read from the store.
// Plain data only; the rules that change it are in apply.cpp. Nothing here survives a session reset.
#pragma once
#include <cstdint>
#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "kiosk/core/local_text.h"
#include "kiosk/core/repair.h"
#include "kiosk/core/shell/app_state.h"

namespace onestop {
namespace requests {

// A fault category of an asset class, from hub data ("faults:<class>" config entity).
struct FaultCategory {
  std::string code;
  LocalText name;
};

// An asset class as the hub describes it (the pulled repair::kAssetClassEntity): what a patient
// picks as "what is broken", its fault categories and the quick phrases that fit it.
struct AssetClassInfo {
  std::string code;
  LocalText name;
  std::vector<FaultCategory> categories;  // empty = the generic list
  std::vector<LocalText> phrases;         // empty = the catalogs' generic phrases
};

// A room or bed inside a ward, for the ward kiosk's "where" choice.
struct Place {
  std::string code, parent;
  LocalText name;
};

// What is at the terminal's place, read once per form visit: the asset classes at a bed (and in its
// room) for a patient's fault report; the rooms and beds of a ward for the ward kiosk's requests.
struct HereData {
  std::string location;                 // the binding these were read for
  std::vector<AssetClassInfo> classes;  // by name order of the hub data; only classes the hub knows
  std::vector<Place> places;            // by code: rooms, then each room's beds follow their room
};

// Names the store knows for a draft, read with it on the worker.
struct DraftExtras {
  std::vector<FaultCategory> categories;  // for the asset's class; empty = the generic list
  std::vector<LocalText> phrases;         // for the asset's class; empty = the generic phrases
  LocalText location_name, trade_name;
};

// A ticket as pulled from the hub (repair, cleaning, complaint, meal).
struct TicketSummary {
  std::string id, kind, status, location, asset;
  std::string summary;  // the submitted description / text, may be empty
  int64_t created_ms = 0, updated_ms = 0;
  std::vector<std::pair<std::string, int64_t>> steps;  // (status, at) in history order
};

// A request committed locally but not yet acknowledged by the hub.
struct PendingRequest {
  std::string record_id, kind, summary;
  int64_t created_ms = 0;
};

// The three request forms; their wire names are also the widget ids and the buffer prefixes.
enum class Form { kRepair, kCleaning, kComplaint };
const char* FormName(Form f);  // "repair", "cleaning", "complaint"

struct RequestsSession {
  // Scan → draft. `raw` is what was scanned or typed; the lookup runs on the app's store worker.
  std::string raw;
  bool looking_up = false;
  std::string scan_error_code, scan_error;  // label rejection or lookup failure
  std::optional<repair::RepairDraft> draft;
  DraftExtras extras;
  bool manual = false;                       // the Scan screen's manual entry is open
  bool photo_mode = false;                   // the Scan screen takes a photo for the repair form
  bool capturing = false;                    // a photo was asked of the camera, not answered yet
  // What the forms' chips chose (the text notes are typed buffers "<form>.note|text").
  std::string urgency = "routine", fault_category, cleaning_type = "cleaning", complaint_category = "other";
  std::string asset_class;                   // the repair form's "what is broken" (no label scanned)
  std::string cleaning_place, complaint_place;  // a ward kiosk's room or bed; "" = the whole ward
  // What is at this place (jobs.h ReadHere); a cache of the store, not something the user chose.
  HereData here;
  bool here_loading = false;
  std::optional<Form> keyboard;              // the form whose keyboard is open
  // The form whose request was confirmed, and the tag its progress is tracked under.
  std::optional<Form> submitted_form;
  std::string submitted_tag;
  std::string photo;                         // JPEG attached to the repair request (kiosk/core/photo.h)
  std::string error_code, error;             // last validation failure of the open form
  // My requests.
  bool list_loading = false, list_loaded = false;
  std::vector<TicketSummary> tickets;        // newest first
  std::vector<PendingRequest> pending;       // oldest first
};

// This feature's state in the session.
inline RequestsSession& Get(AppState& s) { return s.session.slices.Get<RequestsSession>(); }
inline const RequestsSession& Get(const AppState& s) { return s.session.slices.Get<RequestsSession>(); }

}  // namespace requests
}  // namespace onestop
