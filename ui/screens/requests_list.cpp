// "My requests": each request with its place on the line received → accepted → dispatched →
// in progress → completed, plus those still waiting in the outbox. Reads the view model only.
#include <imgui.h>

#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/requests/views.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {
namespace {

// Dots joined by a line, filled up to the reached step; the current step's name under each dot.
void Stepper(const std::vector<std::string>& labels, int step, bool ended_early) {
  const float w = ImGui::GetContentRegionAvail().x;
  const ImVec2 a = ImGui::GetCursorScreenPos();
  const float r = Em(0.35f), y = a.y + r + Em(0.1f);
  const float seg = labels.size() > 1 ? (w - Em(4.0f)) / static_cast<float>(labels.size() - 1) : 0.0f;
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const ImU32 done = ended_early ? color::kDanger : color::kOk, todo = IM_COL32(190, 190, 190, 255);
  for (size_t i = 0; i < labels.size(); ++i) {
    const float x = a.x + Em(2.0f) + seg * static_cast<float>(i);
    const bool reached = static_cast<int>(i) <= step;
    if (i + 1 < labels.size())
      dl->AddLine(ImVec2(x, y), ImVec2(x + seg, y), static_cast<int>(i) < step ? done : todo, Em(0.15f));
    dl->AddCircleFilled(ImVec2(x, y), r, reached ? done : todo);
    const ImVec2 ts = ImGui::CalcTextSize(labels[i].c_str());
    ImGui::SetCursorScreenPos(ImVec2(x - ts.x * 0.5f, y + r + Em(0.15f)));
    if (reached) Label(labels[i]);
    else LabelMuted(labels[i]);
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
    LabelMuted(r.detail);
    ImGui::SameLine(0, Em(1.0f));
    if (r.ended_early) ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
    Label(r.status_text);
    if (r.ended_early) ImGui::PopStyleColor();
    Stepper(v.step_labels, r.step, r.ended_early);
    ImGui::PopID();
  }
}

}  // namespace onestop::ui
