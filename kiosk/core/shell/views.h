// The shell's view models (status bar, navigation bar, home tiles) and the shared words for where an
// action stands and why the hub refused it. Plain, already-translated data; no feature is named here.
#pragma once
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/shell/app_state.h"

namespace onestop {

struct StatusBarView {
  std::string clock_text;     // local "14:02"
  std::string location_text;  // bound bed / ward, or the role
  std::string link_text;      // "Online" / "Offline — saved requests will be sent" ...
  LinkState link_state = LinkState::kUnknown;
  std::string language_label; // the current language in its own script
  std::string elder_label;    // the elder-mode switch ("Large view"): bigger everything, high contrast
  bool elder_on = false;
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

// "No camera picture (no camera found). Type the code instead." in the session's language, from the
// camera's error code (CameraFeed::error_code); "" while there is no error. Unknown codes read as a
// camera fault.
std::string NoCameraText(const AppState& s);

StatusBarView BuildStatusBar(const AppState& s, const IdleStatus& idle);
std::string LinkText(const AppState& s);
ChromeView BuildChrome(const AppState& s);

}  // namespace onestop
