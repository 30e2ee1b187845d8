// Language picker: each language named in its own script, the current one marked.
#include <imgui.h>

#include "kiosk/core/features/foundation/feature.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {

void DrawLanguageScreen(const foundation::LanguageView& v, Commands& out) {
  Title(v.title);
  ImGui::Spacing();
  const float w = std::min(ImGui::GetContentRegionAvail().x, Em(16.0f));
  for (const auto& o : v.options) {
    ImGui::PushID(LangTag(o.lang));
    if (BigButton(o.label, "pick", ImVec2(w, TargetPx()), o.current ? Tone::kPrimary : Tone::kNormal)) {
      out.Push(cmd::SetLanguage{o.lang});
      out.Push(cmd::Back{});
    }
    ImGui::PopID();
  }
}

}  // namespace onestop::ui
