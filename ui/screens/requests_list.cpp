// "My requests": each request with its place on the line received → accepted → dispatched →
// in progress → completed, plus those still waiting in the outbox. Reads the view model only.
#include <imgui.h>

#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/requests/views.h"
#include "ui/icons.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {
namespace {

// Step icons joined by a line: a tick for each step reached, a cross where a request ended early,
// "pending" for those to come; the step's name under each (under the current one only when the
// names do not fit side by side).
void Stepper(const std::vector<std::string>& labels, int step, bool ended_early) {
  const float w = ImGui::GetContentRegionAvail().x;
  const ImVec2 a = ImGui::GetCursorScreenPos();
  const float r = Em(0.5f), y = a.y + r + Em(0.1f);
  const float seg = labels.size() > 1 ? (w - Em(4.0f)) / static_cast<float>(labels.size() - 1) : 0.0f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 done = ended_early ? color::kDanger : color::kOk, todo = ImGui::GetColorU32(ImGuiCol_TextDisabled);
  bool names_fit = true;
  for (const auto& l : labels) names_fit = names_fit && (labels.size() < 2 || ImGui::CalcTextSize(l.c_str()).x <= seg - Em(0.2f));
  for (size_t i = 0; i < labels.size(); ++i) {
    const float x = a.x + Em(2.0f) + seg * static_cast<float>(i);
    const bool reached = static_cast<int>(i) <= step;
    if (i + 1 < labels.size())
      dl->AddLine(ImVec2(x + r, y), ImVec2(x + seg - r, y), static_cast<int>(i) < step ? done : todo, Em(0.15f));
    const char16_t ic = !reached ? icon::kPending : (ended_early && static_cast<int>(i) == step) ? icon::kCancel : icon::kCheckCircle;
    const std::string glyph = icon::Utf8(ic);
    const ImVec2 gs = ImGui::CalcTextSize(glyph.c_str());
    dl->AddText(ImVec2(x - gs.x * 0.5f, y - gs.y * 0.5f), reached ? done : todo, glyph.c_str());
    // Names that would run into each other (portrait, elder mode) give way: only the current step
    // keeps its name, the icons still show the whole line.
    if (!names_fit && static_cast<int>(i) != step) continue;
    const std::string& name = labels[i];
    const ImVec2 ts = ImGui::CalcTextSize(name.c_str());
    ImGui::SetCursorScreenPos(ImVec2(x - ts.x * 0.5f, y + r + Em(0.15f)));
    if (reached) Label(name);
    else LabelMuted(name);
  }
  ImGui::SetCursorScreenPos(ImVec2(a.x, y + r + Em(0.2f) + ImGui::GetTextLineHeightWithSpacing()));
}

}  // namespace

void DrawRequestsList(const requests::RequestsListView& v, Commands& out) {
  (void)out;  // the list only shows; new requests start from the home screen
  Title(v.title);
  if (v.loading) {
    LabelMuted(v.loading_text);
    return;
  }
  if (v.rows.empty()) {
    LabelWrapped(v.empty_text);
    return;
  }
  for (const auto& r : v.rows) {
    ImGui::PushID(r.id.c_str());
    ImGui::Separator();
    LabelWrapped(r.title);
    // The detail ("Ticket T-12 · 09:40") and where the request stands share a line when both fit;
    // otherwise the status goes under the detail and wraps, so a long status ("Rejected: …" with the
    // hub's reason) is read whole instead of running off the row.
    const float avail = ImGui::GetContentRegionAvail().x, gap = Em(1.0f);
    const float detail_w = ImGui::CalcTextSize(r.detail.c_str()).x, status_w = ImGui::CalcTextSize(r.status_text.c_str()).x;
    ImGui::PushStyleColor(ImGuiCol_Text, color::kMuted);
    LabelWrappedAt("request.detail", r.detail);
    ImGui::PopStyleColor();
    if (!r.detail.empty() && detail_w + gap + status_w <= avail) ImGui::SameLine(0, gap);
    if (r.ended_early) ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
    LabelWrappedAt("request.status", r.status_text);
    if (r.ended_early) ImGui::PopStyleColor();
    Stepper(v.step_labels, r.step, r.ended_early);
    ImGui::PopID();
  }
}

}  // namespace onestop::ui
