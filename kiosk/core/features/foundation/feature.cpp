// Foundation screens' view models (see feature.h).
#include "kiosk/core/features/foundation/feature.h"

#include "kiosk/core/features/foundation/commands.h"
#include "kiosk/core/shell/events.h"
#include "kiosk/core/shell/shell.h"
#include "kiosk/core/staff_session.h"

namespace onestop::foundation {

const Feature kFeature;

bool StaffSignedIn(const AppState& s) { return s.terminal.staff && s.terminal.staff->signed_in(); }

// Screenshot of the gallery (a service screen): as the technician who opened it, signed in by badge.
void Feature::FillDemo(AppState& s, ScreenId screen, const DemoData&) const {
  if (!(screen == screens::kGallery)) return;
  Binding b{Role::kStaff, ""};
  s.terminal.staff = std::make_shared<staff::StaffSession>(*s.clock, [](std::string_view, std::string_view) { return false; }, b);
  s.terminal.staff->SetDirectory(staff::StaffDirectory(
      {staff::StaffFromJson({{"id", "IT001"}, {"role", "it"}, {"badge", "DEMO-IT"}}).value()}));
  (void)s.terminal.staff->SignInWithBadge("DEMO-IT");
}

bool ElderByDefault(const AppState& s) {
  return s.terminal.elder_by_default && s.terminal.binding.role == Role::kBedside;
}

std::optional<Intent> Feature::Apply(AppState& s, const Command& c) const {
  if (auto* e = c.As<cmd::SetElderMode>()) {
    s.session.elder = e->on;
    return Intent::Stay();
  }
  return std::nullopt;
}

// Session assignment clears the flag; the terminal's default is put back here, once per reset.
Intent Feature::OnEvent(AppState& s, const Command& event) const {
  if (event.Is<event::SessionReset>()) s.session.elder = ElderByDefault(s);
  return Intent::Stay();
}

// A session with elder mode switched away from the default is not fresh: the idle rule resets it.
bool Feature::Pristine(const AppState& s) const { return s.session.elder == ElderByDefault(s); }

namespace {
std::string Seconds(int64_t ms) { return std::to_string(ms / 1000); }
}  // namespace

void Feature::AddHomeTiles(const AppState& s, std::vector<HomeTile>& tiles) const {
  tiles.push_back({"language", s.Tr("home.tile.language"), s.Tr("home.tile.language_hint"), screens::kLanguage});
  tiles.push_back({"terminal", s.Tr("home.tile.terminal"), s.Tr("home.tile.terminal_hint"), screens::kTerminal});
}

HomeView BuildHomeView(const AppState& s) {
  HomeView v;
  v.greeting = s.terminal.binding.role == Role::kBedside ? s.Tr("home.greeting_patient") : s.Tr("home.greeting_staff");
  // No tile may lead to an empty screen: each feature adds the tiles its role can use.
  for (const onestop::Feature* f : AllFeatures()) f->AddHomeTiles(s, v.tiles);
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
  const Terminal& tm = s.terminal;
  TerminalView v;
  v.title = s.Tr("terminal.title");
  const std::string none = s.Tr("terminal.none");
  auto or_none = [&](const std::string& x) { return x.empty() ? none : x; };
  std::string role;
  switch (tm.binding.role) {
    case Role::kBedside: role = s.Tr("role.bedside"); break;
    case Role::kWard: role = s.Tr("role.ward"); break;
    case Role::kStaff: role = s.Tr("role.staff"); break;
  }
  v.rows.push_back({s.Tr("terminal.role"), role});
  v.rows.push_back({s.Tr("terminal.location"), or_none(tm.binding.location)});
  if (!tm.binding.location_name.empty()) v.rows.push_back({s.Tr("terminal.location_name"), tm.binding.location_name.Get(s.session.lang)});
  v.rows.push_back({s.Tr("terminal.id"), or_none(tm.binding.terminal_id)});
  const bool staff = StaffSignedIn(s);
  if (staff) v.rows.push_back({s.Tr("terminal.hub"), or_none(tm.hub_url)});
  v.rows.push_back({s.Tr("terminal.link"), LinkText(s)});
  v.rows.push_back({s.Tr("terminal.last_ok"),
                    tm.link.last_ok_utc_ms ? tm.tz.Date(tm.link.last_ok_utc_ms) + " " + tm.tz.HourMinute(tm.link.last_ok_utc_ms) : none});
  v.rows.push_back({s.Tr("terminal.outbox"), std::to_string(tm.link.outbox_depth)});
  v.rows.push_back({s.Tr("terminal.dead_letters"), std::to_string(tm.link.dead_letters)});
  v.rows.push_back({s.Tr("terminal.skew"), Seconds(tm.link.clock_skew_ms)});
  v.rows.push_back({s.Tr("terminal.timezone"), tm.tz.name()});
  v.rows.push_back({s.Tr("terminal.version"), ONESTOP_VERSION});
  if (staff) v.gallery_label = s.Tr("terminal.gallery");
  else if (tm.staff) v.sign_in_label = s.Tr("terminal.staff_sign_in");
  return v;
}

GalleryView BuildGalleryView(const AppState& s) {
  GalleryView v;
  v.title = s.Tr("gallery.title");
  if (!StaffSignedIn(s)) {
    v.locked = true;
    v.locked_text = s.Tr("gallery.staff_only");
    if (s.terminal.staff) v.sign_in_label = s.Tr("terminal.staff_sign_in");
    return v;
  }
  v.keypad_label = s.Tr("gallery.keypad");
  v.keyboard_label = s.Tr("gallery.keyboard");
  v.keypad_value = s.session.Field("gallery.keypad");
  v.keyboard_value = s.session.Field("gallery.keyboard");
  v.keyboard_shift = s.session.shifted.count("gallery.keyboard") > 0;
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

}  // namespace onestop::foundation
