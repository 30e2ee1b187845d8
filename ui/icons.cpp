// Home tile and chip → icon: keyed by the tile's target screen (the features' own constants) and
// the chips' stable ids, so no feature in kiosk/core names a glyph and no wire word is spelled here.
// A tile without an entry simply has no icon; its words still say what it is.
#include "ui/icons.h"

#include "kiosk/core/features/enroll/feature.h"
#include "kiosk/core/features/escort/feature.h"
#include "kiosk/core/features/foundation/feature.h"
#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/features/requests/feature.h"

namespace onestop::ui::icon {

char16_t ForScreen(ScreenId target) {
  struct Row { ScreenId screen; char16_t icon; };
  static constexpr Row kRows[] = {{screens::kMeals, kRestaurant},    {screens::kRepair, kBuild},
                                  {screens::kScan, kQrScanner},      {screens::kCleaning, kCleaning},
                                  {screens::kComplaint, kFeedback},  {screens::kRequests, kAssignment},
                                  {screens::kToRate, kStar},         {screens::kEscort, kAccessible},
                                  {screens::kLanguage, kTranslate},  {screens::kTerminal, kInfo},
                                  {screens::kEnroll, kSettings}};
  for (const Row& r : kRows)
    if (r.screen == target) return r.icon;
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

char16_t ForDishCategory(std::string_view category) {
  struct Row { std::string_view code; char16_t icon; };
  static constexpr Row kRows[] = {{"staple", kRiceBowl}, {"porridge", kRamenDining}, {"soup", kSoupKitchen},
                                  {"meat", kKebabDining}, {"fish", kSetMeal},        {"egg", kEgg},
                                  {"vegetable", kEco},    {"tofu", kEco},            {"drink", kLocalCafe},
                                  {"fruit", kApple},      {"dessert", kIcecream}};
  for (const Row& r : kRows)
    if (r.code == category) return r.icon;
  return kRestaurant;
}

char16_t ForAllergen(std::string_view allergen) {
  struct Row { std::string_view code; char16_t icon; };
  static constexpr Row kRows[] = {{"milk", kLocalDrink}, {"egg", kEgg},          {"fish", kSetMeal},
                                  {"shellfish", kSetMeal}, {"gluten", kBakeryDining}, {"soy", kEco},
                                  {"peanut", kSpa},      {"tree_nut", kSpa},      {"sesame", kSpa}};
  for (const Row& r : kRows)
    if (r.code == allergen) return r.icon;
  return 0;
}

}  // namespace onestop::ui::icon
