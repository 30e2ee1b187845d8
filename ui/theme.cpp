// Theme and scale. The numbers here are the only place pixel sizes come from; screens never pick
// colours or sizes of their own beyond the color:: constants and Em()/TargetPx().
#include "ui/theme.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

namespace onestop::ui {
namespace {
Metrics g_metrics;
ImVec4 Rgb(unsigned hex) {
  return ImVec4(((hex >> 16) & 0xFF) / 255.f, ((hex >> 8) & 0xFF) / 255.f, (hex & 0xFF) / 255.f, 1.f);
}
}  // namespace

Metrics ComputeMetrics(float panel_dpi, float min_target_mm, bool large) {
  Metrics m;
  const float target = min_target_mm * panel_dpi / 25.4f;
  // Round the font down (ImGui FAQ: fonts at integer sizes), then re-derive the target from it so
  // it never drops below the requested millimetres.
  float font = std::floor(target / kTargetEm);
  if (large) font = std::floor(font * 1.3f);
  m.font_px = std::max(14.0f, font);
  m.target_px = std::max(target, m.font_px * kTargetEm);
  m.px_per_mm = panel_dpi / 25.4f;
  return m;
}

Metrics ElderMetrics(const Metrics& base) {
  Metrics m = base;
  m.font_px = std::max(base.font_px, std::ceil(kElderCapMm * base.px_per_mm / kCapHeightPerFontPx));
  m.target_px = std::max({base.target_px, kElderTargetMm * base.px_per_mm, m.font_px * kElderTargetEm});
  m.high_contrast = true;
  return m;
}

float ContrastRatio(unsigned a, unsigned b) {
  auto lum = [](unsigned c) {
    auto ch = [](unsigned v) {
      const double x = v / 255.0;
      return x <= 0.03928 ? x / 12.92 : std::pow((x + 0.055) / 1.055, 2.4);
    };
    // ImU32 is ABGR: red in the low byte.
    return 0.2126 * ch(c & 0xFF) + 0.7152 * ch((c >> 8) & 0xFF) + 0.0722 * ch((c >> 16) & 0xFF);
  };
  const double la = lum(a), lb = lum(b);
  return static_cast<float>((std::max(la, lb) + 0.05) / (std::min(la, lb) + 0.05));
}

void SetMetrics(const Metrics& m) { g_metrics = m; }
const Metrics& CurrentMetrics() { return g_metrics; }

void ApplyTheme() {
  ImGuiStyle style;  // start from defaults so re-applying never compounds scaling
  ImGui::StyleColorsLight(&style);
  const float em = g_metrics.font_px;
  style.WindowPadding = ImVec2(0.5f * em, 0.5f * em);
  style.FramePadding = ImVec2(0.5f * em, 0.35f * em);
  style.ItemSpacing = ImVec2(0.4f * em, 0.4f * em);
  style.ItemInnerSpacing = ImVec2(0.3f * em, 0.3f * em);
  style.ScrollbarSize = 0.6f * em;
  style.GrabMinSize = 0.8f * em;
  style.WindowRounding = 0;
  style.ChildRounding = 0.25f * em;
  style.FrameRounding = 0.25f * em;
  style.FrameBorderSize = 1.0f;  // visible button edges: affordance without relying on colour
  style.WindowBorderSize = 0;
  style.ChildBorderSize = 1.0f;
  style.ButtonTextAlign = ImVec2(0.5f, 0.5f);
  style.SelectableTextAlign = ImVec2(0.0f, 0.5f);
  style.TouchExtraPadding = ImVec2(0, 0);  // targets are already large; overlap resolves badly

  ImVec4* c = style.Colors;
  if (g_metrics.high_contrast) {
    // Elder mode: pure black on white, black 2 px edges; pressed states still visibly darker.
    style.FrameBorderSize = 2.0f;
    style.ChildBorderSize = 2.0f;
    c[ImGuiCol_WindowBg] = Rgb(0xFFFFFF);
    c[ImGuiCol_ChildBg] = Rgb(0xFFFFFF);
    c[ImGuiCol_Text] = Rgb(0x000000);
    c[ImGuiCol_TextDisabled] = Rgb(0x4A4A4A);
    c[ImGuiCol_Border] = Rgb(0x000000);
    c[ImGuiCol_Button] = Rgb(0xFFFFFF);
    c[ImGuiCol_ButtonHovered] = c[ImGuiCol_Button];
    c[ImGuiCol_ButtonActive] = Rgb(0xC8C8C8);
    c[ImGuiCol_Header] = Rgb(0xE6E6E6);
    c[ImGuiCol_HeaderHovered] = c[ImGuiCol_Header];
    c[ImGuiCol_HeaderActive] = Rgb(0xC8C8C8);
    c[ImGuiCol_FrameBg] = Rgb(0xFFFFFF);
    c[ImGuiCol_FrameBgHovered] = c[ImGuiCol_FrameBg];
    c[ImGuiCol_ScrollbarBg] = Rgb(0xE6E6E6);
    c[ImGuiCol_ScrollbarGrab] = Rgb(0x303030);
    c[ImGuiCol_ScrollbarGrabHovered] = c[ImGuiCol_ScrollbarGrab];
    ImGui::GetStyle() = style;
    return;
  }
  c[ImGuiCol_WindowBg] = Rgb(0xF4F6F8);
  c[ImGuiCol_ChildBg] = Rgb(0xFFFFFF);
  c[ImGuiCol_Text] = Rgb(0x141414);
  c[ImGuiCol_TextDisabled] = Rgb(0x5A5A5A);
  // #6B7785: 3.6:1 on the button fill, 4.2:1 on the window, 4.6:1 on white (WCAG 1.4.11 wants 3:1;
  // the old #8A96A3 was 2.78:1 on the window).
  c[ImGuiCol_Border] = Rgb(0x6B7785);
  c[ImGuiCol_Button] = Rgb(0xE3EAF2);
  c[ImGuiCol_ButtonHovered] = c[ImGuiCol_Button];
  c[ImGuiCol_ButtonActive] = Rgb(0xB7C9DD);
  c[ImGuiCol_Header] = Rgb(0xDCE6F0);
  c[ImGuiCol_HeaderHovered] = c[ImGuiCol_Header];
  c[ImGuiCol_HeaderActive] = Rgb(0xB7C9DD);
  c[ImGuiCol_FrameBg] = Rgb(0xFFFFFF);
  c[ImGuiCol_FrameBgHovered] = c[ImGuiCol_FrameBg];
  c[ImGuiCol_ScrollbarBg] = Rgb(0xEDEFF2);
  c[ImGuiCol_ScrollbarGrab] = Rgb(0x9AA5B1);
  c[ImGuiCol_ScrollbarGrabHovered] = c[ImGuiCol_ScrollbarGrab];
  ImGui::GetStyle() = style;
}

}  // namespace onestop::ui
