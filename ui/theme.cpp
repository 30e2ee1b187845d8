// Theme and scale. The numbers here are the only place pixel sizes come from.
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
  return m;
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
  c[ImGuiCol_WindowBg] = Rgb(0xF4F6F8);
  c[ImGuiCol_ChildBg] = Rgb(0xFFFFFF);
  c[ImGuiCol_Text] = Rgb(0x141414);
  c[ImGuiCol_TextDisabled] = Rgb(0x5A5A5A);
  c[ImGuiCol_Border] = Rgb(0x8A96A3);
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
