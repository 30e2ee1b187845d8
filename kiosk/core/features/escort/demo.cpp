// Screenshot content of the escort screen: a ward of 24 beds with bed 7 going to CT in 30 minutes by
// wheelchair, a quick phrase in the note. Bed names are built from the catalogs as the hub's master
// data would name them; the choices go through the same commands a nurse's taps send.
// The running kiosk never calls this.
#include <cstdio>

#include "kiosk/core/features/escort/feature.h"
#include "kiosk/core/features/escort/state.h"

namespace onestop::escort {

void Feature::FillDemo(AppState& s, ScreenId screen, const DemoData&) const {
  if (!(screen == screens::kEscort)) return;
  // A bedside binding (the screenshot default) stands in for its ward: its parent code.
  std::string ward = s.terminal.binding.location;
  if (s.terminal.binding.role != Role::kWard)
    if (auto dash = ward.rfind('-'); dash != std::string::npos) ward.resize(dash);
  EscortSession& e = Get(s);
  e.beds_loaded = true;
  for (int n = 1; n <= 24; ++n) {
    char suffix[8];
    std::snprintf(suffix, sizeof suffix, "-BED%02d", n);
    LocalText name;
    for (Lang l : kAllLangs) name.text[static_cast<size_t>(l)] = s.i18n->Format(l, "escort.bed_n", {std::to_string(n)});
    e.beds.emplace_back(ward + suffix, name);
    // Most beds occupied, a few empty, some diets: what a ward's grid looks like.
    static const char* kDiets[] = {"regular", "soft", "diabetic", "low_salt", "regular", "renal"};
    if (n % 5 != 0) e.diets[ward + suffix] = meals::DietOrder{ward + suffix, kDiets[n % 6], {}, "demo"};
  }
  e.bed = ward + "-BED07";
  e.destination = "ct";
  e.when = "in_30m";
  e.mode = "wheelchair";
  s.session.fields[kNoteField] = s.Tr("escort.phrase.0");
}

}  // namespace onestop::escort
