// Command routing, navigation, events, action tracking and the idle rule. Features are reached only
// through AllFeatures() and their hooks; the intents they return are carried out here, once.
#include <algorithm>

#include "kiosk/core/shell/events.h"
#include "kiosk/core/shell/shell.h"

namespace onestop {
namespace {

void Enter(AppState& s, ScreenId screen) {
  if (const Feature* f = FeatureOf(screen)) f->OnEnter(s, screen);
}

void Follow(AppState& s, const Intent& intent) {
  Session& ss = s.session;
  switch (intent.nav) {
    case Intent::Nav::kStay: return;
    case Intent::Nav::kTo:
      if (intent.to == ss.screen) return;
      if (intent.to == screens::kHome) ss.back_stack.clear();
      else ss.back_stack.push_back(ss.screen);
      ss.screen = intent.to;
      break;
    case Intent::Nav::kBack:
      if (ss.back_stack.empty()) {
        ss.screen = screens::kHome;
      } else {
        ss.screen = ss.back_stack.back();
        ss.back_stack.pop_back();
      }
      break;
    case Intent::Nav::kHome:
      ss.back_stack.clear();
      ss.screen = screens::kHome;
      break;
  }
  Enter(s, ss.screen);
}

bool SignedIn(const AppState& s) { return s.terminal.staff && s.terminal.staff->signed_in(); }

// Every feature hears the event; the navigation of the last one that asks for any wins.
void Broadcast(AppState& s, const Command& event) {
  Intent last;
  for (const Feature* f : AllFeatures()) {
    Intent i = f->OnEvent(s, event);
    if (i.nav != Intent::Nav::kStay) last = i;
  }
  Follow(s, last);
}

// A staff member who was signed in before a step and is not after it has left: tell everyone.
template <class Step>
void WatchingSignOut(AppState& s, Step step) {
  const bool before = SignedIn(s);
  step();
  if (before && !SignedIn(s)) Broadcast(s, event::StaffSignedOut{});
}

void OnOutboxSaved(AppState& s, const job::OutboxSaved& a) {
  auto it = s.effects.actions.find(a.tag);
  if (it == s.effects.actions.end()) return;
  // The hub's verdict can arrive before this answer only if the id was known: it was not, so
  // "saved" never overwrites "sent".
  if (it->second.state == ActionState::kSaving) it->second.state = ActionState::kSaved;
  it->second.record_id = a.record_id;
}

void OnOutboxFailed(AppState& s, const job::OutboxFailed& a) {
  auto it = s.effects.actions.find(a.tag);
  if (it == s.effects.actions.end()) return;
  it->second.state = ActionState::kFailed;
  it->second.reason = a.reason;
}

void OnRecordOutcome(AppState& s, const job::RecordOutcome& o) {
  for (auto& [tag, a] : s.effects.actions) {
    if (a.record_id != o.record_id) continue;
    if (o.status == protocol::PushStatus::kRejected) {
      a.state = ActionState::kRejected;
      a.reason = o.reason;
    } else {
      a.state = ActionState::kSent;
      a.ref = o.ref;
    }
  }
}

// The shell's own commands; false when `c` is none of them.
bool ApplyShell(AppState& s, const Command& c) {
  Session& ss = s.session;
  if (auto* n = c.As<cmd::Navigate>()) Follow(s, Intent::To(n->to));
  else if (c.Is<cmd::Back>()) Follow(s, Intent::Back());
  else if (c.Is<cmd::GoHome>()) Follow(s, Intent::Home());
  else if (auto* l = c.As<cmd::SetLanguage>()) ss.lang = l->lang;
  else if (c.Is<cmd::StillHere>()) { /* the input itself refreshed the idle timer */ }
  else if (auto* f = c.As<cmd::SetField>()) ss.fields[f->field] = f->value;
  else if (auto* sh = c.As<cmd::SetShift>()) sh->on ? void(ss.shifted.insert(sh->field)) : void(ss.shifted.erase(sh->field));
  else if (auto* o = c.As<job::OutboxSaved>()) OnOutboxSaved(s, *o);
  else if (auto* o = c.As<job::OutboxFailed>()) OnOutboxFailed(s, *o);
  else if (auto* o = c.As<job::RecordOutcome>()) OnRecordOutcome(s, *o);
  else if (c.Is<event::SessionReset>() || c.Is<event::StaffSignedOut>() || c.Is<event::TicketsChanged>()) Broadcast(s, c);
  else return false;
  return true;
}

}  // namespace

const std::vector<ScreenId>& ScreenList() {
  static const std::vector<ScreenId> kList = [] {
    std::vector<ScreenId> v;
    for (const Feature* f : AllFeatures())
      for (ScreenId id : f->Screens()) v.push_back(id);
    return v;
  }();
  return kList;
}

std::vector<ScreenId> AllScreens() { return ScreenList(); }

bool ParseScreenName(const std::string& name, ScreenId* out) {
  for (ScreenId id : ScreenList())
    if (id.name == name) { *out = id; return true; }
  return false;
}

const Feature* FeatureOf(ScreenId screen) {
  for (const Feature* f : AllFeatures()) {
    const auto list = f->Screens();
    if (std::find(list.begin(), list.end(), screen) != list.end()) return f;
  }
  return nullptr;
}

bool CameraWanted(const AppState& s) {
  const Feature* f = FeatureOf(s.session.screen);
  return f && f->UsesCamera(s.session.screen);
}

void FillDemo(AppState& s, ScreenId screen, const DemoData& demo) {
  if (const Feature* f = FeatureOf(screen)) f->FillDemo(s, screen, demo);
}

void Apply(AppState& s, const Command& c) {
  WatchingSignOut(s, [&] {
    if (ApplyShell(s, c)) return;
    // The feature showing the current screen hears the command first (a scan on the sign-in screen
    // is a badge, anywhere else a label), then the others in list order.
    const Feature* current = FeatureOf(s.session.screen);
    if (current)
      if (auto intent = current->Apply(s, c)) return Follow(s, *intent);
    for (const Feature* f : AllFeatures()) {
      if (f == current) continue;
      if (auto intent = f->Apply(s, c)) return Follow(s, *intent);
    }
  });
}

void ResetSession(AppState& s) {
  WatchingSignOut(s, [&] {
    for (const Feature* f : AllFeatures()) f->Reset(s);
  });
  s.session = Session{};
  s.session.lang = s.terminal.default_lang;
  Broadcast(s, event::SessionReset{});
}

IdleStatus TickIdle(AppState& s) {
  WatchingSignOut(s, [&] {
    for (const Feature* f : AllFeatures()) Follow(s, f->Tick(s));
  });
  IdleStatus st = EvaluateIdle(s.terminal.idle, s.last_input_mono_ms, s.clock->MonotonicMs());
  // The home screen in the default language with nothing entered is already "reset": don't churn.
  const Session& ss = s.session;
  bool pristine = ss.screen == screens::kHome && ss.lang == s.terminal.default_lang && ss.fields.empty() &&
                  ss.back_stack.empty();
  for (const Feature* f : AllFeatures()) pristine = pristine && f->Pristine(s);
  if (pristine) return IdleStatus{};
  if (st.expired) {
    ResetSession(s);
    s.NoteInput();
    return IdleStatus{};
  }
  return st;
}

}  // namespace onestop
