// View models: plain, already-translated data a screen draws. Built from AppState by the functions
// below; a view reads one of these and pushes Commands, nothing else.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/app_state.h"

namespace onestop {

struct StatusBarView {
  std::string clock_text;     // local "14:02"
  std::string location_text;  // bound bed / ward, or the role
  std::string link_text;      // "Online" / "Offline — saved requests will be sent" ...
  LinkState link_state = LinkState::kUnknown;
  std::string language_label; // the current language in its own script
  std::string banner;         // planned-outage notice(s), empty if none
  bool idle_warning = false;
  std::string idle_text;      // "Still there? Returning to start in 12 s"
  std::string still_here_label;
};

struct HomeTile {
  std::string id;      // stable widget id, never translated
  std::string title;
  std::string subtitle;
  ScreenId target;
};

struct HomeView {
  std::string greeting;
  std::vector<HomeTile> tiles;
};

struct LanguageView {
  std::string title;
  struct Option { Lang lang; std::string label; bool current; };
  std::vector<Option> options;
};

struct TerminalView {
  std::string title;
  std::vector<std::pair<std::string, std::string>> rows;  // label, value
  std::string gallery_label;
};

struct GalleryView {
  std::string title;
  std::string keypad_label, keypad_value;
  std::string keyboard_label, keyboard_value;
  bool keyboard_shift = false;
  std::string list_label;
  std::vector<std::string> list_items;
  std::string confirm_label, cancel_label, banner_text;
  std::string keypad_clear, keypad_ok, key_space, key_shift, key_done;
};

struct ChromeView {
  std::string back_label, home_label;
  bool can_go_back = false;
  // The screen's main action (e.g. Send), at the right of the navigation bar so it never scrolls away.
  std::string action_label, action_id;
  std::vector<Command> action;  // empty = no action on this screen
  bool action_enabled = true;
};

// Where a submitted action (RequestOutbox tag) stands, in words: saving; saved (to be sent now, or
// when the connection returns); sent with the hub's reference; rejected or failed with the reason.
// Features replace the title or detail where they have their own words (e.g. a meal's rejection code).
struct ActionText {
  ActionState state = ActionState::kSaving;
  std::string title, detail;
  std::string reason;  // the raw hub reason (rejected) or local error (failed)
};
ActionText DescribeAction(const AppState& s, const std::string& tag);

// Reason codes of hub refusals ("code: detail" on the wire; meal rules in kiosk/core/meals.h, record
// rules in kiosk/core/record_rules.h) → catalog keys: the one mapping. "" for a code with no text.
std::string ReasonCatalogKey(std::string_view code);
// A refusal in the user's language: the catalog text of its code, else the hub's own words.
std::string RefusalText(const AppState& s, std::string_view code, std::string_view detail);
std::string RefusalText(const AppState& s, std::string_view wire_reason);

StatusBarView BuildStatusBar(const AppState& s, const IdleStatus& idle);
std::string LinkText(const AppState& s);
ChromeView BuildChrome(const AppState& s);
HomeView BuildHomeView(const AppState& s);
LanguageView BuildLanguageView(const AppState& s);
TerminalView BuildTerminalView(const AppState& s);
GalleryView BuildGalleryView(const AppState& s);

}  // namespace onestop
