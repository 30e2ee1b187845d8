// Enrollment rules and view model (see feature.h). The code's form and the hub it goes to are decided
// here (enroll_code.h, pure); the app's worker only performs the exchange and reports the binding.
#include "kiosk/core/features/enroll/feature.h"

#include <algorithm>

#include "kiosk/core/enroll_code.h"
#include "kiosk/core/features/enroll/commands.h"
#include "kiosk/core/features/enroll/jobs.h"
#include "kiosk/core/features/enroll/state.h"

namespace onestop::enrollui {

const Feature kFeature;

namespace {

constexpr const char* kCode = "enroll.code";

void Fail(EnrollSession& e, const Error& err) {
  e.error_code = err.code;
  e.error_text = err.message;
}

// A scanned or typed code: checked here, then exchanged by the app's worker.
void Submit(AppState& s, const std::string& input) {
  EnrollSession& e = Get(s);
  if (e.attempt || e.done) return;  // one exchange at a time; a second scan of the same QR is no news
  if (!NeedsEnrollment(s))
    return Fail(e, Error{"enroll.already", "this terminal is enrolled and working; the console can revoke it first"});
  auto target = enroll::ResolveEnrollTarget(input, s.terminal.hub_url);
  if (!target) return Fail(e, target.error());
  e.error_code.clear();
  e.error_text.clear();
  e.attempt = std::max<int64_t>(1, s.clock->MonotonicMs());
  s.terminal.camera.confirmed_mono_ms = s.clock->MonotonicMs();
  s.Ask(job::Enroll{e.attempt, target->code, target->hub_url});
}

void OnAnswer(AppState& s, const cmd::EnrollAnswered& a) {
  EnrollSession& e = Get(s);
  // Not this screen's exchange: the person left (session reset) meanwhile, or the app enrolled on its
  // own (the demo); the app re-reads the binding either way.
  if (!e.attempt || a.attempt != e.attempt) return;
  e.attempt = 0;
  if (!a.result) return Fail(e, a.result.error());
  e.done = true;
  s.session.EraseFields("enroll.");  // the one-time code is spent
  e.terminal_id = a.result->terminal_id;
  e.hub_url = a.result->hub_url;
  e.bound = a.result->binding;
  s.terminal.hub_url = e.hub_url;
  // The link leaves "not enrolled" now; the sync engine's next report says online or offline.
  s.terminal.link.state = LinkState::kUnknown;
  s.terminal.link.detail.clear();
}

}  // namespace

bool NeedsEnrollment(const AppState& s) {
  return s.terminal.link.state == LinkState::kNotEnrolled || s.terminal.link.state == LinkState::kUnauthorized;
}

void Feature::OnEnter(AppState& s, ScreenId) const {
  s.session.EraseFields("enroll.");
  Get(s) = EnrollSession{};
  // Codes are printed upper case (ABCDE-FGHJK): the keyboard starts shifted.
  s.session.shifted.insert(kCode);
}

std::optional<Intent> Feature::Apply(AppState& s, const Command& c) const {
  if (auto* a = c.As<cmd::EnrollAnswered>()) {
    OnAnswer(s, *a);
    return Intent::Stay();
  }
  if (s.session.screen != screens::kEnroll) return std::nullopt;
  EnrollSession& e = Get(s);
  if (auto* x = c.As<onestop::cmd::ScanCode>()) Submit(s, x->raw);
  else if (c.Is<cmd::SubmitTyped>()) Submit(s, s.session.Field(kCode));
  else if (c.Is<cmd::ToggleTyping>()) e.manual = !e.manual;
  else return std::nullopt;
  return Intent::Stay();
}

void Feature::AddHomeTiles(const AppState& s, std::vector<HomeTile>& tiles) const {
  if (!NeedsEnrollment(s)) return;
  const bool revoked = s.terminal.link.state == LinkState::kUnauthorized;
  tiles.push_back({"enroll", s.Tr("enroll.tile"), revoked ? s.Tr("enroll.tile_revoked") : s.Tr("enroll.tile_hint"),
                   screens::kEnroll});
}

EnrollView BuildEnrollView(const AppState& s) {
  const EnrollSession& e = Get(s);
  EnrollView v;
  v.title = s.Tr("enroll.title");
  if (e.done) {
    v.done = true;
    v.done_title = s.Tr("enroll.done");
    std::string role;
    switch (e.bound.role) {
      case Role::kBedside: role = s.Tr("role.bedside"); break;
      case Role::kWard: role = s.Tr("role.ward"); break;
      case Role::kStaff: role = s.Tr("role.staff"); break;
    }
    v.done_rows = {{s.Tr("terminal.role"), role},
                   {s.Tr("terminal.location"), e.bound.location.empty() ? s.Tr("terminal.none") : e.bound.location},
                   {s.Tr("terminal.id"), e.terminal_id},
                   {s.Tr("terminal.hub"), e.hub_url}};
    v.start_label = s.Tr("enroll.start");
    return v;
  }
  v.hint = s.Tr("enroll.hint");
  v.camera = &s.terminal.camera;
  v.busy = e.attempt != 0;
  if (v.busy) {
    v.status = s.Tr("enroll.sending");
  } else if (!e.error_code.empty()) {
    v.status = s.TrOr("error." + e.error_code, e.error_text);
    v.status_is_error = true;
  } else if (!NeedsEnrollment(s)) {
    v.status = s.Tr("error.enroll.already");
    v.status_is_error = true;
  } else if (!s.terminal.camera.error_code.empty()) {
    v.status = NoCameraText(s);
    v.status_is_error = true;
  }
  v.flash = s.terminal.camera.confirmed_mono_ms > 0 && s.clock->MonotonicMs() - s.terminal.camera.confirmed_mono_ms < 800;
  v.manual = e.manual || !s.terminal.camera.error_code.empty();
  v.manual_toggle = s.Tr("enroll.type_code");
  v.manual_label = s.Tr("enroll.code_label");
  v.code_field = kCode;
  v.code_value = s.session.Field(kCode);
  v.code_placeholder = s.Tr("enroll.code_placeholder");
  v.key_space = s.Tr("keyboard.space");
  v.key_shift = s.Tr("keyboard.shift");
  v.key_done = s.Tr("enroll.submit");
  v.keyboard_shift = s.session.shifted.count(kCode) > 0;
  v.hub_line = s.terminal.hub_url.empty() ? s.Tr("enroll.hub_from_qr") : s.TrF("enroll.hub_known", {s.terminal.hub_url});
  return v;
}

// Screenshot: a blank tablet on first start, a code half typed after a refused one.
void Feature::FillDemo(AppState& s, ScreenId, const DemoData&) const {
  s.terminal.link.state = LinkState::kNotEnrolled;
  EnrollSession& e = Get(s);
  e.manual = true;
  Fail(e, Error{"enroll.rejected", "the hub refused the code"});
  s.session.fields[kCode] = "K7QM-";
  s.session.shifted.insert(kCode);
}

}  // namespace onestop::enrollui
