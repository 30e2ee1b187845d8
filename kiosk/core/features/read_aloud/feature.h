// Read aloud (issue 17, EN 301 549 §5.1): a per-session switch in the status bar. While it is on, a
// new screen is read (title, content in reading order, main action), a tapped element is read before
// it acts (a second tap acts), and the idle warning and "order saved" are spoken. It decides what is
// said and in which language; synthesis and audio are the app's worker's (job::Say). No screen of its
// own; it never draws and never synthesises.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kiosk/core/shell/feature.h"

namespace onestop::readaloud {

struct State {
  bool on = false;
  std::string spoken_screen;  // the screen last read (a new one is read once)
  // A screen's words change soon after it opens (its data arrives): read again within this window.
  int64_t spoken_mono_ms = 0;
  std::vector<std::string> spoken_texts;
  uint64_t armed = 0;         // the element read by the last tap: the next tap on it acts
  bool idle_warned = false;
  std::map<std::string, ActionState> heard;  // actions' states already announced, by tag
};

struct ToggleView { std::string label; bool on = false; };
ToggleView BuildToggle(const AppState& s);
const State& Get(const AppState& s);
inline constexpr int64_t kRereadWindowMs = 3000;
// Whether the view should report this screen (read-aloud on, and the screen not read yet or opened
// less than kRereadWindowMs ago).
bool WantsScreen(const AppState& s);
// A tap on `element` acts now (read-aloud off, or the element was read by the previous tap).
bool TapActs(const AppState& s, uint64_t element);

// The one utterance for a screen: its texts (codes in spoken form), then the main action's label.
// Cut at a text boundary to speech::kMaxUtteranceBytes.
std::string ScreenUtterance(const AppState& s, const std::vector<std::string>& texts);

class Feature final : public onestop::Feature {
 public:
  std::string_view Name() const override { return "read_aloud"; }
  std::vector<ScreenId> Screens() const override { return {}; }
  std::optional<Intent> Apply(AppState& s, const Command& c) const override;
  Intent Tick(AppState& s) const override;
  // Switched on, the session is not fresh: the idle rule resets it (read-aloud goes off with the person).
  bool Pristine(const AppState& s) const override { return !Get(s).on; }
};
extern const Feature kFeature;

}  // namespace onestop::readaloud
