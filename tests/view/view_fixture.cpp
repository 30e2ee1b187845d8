// See view_fixture.h.
#include "tests/view/view_fixture.h"

#include <SDL.h>

#include <fstream>

#include <nlohmann/json.hpp>

#include "ui/screens.h"
#include "ui/theme.h"

namespace onestop::test {

DemoData DemoFromAssets() {
  auto read = [](const char* name) {
    std::ifstream in(std::string(ONESTOP_ASSETS_DIR) + "/demo/" + name);
    return nlohmann::json::parse(in, nullptr, false);
  };
  return DemoData{read("asset_classes.json"), read("dishes.json"), read("hospital.json"), read("staff.json")};
}

void ViewTest::SetUp() {
  auto i = I18n::LoadDir(std::string(ONESTOP_ASSETS_DIR) + "/i18n");
  ASSERT_TRUE(i.ok()) << i.error().message;
  i18n = std::move(i.value());
  state.i18n = &i18n;
  state.clock = &clock;
  state.terminal.tz = TimeZone::Find("Asia/Shanghai").value();
  state.terminal.binding.location = "B2-3F-W12-BED07";
  ResetSession(state);
  state.NoteInput();

  ctx = ImGui::CreateContext();
  ImGuiIO& io = ImGui::GetIO();
  io.IniFilename = nullptr;
  io.DisplaySize = ImVec2(1280, 800);
  io.DeltaTime = 1.0f / 60.0f;
  base_metrics = applied_metrics_ = ui::ComputeMetrics(149.0f, 15.0f, false);
  ui::SetMetrics(base_metrics);
  ui::ApplyTheme();
  fonts = std::make_unique<ui::FontManager>(ui::CurrentMetrics().font_px, "");
  ui::SetActiveFontManager(fonts.get());
  for (Lang l : kAllLangs)
    for (const auto& [k, v] : i18n.catalog(l).entries()) fonts->AddText(v);
  auto st = fonts->Rebuild(io.Fonts);
  ASSERT_TRUE(st.ok()) << st.error().message;
}

void ViewTest::TearDown() {
  ui::SetItemRecorder(nullptr);
  ui::SetTextRecorder(nullptr);
  ui::SetActiveFontManager(nullptr);
  if (ctx) ImGui::DestroyContext(ctx);
}

std::vector<Command> ViewTest::Frame() {
  ImGuiIO& io = ImGui::GetIO();
  // Only when the look changes: tests that set metrics themselves keep them.
  if (!(applied_metrics_ == base_metrics) || applied_elder_ != state.session.elder) {
    ui::ApplySessionLook(base_metrics, state.session.elder, *fonts);
    applied_metrics_ = base_metrics;
    applied_elder_ = state.session.elder;
  }
  fonts->SetLang(state.session.lang);
  if (fonts->NeedsRebuild()) {
    auto st = fonts->Rebuild(io.Fonts);
    EXPECT_TRUE(st.ok()) << st.error().message;
  }
  input.ApplyToFrame(io);
  items.clear();
  texts.clear();
  ui::SetItemRecorder(&items);
  ui::SetTextRecorder(&texts);
  ImGui::NewFrame();
  Commands out;
  ui::DrawRoot(state, idle, out);
  ImGui::Render();
  ui::SetItemRecorder(nullptr);
  ui::SetTextRecorder(nullptr);
  auto list = out.Take();
  for (const auto& c : list) Apply(state, c);
  return list;
}

std::vector<Command> ViewTest::Settle() {
  std::vector<Command> all;
  for (int guard = 0; guard < 50; ++guard) {
    for (auto& c : Frame()) all.push_back(std::move(c));
    if (!input.Pending()) break;
  }
  for (auto& c : Frame()) all.push_back(std::move(c));
  return all;
}

static SDL_Event Finger(Uint32 type, float x, float y) {
  SDL_Event e{};
  e.type = type;
  e.tfinger.x = x / 1280.0f;
  e.tfinger.y = y / 800.0f;
  return e;
}

std::vector<Command> ViewTest::Tap(float x, float y) {
  Frame();  // layout frame
  input.HandleEvent(Finger(SDL_FINGERDOWN, x, y), 1280, 800);
  input.HandleEvent(Finger(SDL_FINGERUP, x, y), 1280, 800);
  return Settle();
}

std::vector<Command> ViewTest::Drag(float x, float y, float dx, float dy, int steps) {
  Frame();
  input.HandleEvent(Finger(SDL_FINGERDOWN, x, y), 1280, 800);
  std::vector<Command> all = Settle();
  for (int i = 1; i <= steps; ++i) {
    input.HandleEvent(Finger(SDL_FINGERMOTION, x + dx * i / steps, y + dy * i / steps), 1280, 800);
    for (auto& c : Frame()) all.push_back(std::move(c));
  }
  input.HandleEvent(Finger(SDL_FINGERUP, x + dx, y + dy), 1280, 800);
  for (auto& c : Settle()) all.push_back(std::move(c));
  return all;
}

const ui::RecordedItem* ViewTest::Item(const std::string& id, size_t nth) const {
  size_t seen = 0;
  for (const auto& it : items)
    if (it.id == id && seen++ == nth) return &it;
  return nullptr;
}

void ViewTest::ShowScreen(ScreenId screen, Lang lang, bool elder, ImVec2 panel, const DemoData* demo) {
  ImGui::GetIO().DisplaySize = panel;
  ResetSession(state);
  state.session.lang = lang;
  state.session.elder = elder;
  state.session.screen = screen;
  if (!(screen == screens::kHome)) state.session.back_stack = {screens::kHome};
  if (demo) FillDemo(state, screen, *demo);
  Frame();
  Frame();
}

void ViewTest::ScrollTo(const std::string& id) {
  Frame();
  for (int i = 0; i < 8 && !(Item(id) && Item(id)->visible); ++i) Drag(1200, 600, 0, -200);
  ASSERT_TRUE(Item(id) && Item(id)->visible) << id;
}

std::vector<Command> ViewTest::TapItem(const std::string& id, size_t nth) {
  Frame();
  const ui::RecordedItem* it = Item(id, nth);
  EXPECT_NE(it, nullptr) << "no item " << id << " on screen " << state.session.screen.name;
  if (!it) return {};
  EXPECT_TRUE(it->visible) << id << " is scrolled out of view";
  return Tap((it->min.x + it->max.x) / 2, (it->min.y + it->max.y) / 2);
}

}  // namespace onestop::test
