// The frame chrome (issue 16): the status bar never overlaps itself for any language, text size
// (normal, large, elder mode), panel orientation and place name (the longest demo names and a
// 40-character ward name), and banners start below it; elder mode from the status bar (sizes in
// millimetres, high contrast, reset with the session, started by config); secondary borders at 3:1;
// placeholders unlike typed text; icons baked (keyboard backspace, home tiles).
#include <cmath>
#include <fstream>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "kiosk/core/features/foundation/commands.h"
#include "kiosk/core/features/foundation/feature.h"
#include "kiosk/core/text_edit.h"
#include "tests/view/view_fixture.h"
#include "ui/icons.h"
#include "ui/theme.h"

namespace onestop::test {
namespace {

struct Rect { std::string id; ImVec2 min, max; };

bool Overlap(const Rect& a, const Rect& b) {
  const float e = 0.5f;  // touching edges are fine
  return a.min.x < b.max.x - e && b.min.x < a.max.x - e && a.min.y < b.max.y - e && b.min.y < a.max.y - e;
}

// The longest ward · bed names the demo hub gives (server/demo.cpp: specialty + ward word + number,
// then the bed), and a 40-character ward name per language.
std::string LongestDemoName(Lang l) {
  switch (l) {
    case Lang::kZhHans: return "\xE5\x86\x85\xE5\x88\x86\xE6\xB3\x8C\xE7\xA7\x91" "12\xE7\x97\x85\xE5\x8C\xBA \xC2\xB7 24\xE5\xBA\x8A";
    case Lang::kZhHant: return "\xE5\x85\xA7\xE5\x88\x86\xE6\xB3\x8C\xE7\xA7\x91" "12\xE7\x97\x85\xE5\x8D\x80 \xC2\xB7 24\xE5\xBA\x8A";
    case Lang::kEn: break;
  }
  return "Respiratory Medicine Ward 12 \xC2\xB7 Bed 24";
}

std::string FortyCharacterWard(Lang l) {
  if (l == Lang::kEn) return "Cardiothoracic and Vascular Surgery Ward";  // 40 characters
  // 40 ideographs: the specialty names of the demo data, repeated.
  const std::string han = l == Lang::kZhHans ? "\xE5\x91\xBC\xE5\x90\xB8\xE5\x86\x85\xE7\xA7\x91\xE6\xB6\x88\xE5\x8C\x96\xE5\x86\x85\xE7\xA7\x91"
                                             : "\xE5\x91\xBC\xE5\x90\xB8\xE5\x85\xA7\xE7\xA7\x91\xE6\xB6\x88\xE5\x8C\x96\xE5\x85\xA7\xE7\xA7\x91";
  std::string out;
  while (Utf8Decode(out).size() < 40) out += han;
  std::string cut;
  size_t n = 0;
  for (size_t i = 0; i < out.size() && n <= 40; ++i) {
    if ((static_cast<unsigned char>(out[i]) & 0xC0) != 0x80 && ++n > 40) break;
    cut += out[i];
  }
  return cut;
}

DemoData LoadDemo() {
  auto read = [](const char* name) {
    std::ifstream in(std::string(ONESTOP_ASSETS_DIR) + "/demo/" + name);
    return nlohmann::json::parse(in, nullptr, false);
  };
  return DemoData{read("asset_classes.json"), read("dishes.json")};
}

class Chrome : public ViewTest {
 protected:
  // Everything the status bar shows, as rectangles: its texts and its buttons.
  std::vector<Rect> StatusParts() const {
    std::vector<Rect> out;
    for (const auto& t : texts)
      if (t.id.rfind("status.", 0) == 0 && t.id != "status.bar") out.push_back({t.id, t.min, t.max});
    for (const auto& it : items)
      if (it.id.rfind("status.", 0) == 0) out.push_back({it.id, it.min, it.max});
    return out;
  }
  const ui::RecordedText* Text(const std::string& id) const {
    for (const auto& t : texts)
      if (t.id == id) return &t;
    return nullptr;
  }
};

TEST_F(Chrome, StatusBarAndBannerNeverOverlap) {
  struct Size { const char* name; bool large, elder; };
  const Size sizes[] = {{"normal", false, false}, {"large", true, false}, {"elder", false, true}};
  const ImVec2 panels[] = {{1280, 800}, {800, 1280}};
  int checked = 0;
  for (const Size& sz : sizes) {
    base_metrics = ui::ComputeMetrics(149.0f, 15.0f, sz.large);
    state.session.elder = sz.elder;
    for (ImVec2 panel : panels) {
      ImGui::GetIO().DisplaySize = panel;
      for (Lang lang : kAllLangs) {
        for (const std::string& name : {LongestDemoName(lang), FortyCharacterWard(lang) + " \xC2\xB7 24"}) {
          for (bool offline : {false, true}) {
            state.session.lang = lang;
            state.terminal.binding.location_name = LocalText::Same(name);
            state.terminal.link.state = offline ? LinkState::kOffline : LinkState::kOnline;
            state.terminal.link.outbox_depth = offline ? 250 : 0;
            state.terminal.notices = {{"n", LocalText::Same(i18n.Tr(lang, "gallery.banner")), 0, 0}};
            Frame();
            Frame();  // glyphs first seen in the first frame are baked for the second
            const std::string where = std::string(sz.name) + " " + std::string(LangTag(lang)) + " " +
                                      std::to_string(int(panel.x)) + "x" + std::to_string(int(panel.y)) + " " +
                                      (offline ? "offline" : "online") + " '" + name + "'";
            const auto parts = StatusParts();
            const ui::RecordedText* bar = Text("status.bar");
            ASSERT_NE(bar, nullptr) << where;
            ASSERT_GE(parts.size(), 6u) << where;  // place, dot, connection, clock, elder, language
            for (size_t i = 0; i < parts.size(); ++i) {
              const Rect& a = parts[i];
              EXPECT_GE(a.min.x, -0.5f) << where << ": " << a.id << " starts off screen";
              EXPECT_LE(a.max.x, panel.x + 0.5f) << where << ": " << a.id << " ends off screen";
              EXPECT_GE(a.min.y, bar->min.y - 0.5f) << where << ": " << a.id << " above the bar";
              EXPECT_LE(a.max.y, bar->max.y + 0.5f) << where << ": " << a.id << " below the bar";
              for (size_t j = i + 1; j < parts.size(); ++j)
                EXPECT_FALSE(Overlap(a, parts[j])) << where << ": " << a.id << " overlaps " << parts[j].id;
            }
            // The place is shown whole or visibly cut, never cut silently.
            const ui::RecordedText* place = Text("status.location");
            ASSERT_NE(place, nullptr) << where;
            const bool whole = place->shown == name;
            const bool elided = place->shown.find("\xE2\x80\xA6") != std::string::npos;
            EXPECT_TRUE(whole || elided) << where << ": shows '" << place->shown << "'";
            const ui::RecordedText* banner = Text("banner");
            ASSERT_NE(banner, nullptr) << where;
            EXPECT_GE(banner->min.y, bar->max.y) << where << ": the notice banner runs into the status bar";
            EXPECT_LE(banner->max.x, panel.x + 0.5f) << where;
            ++checked;
            if (HasFailure()) return;  // one broken layout is enough to read
          }
        }
      }
    }
  }
  EXPECT_EQ(checked, 3 * 2 * 3 * 2 * 2);
}

// The bed is what a patient looks for: a long ward name is shortened before it, not the bed.
TEST_F(Chrome, LongPlaceKeepsItsBed) {
  state.session.lang = Lang::kEn;
  state.terminal.binding.location_name = LocalText::Same(FortyCharacterWard(Lang::kEn) + " \xC2\xB7 Bed 24");
  state.terminal.link.state = LinkState::kOffline;
  state.terminal.link.outbox_depth = 3;
  Frame();
  Frame();
  const ui::RecordedText* place = Text("status.location");
  ASSERT_NE(place, nullptr);
  EXPECT_NE(place->shown.find("\xE2\x80\xA6"), std::string::npos) << place->shown;  // it did not fit whole
  EXPECT_NE(place->shown.find("\xC2\xB7 Bed 24"), std::string::npos) << place->shown;
}

// The idle countdown with what it would discard, in elder mode on a portrait panel: its words wrap
// inside the panel and the "still here" button sits below them, all on screen.
TEST_F(Chrome, IdleCountdownFitsItsWords) {
  state.session.elder = true;
  state.session.lang = Lang::kEn;
  ImGui::GetIO().DisplaySize = ImVec2(800, 1280);
  idle.warning = true;
  idle.seconds_left = 12;
  Frame();
  Frame();
  // At elder mode's title size the countdown alone is wider than a portrait panel.
  const ui::RecordedText* text = Text("idle.text");
  ASSERT_NE(text, nullptr);
  const ui::RecordedItem* button = Item("idle.still_here");
  ASSERT_NE(button, nullptr);
  EXPECT_LE(text->max.x, 800.5f);
  EXPECT_LE(text->max.y, button->min.y + 0.5f) << "the countdown runs under its button";
  EXPECT_LE(button->max.y, 1280.5f);
  EXPECT_GE(text->max.y - text->min.y, 1.5f * ui::CurrentMetrics().font_px) << "expected the words to wrap";
}

TEST_F(Chrome, ShortNamesAreShownWhole) {
  state.session.lang = Lang::kEn;
  state.terminal.binding.location_name = LocalText::Same("Cardiology Ward 1 \xC2\xB7 Bed 7");
  state.terminal.link.state = LinkState::kOnline;
  Frame();
  ASSERT_NE(Text("status.location"), nullptr);
  EXPECT_EQ(Text("status.location")->shown, "Cardiology Ward 1 \xC2\xB7 Bed 7");
  EXPECT_EQ(Text("status.link")->shown, i18n.Tr(Lang::kEn, "link.online"));
}

TEST_F(Chrome, ElderModeFromTheStatusBarMeetsMillimetresAndResetsWithTheSession) {
  state.terminal.binding.role = Role::kBedside;
  const ui::Metrics normal = ui::CurrentMetrics();
  TapItem("status.elder");
  ASSERT_TRUE(state.session.elder);
  Frame();
  Frame();
  const ui::Metrics& m = ui::CurrentMetrics();
  EXPECT_TRUE(m.high_contrast);
  EXPECT_GE(m.target_px, ui::kElderTargetMm * m.px_per_mm - 0.01f);
  // Cap height measured on the baked 'H' of the face in use (Noto Sans CJK or WQY Micro Hei).
  const ImFontGlyph* h = fonts->body()->FindGlyphNoFallback('H');
  ASSERT_NE(h, nullptr);
  EXPECT_GE((h->Y1 - h->Y0) / m.px_per_mm, ui::kElderCapMm) << fonts->face().file;
  EXPECT_FLOAT_EQ(fonts->body()->FontSize, m.font_px);
  // Every tappable thing on the home screen is at least the elder target in both directions.
  for (const auto& it : items) {
    EXPECT_GE(it.max.y - it.min.y, ui::kElderTargetMm * m.px_per_mm - 0.5f) << it.id;
    EXPECT_GE(it.max.x - it.min.x, ui::kElderTargetMm * m.px_per_mm - 0.5f) << it.id;
  }
  // High contrast: black words on white.
  EXPECT_EQ(ImGui::GetColorU32(ImGuiCol_Text), IM_COL32(0, 0, 0, 255));
  EXPECT_EQ(ImGui::GetColorU32(ImGuiCol_WindowBg), IM_COL32(255, 255, 255, 255));

  // The patient leaves: the idle rule resets the session (elder mode counts as not fresh) and the
  // next person gets the terminal's own look.
  clock.Advance((state.terminal.idle.timeout_s + 1) * 1000LL);
  TickIdle(state);
  EXPECT_FALSE(state.session.elder);
  Frame();
  EXPECT_EQ(ui::CurrentMetrics(), normal);
  EXPECT_FLOAT_EQ(fonts->body()->FontSize, normal.font_px);
}

TEST_F(Chrome, ElderModeSwitchesOffFromTheStatusBar) {
  Apply(state, foundation::cmd::SetElderMode{true});
  Frame();
  TapItem("status.elder");
  EXPECT_FALSE(state.session.elder);
}

TEST_F(Chrome, BedsideTerminalsStartInElderModeByConfig) {
  state.terminal.elder_by_default = true;
  state.terminal.binding.role = Role::kBedside;
  ResetSession(state);
  EXPECT_TRUE(state.session.elder);
  // Switched off by the patient, it is back for the next session.
  Apply(state, foundation::cmd::SetElderMode{false});
  ResetSession(state);
  EXPECT_TRUE(state.session.elder);
  state.terminal.binding.role = Role::kWard;  // nurses' kiosks ignore the bedside setting
  ResetSession(state);
  EXPECT_FALSE(state.session.elder);
}

TEST_F(Chrome, SecondaryBordersReachThreeToOne) {
  for (bool elder : {false, true}) {
    state.session.elder = elder;
    Frame();
    const ImU32 border = ImGui::GetColorU32(ImGuiCol_Border);
    for (ImGuiCol bg : {ImGuiCol_Button, ImGuiCol_WindowBg, ImGuiCol_ChildBg, ImGuiCol_FrameBg, ImGuiCol_Header})
      EXPECT_GE(ui::ContrastRatio(border, ImGui::GetColorU32(bg)), 3.0f)
          << (elder ? "elder " : "") << "border on " << ImGui::GetStyleColorName(bg);
  }
}

// Every screen with a text field, filled with its demo content: an empty field's placeholder is
// drawn muted (not in the typed-text colour) and is never drawn as if it had been typed.
TEST_F(Chrome, PlaceholdersDoNotLookTyped) {
  int placeholders = 0;
  const DemoData demo = LoadDemo();
  for (ScreenId screen : AllScreens()) {
    for (Lang lang : kAllLangs) {
      ResetSession(state);
      state.session.lang = lang;
      state.session.screen = screen;
      if (!(screen == screens::kHome)) state.session.back_stack = {screens::kHome};
      FillDemo(state, screen, demo);
      state.session.fields.clear();
      Frame();
      Frame();
      const std::string hints[] = {i18n.Tr(lang, "form.text_placeholder"), i18n.Tr(lang, "scan.code_placeholder")};
      for (const auto& t : texts) {
        if (t.id == "field") {
          for (const auto& h : hints) EXPECT_NE(t.shown, h) << screen.name << ": placeholder drawn as typed text";
        }
        if (t.id == "field.placeholder") {
          ++placeholders;
          EXPECT_NE(t.color, ImGui::GetColorU32(ImGuiCol_Text)) << screen.name;
          EXPECT_EQ(t.color, ui::color::kMuted) << screen.name;
        }
      }
    }
  }
  EXPECT_GT(placeholders, 0);
}

TEST_F(Chrome, IconsAreBakedFromTheIconFont) {
  Frame();
  ASSERT_TRUE(fonts->has_icons()) << "install fonts-material-design-icons-iconfont";
  for (char16_t cp : ui::icon::kAll) {
    EXPECT_NE(fonts->body()->FindGlyphNoFallback(cp), nullptr) << std::hex << unsigned(cp);
    EXPECT_NE(fonts->title()->FindGlyphNoFallback(cp), nullptr) << std::hex << unsigned(cp);
  }
  // Every home tile of every role has its icon.
  for (Role role : {Role::kBedside, Role::kWard, Role::kStaff}) {
    state.terminal.binding.role = role;
    for (const HomeTile& t : foundation::BuildHomeView(state).tiles) EXPECT_NE(ui::icon::ForScreen(t.target), 0) << t.id;
  }
}

// The keyboard (here on the staff-only gallery) draws no glyph the atlas lacks: its backspace key
// was U+232B, which no installed face has, so it showed "?" forever.
TEST_F(Chrome, KeyboardHasNoMissingGlyph) {
  FillDemo(state, screens::kGallery, LoadDemo());
  state.session.screen = screens::kGallery;
  state.session.back_stack = {screens::kHome};
  Frame();
  fonts->TakeDrawnMissing();
  Frame();
  ASSERT_NE(Item("backspace"), nullptr);
  const auto missing = fonts->TakeDrawnMissing();
  EXPECT_TRUE(missing.empty()) << "first missing U+" << std::hex << unsigned(missing.empty() ? 0 : *missing.begin());
}

}  // namespace
}  // namespace onestop::test
