// Keyboard: the text-entry feature behind every on-screen keyboard (issue 17). It has no screen of its
// own: it applies the keyboard's commands to Session::fields through the engines the terminal has
// (Latin, pinyin; handwriting through a worker job) and builds what a keyboard shows for one field.
// It never draws and never calls librime or zinnia itself (input::EngineSet and the job do).
#pragma once
#include <string>
#include <vector>

#include "kiosk/core/features/keyboard/state.h"
#include "kiosk/core/shell/feature.h"

namespace onestop::keyboard {

struct EngineTab {
  input::EngineKind kind;
  std::string id, label;  // id: "kb.engine.pinyin"... (stable across languages)
  bool selected = false;
};

// What the keyboard of one field shows, already translated.
struct KeyboardView {
  std::vector<EngineTab> engines;  // empty: one engine only (no switch key)
  input::EngineKind engine = input::EngineKind::kLatin;
  std::string preedit;                  // pinyin being composed
  std::vector<std::string> candidates;  // this page
  bool has_prev = false, has_next = false;
  bool recognising = false;
  bool preparing = false;  // the engine is still starting (pinyin's first deployment): keys are refused
  std::vector<input::InkStroke> ink;  // pad strokes so far, in pad coordinates
  int pad_w = 0, pad_h = 0;
  std::string error;  // why the last key was refused, in words
  std::string pad_hint, recognising_text, preparing_text, prev_label, next_label, clear_pad_label;  // Space/Shift/Done: the caller's
};

// For a free-text field (codes such as labels keep the plain Latin keyboard and never come here).
KeyboardView BuildKeyboardView(const AppState& s, const std::string& field);
// The engines this terminal offers `field` in the session's language, default first.
std::vector<input::EngineKind> OfferedEngines(const AppState& s);
// The engine typing into `field` now (the person's choice, else the language's default).
input::EngineKind CurrentEngine(const AppState& s, const std::string& field);
const State& Get(const AppState& s);

class Feature final : public onestop::Feature {
 public:
  std::string_view Name() const override { return "keyboard"; }
  std::vector<ScreenId> Screens() const override { return {}; }
  std::optional<Intent> Apply(AppState& s, const Command& c) const override;
  // A new person must not inherit a half-typed pinyin composition.
  void Reset(AppState& s) const override;
};
extern const Feature kFeature;

}  // namespace onestop::keyboard
