// The escort screen drawn headless at 1280x800 with the real fonts, catalogs and touch shim: a nurse
// at the ward kiosk goes from the home tile to Send by taps only, every target on screen without
// scrolling in each language; bedside kiosks have no tile; after Send the progress and its buttons.
#include <SDL.h>
#include <gtest/gtest.h>
#include <imgui.h>

#include <nlohmann/json.hpp>

#include "kiosk/core/features/escort/commands.h"
#include "kiosk/core/features/escort/feature.h"
#include "kiosk/core/features/escort/jobs.h"
#include "kiosk/core/features/escort/rules.h"
#include "kiosk/core/features/escort/state.h"
#include "kiosk/core/shell/shell.h"
#include "tests/unit/state_fixture.h"
#include "ui/fonts.h"
#include "ui/screens.h"
#include "ui/theme.h"
#include "ui/touch_input.h"
#include "ui/widgets.h"

namespace onestop {
namespace {

const std::string kWard = "B2-3F-W12";

SDL_Event Finger(Uint32 type, float x, float y) {
  SDL_Event e{};
  e.type = type;
  e.tfinger.x = x / 1280.0f;
  e.tfinger.y = y / 800.0f;
  return e;
}

class EscortView : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadCatalogs(&i18n);
    s.terminal.binding.role = Role::kWard;
    s.terminal.binding.location = kWard;
    PrepareState(s, i18n, clock, Lang::kEn);
    ctx = ImGui::CreateContext();
    ImGuiIO& io = ImGui::GetIO();
    io.IniFilename = nullptr;
    io.DisplaySize = ImVec2(1280, 800);
    io.DeltaTime = 1.0f / 60.0f;
    ui::SetMetrics(ui::ComputeMetrics(149.0f, 15.0f, false));
    ui::ApplyTheme();
    fonts = std::make_unique<ui::FontManager>(ui::CurrentMetrics().font_px, "");
    ui::SetActiveFontManager(fonts.get());
    for (Lang l : kAllLangs)
      for (const auto& [k, v] : i18n.catalog(l).entries()) fonts->AddText(v);
    auto st = fonts->Rebuild(io.Fonts);
    ASSERT_TRUE(st.ok()) << st.error().message;
  }
  void TearDown() override {
    ui::SetItemRecorder(nullptr);
    ui::SetActiveFontManager(nullptr);
    if (ctx) ImGui::DestroyContext(ctx);
  }
  // One frame drawn and its commands applied like the app does; the beds job answered like its lookup.
  std::vector<Command> Frame() {
    ImGuiIO& io = ImGui::GetIO();
    fonts->SetLang(s.session.lang);
    if (fonts->NeedsRebuild()) {
      EXPECT_TRUE(fonts->Rebuild(io.Fonts).ok());
    }
    input.ApplyToFrame(io);
    items.clear();
    ui::SetItemRecorder(&items);
    ImGui::NewFrame();
    Commands out;
    ui::DrawRoot(s, IdleStatus{}, out);
    ImGui::Render();
    ui::SetItemRecorder(nullptr);
    auto list = out.Take();
    for (const auto& c : list) Apply(s, c);
    for (const Job& j : std::exchange(s.effects.jobs, {})) {
      if (auto* b = j.As<escort::job::ReadBeds>()) Apply(s, escort::cmd::BedsRead{b->ward, Beds(b->ward)});
      else if (auto* r = j.As<OutboxRequest>()) outbox.push_back(*r);
    }
    return list;
  }
  static std::vector<std::pair<std::string, LocalText>> Beds(const std::string& ward) {
    std::vector<std::pair<std::string, LocalText>> beds;
    for (int n = 1; n <= 24; ++n) {
      LocalText name;
      name.text = {std::to_string(n) + "\xe5\xba\x8a", std::to_string(n) + "\xe5\xba\x8a", "Bed " + std::to_string(n)};
      beds.emplace_back(ward + (n < 10 ? "-BED0" : "-BED") + std::to_string(n), name);
    }
    return beds;
  }
  const ui::RecordedItem* Item(const std::string& id) const {
    for (const auto& it : items)
      if (it.id == id) return &it;
    return nullptr;
  }
  std::vector<Command> TapItem(const std::string& id) {
    Frame();
    const ui::RecordedItem* it = Item(id);
    EXPECT_NE(it, nullptr) << "no item " << id;
    if (!it) return {};
    EXPECT_TRUE(it->visible) << id << " is scrolled out of view";
    const float x = (it->min.x + it->max.x) / 2, y = (it->min.y + it->max.y) / 2;
    input.HandleEvent(Finger(SDL_FINGERDOWN, x, y), 1280, 800);
    input.HandleEvent(Finger(SDL_FINGERUP, x, y), 1280, 800);
    std::vector<Command> all;
    for (int guard = 0; guard < 50; ++guard) {
      for (auto& c : Frame()) all.push_back(std::move(c));
      if (!input.Pending()) break;
    }
    for (auto& c : Frame()) all.push_back(std::move(c));
    return all;
  }
  // Every id visible (not clipped) and inside the panel.
  void ExpectVisible(const std::vector<std::string>& ids) {
    Frame();
    for (const auto& id : ids) {
      const auto* it = Item(id);
      ASSERT_NE(it, nullptr) << id;
      EXPECT_TRUE(it->visible) << id << " needs scrolling in " << LangTag(s.session.lang);
      EXPECT_LE(it->max.x, 1280.0f) << id;
      EXPECT_LE(it->max.y, 800.0f) << id;
    }
  }

  I18n i18n;
  FakeClock clock{1795329000000};
  AppState s;
  std::unique_ptr<ui::FontManager> fonts;
  ui::TouchInput input;
  std::vector<ui::RecordedItem> items;
  std::vector<OutboxRequest> outbox;
  ImGuiContext* ctx = nullptr;
};

TEST_F(EscortView, NurseSendsAnEscortByTapsOnly) {
  TapItem("escort");  // the home tile
  ASSERT_EQ(s.session.screen, screens::kEscort);
  Frame();  // the beds answer arrives
  TapItem("escort.bed." + kWard + "-BED07");
  TapItem("escort.dest.theatre");
  TapItem("escort.when.in_1h");
  TapItem("escort.mode.bed");
  Apply(s, cmd::SetField{escort::kNoteField, "Oxygen needed"});  // the note, as the keyboard would type it
  EXPECT_TRUE(outbox.empty());
  TapItem("escort.send");
  ASSERT_EQ(outbox.size(), 1u);
  EXPECT_EQ(outbox[0].kind, "escort_request");
  const auto p = nlohmann::json::parse(outbox[0].payload_json);
  EXPECT_EQ(p["location"], kWard + "-BED07");
  EXPECT_EQ(p["destination"], "theatre");
  EXPECT_EQ(p["mode"], "bed");
  EXPECT_EQ(p["requested_at"], "2026-11-22T07:30:00.000Z");
  EXPECT_EQ(p["note"], "Oxygen needed");
  // The progress replaces the form; Send is gone from the navigation bar.
  ExpectVisible({"escort.done", "escort.again"});
  EXPECT_EQ(Item("escort.send"), nullptr);
  TapItem("escort.again");
  ExpectVisible({"escort.bed." + kWard + "-BED01", "escort.send"});
}

TEST_F(EscortView, EveryRequiredChoiceFitsOnTheLandscapePanelInEveryLanguage) {
  for (Lang l : kAllLangs) {
    Apply(s, cmd::SetLanguage{l});
    Apply(s, cmd::Navigate{screens::kEscort});
    Frame();
    // Every required choice without a drag; the optional note may sit below the fold. The beds are the
    // meal grid's tiles (name and occupancy, issue 16): three rows of three show, the rest by dragging.
    std::vector<std::string> ids = {"escort.send", "escort.bed." + kWard + "-BED01", "escort.bed." + kWard + "-BED09"};
    for (auto d : escort::Destinations()) ids.push_back("escort.dest." + std::string(d));
    for (const auto& w : escort::WhenChoices()) ids.push_back("escort.when." + std::string(w.code));
    for (auto m : escort::Modes()) ids.push_back("escort.mode." + std::string(m));
    ExpectVisible(ids);
    Apply(s, cmd::GoHome{});
  }
}

TEST_F(EscortView, BedsideKioskHasNoEscortTile) {
  s.terminal.binding.role = Role::kBedside;
  s.terminal.binding.location = kWard + "-BED07";
  Frame();
  EXPECT_NE(Item("cleaning"), nullptr) << "the home screen is drawn";
  EXPECT_EQ(Item("escort"), nullptr);
}

}  // namespace
}  // namespace onestop
