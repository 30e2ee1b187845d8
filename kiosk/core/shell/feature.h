// Feature: one service of the terminal (meals, requests, rating...) as the shell sees it. A feature
// owns its state (a Session slice), its typed commands, view builders and jobs; the shell only calls
// these hooks. Hooks never call Apply and never touch another feature: navigation is returned as an
// Intent, cross-feature effects travel as events (events.h).
#pragma once
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "kiosk/core/shell/app_state.h"
#include "kiosk/core/shell/views.h"

namespace onestop {

// What happens to navigation after a hook: stay, open a screen, go back, go home.
struct Intent {
  enum class Nav { kStay, kTo, kBack, kHome };
  Nav nav = Nav::kStay;
  ScreenId to = screens::kHome;
  static Intent Stay() { return {}; }
  static Intent To(ScreenId s) { return {Nav::kTo, s}; }
  static Intent Back() { return {Nav::kBack, screens::kHome}; }
  static Intent Home() { return {Nav::kHome, screens::kHome}; }
};

// Demo content for `screenshot` (assets/demo, parsed by the app): features fill their own screens.
struct DemoData {
  nlohmann::json asset_classes, dishes;
  // assets/demo/hospital.json and staff.json (place words, people's names); `{}` so callers may leave them out.
  nlohmann::json hospital{}, staff{};
};

class Feature {
 public:
  virtual ~Feature() = default;
  virtual std::string_view Name() const = 0;
  virtual std::vector<ScreenId> Screens() const = 0;
  // Prepares one of its screens on the way in (fresh form, list read).
  virtual void OnEnter(AppState&, ScreenId) const {}
  // A command this feature owns → the navigation that follows; nullopt: not this feature's command.
  virtual std::optional<Intent> Apply(AppState&, const Command&) const { return std::nullopt; }
  // A shell event (events.h); every feature sees every event.
  virtual Intent OnEvent(AppState&, const Command&) const { return {}; }
  // Every loop (timers).
  virtual Intent Tick(AppState&) const { return {}; }
  // The main action of one of its screens, on the navigation bar.
  virtual void AddChromeAction(const AppState&, ChromeView&) const {}
  // Its tiles on the home screen for this terminal's role, in order.
  virtual void AddHomeTiles(const AppState&, std::vector<HomeTile>&) const {}
  // Clears what the feature keeps outside the session (the session itself is reset by assignment).
  virtual void Reset(AppState&) const {}
  // Whether its part of the session is as a fresh session leaves it (the idle rule skips a reset then).
  virtual bool Pristine(const AppState&) const { return true; }
  // What the person has started here and not sent (a meal basket), in their words, or "": the idle
  // countdown names it, since a reset throws it away.
  virtual std::string UnsentWork(const AppState&) const { return {}; }
  // Whether one of its screens shows the camera (the app runs it only then).
  virtual bool UsesCamera(ScreenId) const { return false; }
  // Screenshot content for one of its screens.
  virtual void FillDemo(AppState&, ScreenId, const DemoData&) const {}
};

// Every feature, in home-tile order: defined in features.cpp, the one file that names them all.
const std::vector<const Feature*>& AllFeatures();

}  // namespace onestop
