// Frame chrome: status bar (place, connection, clock, language), notice banner, bottom navigation,
// the idle countdown overlay, and DrawRoot which dispatches to the current screen.
#include <imgui.h>

#include "kiosk/core/features/foundation/feature.h"
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
}  // namespace

void DrawStatusBar(const StatusBarView& v, Commands& out) {
  // The bar spans the window's full width from its top edge (outside the window padding).
  const ImVec2 win = ImGui::GetWindowPos();
  const float pad = ImGui::GetStyle().WindowPadding.x;
  const float w = ImGui::GetWindowSize().x;
  const float bar_h = TargetPx() + Em(0.3f);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // The window clips inside its padding; the bar's background goes edge to edge.
  dl->PushClipRect(win, ImVec2(win.x + w, win.y + bar_h), false);
  dl->AddRectFilled(win, ImVec2(win.x + w, win.y + bar_h), color::kStatusBar);
  dl->PopClipRect();
  const float text_y = win.y + (bar_h - ImGui::GetFontSize()) * 0.5f;
  ImGui::PushStyleColor(ImGuiCol_Text, IM_COL32_WHITE);
  ImGui::SetCursorScreenPos(ImVec2(win.x + pad, text_y));
  Label(v.location_text);
  // Connection state: a coloured dot plus words, never colour alone.
  const float mid = win.x + w * 0.25f;
  const float lang_w = Em(5.0f);
  const float clock_x = win.x + w - pad - lang_w - Em(3.5f);
  dl->AddCircleFilled(ImVec2(mid, text_y + ImGui::GetFontSize() * 0.5f), Em(0.3f), LinkColor(v.link_state));
  ImGui::SetCursorScreenPos(ImVec2(mid + Em(0.6f), text_y));
  // Long connection texts are clipped before the clock rather than running into it.
  ImGui::PushClipRect(ImVec2(mid, win.y), ImVec2(clock_x - Em(0.5f), win.y + bar_h), true);
  Label(v.link_text);
  ImGui::PopClipRect();
  // Clock, then the language button at the right edge: a full touch target on every screen.
  ImGui::SetCursorScreenPos(ImVec2(clock_x, text_y));
  Label(v.clock_text);
  ImGui::PopStyleColor();
  ImGui::SetCursorScreenPos(ImVec2(win.x + w - pad - lang_w, win.y + Em(0.15f)));
  if (BigButton(v.language_label, "status.language", ImVec2(lang_w, TargetPx()), Tone::kQuiet))
    out.Push(cmd::Navigate{screens::kLanguage});
  ImGui::SetCursorScreenPos(ImVec2(win.x + pad, win.y + bar_h + Em(0.4f)));
  if (!v.banner.empty()) Banner(v.banner, color::kBanner);
}

void DrawNavBar(const ChromeView& v, Commands& out) {
  if (!v.can_go_back) return;
  const float w = Em(7.0f);
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
  const float h = TargetPx() + Em(2.5f);
  ImGui::SetNextWindowPos(ImVec2(0, ds.y - h));
  ImGui::SetNextWindowSize(ImVec2(ds.x, h));
  ImGui::SetNextWindowFocus();
  ImGui::PushStyleColor(ImGuiCol_WindowBg, color::kBanner);
  ImGui::Begin("##idle", nullptr, kFixed & ~ImGuiWindowFlags_NoBringToFrontOnFocus);
  Title(v.idle_text);
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
  DrawStatusBar(status, out);
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
  DrawScreen(s, out);
  EndScrollList();
  DrawNavBar(chrome, out);
  ImGui::End();
  DrawIdleOverlay(status, out);
}

}  // namespace onestop::ui
