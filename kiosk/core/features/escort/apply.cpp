// The escort feature's rules: entering its screen, its commands and its job's answer. Validation is
// rules.h (the hub runs the same); this file wires it to the slice and queues the outbox request.
#include <algorithm>

#include "kiosk/core/features/escort/commands.h"
#include "kiosk/core/features/escort/feature.h"
#include "kiosk/core/features/escort/jobs.h"
#include "kiosk/core/features/escort/state.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/shell/events.h"

namespace onestop::escort {

const Feature kFeature;

namespace {

bool KnownBed(const EscortSession& e, const std::string& code) {
  return std::any_of(e.beds.begin(), e.beds.end(), [&](const auto& b) { return b.first == code; });
}

// A fresh form: choices, note, error and the tracked request gone; the beds read stay.
void StartForm(AppState& s) {
  EscortSession& e = Get(s);
  EscortSession fresh;
  fresh.beds = std::move(e.beds);
  fresh.diets = std::move(e.diets);
  fresh.beds_loading = e.beds_loading;
  fresh.beds_loaded = e.beds_loaded;
  e = std::move(fresh);
  s.session.EraseFields("escort.");
}

void LoadBeds(AppState& s) {
  EscortSession& e = Get(s);
  if (e.beds_loading) return;
  e.beds_loading = true;
  s.Ask(job::ReadBeds{s.terminal.binding.location});
}

void OnBedsRead(AppState& s, cmd::BedsRead a) {
  EscortSession& e = Get(s);
  // An answer for another binding (the terminal was re-enrolled meanwhile) is stale.
  if (!e.beds_loading || a.ward != s.terminal.binding.location) return;
  e.beds_loading = false;
  e.beds_loaded = true;
  e.beds = std::move(a.beds);
  e.diets = std::move(a.diets);
  if (!e.bed.empty() && !KnownBed(e, e.bed)) e.bed.clear();  // the bed left the ward since the last read
}

void Send(AppState& s) {
  EscortSession& e = Get(s);
  if (!e.submitted_tag.empty()) return;  // a double tap sends once
  const int64_t now = s.clock->NowUtcMs();
  EscortDraft d;
  d.location = e.bed;
  d.destination = e.destination;
  d.mode = e.mode;
  const int minutes = WhenMinutes(e.when);
  d.requested_at_ms = now + std::max(0, minutes) * 60000LL;
  d.note = s.session.Field(kNoteField);
  // The record's created_at is stamped when the outbox commits, moments after `now`: within kEarliestMs.
  Status valid = ValidateEscort(d, s.terminal.binding.location, now);
  if (!valid) {
    e.error_code = valid.error().code;
    e.error = valid.error().message;
    return;
  }
  e.error_code.clear();
  e.error.clear();
  e.keyboard = false;
  e.sent = d;
  e.submitted_tag = "escort:" + protocol::NewUuidV4();
  s.RequestOutbox({e.submitted_tag, std::string(protocol::RecordKindName(protocol::RecordKind::kEscortRequest)),
                   EscortPayload(d).dump()});
}

// A choice is taken only when it is one the screen offers: a stale or forged command changes nothing.
template <class Pred>
void Choose(std::string& slot, const std::string& code, Pred known) {
  if (known(code)) slot = code;
}

}  // namespace

void Feature::OnEnter(AppState& s, ScreenId screen) const {
  if (!(screen == screens::kEscort)) return;
  // Back after a sent request: the next patient starts from a fresh form.
  if (!Get(s).submitted_tag.empty()) StartForm(s);
  Get(s).error.clear();
  Get(s).error_code.clear();
  LoadBeds(s);  // every visit: a pull may have moved beds in or out of the ward
}

std::optional<Intent> Feature::Apply(AppState& s, const Command& c) const {
  EscortSession& e = Get(s);
  if (auto* x = c.As<cmd::PickBed>()) Choose(e.bed, x->bed, [&](const std::string& b) { return KnownBed(e, b); });
  else if (auto* x = c.As<cmd::SetDestination>()) Choose(e.destination, x->code, [](const std::string& v) { return IsDestination(v); });
  else if (auto* x = c.As<cmd::SetWhen>()) Choose(e.when, x->code, [](const std::string& v) { return WhenMinutes(v) >= 0; });
  else if (auto* x = c.As<cmd::SetMode>()) Choose(e.mode, x->code, [](const std::string& v) { return IsMode(v); });
  else if (c.Is<cmd::ToggleKeyboard>()) e.keyboard = !e.keyboard;
  else if (c.Is<cmd::CloseKeyboard>()) e.keyboard = false;
  else if (c.Is<cmd::Send>()) Send(s);
  else if (c.Is<cmd::StartNew>()) StartForm(s);
  else if (auto* x = c.As<cmd::BedsRead>()) OnBedsRead(s, *x);
  else return std::nullopt;
  return Intent::Stay();
}

Intent Feature::OnEvent(AppState& s, const Command& e) const {
  // The bed list on screen follows what a pull brought (a bed added to or closed on the ward).
  if (e.Is<event::TicketsChanged>() && s.session.screen == screens::kEscort) LoadBeds(s);
  return {};
}

void Feature::AddChromeAction(const AppState& s, ChromeView& chrome) const {
  if (!(s.session.screen == screens::kEscort) || !Get(s).submitted_tag.empty()) return;
  chrome.action_label = s.Tr("form.send");
  chrome.action_id = "escort.send";
  chrome.action = {cmd::Send{}};
  // Enabled even with choices missing: Send then says which one, a greyed button would not.
  chrome.action_enabled = true;
}

void Feature::AddHomeTiles(const AppState& s, std::vector<HomeTile>& tiles) const {
  // Nurses order escorts at the ward kiosk; a patient at the bedside does not order their own.
  if (s.terminal.binding.role != Role::kWard) return;
  tiles.push_back({"escort", s.Tr("home.tile.escort"), s.Tr("home.tile.escort_hint"), screens::kEscort});
}

bool Feature::Pristine(const AppState& s) const {
  if (!s.session.slices.Has<EscortSession>()) return true;
  const EscortSession& e = Get(s);
  const EscortSession fresh;
  return !e.beds_loaded && e.bed.empty() && e.destination.empty() && e.mode.empty() && e.when == fresh.when &&
         !e.keyboard && e.submitted_tag.empty();
}

}  // namespace onestop::escort
