// Frame chrome: status bar (place, connection, clock, elder mode, language), notice banner, bottom
// navigation, the idle countdown overlay, and DrawRoot which dispatches to the current screen.
// Reads the view models and pushes commands only; the session's look is applied by the host.
#include <imgui.h>

#include <algorithm>

#include "kiosk/core/features/foundation/commands.h"
#include "kiosk/core/features/foundation/feature.h"
#include "kiosk/core/features/read_aloud/feature.h"
#include "ui/fonts.h"
#include "ui/icons.h"
#include "ui/read_aloud.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {
namespace {
constexpr ImGuiWindowFlags kFixed = ImGuiWindowFlags_NoDecoration | ImGuiWindowFlags_NoMove |
                                    ImGuiWindowFlags_NoResize | ImGuiWindowFlags_NoSavedSettings |
                                    ImGuiWindowFlags_NoBringToFrontOnFocus;

ImU32 LinkColor(LinkState s) {
  switch (s) {
    case LinkState::kOnline: return 0xFF66BB6A;
    case LinkState::kOffline: return 0xFF26A7FF;
    case LinkState::kUnauthorized:
    case LinkState::kNotEnrolled: return 0xFF5050EF;
    case LinkState::kUnknown: break;
  }
  return 0xFFBDBDBD;
}
// The bed matters most to the person in it: a place too long for `max_px` keeps its last part
// (" · Bed 24") whole and shortens the ward before it.
std::string ElidePlace(const std::string& place, float max_px) {
  const size_t dot = place.rfind(" \xC2\xB7 ");  // U+00B7 between ward and bed (terminal_snapshot)
  if (dot == std::string::npos || dot == 0 || ImGui::CalcTextSize(place.c_str()).x <= max_px) return Elide(place, max_px);
  const std::string tail = place.substr(dot);
  const float tail_w = ImGui::CalcTextSize(tail.c_str()).x;
  if (tail_w + ImGui::CalcTextSize("\xE2\x80\xA6").x > max_px) return Elide(place, max_px);
  return Elide(place.substr(0, dot), max_px - tail_w) + tail;
}
}  // namespace

// Status bar (issue 16: a long ward name or large text ran the place into the connection words and
// those into the clock). Every part is measured, nothing sits at a fixed fraction of the width:
//   one row:   place…  ● connection…  clock  [read aloud] [elder] [language]
//   two rows when one row would leave the place or the connection less than kMinShareEm:
//              place…                        [read aloud] [elder] [language]
//              ● connection…                               clock
//   [read aloud] moves to the second row, beside the clock, when the place would not get its share
//   beside all three buttons; three rows when even that is not enough (portrait in elder mode):
//   the buttons alone, then the place, then connection, [read aloud] and clock.
// What still does not fit is elided with "…" (a place keeps its bed): never overlapped, never wrapped.
constexpr float kMinShareEm = 7.0f;

void DrawStatusBar(const StatusBarView& v, const readaloud::ToggleView& ra, Commands& out) {
  // The bar spans the window's full width from its top edge (outside the window padding).
  const ImVec2 win = ImGui::GetWindowPos();
  const float pad = ImGui::GetStyle().WindowPadding.x;
  const float w = ImGui::GetWindowSize().x;
  const float fs = ImGui::GetFontSize();
  const float gap = Em(0.6f);
  auto tw = [](const std::string& t) { return ImGui::CalcTextSize(t.c_str()).x; };
  const float left = win.x + pad, right = win.x + w - pad;

  const float lang_w = std::max(TargetPx(), tw(v.language_label) + Em(1.2f));
  const float clock_w = tw(v.clock_text);
  const float dot_w = Em(0.9f);  // the connection dot and the space after it
  const float place_need = tw(v.location_text), link_need = dot_w + tw(v.link_text);
  const float full = right - left;
  const float min_place = std::min(place_need, Em(kMinShareEm));

  struct Fit {
    std::string elder_text, ra_label;
    float elder_w, ra_w, place_w, link_w;
    bool two_rows = false, ra_low = false, three_rows = false;
    int rows() const { return three_rows ? 3 : two_rows ? 2 : 1; }
  };
  auto fit = [&](bool words) {
    Fit f;
    f.elder_text = icon::Utf8(icon::kTextIncrease) + (words ? " " + v.elder_label : std::string());
    f.ra_label = words ? ra.label : std::string();
    f.elder_w = std::max(TargetPx(), tw(f.elder_text) + Em(1.2f));
    f.ra_w = words ? ReadAloudSwitchWidth(ra.label) : TargetPx();  // read aloud (issue 17), left of elder mode
    const float all_buttons_w = f.ra_w + Em(0.3f) + f.elder_w + Em(0.3f) + lang_w;
    // One row: place and connection share what the clock and the buttons leave.
    const float row_free = full - all_buttons_w - gap - clock_w - gap;
    f.place_w = place_need, f.link_w = link_need;
    if (place_need + gap + link_need > row_free) {
      f.place_w = std::min(place_need, std::max(row_free * 0.5f, row_free - gap - link_need));
      f.link_w = row_free - gap - f.place_w;
      f.two_rows = f.place_w < min_place || f.link_w < std::min(link_need, Em(kMinShareEm));
    }
    // Two rows: read aloud moves down beside the clock when the place would not get its share beside
    // all three buttons; three rows when it would not even beside two (portrait in elder mode).
    if (f.two_rows) {
      f.ra_low = full - all_buttons_w - gap < min_place;
      f.place_w = full - (f.ra_low ? f.elder_w + Em(0.3f) + lang_w : all_buttons_w) - gap;
      f.link_w = full - clock_w - gap - (f.ra_low ? f.ra_w + gap : 0.0f);
      f.three_rows = f.place_w < min_place;
      if (f.three_rows) f.place_w = full;
    }
    return f;
  };
  // In elder mode every row of the bar is a row of menu cards less (issue 16: one dish per screen on a
  // landscape panel): read aloud and elder mode keep their icons and drop their words when that saves
  // a row. The elder button is then the one lit blue; outside elder mode the words stay, so the switch
  // can be found.
  Fit f = fit(true);
  if (v.elder_on && f.rows() > 1) {
    Fit icons = fit(false);
    if (icons.rows() < f.rows()) f = icons;
  }
  const std::string& elder_text = f.elder_text;
  const float elder_w = f.elder_w, ra_w = f.ra_w, place_w = f.place_w, link_w = f.link_w;
  const bool two_rows = f.two_rows, ra_low = f.ra_low, three_rows = f.three_rows;
  const float all_buttons_w = ra_w + Em(0.3f) + elder_w + Em(0.3f) + lang_w;
  const float buttons_w = ra_low ? elder_w + Em(0.3f) + lang_w : all_buttons_w;  // those in the top row
  const float row1_h = TargetPx() + Em(0.3f);
  const float place_row_h = three_rows ? fs + Em(0.6f) : 0.0f;
  const float row2_h = two_rows ? (ra_low ? row1_h : fs + Em(0.6f)) : 0.0f;
  const float bar_h = row1_h + place_row_h + row2_h;

  ImDrawList* dl = ImGui::GetWindowDrawList();
  // The window clips inside its padding; the bar's background goes edge to edge.
  dl->PushClipRect(win, ImVec2(win.x + w, win.y + bar_h), false);
  dl->AddRectFilled(win, ImVec2(win.x + w, win.y + bar_h), color::kStatusBar);
  dl->PopClipRect();
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
  const float y1 = win.y + (row1_h - fs) * 0.5f;
  ImGui::SetCursorScreenPos(ImVec2(left, three_rows ? win.y + row1_h + (place_row_h - fs) * 0.5f : y1));
  LabelAt("status.location", ElidePlace(v.location_text, place_w));
  // Connection state: a coloured dot plus words, never colour alone.
  const float link_x = two_rows ? left : left + place_w + gap;
  const float link_y = two_rows ? win.y + row1_h + place_row_h + (row2_h - fs) * 0.5f : y1;
  const ImVec2 dot(link_x + Em(0.3f), link_y + fs * 0.5f);
  dl->AddCircleFilled(dot, Em(0.3f), LinkColor(v.link_state));
  RecordRegion("status.dot", ImVec2(dot.x - Em(0.3f), dot.y - Em(0.3f)), ImVec2(dot.x + Em(0.3f), dot.y + Em(0.3f)));
  ImGui::SetCursorScreenPos(ImVec2(link_x + dot_w, link_y));
  LabelAt("status.link", Elide(v.link_text, link_w - dot_w));
  const float clock_x = two_rows ? right - clock_w : right - buttons_w - gap - clock_w;
  ImGui::SetCursorScreenPos(ImVec2(clock_x, link_y));
  LabelAt("status.clock", v.clock_text);
  ImGui::PopStyleColor();
  // Read aloud, elder mode, then language at the right edge: full touch targets on every screen.
  const float by = win.y + (row1_h - TargetPx()) * 0.5f;
  ImGui::SetCursorScreenPos(ra_low ? ImVec2(right - clock_w - gap - ra_w, win.y + row1_h + place_row_h + (row2_h - TargetPx()) * 0.5f)
                                   : ImVec2(right - buttons_w, by));
  ReadAloudSwitch(f.ra_label, ra.on, ra_w, out);
  ImGui::SetCursorScreenPos(ImVec2(right - elder_w - Em(0.3f) - lang_w, by));
  if (BigButton(elder_text, "status.elder", ImVec2(elder_w, TargetPx()), v.elder_on ? Tone::kPrimary : Tone::kQuiet))
    out.Push(foundation::cmd::SetElderMode{!v.elder_on});
  ImGui::SetCursorScreenPos(ImVec2(right - lang_w, by));
  if (BigButton(v.language_label, "status.language", ImVec2(lang_w, TargetPx()), Tone::kQuiet))
    out.Push(cmd::Navigate{screens::kLanguage});
  RecordRegion("status.bar", win, ImVec2(win.x + w, win.y + bar_h));
  ImGui::SetCursorScreenPos(ImVec2(left, win.y + bar_h + Em(0.4f)));
  if (!v.banner.empty()) Banner(v.banner, color::kBanner);
}

void DrawNavBar(const ChromeView& v, Commands& out) {
  if (!v.can_go_back) return;
  // Back and Home are 7 em wide, the action twice that; on a narrow panel (portrait, elder mode)
  // they share the width instead of running off its edge.
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float w = std::min(Em(7.0f), (ImGui::GetContentRegionAvail().x - 2 * gap) / (v.action.empty() ? 2.0f : 4.0f));
  if (BigButton(v.back_label, "nav.back", ImVec2(w, TargetPx()))) out.Push(cmd::Back{});
  ImGui::SameLine();
  if (BigButton(v.home_label, "nav.home", ImVec2(w, TargetPx()))) out.Push(cmd::GoHome{});
  if (v.action.empty()) return;
  // The main action sits at the right edge, as wide as Back and Home together.
  const float aw = w * 2.0f;
  ImGui::SameLine(ImGui::GetWindowContentRegionMax().x - aw);
  if (BigButton(v.action_label, v.action_id.c_str(), ImVec2(aw, TargetPx()), Tone::kPrimary, v.action_enabled))
    for (const auto& c : v.action) out.Push(c);
}

void DrawIdleOverlay(const StatusBarView& v, Commands& out) {
  if (!v.idle_warning) return;
  const ImVec2 ds = ImGui::GetIO().DisplaySize;
  // As tall as its words need: the countdown can carry what a reset would discard, and in elder
  // mode or portrait that is two or three lines.
  ImFont* tf = ActiveFontManager() ? ActiveFontManager()->title() : nullptr;
  const float pad = ImGui::GetStyle().WindowPadding.x;
  const float text_h = tf ? tf->CalcTextSizeA(tf->FontSize, FLT_MAX, ds.x - 2 * pad, v.idle_text.c_str()).y
                          : ImGui::CalcTextSize(v.idle_text.c_str(), nullptr, false, ds.x - 2 * pad).y;
  const float h = text_h + TargetPx() + ImGui::GetStyle().ItemSpacing.y + 2 * ImGui::GetStyle().WindowPadding.y;
  ImGui::SetNextWindowPos(ImVec2(0, ds.y - h));
  ImGui::SetNextWindowSize(ImVec2(ds.x, h));
  ImGui::SetNextWindowFocus();
  ImGui::PushStyleColor(ImGuiCol_WindowBg, color::kBanner);
  ImGui::Begin("##idle", nullptr, kFixed & ~ImGuiWindowFlags_NoBringToFrontOnFocus);
  if (tf) ImGui::PushFont(tf);
  LabelWrappedAt("idle.text", v.idle_text);
  if (tf) ImGui::PopFont();
  if (BigButton(v.still_here_label, "idle.still_here", ImVec2(ImGui::GetContentRegionAvail().x, TargetPx()), Tone::kPrimary))
    out.Push(cmd::StillHere{});
  ImGui::End();
  ImGui::PopStyleColor();
}

void DrawRoot(const AppState& s, const IdleStatus& idle, Commands& out) {
  const ImVec2 ds = ImGui::GetIO().DisplaySize;
  ImGui::SetNextWindowPos(ImVec2(0, 0));
  ImGui::SetNextWindowSize(ds);
  const StatusBarView status = BuildStatusBar(s, idle);
  const ChromeView chrome = BuildChrome(s);
  ImGui::Begin("##root", nullptr, kFixed);
  SetKeyboardState(&s);  // text keyboards read their field's engine, composition and ink from the state
  BeginReadAloudFrame(&s);
  DrawStatusBar(status, readaloud::BuildToggle(s), out);
  // The screen gets everything between the status bar and the navigation bar.
  const float nav_h = chrome.can_go_back ? TargetPx() + ImGui::GetStyle().ItemSpacing.y : 0.0f;
  ImGui::PushStyleColor(ImGuiCol_ChildBg, 0);
  BeginScrollList("##screen", ImVec2(0, ImGui::GetContentRegionAvail().y - nav_h), /*border=*/false);
  ImGui::PopStyleColor();
  // A screen always opens at its top: the scroll position of the previous screen means nothing here.
  static ScreenId shown = screens::kHome;
  if (!(s.session.screen == shown)) {
    ImGui::SetScrollY(0.0f);
    shown = s.session.screen;
  }
  BeginScreenCapture();  // read aloud: the screen's words in drawing order, once per new screen
  DrawScreen(s, out);
  EndScreenCapture();
  EndScrollList();
  DrawNavBar(chrome, out);
  ImGui::End();
  DrawIdleOverlay(status, out);
  EndReadAloudFrame(out);
  SetKeyboardState(nullptr);
}

}  // namespace onestop::ui
