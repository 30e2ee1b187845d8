// "This terminal": binding, connection, queue and version, for nurses and IT at the bedside.
#include <imgui.h>

#include "kiosk/core/features/foundation/feature.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {

void DrawTerminalScreen(const foundation::TerminalView& v, Commands& out) {
  Title(v.title);
  ImGui::Spacing();
  if (ImGui::BeginTable("##terminal", 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) {
    ImGui::TableSetupColumn("##k", ImGuiTableColumnFlags_WidthFixed, Em(9.0f));
    ImGui::TableSetupColumn("##v", ImGuiTableColumnFlags_WidthStretch);
    for (const auto& [label, value] : v.rows) {
      ImGui::TableNextRow();
      ImGui::TableNextColumn();
      LabelMuted(label);
      ImGui::TableNextColumn();
      LabelWrapped(value);
    }
    ImGui::EndTable();
  }
  ImGui::Spacing();
  if (BigButton(v.gallery_label, "terminal.gallery", ImVec2(Em(12.0f), TargetPx()), Tone::kQuiet))
    out.Push(cmd::Navigate{screens::kGallery});
}

}  // namespace onestop::ui
