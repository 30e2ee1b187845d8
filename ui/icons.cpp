// Home tile and chip → icon: keyed by the stable widget ids, so no feature in kiosk/core names a
// glyph and a new tile without an entry simply has no icon (its words still say what it is).
#include "ui/icons.h"

namespace onestop::ui::icon {

char16_t ForTile(std::string_view id) {
  struct Row { std::string_view id; char16_t icon; };
  static constexpr Row kRows[] = {{"meals", kRestaurant},   {"repair", kBuild},       {"scan", kQrScanner},
                                  {"cleaning", kCleaning},  {"complaint", kFeedback}, {"requests", kAssignment},
                                  {"rate", kStar},          {"escort", kAccessible},  {"language", kTranslate},
                                  {"terminal", kInfo}};
  for (const Row& r : kRows)
    if (r.id == id) return r.icon;
  return 0;
}

char16_t ForChip(std::string_view id) {
  auto ends = [&](std::string_view tail) {
    return id.size() >= tail.size() && id.compare(id.size() - tail.size(), tail.size(), tail) == 0;
  };
  if (ends(".urgency.routine")) return kSchedule;
  if (ends(".urgency.urgent")) return kPriorityHigh;
  if (ends(".urgency.emergency")) return kEmergency;
  return 0;
}

}  // namespace onestop::ui::icon
