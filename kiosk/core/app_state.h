// AppState: the terminal's whole UI-relevant state, and the one place commands are applied.
// Views get const view models built from it; they never see AppState itself. No I/O happens here:
// effects that need a worker (sync, scan, store writes) are requested through the app's services.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kiosk/core/clock.h"
#include "kiosk/core/commands.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/idle.h"
#include "kiosk/core/link_status.h"
#include "kiosk/core/local_text.h"
#include "kiosk/core/local_time.h"
#include "kiosk/core/session.h"
#include "kiosk/core/staff_session.h"

namespace onestop {

// What a terminal is bound to at enrollment (DESIGN §1).
enum class Role { kBedside, kWard, kStaff };
const char* RoleName(Role r);  // "bedside", "ward", "staff"
bool ParseRole(const std::string& s, Role* out);

struct Binding {
  Role role = Role::kBedside;
  std::string location_code;  // e.g. B2-3F-W12-BED07; empty for staff tablets
  LocalText location_name;    // "ward · bed" from master data; empty until pulled
  std::string terminal_id;    // assigned by the hub at enrollment; empty = not enrolled
};

// A planned outage (water, power, oxygen) for this terminal's area, pulled from the hub.
struct Notice {
  std::string id;
  LocalText text;
  int64_t starts_utc_ms = 0, ends_utc_ms = 0;  // 0 = open-ended
};

// A user action for the outbox. Core cannot write the store: a feature's Apply appends one of these,
// the app commits it on a worker (durably, via the sync engine) and reports back through
// OnOutboxSaved/OnOutboxFailed, then the hub's verdict through OnRecordOutcome.
struct OutboxRequest {
  std::string tag;           // the feature's own handle for this action, e.g. "order:<uuid>"
  std::string kind;          // protocol record kind (meal_order, repair_request, rating, ...)
  std::string payload_json;
};

// Where an action stands, as the person sees it: saved ("will send") → sent, or why not.
enum class ActionState { kSaving, kSaved, kSent, kRejected, kFailed };
struct ActionProgress {
  ActionState state = ActionState::kSaving;
  std::string record_id;  // outbox UUID once saved (the idempotency key)
  std::string ref;        // hub reference once sent (ticket number)
  std::string reason;     // why rejected / why it could not be saved
};

// A read of the local store a feature needs (e.g. the asset register for a scanned label). The app
// runs it on its store worker and answers through the feature's On* function on the frame thread.
struct StoreQuery {
  std::string kind;  // "repair_draft", "my_requests", ...
  std::string arg;
};

// The live camera picture of the Scan screen: a small gray preview, replaced as frames arrive.
struct CameraFeed {
  bool running = false;
  std::string error;  // why there is no picture (no camera, camera failed), for the user
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;  // width*height gray bytes
  int64_t generation = 0;       // bumped per new frame, so the texture is re-uploaded only then
  int64_t confirmed_mono_ms = 0;  // last confirmed scan, for the success flash
  bool capture_requested = false; // take the next frame as a photo (taken by the app each loop)
};

struct AppState {
  const I18n* i18n = nullptr;
  const Clock* clock = nullptr;
  TimeZone tz = TimeZone::Utc();
  IdlePolicy idle;
  Lang default_lang = Lang::kZhHans;
  std::string hub_url;

  Binding binding;
  LinkStatus link;
  std::vector<Notice> notices;

  Session session;
  int64_t last_input_mono_ms = 0;

  CameraFeed camera;
  // Staff sign-in (ward kiosks, staff tablets); null when the app has no PIN verifier to offer.
  std::shared_ptr<staff::StaffSession> staff;

  std::vector<OutboxRequest> outbox_requests;           // taken by the app after each frame
  std::vector<StoreQuery> store_queries;                // taken by the app after each frame
  std::map<std::string, ActionProgress> actions;        // by OutboxRequest::tag

  // Catalog lookups always go through Tr/TrF with a literal key: the catalog test finds keys that way.
  const std::string& Tr(std::string_view key) const { return i18n->Tr(session.lang, key); }
  std::string TrF(std::string_view key, const std::vector<std::string>& args) const {
    return i18n->Format(session.lang, key, args);
  }
  // The text of a key made from data (a reason or status code), or `fallback` when the catalog has none.
  std::string TrOr(const std::string& key, const std::string& fallback) const {
    return i18n->catalog(session.lang).Has(key) ? i18n->Tr(session.lang, key) : fallback;
  }
  // Resets the person-specific state: language back to the default, home screen, buffers cleared.
  void ResetSession();
  // Any touch, key or scan counts as presence.
  void NoteInput() { last_input_mono_ms = clock->MonotonicMs(); }
};

// Queues an action for the outbox and starts tracking it under `tag`.
void RequestOutbox(AppState& state, OutboxRequest request);
// Answers from the app (frame thread): committed locally, could not be committed, hub verdict.
void OnOutboxSaved(AppState& state, const std::string& tag, const std::string& record_id);
void OnOutboxFailed(AppState& state, const std::string& tag, const std::string& reason);
// status: accepted | duplicate | rejected (protocol push result).
void OnRecordOutcome(AppState& state, const std::string& record_id, const std::string& status,
                     const std::string& ref, const std::string& reason);

// Applies one command. Unknown or stale intents (e.g. Back with an empty stack) are harmless no-ops.
void Apply(AppState& state, const Command& command);
// Checks the idle rule; resets the session when it expired. Returns the status for the countdown.
IdleStatus TickIdle(AppState& state);

}  // namespace onestop
