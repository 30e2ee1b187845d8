// Icon glyphs: the one place that names the Material Icons code points the UI draws (Debian's
// fonts-material-design-icons-iconfont, merged into the body and title fonts by FontManager).
// Views pick icons by name from here; no other file spells a private-use code point. An icon is
// never the only carrier of meaning: it sits beside words (or is a key whose function is universal).
#pragma once
#include <array>
#include <string>
#include <string_view>

#include "kiosk/core/shell/screen.h"

namespace onestop::ui::icon {

// Code points from the package's scss/_variables.scss (Material Icons 4.x names).
inline constexpr char16_t kRestaurant = 0xE56C;       // meals
inline constexpr char16_t kBuild = 0xE869;            // report a fault
inline constexpr char16_t kQrScanner = 0xF206;        // scan equipment
inline constexpr char16_t kCleaning = 0xF0FF;         // cleaning
inline constexpr char16_t kFeedback = 0xE87F;         // complaint or suggestion
inline constexpr char16_t kAssignment = 0xE85D;       // my requests
inline constexpr char16_t kStar = 0xE838;             // rate a service
inline constexpr char16_t kAccessible = 0xE914;       // escort / transport
inline constexpr char16_t kTranslate = 0xE8E2;        // language
inline constexpr char16_t kInfo = 0xE88E;             // this terminal
inline constexpr char16_t kSettings = 0xE8B8;         // set up (enroll) this terminal
inline constexpr char16_t kBackspace = 0xE14A;        // keyboard: erase to the left
inline constexpr char16_t kSpaceBar = 0xE256;         // keyboard: Space where its word does not fit
inline constexpr char16_t kTextIncrease = 0xEAE2;     // elder mode (bigger text, high contrast)
inline constexpr char16_t kSchedule = 0xE8B5;         // urgency: routine
inline constexpr char16_t kPriorityHigh = 0xE645;     // urgency: urgent
inline constexpr char16_t kEmergency = 0xE1EB;        // urgency: emergency
inline constexpr char16_t kCheckCircle = 0xE86C;      // status step reached
inline constexpr char16_t kPending = 0xEF64;          // status step to come
inline constexpr char16_t kCancel = 0xE5C9;           // ended early (cancelled, rejected)
inline constexpr char16_t kWarning = 0xE002;          // a dish's allergens ("contains …")
// Menu cards: the kind of dish, drawn large when the hub has no photo of it (meals::DishCategories()).
inline constexpr char16_t kRiceBowl = 0xF1F5;         // staple (rice, buns, noodles)
inline constexpr char16_t kRamenDining = 0xEA64;      // porridge, congee
inline constexpr char16_t kSoupKitchen = 0xE7D3;      // soup
inline constexpr char16_t kKebabDining = 0xE842;      // meat
inline constexpr char16_t kSetMeal = 0xF1EA;          // fish, seafood
inline constexpr char16_t kEgg = 0xEACC;              // egg
inline constexpr char16_t kEco = 0xEA35;              // vegetables
inline constexpr char16_t kLocalCafe = 0xE541;        // drinks
inline constexpr char16_t kApple = 0xEA80;            // fruit
inline constexpr char16_t kIcecream = 0xEA69;         // dessert
// Allergens with a glyph of their own (the word always follows).
inline constexpr char16_t kLocalDrink = 0xE544;       // milk
inline constexpr char16_t kBakeryDining = 0xEA53;     // gluten (wheat)
inline constexpr char16_t kSpa = 0xEB4C;              // peanut, tree nuts, sesame (plant seeds)
inline constexpr char16_t kVolumeUp = 0xE050;         // read aloud (issue 17)

// Every icon above: FontManager bakes exactly these from the icon font.
inline constexpr std::array<char16_t, 35> kAll = {kRestaurant, kBuild,        kQrScanner, kCleaning,   kFeedback,
                                                 kAssignment, kStar,         kAccessible, kTranslate, kInfo,
                                                 kSettings,
                                                 kBackspace,  kSpaceBar,     kTextIncrease, kSchedule,   kPriorityHigh,
                                                 kEmergency,  kCheckCircle,  kPending,    kCancel,
                                                 kWarning,    kRiceBowl,     kRamenDining, kSoupKitchen, kKebabDining,
                                                 kSetMeal,    kEgg,          kEco,        kLocalCafe,  kApple,
                                                 kIcecream,   kLocalDrink,   kBakeryDining, kSpa,       kVolumeUp};

// The icon as UTF-8 (3 bytes: every code point here is in the BMP private-use area).
inline std::string Utf8(char16_t cp) {
  std::string s;
  s += static_cast<char>(0xE0 | (cp >> 12));
  s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  s += static_cast<char>(0x80 | (cp & 0x3F));
  return s;
}

// The icon of a home tile by the screen it opens, or 0 for none.
char16_t ForScreen(ScreenId target);
// The icon of a choice chip by its stable id (urgency chips "<form>.urgency.<code>"), or 0.
char16_t ForChip(std::string_view chip_id);
// A dish card's icon by its category code (kRestaurant for none or an unknown one).
char16_t ForDishCategory(std::string_view category);
// An allergen's icon by its code, or 0 (the word alone then).
char16_t ForAllergen(std::string_view allergen);

}  // namespace onestop::ui::icon
