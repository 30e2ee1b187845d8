// See read_aloud.h. The capture and the pending read are per-frame scratch owned by the UI thread.
#include "ui/read_aloud.h"

#include <imgui.h>

#include <algorithm>
#include <string>
#include <vector>

#include "kiosk/core/features/read_aloud/commands.h"
#include "kiosk/core/features/read_aloud/feature.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {
namespace {
const AppState* g_state = nullptr;
bool g_capturing = false, g_bypass = false;
std::vector<std::string> g_texts;
bool g_have_read = false;
readaloud::cmd::ReadElement g_read;
}  // namespace

void BeginReadAloudFrame(const AppState* s) {
  g_state = s && readaloud::Get(*s).on ? s : nullptr;
  g_texts.clear();
  g_have_read = false;
  g_capturing = false;
}

void EndReadAloudFrame(Commands& out) {
  if (g_have_read) out.Push(g_read);
  if (g_state && !g_texts.empty()) out.Push(readaloud::cmd::ScreenShown{std::string(g_state->session.screen.name), std::move(g_texts)});
  g_texts.clear();
  g_state = nullptr;
}

void BeginScreenCapture() { g_capturing = g_state && readaloud::WantsScreen(*g_state); }
void EndScreenCapture() { g_capturing = false; }

void CaptureSpoken(std::string_view text) {
  if (g_capturing && !text.empty()) g_texts.emplace_back(text);
}

bool TapActs(uint32_t element, std::string_view words) {
  if (!g_state || g_bypass || readaloud::TapActs(*g_state, element)) return true;
  g_read = {element, std::string(words)};
  g_have_read = true;
  return false;
}

float ReadAloudSwitchWidth(std::string_view label) {
  const std::string text = icon::Utf8(icon::kVolumeUp) + " " + std::string(label);
  return std::max(TargetPx(), ImGui::CalcTextSize(text.c_str()).x + Em(1.2f));
}

void ReadAloudSwitch(std::string_view label, bool on, float width, Commands& out) {
  g_bypass = true;  // the switch must turn read-aloud off with one tap
  const std::string text = icon::Utf8(icon::kVolumeUp) + " " + std::string(label);
  if (BigButton(text, "status.read_aloud", ImVec2(width, TargetPx()), on ? Tone::kPrimary : Tone::kQuiet))
    out.Push(readaloud::cmd::Toggle{});
  g_bypass = false;
}

}  // namespace onestop::ui
