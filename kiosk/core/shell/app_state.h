// AppState: the terminal's whole UI-relevant state = Terminal (what outlives a person: binding, link,
// notices, zone, devices) + Session (the person at the screen: language, navigation, typed buffers,
// one slice per feature) + Effects (jobs for the workers and the progress of committed actions).
// No I/O happens here, and this header names no feature: features keep their state in slices.
#pragma once
#include <cstdint>
#include <map>
#include <memory>
#include <set>
#include <string>
#include <vector>

#include "kiosk/core/binding.h"
#include "kiosk/core/clock.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/idle.h"
#include "kiosk/core/link_status.h"
#include "kiosk/core/local_text.h"
#include "kiosk/core/local_time.h"
#include "kiosk/core/shell/command.h"
#include "kiosk/core/shell/jobs.h"
#include "kiosk/core/shell/slices.h"
#include "kiosk/core/staff_session.h"

namespace onestop {
namespace input { class EngineSet; }

// A planned outage (water, power, oxygen) for this terminal's area, pulled from the hub.
struct Notice {
  std::string id;
  LocalText text;
  int64_t starts_utc_ms = 0, ends_utc_ms = 0;  // 0 = open-ended
};

// The live camera picture of the Scan screen: a small gray preview, replaced as frames arrive.
struct CameraFeed {
  bool running = false;
  // Why there is no picture, as an error code (camera.none, camera.io, ...): the screens say it in the
  // user's language (NoCameraText); the device's own words go to the log only, never on screen.
  std::string error_code;
  int width = 0, height = 0;
  std::vector<uint8_t> pixels;  // width*height gray bytes
  int64_t generation = 0;       // bumped per new frame, so the texture is re-uploaded only then
  int64_t confirmed_mono_ms = 0;  // last confirmed scan, for the success flash
};

// What outlives the person at the screen.
struct Terminal {
  TerminalBinding binding;
  LinkStatus link;
  std::vector<Notice> notices;
  TimeZone tz = TimeZone::Utc();
  IdlePolicy idle;
  Lang default_lang = Lang::kZhHans;
  // Config ui.elder_mode: bedside sessions start in elder mode (ward and staff terminals ignore it).
  bool elder_by_default = false;
  std::string hub_url;
  CameraFeed camera;
  // Staff sign-in (ward kiosks, staff tablets): lockouts outlive sessions. Null when the app has no
  // PIN verifier to offer.
  std::shared_ptr<staff::StaffSession> staff;
  // Text input engines beyond Latin (pinyin; handwriting through a worker), issue 17. Null: Latin only.
  std::shared_ptr<input::EngineSet> input;
  int speech_rate_wpm = 165;  // config speech.rate_wpm: read aloud's speaking rate (issue 17)
};

// Everything about the person at the screen now. Idle timeout or a bed change resets it by
// assignment, so nothing of one patient survives to the next.
struct Session {
  Lang lang = Lang::kZhHans;
  bool elder = false;  // elder mode: the host scales and recolours the whole UI while it is on
  ScreenId screen = screens::kHome;
  std::vector<ScreenId> back_stack;
  std::map<std::string, std::string> fields;  // text typed on a keypad or keyboard, by buffer name
  std::set<std::string> shifted;              // buffers whose on-screen keyboard has shift on
  Slices slices;                              // each feature's own state (features/<name>/state.h)

  // A buffer's value, or `fallback` when unset or empty; and forgetting every buffer of one screen.
  std::string Field(const std::string& key, const std::string& fallback = {}) const {
    auto it = fields.find(key);
    return it == fields.end() || it->second.empty() ? fallback : it->second;
  }
  void EraseFields(const std::string& prefix) {
    for (auto it = fields.begin(); it != fields.end();) it = it->first.rfind(prefix, 0) == 0 ? fields.erase(it) : std::next(it);
    for (auto it = shifted.begin(); it != shifted.end();) it = it->rfind(prefix, 0) == 0 ? shifted.erase(it) : std::next(it);
  }
};

// Where an action stands, as the person sees it: saved ("will send") → sent, or why not.
enum class ActionState { kSaving, kSaved, kSent, kRejected, kFailed };
struct ActionProgress {
  ActionState state = ActionState::kSaving;
  std::string record_id;  // outbox UUID once saved (the idempotency key)
  std::string ref;        // hub reference once sent (ticket number)
  std::string reason;     // why rejected / why it could not be saved
};

// What the frame asks of the workers, and how the committed actions stand.
struct Effects {
  std::vector<Job> jobs;                           // taken by the app after each frame
  std::map<std::string, ActionProgress> actions;   // by OutboxRequest::tag
};

struct AppState {
  const I18n* i18n = nullptr;
  const Clock* clock = nullptr;
  Terminal terminal;
  Session session;
  Effects effects;
  int64_t last_input_mono_ms = 0;

  // Catalog lookups always go through Tr/TrF with a literal key: the catalog test finds keys that way.
  const std::string& Tr(std::string_view key) const { return i18n->Tr(session.lang, key); }
  std::string TrF(std::string_view key, const std::vector<std::string>& args) const {
    return i18n->Format(session.lang, key, args);
  }
  // The text of a key made from data (a reason or status code), or `fallback` when the catalog has none.
  std::string TrOr(const std::string& key, const std::string& fallback) const {
    return i18n->catalog(session.lang).Has(key) ? i18n->Tr(session.lang, key) : fallback;
  }
  // Any touch, key or scan counts as presence.
  void NoteInput() { last_input_mono_ms = clock->MonotonicMs(); }
  // Asks a worker for `job`; the answer arrives as a Command.
  void Ask(Job job) { effects.jobs.push_back(std::move(job)); }
  // Queues an action for the outbox and starts tracking it under `request.tag`.
  void RequestOutbox(OutboxRequest request) {
    effects.actions[request.tag] = ActionProgress{};
    Ask(std::move(request));
  }
  bool Tracking(const std::string& tag) const { return effects.actions.count(tag) > 0; }
};

}  // namespace onestop
