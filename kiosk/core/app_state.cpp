// Command application, idle handling and view-model building for the foundation screens.
// Feature screens add their own Build*View next to their rules; this file stays about navigation.
#include "kiosk/core/app_state.h"

#include <type_traits>

#include "kiosk/core/meal_screens.h"
#include "kiosk/core/meals.h"
#include "kiosk/core/record_rules.h"
#include "kiosk/core/rating_screens.h"
#include "kiosk/core/requests.h"
#include "kiosk/core/views.h"

namespace onestop {

namespace {
template <class... Ts>
struct Overloaded : Ts... { using Ts::operator()...; };
template <class... Ts>
Overloaded(Ts...) -> Overloaded<Ts...>;

struct ScreenEntry { ScreenId id; const char* name; };
constexpr ScreenEntry kScreens[] = {
    {ScreenId::kHome, "home"}, {ScreenId::kLanguage, "language"},
    {ScreenId::kTerminal, "terminal"}, {ScreenId::kGallery, "gallery"},
    {ScreenId::kScan, "scan"}, {ScreenId::kRepair, "repair"},
    {ScreenId::kCleaning, "cleaning"}, {ScreenId::kComplaint, "complaint"},
    {ScreenId::kRequests, "requests"}, {ScreenId::kMeals, "meals"},
    {ScreenId::kMenu, "menu"}, {ScreenId::kMyMeals, "my_meals"},
    {ScreenId::kSignIn, "sign_in"}, {ScreenId::kToRate, "to_rate"}, {ScreenId::kRate, "rate"},
};

// Features prepare their screen on the way in (fresh form, list read).
void EnterScreen(AppState& s, ScreenId screen) {
  requests::OnEnterScreen(s, screen);
  mealui::OnEnterScreen(s, screen);
  rateui::OnEnterScreen(s, screen);
}

std::string Seconds(int64_t ms) { return std::to_string(ms / 1000); }
}  // namespace

const char* ScreenName(ScreenId id) {
  for (const auto& e : kScreens) if (e.id == id) return e.name;
  return "home";
}
bool ParseScreenName(const std::string& name, ScreenId* out) {
  for (const auto& e : kScreens) if (name == e.name) { *out = e.id; return true; }
  return false;
}
std::vector<ScreenId> AllScreens() {
  std::vector<ScreenId> v;
  for (const auto& e : kScreens) v.push_back(e.id);
  return v;
}

const char* RoleName(Role r) {
  switch (r) {
    case Role::kBedside: return "bedside";
    case Role::kWard: return "ward";
    case Role::kStaff: return "staff";
  }
  return "bedside";
}
bool ParseRole(const std::string& s, Role* out) {
  if (s == "bedside") { *out = Role::kBedside; return true; }
  if (s == "ward") { *out = Role::kWard; return true; }
  if (s == "staff") { *out = Role::kStaff; return true; }
  return false;
}

const char* LinkStateName(LinkState s) {
  switch (s) {
    case LinkState::kUnknown: return "unknown";
    case LinkState::kNotEnrolled: return "not_enrolled";
    case LinkState::kOnline: return "online";
    case LinkState::kOffline: return "offline";
    case LinkState::kUnauthorized: return "unauthorized";
  }
  return "unknown";
}

void AppState::ResetSession() {
  // The person at the screen is gone: a signed-in staff member goes with them.
  if (staff && staff->signed_in()) staff->SignOut(staff::SignOutReason::kIdle);
  session = Session{};
  session.lang = default_lang;
}

void Apply(AppState& s, const Command& command) {
  Session& ss = s.session;
  std::visit(Overloaded{
                 [&](const cmd::Navigate& c) {
                   if (c.to == ss.screen) return;
                   if (c.to == ScreenId::kHome) { ss.back_stack.clear(); ss.screen = c.to; EnterScreen(s, c.to); return; }
                   ss.back_stack.push_back(ss.screen);
                   ss.screen = c.to;
                   EnterScreen(s, c.to);
                 },
                 [&](const cmd::Back&) {
                   if (ss.back_stack.empty()) { ss.screen = ScreenId::kHome; return; }
                   ss.screen = ss.back_stack.back();
                   ss.back_stack.pop_back();
                   EnterScreen(s, ss.screen);
                 },
                 [&](const cmd::GoHome&) {
                   ss.back_stack.clear();
                   ss.screen = ScreenId::kHome;
                   EnterScreen(s, ss.screen);
                 },
                 [&](const cmd::SetLanguage& c) { ss.lang = c.lang; },
                 [&](const cmd::StillHere&) { /* the input itself refreshed the idle timer */ },
                 [&](const cmd::SetField& c) { ss.fields[c.field] = c.value; },
                 // The Scan screen's code entry looks the code up; a form's keyboard closes on Done.
                 [&](const cmd::SubmitField& c) {
                   if (c.field == "scan.code") requests::OnScanCode(s, ss.fields["scan.code"]);
                   else if (c.field.rfind("signin.", 0) == 0) rateui::SubmitSignIn(s, c.field);
                   else ss.fields.erase(c.field.substr(0, c.field.find('.')) + ".kbd");
                 },
                 // A scan on the sign-in screen is a badge; anywhere else, an equipment label.
                 [&](const cmd::ScanCode& c) {
                   if (ss.screen == ScreenId::kSignIn) rateui::SignInWithBadge(s, c.raw);
                   else requests::OnScanCode(s, c.raw);
                 },
                 [&](const cmd::SubmitForm& c) {
                   if (c.form == "rating") rateui::SubmitRating(s);
                   else if (c.form == "signout") rateui::SignOut(s);
                   else requests::Submit(s, c.form);
                 },
                 [&](const cmd::PickTicket& c) { rateui::PickTicket(s, c.ticket); },
                 [&](const cmd::PickMealBed& c) { mealui::PickBed(s, c.bed); },
                 [&](const cmd::PickMealSlot& c) { mealui::PickSlot(s, c.index); },
                 [&](const cmd::SetMealQty& c) { mealui::SetQty(s, c.menu_item, c.qty); },
                 [&](const cmd::PlaceMealOrder&) { mealui::PlaceOrder(s); },
                 [&](const cmd::CancelMealOrder& c) { mealui::CancelOrder(s, c.ticket); },
             },
             command);
}

void RequestOutbox(AppState& s, OutboxRequest request) {
  s.actions[request.tag] = ActionProgress{};
  s.outbox_requests.push_back(std::move(request));
}

void OnOutboxSaved(AppState& s, const std::string& tag, const std::string& record_id) {
  auto it = s.actions.find(tag);
  if (it == s.actions.end()) return;
  // The hub's verdict can arrive before this answer only if the id was known: it was not, so
  // "saved" never overwrites "sent".
  if (it->second.state == ActionState::kSaving) it->second.state = ActionState::kSaved;
  it->second.record_id = record_id;
}

void OnOutboxFailed(AppState& s, const std::string& tag, const std::string& reason) {
  auto it = s.actions.find(tag);
  if (it == s.actions.end()) return;
  it->second.state = ActionState::kFailed;
  it->second.reason = reason;
}

void OnRecordOutcome(AppState& s, const std::string& record_id, const std::string& status, const std::string& ref,
                     const std::string& reason) {
  for (auto& [tag, a] : s.actions) {
    if (a.record_id != record_id) continue;
    if (status == "rejected") {
      a.state = ActionState::kRejected;
      a.reason = reason;
    } else {
      a.state = ActionState::kSent;
      a.ref = ref;
    }
  }
}

IdleStatus TickIdle(AppState& s) {
  IdleStatus st = EvaluateIdle(s.idle, s.last_input_mono_ms, s.clock->MonotonicMs());
  // The home screen in the default language with empty buffers is already "reset": don't churn.
  const bool pristine = s.session.screen == ScreenId::kHome && s.session.lang == s.default_lang &&
                        s.session.fields.empty() && s.session.back_stack.empty() &&
                        !s.session.requests.draft && !s.session.requests.list_loaded && !s.session.meals.ctx && !s.session.rating.ctx &&
                        s.session.requests.submitted_tag.empty();
  if (pristine) return IdleStatus{};
  if (st.expired) {
    s.ResetSession();
    s.NoteInput();
    return IdleStatus{};
  }
  return st;
}

// "Offline: requests are saved…  3 waiting to send": shared by the status bar and the terminal screen.
std::string LinkText(const AppState& s) {
  std::string text;
  switch (s.link.state) {
    case LinkState::kUnknown: text = s.Tr("link.unknown"); break;
    case LinkState::kNotEnrolled: text = s.Tr("link.not_enrolled"); break;
    case LinkState::kOnline: text = s.Tr("link.online"); break;
    case LinkState::kOffline: text = s.Tr("link.offline"); break;
    case LinkState::kUnauthorized: text = s.Tr("link.unauthorized"); break;
  }
  if (s.link.outbox_depth > 0) text += "  " + s.TrF("link.pending", {std::to_string(s.link.outbox_depth)});
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

ActionText DescribeAction(const AppState& s, const std::string& tag) {
  auto it = s.actions.find(tag);
  const ActionProgress p = it == s.actions.end() ? ActionProgress{} : it->second;
  ActionText t{p.state, {}, {}, p.reason};
  switch (p.state) {
    case ActionState::kSaving: t.title = s.Tr("progress.saving"); break;
    case ActionState::kSaved:
      t.title = s.Tr("progress.saved");
      t.detail = s.link.state == LinkState::kOnline ? s.Tr("progress.saved_online") : s.Tr("progress.saved_offline");
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
  StatusBarView v;
  v.clock_text = s.tz.HourMinute(s.clock->NowUtcMs());
  if (s.binding.role == Role::kStaff) v.location_text = s.Tr("role.staff");
  else if (!s.binding.location_name.empty()) v.location_text = s.binding.location_name.Get(s.session.lang);
  else v.location_text = s.binding.location_code;
  v.link_state = s.link.state;
  v.link_text = LinkText(s);
  v.language_label = s.Tr("lang.self_name");
  const int64_t now = s.clock->NowUtcMs();
  for (const auto& n : s.notices) {
    if (n.ends_utc_ms && n.ends_utc_ms <= now) continue;  // over: no longer news
    if (!v.banner.empty()) v.banner += "  |  ";
    v.banner += n.text.Get(s.session.lang);
    if (n.starts_utc_ms && n.ends_utc_ms)
      v.banner += "  " + s.TrF("notice.when", {s.tz.Date(n.starts_utc_ms), s.tz.HourMinute(n.starts_utc_ms),
                                               s.tz.HourMinute(n.ends_utc_ms)});
  }
  v.idle_warning = idle.warning;
  if (idle.warning) v.idle_text = s.TrF("idle.countdown", {std::to_string(idle.seconds_left)});
  v.still_here_label = s.Tr("idle.still_here");
  return v;
}

ChromeView BuildChrome(const AppState& s) {
  ChromeView v;
  v.back_label = s.Tr("nav.back");
  v.home_label = s.Tr("nav.home");
  v.can_go_back = s.session.screen != ScreenId::kHome;
  requests::AddChromeAction(s, v);
  mealui::AddChromeAction(s, v);
  rateui::AddChromeAction(s, v);
  return v;
}

HomeView BuildHomeView(const AppState& s) {
  HomeView v;
  v.greeting = s.binding.role == Role::kBedside ? s.Tr("home.greeting_patient") : s.Tr("home.greeting_staff");
  // Feature tiles are added here as their features land; no tile may lead to an empty screen.
  if (s.binding.role != Role::kStaff)
    v.tiles.push_back({"meals", s.Tr("home.tile.meals"), s.Tr("home.tile.meals_hint"), ScreenId::kMeals});
  if (s.binding.role == Role::kBedside)
    v.tiles.push_back({"repair", s.Tr("home.tile.repair"), s.Tr("home.tile.repair_hint"), ScreenId::kRepair});
  else
    v.tiles.push_back({"scan", s.Tr("home.tile.scan"), s.Tr("home.tile.scan_hint"), ScreenId::kScan});
  v.tiles.push_back({"cleaning", s.Tr("home.tile.cleaning"), s.Tr("home.tile.cleaning_hint"), ScreenId::kCleaning});
  v.tiles.push_back({"complaint", s.Tr("home.tile.complaint"), s.Tr("home.tile.complaint_hint"), ScreenId::kComplaint});
  v.tiles.push_back({"requests", s.Tr("home.tile.requests"), s.Tr("home.tile.requests_hint"), ScreenId::kRequests});
  v.tiles.push_back({"rate", s.Tr("home.tile.rate"), s.Tr("home.tile.rate_hint"), ScreenId::kToRate});
  v.tiles.push_back({"language", s.Tr("home.tile.language"), s.Tr("home.tile.language_hint"), ScreenId::kLanguage});
  v.tiles.push_back({"terminal", s.Tr("home.tile.terminal"), s.Tr("home.tile.terminal_hint"), ScreenId::kTerminal});
  return v;
}

LanguageView BuildLanguageView(const AppState& s) {
  LanguageView v;
  v.title = s.Tr("language.title");
  for (Lang l : kAllLangs)
    v.options.push_back({l, s.i18n->Tr(l, "lang.self_name"), l == s.session.lang});
  return v;
}

TerminalView BuildTerminalView(const AppState& s) {
  TerminalView v;
  v.title = s.Tr("terminal.title");
  const std::string none = s.Tr("terminal.none");
  auto or_none = [&](const std::string& x) { return x.empty() ? none : x; };
  std::string role;
  switch (s.binding.role) {
    case Role::kBedside: role = s.Tr("role.bedside"); break;
    case Role::kWard: role = s.Tr("role.ward"); break;
    case Role::kStaff: role = s.Tr("role.staff"); break;
  }
  v.rows.push_back({s.Tr("terminal.role"), role});
  v.rows.push_back({s.Tr("terminal.location"), or_none(s.binding.location_code)});
  if (!s.binding.location_name.empty()) v.rows.push_back({s.Tr("terminal.location_name"), s.binding.location_name.Get(s.session.lang)});
  v.rows.push_back({s.Tr("terminal.id"), or_none(s.binding.terminal_id)});
  v.rows.push_back({s.Tr("terminal.hub"), or_none(s.hub_url)});
  v.rows.push_back({s.Tr("terminal.link"), LinkText(s)});
  v.rows.push_back({s.Tr("terminal.last_ok"),
                    s.link.last_ok_utc_ms ? s.tz.Date(s.link.last_ok_utc_ms) + " " + s.tz.HourMinute(s.link.last_ok_utc_ms) : none});
  v.rows.push_back({s.Tr("terminal.outbox"), std::to_string(s.link.outbox_depth)});
  v.rows.push_back({s.Tr("terminal.dead_letters"), std::to_string(s.link.dead_letters)});
  v.rows.push_back({s.Tr("terminal.skew"), Seconds(s.link.clock_skew_ms)});
  v.rows.push_back({s.Tr("terminal.timezone"), s.tz.name()});
  v.rows.push_back({s.Tr("terminal.version"), ONESTOP_VERSION});
  v.gallery_label = s.Tr("terminal.gallery");
  return v;
}

GalleryView BuildGalleryView(const AppState& s) {
  GalleryView v;
  v.title = s.Tr("gallery.title");
  v.keypad_label = s.Tr("gallery.keypad");
  v.keyboard_label = s.Tr("gallery.keyboard");
  if (auto it = s.session.fields.find("gallery.keypad"); it != s.session.fields.end()) v.keypad_value = it->second;
  if (auto it = s.session.fields.find("gallery.keyboard"); it != s.session.fields.end()) v.keyboard_value = it->second;
  if (auto it = s.session.fields.find("gallery.keyboard#shift"); it != s.session.fields.end())
    v.keyboard_shift = !it->second.empty();
  v.list_label = s.Tr("gallery.list");
  for (int i = 1; i <= 30; ++i) v.list_items.push_back(s.TrF("gallery.list_item", {std::to_string(i)}));
  v.confirm_label = s.Tr("common.confirm");
  v.cancel_label = s.Tr("common.cancel");
  v.banner_text = s.Tr("gallery.banner");
  v.keypad_clear = s.Tr("keypad.clear");
  v.keypad_ok = s.Tr("keypad.ok");
  v.key_space = s.Tr("keyboard.space");
  v.key_shift = s.Tr("keyboard.shift");
  v.key_done = s.Tr("keyboard.done");
  return v;
}

}  // namespace onestop
