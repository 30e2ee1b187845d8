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
  FactTable("##terminal", v.rows, Em(9.0f));
  ImGui::Spacing();
  if (!v.gallery_label.empty() &&
      BigButton(v.gallery_label, "terminal.gallery", ImVec2(Em(12.0f), TargetPx()), Tone::kQuiet))
    out.Push(cmd::Navigate{screens::kGallery});
  // Nurses and IT sign in here to see the hub address and the gallery; the sign-in comes back here.
  if (!v.sign_in_label.empty() &&
      BigButton(v.sign_in_label, "terminal.sign_in", ImVec2(Em(12.0f), TargetPx()), Tone::kQuiet))
    out.Push(cmd::Navigate{screens::kSignIn});
}

}  // namespace onestop::ui
