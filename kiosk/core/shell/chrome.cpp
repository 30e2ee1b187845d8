// The shell's view models: the status bar, the navigation bar (with the current screen's action from
// its feature) and the shared words for an action's progress and a hub refusal.
#include <utility>

#include "kiosk/core/meals.h"
#include "kiosk/core/record_rules.h"
#include "kiosk/core/shell/shell.h"
#include "kiosk/core/shell/views.h"
#include "kiosk/core/shell/when_text.h"

namespace onestop {

// "Offline: requests are saved…  3 waiting to send": shared by the status bar and the terminal screen.
std::string LinkText(const AppState& s) {
  std::string text;
  switch (s.terminal.link.state) {
    case LinkState::kUnknown: text = s.Tr("link.unknown"); break;
    case LinkState::kNotEnrolled: text = s.Tr("link.not_enrolled"); break;
    case LinkState::kOnline: text = s.Tr("link.online"); break;
    case LinkState::kOffline: text = s.Tr("link.offline"); break;
    case LinkState::kUnauthorized: text = s.Tr("link.unauthorized"); break;
  }
  if (s.terminal.link.outbox_depth > 0) text += "  " + s.TrF("link.pending", {std::to_string(s.terminal.link.outbox_depth)});
  return text;
}

std::string ReasonCatalogKey(std::string_view code) {
  if (code.empty()) return {};
  if (records::IsReasonCode(code)) return "record.reason." + std::string(code);
  if (meals::IsReasonCode(code)) return "meal.reason." + std::string(code);
  return {};
}

std::string RefusalText(const AppState& s, std::string_view code, std::string_view detail) {
  const std::string key = ReasonCatalogKey(code);
  return key.empty() ? std::string(detail) : s.TrOr(key, std::string(detail));
}

std::string RefusalText(const AppState& s, std::string_view wire_reason) {
  const auto r = meals::ParseReason(wire_reason);
  return RefusalText(s, r.code, r.detail);
}

std::string NoCameraText(const AppState& s) {
  const std::string& code = s.terminal.camera.error_code;
  if (code.empty()) return {};
  // Device and decoder codes (devices/v4l2_camera.cpp, devices/camera_scanner.cpp) → what a patient
  // can act on: there is none, it does not open or show anything, it stopped, the reader is missing.
  static constexpr std::pair<std::string_view, std::string_view> kWords[] = {
      {"camera.none", "camera.error.none"},           {"camera.open_failed", "camera.error.open_failed"},
      {"camera.unusable", "camera.error.unusable"},   {"camera.io", "camera.error.stopped"},
      {"camera.not_open", "camera.error.stopped"},    {"decode.worker_unavailable", "camera.error.reader"}};
  std::string_view key = "camera.error.other";
  for (const auto& [c, k] : kWords)
    if (code == c) key = k;
  return s.TrF("scan.no_camera", {s.Tr(std::string(key))});
}

ActionText DescribeAction(const AppState& s, const std::string& tag) {
  auto it = s.effects.actions.find(tag);
  const ActionProgress p = it == s.effects.actions.end() ? ActionProgress{} : it->second;
  ActionText t{p.state, {}, {}, p.reason};
  switch (p.state) {
    case ActionState::kSaving: t.title = s.Tr("progress.saving"); break;
    case ActionState::kSaved:
      t.title = s.Tr("progress.saved");
      t.detail = s.terminal.link.state == LinkState::kOnline ? s.Tr("progress.saved_online") : s.Tr("progress.saved_offline");
      break;
    case ActionState::kSent:
      t.title = s.Tr("progress.sent");
      t.detail = s.TrF("progress.sent_ref", {p.ref});
      break;
    case ActionState::kRejected:
      t.title = s.Tr("progress.rejected");
      t.detail = RefusalText(s, p.reason);
      break;
    case ActionState::kFailed:
      t.title = s.Tr("progress.failed");
      t.detail = p.reason;
      break;
  }
  return t;
}

StatusBarView BuildStatusBar(const AppState& s, const IdleStatus& idle) {
  const Terminal& tm = s.terminal;
  StatusBarView v;
  v.clock_text = tm.tz.HourMinute(s.clock->NowUtcMs());
  if (tm.binding.role == Role::kStaff) v.location_text = s.Tr("role.staff");
  else if (!tm.binding.location_name.empty()) v.location_text = tm.binding.location_name.Get(s.session.lang);
  else v.location_text = tm.binding.location;
  v.link_state = tm.link.state;
  v.link_text = LinkText(s);
  v.language_label = s.Tr("lang.self_name");
  v.elder_label = s.Tr("elder.toggle");
  v.elder_on = s.session.elder;
  const int64_t now = s.clock->NowUtcMs();
  for (const auto& n : tm.notices) {
    if (n.ends_utc_ms && n.ends_utc_ms <= now) continue;  // over: no longer news
    if (!v.banner.empty()) v.banner += "  |  ";
    v.banner += n.text.Get(s.session.lang);
    if (n.starts_utc_ms && n.ends_utc_ms)
      v.banner += "  " + s.TrF("notice.when", {WhenText(s, n.starts_utc_ms), tm.tz.HourMinute(n.ends_utc_ms)});
  }
  v.idle_warning = idle.warning;
  if (idle.warning) {
    v.idle_text = s.TrF("idle.countdown", {std::to_string(idle.seconds_left)});
    // A reset discards what was not sent: the countdown says so instead of losing it silently.
    for (const Feature* f : AllFeatures())
      if (const std::string lost = f->UnsentWork(s); !lost.empty()) v.idle_text += "  " + lost;
  }
  v.still_here_label = s.Tr("idle.still_here");
  return v;
}

ChromeView BuildChrome(const AppState& s) {
  ChromeView v;
  v.back_label = s.Tr("nav.back");
  v.home_label = s.Tr("nav.home");
  v.can_go_back = !(s.session.screen == screens::kHome);
  if (const Feature* f = FeatureOf(s.session.screen)) f->AddChromeAction(s, v);
  return v;
}

}  // namespace onestop
