// Bed tiles in a grid (see bed_grid.h). Nothing here knows which feature's grid it draws.
#include "ui/bed_grid.h"

#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {

int BedGrid(const std::vector<BedTile>& beds, const char* list_id, float min_em, int max_rows, bool compact) {
  const float gap = Em(0.6f);
  const float avail = ImGui::GetContentRegionAvail().x;
  float tile_h = compact ? std::max(TargetPx(), Em(2.6f)) : std::max(TargetPx() * 1.3f, Em(3.8f));
  const bool orders = std::any_of(beds.begin(), beds.end(), [](const BedTile& b) { return !b.ordered.empty(); });
  auto columns = [&](float width) { return std::clamp(static_cast<int>((width + gap) / (Em(min_em) + gap)), 2, 4); };
  const int rows = (static_cast<int>(beds.size()) + columns(avail) - 1) / columns(avail);
  const bool scrolls = max_rows > 0 && rows > max_rows;
  // A list that scrolls has its scroll bar inside: the tiles share what it leaves (the right column
  // ran under the bar in portrait elder mode).
  const float inner = scrolls ? avail - ImGui::GetStyle().ScrollbarSize : avail;
  const int cols = columns(inner);
  const float bw = std::floor((inner - gap * static_cast<float>(cols - 1)) / static_cast<float>(cols));
  // One height for the grid; a compact grid keeps its height (the form under it stays in sight) and its
  // tiles draw long words smaller.
  if (!compact)
    for (const BedTile& b : beds) tile_h = TileHeight(b.name, b.diet, bw, tile_h);
  // A part of the next row shows below the last whole one: there is more to drag up.
  if (scrolls) BeginScrollList(list_id, ImVec2(avail, (tile_h + gap) * (static_cast<float>(max_rows) + 0.35f)), false);
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  int tapped = -1;
  for (size_t i = 0; i < beds.size(); ++i) {
    const BedTile& b = beds[i];
    if (i % static_cast<size_t>(cols)) ImGui::SameLine();
    ImGui::BeginGroup();
    if (Tile(b.name, b.diet, b.id.c_str(), ImVec2(bw, tile_h), 0, /*grow=*/!compact)) tapped = static_cast<int>(i);
    if (b.selected)
      ImGui::GetWindowDrawList()->AddRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax(), color::kPrimary, Em(0.4f), 0,
                                          Em(0.18f));
    if (orders) {
      ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + bw);
      if (b.has_order) {
        ImGui::PushStyleColor(ImGuiCol_Text, b.attention ? color::kDanger : color::kOk);
        Label(b.ordered);
        ImGui::PopStyleColor();
        if (!b.state.empty()) LabelMuted(b.state);
      } else if (!b.ordered.empty()) {
        LabelMuted(b.ordered);
      }
      ImGui::PopTextWrapPos();
    }
    ImGui::EndGroup();
  }
  ImGui::PopStyleVar();
  if (scrolls) EndScrollList();
  return tapped;
}

}  // namespace onestop::ui
