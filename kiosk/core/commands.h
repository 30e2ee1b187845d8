// Commands: what a view asks for. Views push them; the app applies them after the frame.
// A command carries intent only (ids, values), never pointers into state a view iterates.
#pragma once
#include <string>
#include <variant>
#include <vector>

#include "kiosk/core/i18n.h"

namespace onestop {

// Every screen of the terminal. A screen appears on the home screen only once its feature works.
enum class ScreenId {
  kHome,
  kLanguage,   // language picker (also reachable from the status bar)
  kTerminal,   // this terminal: binding, connection, outbox, version
  kGallery,    // service screen: every widget in every state (our ShowDemoWindow)
  kScan,       // scan an equipment label (camera preview, manual entry)
  kRepair,     // repair request, pre-filled from the scan
  kCleaning,   // cleaning or disinfection request for this place
  kComplaint,  // complaint or suggestion
  kRequests,   // my requests and their status
  kMeals,      // choose the meal to order (next slot first)
  kMenu,       // the diet-filtered menu and the basket
  kMyMeals,    // my meal orders and their state
  kSignIn,     // staff sign-in: staff number + PIN, or a badge
  kToRate,     // completed services to rate here
  kRate,       // rate one completed service
};
const char* ScreenName(ScreenId id);  // "home", "language"... used by `screenshot --screen`
bool ParseScreenName(const std::string& name, ScreenId* out);
std::vector<ScreenId> AllScreens();

namespace cmd {
struct Navigate { ScreenId to; };
struct Back {};
struct GoHome {};
struct SetLanguage { Lang lang; };
struct StillHere {};                                 // dismisses the idle countdown
struct SetField { std::string field; std::string value; };  // app-owned text buffers (keypad/keyboard)
struct SubmitField { std::string field; };           // Enter / OK on a keypad or keyboard
struct ScanCode { std::string raw; };                // a label's text, typed in or from a wedge scanner
struct SubmitForm { std::string form; };             // confirm of a request form: repair|cleaning|complaint
struct PickMealSlot { int index; };                  // a meal on the meal chooser
struct SetMealQty { std::string menu_item; int qty; };  // basket: portions of one dish (0 removes it)
struct PlaceMealOrder {};
struct CancelMealOrder { std::string ticket; };
struct PickTicket { std::string ticket; };
struct PickMealBed { std::string bed; };             // a signed-in nurse orders for a bed of the ward           // a completed service on the "to rate" list
}  // namespace cmd

using Command = std::variant<cmd::Navigate, cmd::Back, cmd::GoHome, cmd::SetLanguage, cmd::StillHere,
                             cmd::SetField, cmd::SubmitField, cmd::ScanCode, cmd::SubmitForm, cmd::PickMealSlot,
                             cmd::SetMealQty, cmd::PlaceMealOrder, cmd::CancelMealOrder, cmd::PickTicket,
                             cmd::PickMealBed>;

// What a frame's views emitted, in order.
class Commands {
 public:
  void Push(Command c) { list_.push_back(std::move(c)); }
  const std::vector<Command>& list() const { return list_; }
  bool empty() const { return list_.empty(); }
  std::vector<Command> Take() { return std::exchange(list_, {}); }

 private:
  std::vector<Command> list_;
};

}  // namespace onestop
