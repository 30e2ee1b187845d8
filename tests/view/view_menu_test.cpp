// Menus worth choosing from and the ward's bed grids (issue 16): dish cards that fill the width in
// every language, text size and orientation with the basket fixed beside or under them; figures and
// allergens in words; dish photos decoded on a worker from a real store and drawn from their texture;
// the escort's bed pick with the meal grid's occupancy tiles; My requests' long status inside its row.
#include <gtest/gtest.h>
#include <stb_image_write.h>  // libstb.so carries the implementation

#include <chrono>
#include <iostream>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "kiosk/app/executor.h"
#include "kiosk/app/job_router.h"
#include "kiosk/app/lookups/dish_photo_lookup.h"
#include "kiosk/app/lookups/escort_lookup.h"
#include "kiosk/core/features/escort/commands.h"
#include "kiosk/core/features/escort/feature.h"
#include "kiosk/core/features/escort/state.h"
#include "kiosk/core/features/escort/views.h"
#include "kiosk/core/features/meals/commands.h"
#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/meals/jobs.h"
#include "kiosk/core/features/meals/views.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/requests/state.h"
#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/main_queue.h"
#include "kiosk/core/photo.h"
#include "kiosk/core/protocol.h"
#include "offline/store.h"
#include "tests/view/view_fixture.h"
#include "ui/dish_photo.h"
#include "ui/theme.h"

namespace onestop::test {
namespace {

namespace fs = std::filesystem;
using json = nlohmann::json;

DemoData LoadDemo() { return DemoFromAssets(); }

struct Box { std::string id; ImVec2 min, max; };
bool Overlap(const Box& a, const Box& b) {
  const float e = 0.5f;
  return a.min.x < b.max.x - e && b.min.x < a.max.x - e && a.min.y < b.max.y - e && b.min.y < a.max.y - e;
}

// A real JPEG: left half red, right half blue, `w` x `h`.
std::string TwoColourJpeg(int w, int h) {
  std::vector<uint8_t> rgb(static_cast<size_t>(w) * static_cast<size_t>(h) * 3);
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      uint8_t* p = &rgb[(static_cast<size_t>(y) * static_cast<size_t>(w) + static_cast<size_t>(x)) * 3];
      p[0] = x < w / 2 ? 220 : 20;
      p[1] = 20;
      p[2] = x < w / 2 ? 20 : 220;
    }
  std::string out;
  stbi_write_jpg_to_func([](void* ctx, void* data, int size) { static_cast<std::string*>(ctx)->append(static_cast<char*>(data), static_cast<size_t>(size)); },
                         &out, w, h, 3, rgb.data(), 90);
  return out;
}

class Menu : public ViewTest {
 protected:
  void ShowMenu(Lang lang) {
    ResetSession(state);
    state.session.lang = lang;
    state.session.screen = screens::kMenu;
    state.session.back_stack = {screens::kHome, screens::kMeals};
    FillDemo(state, screens::kMenu, demo);
    Frame();
    Frame();  // glyphs first seen are baked for the second frame
  }
  // `screen` with its demo content on a `panel` in `lang`, elder mode or not, drawn twice (glyphs first
  // seen are baked for the second frame). `fill`: false leaves the feature's state to the test.
  void Show(ScreenId screen, Lang lang, bool elder, ImVec2 panel, bool fill = true) {
    ShowScreen(screen, lang, elder, panel, fill ? &demo : nullptr);
  }
  static std::string Where(bool elder, Lang lang, ImVec2 panel) {
    return std::string(elder ? "elder " : "normal ") + std::string(LangTag(lang)) + " " + std::to_string(int(panel.x)) +
           "x" + std::to_string(int(panel.y));
  }
  std::vector<Box> Regions(const std::string& prefix) const {
    std::vector<Box> out;
    for (const auto& t : texts)
      if (t.id.rfind(prefix, 0) == 0) out.push_back({t.id, t.min, t.max});
    return out;
  }
  const ui::RecordedText* Region(const std::string& id) const {
    for (const auto& t : texts)
      if (t.id == id) return &t;
    return nullptr;
  }
  DemoData demo = LoadDemo();
};

// Before: in large text one dish per screen with half the width empty, and a fixed 2-column table in
// portrait. Now: columns by card width, cards never overlap each other or the basket, the first row
// spans the cards' area, and the basket is beside (landscape) or under (portrait) the cards.
TEST_F(Menu, CardsFillTheWidthBesideTheBasketInEveryLanguageSizeAndPanel) {
  const ImVec2 panels[] = {{1280, 800}, {800, 1280}};
  int checked = 0;
  for (bool elder : {false, true}) {
    for (ImVec2 panel : panels) {
      ImGui::GetIO().DisplaySize = panel;
      for (Lang lang : kAllLangs) {
        state.session.elder = elder;
        ShowMenu(lang);
        state.session.elder = elder;
        Frame();
        const std::string where = Where(elder, lang, panel);
        const ui::RecordedText* area = Region("menu.cards");
        const ui::RecordedText* basket = Region("menu.basket");
        ASSERT_NE(area, nullptr) << where;
        ASSERT_NE(basket, nullptr) << where;
        const auto cards = Regions("card.");
        ASSERT_GE(cards.size(), 4u) << where;
        EXPECT_FALSE(Overlap({"cards", area->min, area->max}, {"basket", basket->min, basket->max})) << where;
        EXPECT_LE(basket->max.x, panel.x + 0.5f) << where;
        // The cards get most of the width: the basket beside them used to take 13 em (three quarters of a
        // landscape panel in elder mode), leaving one narrow card per screen.
        if (panel.x > panel.y) {
          EXPECT_GE(area->max.x - area->min.x, panel.x * 0.6f) << where << ": cards squeezed";
          EXPECT_GE(basket->min.x, area->max.x - 0.5f) << where << ": basket beside the cards";
        } else {
          EXPECT_GE(basket->min.y, area->max.y - 0.5f) << where << ": basket under the cards";
        }
        // Together the cards and the basket use the panel's width (no half-empty screen).
        EXPECT_GE((area->max.x - area->min.x) + (panel.x > panel.y ? basket->max.x - basket->min.x : 0.0f), panel.x * 0.9f) << where;
        float row_right = cards[0].min.x;
        for (size_t i = 0; i < cards.size(); ++i) {
          EXPECT_GE(cards[i].min.x, area->min.x - 0.5f) << where << " " << cards[i].id;
          EXPECT_LE(cards[i].max.x, area->max.x + 0.5f) << where << " " << cards[i].id;
          if (std::abs(cards[i].min.y - cards[0].min.y) < 0.5f) row_right = std::max(row_right, cards[i].max.x);
          for (size_t j = i + 1; j < cards.size(); ++j)
            EXPECT_FALSE(Overlap(cards[i], cards[j])) << where << ": " << cards[i].id << " overlaps " << cards[j].id;
        }
        EXPECT_GE(row_right - area->min.x, (area->max.x - area->min.x) * 0.9f) << where << ": the first row leaves width empty";
        // Each card's − and + lie inside it.
        for (const auto& it : items)
          if ((it.id == "plus" || it.id == "minus")) {
            bool inside = false;
            for (const auto& c : cards)
              inside |= it.min.x >= c.min.x - 0.5f && it.max.x <= c.max.x + 0.5f && it.min.y >= c.min.y - 0.5f && it.max.y <= c.max.y + 0.5f;
            EXPECT_TRUE(inside) << where << ": a " << it.id << " button outside every card";
          }
        ++checked;
        if (HasFailure()) return;
      }
    }
  }
  EXPECT_EQ(checked, 12);
}

// The meal chooser in large text: what a meal already has ("Ordered: 1 × Plain rice congee · Approved")
// wraps inside its tile's column; it used to wrap at the panel's edge and push the next tile off it.
TEST_F(Menu, MealTilesStayOnThePanelWithTheirOrders) {
  const ImVec2 panels[] = {{1280, 800}, {800, 1280}};
  for (bool elder : {false, true})
    for (ImVec2 panel : panels)
      for (Lang lang : kAllLangs) {
        Show(screens::kMeals, lang, elder, panel);
        ASSERT_FALSE(mealui::BuildMealsView(state).slots.at(0).ordered.empty()) << "the demo's dinner is ordered";
        const std::string where = Where(elder, lang, panel);
        std::vector<Box> tiles;
        for (const auto& it : items)
          if (it.id.rfind("meal.slot.", 0) == 0) tiles.push_back({it.id, it.min, it.max});
        ASSERT_GE(tiles.size(), 2u) << where;
        for (size_t i = 0; i < tiles.size(); ++i) {
          EXPECT_LE(tiles[i].max.x, panel.x + 0.5f) << where << ": " << tiles[i].id << " runs off the panel";
          for (size_t j = i + 1; j < tiles.size(); ++j) EXPECT_FALSE(Overlap(tiles[i], tiles[j])) << where;
        }
        if (HasFailure()) return;
      }
}

// The scan screen in portrait elder mode: the words and the "type the code" button beside the camera
// picture ran off the panel's left edge (a 14 em column beside the picture on an 800 px panel).
TEST_F(Menu, ScanScreenKeepsItsWordsOnANarrowPanel) {
  for (bool elder : {false, true})
    for (ImVec2 panel : {ImVec2(1280, 800), ImVec2(800, 1280)}) {
      Show(screens::kScan, Lang::kEn, elder, panel);
      const ui::RecordedItem* manual = Item("scan.manual");
      ASSERT_NE(manual, nullptr);
      EXPECT_GE(manual->min.x, -0.5f) << (elder ? "elder " : "") << panel.x;
      EXPECT_LE(manual->max.x, panel.x + 0.5f) << (elder ? "elder " : "") << panel.x;
    }
}

// Tiles (home, to-rate, meal chooser, bed grids): a title that wraps in large text used to run over
// its subtitle ("Repair Alarm keeps sounding" over "TK-000057 … Tap to rate" in portrait elder mode).
TEST_F(Menu, TileTitlesNeverRunOverTheirSubtitles) {
  const ScreenId with_tiles[] = {screens::kHome, screens::kToRate, screens::kMeals, screens::kEscort};
  int pairs = 0;
  for (bool elder : {false, true})
    for (ImVec2 panel : {ImVec2(1280, 800), ImVec2(800, 1280)})
      for (Lang lang : kAllLangs)
        for (ScreenId screen : with_tiles) {
          Show(screen, lang, elder, panel);
          const std::string where = std::string(screen.name) + " " + Where(elder, lang, panel);
          for (size_t i = 1; i < texts.size(); ++i) {
            if (texts[i].id != "tile.subtitle" || texts[i - 1].id != "tile.title") continue;
            ++pairs;
            EXPECT_GE(texts[i].min.y, texts[i - 1].max.y - 0.5f) << where << ": '" << texts[i - 1].shown << "' runs over '" << texts[i].shown << "'";
          }
          if (HasFailure()) return;
        }
  EXPECT_GT(pairs, 100);
}

// Elder mode on a landscape panel (issue 16): the status bar's two rows and the navigation left the
// cards ~280 px, one dish per screen with its − + below the fold. Now at least two dishes show whole
// words and both targets without scrolling, side by side, in every language and on both panels, and the
// targets stay at least 16 mm.
TEST_F(Menu, ElderModeShowsTwoWholeDishesWithTheirButtons) {
  for (ImVec2 panel : {ImVec2(1280, 800), ImVec2(800, 1280)})
    for (Lang lang : kAllLangs) {
      state.terminal.link.state = LinkState::kOnline;  // as a working terminal is (not "connecting…")
      Show(screens::kMenu, lang, /*elder=*/true, panel);
      const std::string where = Where(true, lang, panel);
      const ui::RecordedText* area = Region("menu.cards");
      ASSERT_NE(area, nullptr) << where;
      auto inside = [&](ImVec2 a, ImVec2 b) {
        return a.x >= area->min.x - 0.5f && b.x <= area->max.x + 0.5f && a.y >= area->min.y - 0.5f && b.y <= area->max.y + 0.5f;
      };
      int whole = 0;
      float first_row_y = -1.0f;
      int side_by_side = 0;
      for (const auto& card : Regions("card.")) {
        // The card's name and its − and + buttons all in sight.
        bool name_seen = false, minus_seen = false, plus_seen = false;
        std::string name;
        for (const auto& c : mealui::BuildMenuView(state).cards)
          if ("card." + c.id == card.id) name = c.name;
        ASSERT_FALSE(name.empty()) << card.id;
        for (const auto& t : texts)
          if (t.id == "title" && t.shown == name && t.min.x >= card.min.x && t.max.x <= card.max.x && t.min.y >= card.min.y && t.max.y <= card.max.y)
            name_seen = inside(t.min, t.max);
        for (const auto& it : items) {
          const bool in_card = it.min.x >= card.min.x && it.max.x <= card.max.x && it.min.y >= card.min.y && it.max.y <= card.max.y;
          if (!in_card) continue;
          if (it.id == "minus") minus_seen = inside(it.min, it.max);
          if (it.id == "plus") plus_seen = inside(it.min, it.max);
          if (it.id == "plus" || it.id == "minus") {
            EXPECT_GE(std::min(it.max.x - it.min.x, it.max.y - it.min.y), ui::kElderTargetMm * ui::CurrentMetrics().px_per_mm - 0.5f);
          }
        }
        if (name_seen && minus_seen && plus_seen) {
          ++whole;
          if (first_row_y < 0) first_row_y = card.min.y;
          if (std::abs(card.min.y - first_row_y) < 0.5f) ++side_by_side;
        }
      }
      std::cout << "[ measure ] elder " << LangTag(lang) << " " << panel.x << "x" << panel.y << ": " << whole
                << " dishes with name and - + in sight (" << side_by_side << " side by side)\n";
      EXPECT_GE(whole, 2) << where;
      EXPECT_GE(side_by_side, 2) << where;
    }
}

// Landscape normal text: two columns, not one.
TEST_F(Menu, LandscapeShowsTwoCardsPerRow) {
  ShowMenu(Lang::kEn);
  const auto cards = Regions("card.");
  ASSERT_GE(cards.size(), 2u);
  EXPECT_NEAR(cards[0].min.y, cards[1].min.y, 0.5f) << "the second card starts a new row";
}

// Dragging the cards scrolls them; the basket does not move.
TEST_F(Menu, BasketStaysPutWhileTheCardsScroll) {
  ShowMenu(Lang::kEn);
  const ui::RecordedText* area = Region("menu.cards");
  ASSERT_NE(area, nullptr);
  const Box basket_before{"b", Region("menu.basket")->min, Region("menu.basket")->max};
  const float first_before = Regions("card.")[0].min.y;
  const ImVec2 at(area->min.x + 20, area->max.y - 40);
  Drag(at.x, at.y, 0, -300);
  Frame();
  const ui::RecordedText* basket = Region("menu.basket");
  ASSERT_NE(basket, nullptr);
  EXPECT_LT(Regions("card.")[0].min.y, first_before - 100) << "the cards did not scroll";
  EXPECT_NEAR(basket->min.y, basket_before.min.y, 0.5f);
  EXPECT_NEAR(basket->min.x, basket_before.min.x, 0.5f);
}

// Figures per portion with their units, allergens after "Contains" with their words, in each language;
// a dish without figures shows none (never zeros).
TEST_F(Menu, CardsNameFiguresAndAllergensInWords) {
  for (Lang lang : kAllLangs) {
    ShowMenu(lang);
    const mealui::MenuView v = mealui::BuildMenuView(state);
    const mealui::DishCard* egg = nullptr;
    for (const auto& c : v.cards)
      for (const auto& [code, word] : c.allergens)
        if (code == "egg") egg = &c;
    ASSERT_NE(egg, nullptr) << "the demo lunch or dinner has a dish with egg";
    EXPECT_EQ(egg->contains_label, i18n.Tr(lang, "meal.contains"));
    EXPECT_EQ(egg->allergens[0].second, i18n.Tr(lang, "allergen.egg"));
    ASSERT_EQ(egg->nutrition.size(), 4u);
    EXPECT_EQ(egg->nutrition[0].first, i18n.Tr(lang, "meal.nutrient.energy"));
    EXPECT_EQ(egg->nutrition[1].first, i18n.Tr(lang, "meal.nutrient.protein"));
    EXPECT_EQ(egg->nutrition[2].first, i18n.Tr(lang, "meal.nutrient.sodium"));
    EXPECT_EQ(egg->nutrition[3].first, i18n.Tr(lang, "meal.nutrient.carbohydrate"));
    EXPECT_FALSE(egg->category.empty()) << "the demo dishes carry their kind";
  }
  // From the hub's JSON: figures rounded as a label prints them; a malformed one is unknown, not 0.
  auto d = meals::DishFromJson(json::parse(
      R"({"id":"X1","slots":["lunch"],"nutrition":{"energy_kcal":180,"protein_g":6.25,"sodium_mg":"lots","carbohydrate_g":-1},"category":"pizza"})"));
  ASSERT_TRUE(d.ok());
  EXPECT_EQ(*d->nutrition.energy_kcal, 180);
  EXPECT_FALSE(d->nutrition.sodium_mg.has_value());
  EXPECT_FALSE(d->nutrition.carbohydrate_g.has_value());
  EXPECT_EQ(d->category, "") << "an unknown kind draws the plain plate";
  auto none = meals::DishFromJson(json::parse(R"({"id":"X2","slots":["lunch"]})"));
  ASSERT_TRUE(none.ok());
  EXPECT_FALSE(none->nutrition.energy_kcal.has_value());
}

class DishPhotos : public Menu {
 protected:
  void SetUp() override {
    Menu::SetUp();
    dir_ = fs::temp_directory_path() / ("onestop-photos-" + protocol::NewUuidV4());
    fs::create_directories(dir_);
    path_ = (dir_ / "kiosk.db").string();
    auto s = offline::Store::Open(path_, sys_clock_);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
  }
  void TearDown() override {
    ui::SetTextureUploader({});
    store_.reset();
    std::error_code ec;
    fs::remove_all(dir_, ec);
    Menu::TearDown();
  }
  fs::path dir_;
  std::string path_;
  SystemClock sys_clock_;
  std::unique_ptr<offline::Store> store_;
};

// A photo pulled as its own entity reaches the card through the worker: the frame asks, a worker lane
// reads the real store and decodes the real JPEG, the answer comes through the MainQueue, and only then
// does the frame upload its pixels and draw the texture inside the card. Until then the card draws its
// category icon (no texture), so nothing is decoded on the frame thread.
TEST_F(DishPhotos, DecodedOnAWorkerAndDrawnFromTheirTexture) {
  ShowMenu(Lang::kEn);
  const mealui::MenuView v0 = mealui::BuildMenuView(state);
  ASSERT_FALSE(v0.cards.empty());
  const std::string dish = v0.cards[0].id;
  const std::string jpeg = TwoColourJpeg(640, 480);
  const json row = {{"id", dish}, {"dish", dish}, {"mime", "image/jpeg"}, {"bytes", jpeg.size()}, {"width", 640},
                    {"height", 480}, {"sha256", "abc"}, {"data", photo::Base64Encode(jpeg)}};
  ASSERT_TRUE(store_->ApplyPullPage({{1, "dish_photo", "upsert", dish, row.dump()}}, "1").ok());

  int uploads = 0;
  std::vector<uint8_t> uploaded;
  int up_w = 0, up_h = 0;
  const ImTextureID kTex = reinterpret_cast<ImTextureID>(static_cast<intptr_t>(0x5150));
  ui::SetTextureUploader({[&](int w, int h, const uint8_t* rgba) {
                            ++uploads;
                            up_w = w, up_h = h;
                            uploaded.assign(rgba, rgba + static_cast<size_t>(w) * static_cast<size_t>(h) * 4);
                            return kTex;
                          },
                          [](ImTextureID) {}});
  // The context read asks for the menu's photos (FillDemo set the context directly: ask as a read would).
  MealContext ctx = *mealui::Get(state).ctx;
  mealui::Get(state).loading = true;
  Apply(state, mealui::cmd::MealContextRead{mealui::Get(state).bed, std::move(ctx)});
  std::vector<mealui::job::ReadDishPhotos> asked;
  for (const auto& j : state.effects.jobs)
    if (auto* p = j.As<mealui::job::ReadDishPhotos>()) asked.push_back(*p);
  ASSERT_EQ(asked.size(), 1u);
  EXPECT_NE(std::find(asked[0].dishes.begin(), asked[0].dishes.end(), dish), asked[0].dishes.end());

  MainQueue queue;
  app::Executor executor(1);
  app::JobRouter router(executor, queue, state);
  app::RegisterDishPhotoLookups(router, executor.NewLane(), std::make_shared<app::StoreReader>(path_, sys_clock_));
  for (auto& j : std::exchange(state.effects.jobs, {})) router.Submit(std::move(j));
  EXPECT_TRUE(mealui::Get(state).photos.empty()) << "answered on the frame thread, not by a worker";
  Frame();
  EXPECT_EQ(uploads, 0) << "nothing to upload before the worker answered";
  const auto end = std::chrono::steady_clock::now() + std::chrono::seconds(20);
  while (mealui::Get(state).photos.empty() && std::chrono::steady_clock::now() < end) {
    queue.Drain();
    std::this_thread::sleep_for(std::chrono::milliseconds(5));
  }
  ASSERT_EQ(mealui::Get(state).photos.count(dish), 1u);
  executor.Stop();
  Frame();
  Frame();
  ASSERT_EQ(uploads, 1) << "uploaded once, then drawn from the texture";
  EXPECT_EQ(up_w, mealui::kDishPhotoPx);
  EXPECT_EQ(up_h, mealui::kDishPhotoPx * 480 / 640);
  // The decoded pixels are the photo's: red at the left, blue at the right (JPEG is lossy: ranges).
  const size_t mid = static_cast<size_t>(up_h / 2) * static_cast<size_t>(up_w);
  const uint8_t* left = &uploaded[(mid + 10) * 4];
  const uint8_t* right = &uploaded[(mid + static_cast<size_t>(up_w) - 10) * 4];
  EXPECT_GT(left[0], 150);
  EXPECT_LT(left[2], 90);
  EXPECT_GT(right[2], 150);
  EXPECT_LT(right[0], 90);
  // The texture is drawn inside the dish's card.
  const ui::RecordedText* card = Region("card." + dish);
  ASSERT_NE(card, nullptr);
  bool drawn = false;
  const ImDrawData* dd = ImGui::GetDrawData();
  for (int l = 0; l < dd->CmdListsCount; ++l)
    for (const ImDrawCmd& c : dd->CmdLists[l]->CmdBuffer)
      drawn |= c.TextureId == kTex && c.ElemCount > 0;
  EXPECT_TRUE(drawn) << "no draw command uses the photo's texture";
}

// Rows the hub would never send (a corrupt store, a hostile copy) are left out with a reason, never
// decoded into giant allocations and never fatal.
TEST_F(DishPhotos, HostileRowsAreLeftOutWithAReason) {
  const std::string jpeg = TwoColourJpeg(64, 48);
  auto row = [](const std::string& data) { return json{{"dish", "D1"}, {"data", data}}.dump(); };
  EXPECT_TRUE(app::DecodeDishPhoto(row(photo::Base64Encode(jpeg))).ok());
  EXPECT_EQ(app::DecodeDishPhoto("not json").error().code, "photo.entity");
  EXPECT_EQ(app::DecodeDishPhoto(json{{"dish", "D1"}}.dump()).error().code, "photo.entity");
  EXPECT_EQ(app::DecodeDishPhoto(row("@@@@")).error().code, "photo.base64");
  EXPECT_EQ(app::DecodeDishPhoto(row(photo::Base64Encode("GIF89a not a photo"))).error().code, "photo.not_jpeg");
  EXPECT_EQ(app::DecodeDishPhoto(row(photo::Base64Encode(jpeg.substr(0, 40)))).error().code, "photo.undecodable");
  EXPECT_EQ(app::DecodeDishPhoto(row(std::string(400 * 1024, 'A'))).error().code, "photo.too_large");
  // A header claiming 60000 x 60000: refused from the header, before any pixel is allocated.
  std::string giant = jpeg;
  for (size_t i = 0; i + 8 < giant.size(); ++i)
    if (static_cast<unsigned char>(giant[i]) == 0xFF && static_cast<unsigned char>(giant[i + 1]) == 0xC0) {
      giant[i + 5] = static_cast<char>(0xEA), giant[i + 6] = 0x60, giant[i + 7] = static_cast<char>(0xEA), giant[i + 8] = 0x60;
      break;
    }
  EXPECT_EQ(app::DecodeDishPhoto(row(photo::Base64Encode(giant))).error().code, "photo.too_large");
}

// The escort's bed pick uses the meal grid's tiles: the same tile size, the same words for an
// occupied bed's diet and an empty bed, read from the real store's diet orders.
TEST_F(DishPhotos, EscortBedPickShowsOccupancyLikeTheMealGrid) {
  state.terminal.binding.role = Role::kWard;
  state.terminal.binding.location = "B2-3F-W12";
  ASSERT_TRUE(store_->ApplyPullPage(
      {{1, "location", "upsert", "B2-3F-W12-BED01", R"({"code":"B2-3F-W12-BED01","kind":"bed","ward":"B2-3F-W12","name":{"en":"Bed 1"}})"},
       {2, "location", "upsert", "B2-3F-W12-BED02", R"({"code":"B2-3F-W12-BED02","kind":"bed","ward":"B2-3F-W12","name":{"en":"Bed 2"}})"},
       {3, "diet_order", "upsert", "B2-3F-W12-BED01", R"({"bed":"B2-3F-W12-BED01","diet":"soft","allergens":["milk"]})"},
       {4, "diet_order", "upsert", "B2-3F-W12-BED02", R"({"bed":"B2-3F-W12-BED02","diet":"no such diet"})"}},
      "4").ok());
  auto beds = app::ReadWardBeds(*store_, "B2-3F-W12");
  auto diets = app::ReadBedDiets(*store_, beds);
  ASSERT_EQ(beds.size(), 2u);
  EXPECT_EQ(diets.size(), 1u) << "the malformed diet order is left out";
  ResetSession(state);
  state.session.lang = Lang::kEn;
  state.session.screen = screens::kEscort;
  state.session.back_stack = {screens::kHome};
  escort::Get(state).beds_loading = true;
  Apply(state, escort::cmd::BedsRead{"B2-3F-W12", beds, diets});
  const escort::EscortView v = escort::BuildEscortView(state);
  ASSERT_EQ(v.bed_tiles.size(), 2u);
  EXPECT_TRUE(v.bed_tiles[0].occupied);
  EXPECT_EQ(v.bed_tiles[0].diet, i18n.Format(Lang::kEn, "meal.bed_diet", {i18n.Tr(Lang::kEn, "diet.soft")}) + " · " +
                                     i18n.Format(Lang::kEn, "meal.bed_allergy", {i18n.Tr(Lang::kEn, "allergen.milk")}));
  EXPECT_FALSE(v.bed_tiles[1].occupied);
  EXPECT_EQ(v.bed_tiles[1].diet, i18n.Tr(Lang::kEn, "meal.bed_empty"));
  Frame();
  Frame();
  const ui::RecordedItem* tile = Item("escort.bed.B2-3F-W12-BED01");
  ASSERT_NE(tile, nullptr);
  // The grid's compact tile, grown where its words need a second line (they used to be cut at its edge).
  EXPECT_GE(tile->max.y - tile->min.y, std::max(ui::TargetPx(), ui::Em(2.6f)) - 1.0f) << "the grid's compact tile";
  // The tile shows the bed's name over its occupancy, as on the meal grid, both inside it.
  bool named = false;
  for (size_t i = 1; i < texts.size(); ++i)
    if (texts[i - 1].id == "tile.title" && texts[i - 1].shown == "Bed 1" && texts[i].id == "tile.subtitle" &&
        texts[i].shown == v.bed_tiles[0].diet) {
      named = true;
      EXPECT_GE(texts[i - 1].min.y, tile->min.y);
      EXPECT_LE(texts[i].max.y, tile->max.y);
    }
  EXPECT_TRUE(named) << "Bed 1's tile does not show its diet";
  TapItem("escort.bed.B2-3F-W12-BED02");
  EXPECT_EQ(escort::Get(state).bed, "B2-3F-W12-BED02");
  EXPECT_TRUE(escort::BuildEscortView(state).bed_tiles[1].selected);
}

// "My requests": a long status (saved offline) no longer runs off its row: it goes under the detail
// and wraps inside the panel, shown whole, in every language, size and orientation.
TEST_F(Menu, MyRequestsLongStatusStaysInsideItsRow) {
  const ImVec2 panels[] = {{1280, 800}, {800, 1280}};
  for (bool elder : {false, true})
    for (ImVec2 panel : panels)
      for (Lang lang : kAllLangs) {
        state.terminal.link.state = LinkState::kOffline;
        Show(screens::kRequests, lang, elder, panel, /*fill=*/false);
        auto& rq = requests::Get(state);
        rq.list_loaded = true;
        rq.pending.push_back({"p1", "cleaning_request", "", clock.NowUtcMs() - 60000});
        Frame();
        const std::string where = Where(elder, lang, panel);
        const ui::RecordedText* status = Region("request.status");
        const ui::RecordedText* detail = Region("request.detail");
        ASSERT_NE(status, nullptr) << where;
        ASSERT_NE(detail, nullptr) << where;
        EXPECT_EQ(status->shown, i18n.Tr(lang, "progress.saved_offline")) << where << ": shown whole";
        EXPECT_LE(status->max.x, panel.x + 0.5f) << where << ": runs off the panel";
        EXPECT_FALSE(Overlap({"s", status->min, status->max}, {"d", detail->min, detail->max})) << where;
        if (HasFailure()) return;
      }
}

}  // namespace
}  // namespace onestop::test
