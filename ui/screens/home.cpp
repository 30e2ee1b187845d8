// Home screen: greeting and one large tile per service available on this terminal's role, each with
// its icon (ui/icons.h) beside the words. Reads the view only.
#include <imgui.h>

#include <algorithm>
#include <cmath>

#include "kiosk/core/features/foundation/feature.h"
#include "ui/icons.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {

void DrawHomeScreen(const foundation::HomeView& v, Commands& out) {
  Title(v.greeting);
  ImGui::Spacing();
  const float gap = Em(0.6f);
  const float avail = ImGui::GetContentRegionAvail().x;
  // Columns from the width in ems: three on a landscape panel, two in portrait or elder mode (a
  // tile narrower than ~9 em wraps its title into the subtitle).
  const int fit = static_cast<int>(avail / Em(9.0f));
  const int cols = std::clamp(fit, 1, v.tiles.size() >= 4 ? 3 : 2);
  const float w = std::floor((avail - gap * (cols - 1)) / cols);
  // One column (portrait in elder mode): lower tiles, so more than two services show without scrolling.
  ImVec2 size(w, cols == 1 ? std::max(TargetPx() * 1.5f, Em(3.8f)) : std::max(TargetPx() * 2.0f, Em(6.0f)));
  for (const HomeTile& t : v.tiles) size.y = TileHeight(t.title, t.subtitle, w, size.y, icon::ForScreen(t.target));
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, ImVec2(gap, gap));
  for (size_t i = 0; i < v.tiles.size(); ++i) {
    if (i % cols) ImGui::SameLine();
    const HomeTile& t = v.tiles[i];
    if (Tile(t.title, t.subtitle, t.id.c_str(), size, icon::ForScreen(t.target))) out.Push(cmd::Navigate{t.target});
  }
  ImGui::PopStyleVar();
}

}  // namespace onestop::ui
