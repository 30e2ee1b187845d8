// Glyphs of hub text (issue 16): a fresh kiosk store filled by a pull from the demo hub, the terminal
// snapshot fed to the font manager as the app does, then the first frame of every screen (after its
// lookups answered through the real executor) must draw no character the atlas lacks: dish names,
// place names and fault phrases were "?" for seconds before, and buttons changed width under a finger.
#include <chrono>
#include <filesystem>
#include <set>
#include <thread>

#include "kiosk/app/executor.h"
#include "kiosk/app/job_router.h"
#include "kiosk/app/lookups/lookups.h"
#include "kiosk/app/terminal_snapshot.h"
#include "kiosk/core/main_queue.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/text_edit.h"
#include "offline/store.h"
#include "server/demo.h"
#include "server/store.h"
#include "tests/view/view_fixture.h"

namespace onestop::test {
namespace {

namespace fs = std::filesystem;

class StoreGlyphs : public ViewTest {
 protected:
  void SetUp() override {
    ViewTest::SetUp();
    dir_ = fs::temp_directory_path() / ("onestop-glyphs-" + protocol::NewUuidV4());
    fs::create_directories(dir_);
    auto hub = hub::OpenSqliteStore((dir_ / "hub.db").string());
    ASSERT_TRUE(hub.ok()) << hub.error().message;
    auto demo = hub::LoadDemoData(*hub.value(), std::string(ONESTOP_ASSETS_DIR) + "/demo", clock.NowUtcMs());
    ASSERT_TRUE(demo.ok()) << demo.error().message;
    const Binding bed{Role::kBedside, demo.value().first_bed};
    path_ = (dir_ / "kiosk.db").string();
    auto s = offline::Store::Open(path_, clock);
    ASSERT_TRUE(s.ok()) << s.error().message;
    store_ = std::move(s).value();
    ASSERT_TRUE(store_->SaveEnrollment("http://127.0.0.1:1", "T-GLYPHS", "token", bed).ok());
    // The pull, page by page, as the sync engine applies it.
    int64_t cursor = 0;
    for (bool more = true; more;) {
      auto rows = hub.value()->Pull(bed, cursor, 500, &more);
      ASSERT_TRUE(rows.ok()) << rows.error().message;
      if (rows.value().empty()) break;
      std::vector<offline::ChangeRow> page;
      for (const auto& r : rows.value()) page.push_back({r.seq, r.entity, r.op, r.id, r.data_json});
      cursor = rows.value().back().seq;
      ASSERT_TRUE(store_->ApplyPullPage(page, std::to_string(cursor)).ok());
    }
  }
  void TearDown() override {
    store_.reset();
    ViewTest::TearDown();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  // Runs the jobs the state asks for on the workers and applies their answers, until quiet.
  void AnswerJobs(app::JobRouter& router) {
    int quiet = 0;
    for (int i = 0; i < 200 && quiet < 6; ++i) {
      auto jobs = std::exchange(state.effects.jobs, {});
      for (auto& j : jobs) router.Submit(std::move(j));
      std::this_thread::sleep_for(std::chrono::milliseconds(10));
      const int answers = queue_.Drain();
      quiet = jobs.empty() && answers == 0 ? quiet + 1 : 0;
    }
  }

  fs::path dir_;
  std::string path_;
  std::unique_ptr<offline::Store> store_;
  MainQueue queue_;
};

TEST_F(StoreGlyphs, FirstFrameOfEveryScreenHasEveryGlyph) {
  const app::TerminalSnapshot snap = app::ReadTerminalSnapshot(*store_);
  ASSERT_TRUE(snap.enrolled);
  ASSERT_FALSE(snap.binding.location_name.empty());
  ASSERT_FALSE(snap.glyph_text.empty());
  state.terminal.binding = snap.binding;
  state.terminal.notices = snap.notices;
  fonts->AddText(snap.glyph_text);  // what the app's snapshot callback does

  app::Executor executor(2);
  app::JobRouter router(executor, queue_, state);
  app::RegisterLookups(router, executor.NewLane(), std::make_shared<app::StoreReader>(path_, clock), clock);
  int screens_seen = 0;
  for (Lang lang : kAllLangs) {
    for (ScreenId screen : AllScreens()) {
      ResetSession(state);
      state.session.lang = lang;
      AnswerJobs(router);
      if (!(screen == screens::kHome)) Apply(state, cmd::Navigate{screen});
      AnswerJobs(router);
      Frame();  // rebuilds the atlas first when new text arrived, as the app does between frames
      const auto missing = fonts->TakeDrawnMissing();
      ++screens_seen;
      if (!missing.empty())
        ADD_FAILURE() << screen.name << " in " << LangTag(lang) << ": " << missing.size()
                      << " characters drawn before they were baked, first U+" << std::hex
                      << static_cast<unsigned>(*missing.begin());
      Frame();
      fonts->TakeDrawnMissing();
    }
  }
  executor.Stop();
  EXPECT_EQ(screens_seen, static_cast<int>(AllScreens().size() * 3));
}

// The collection covers the hub's words and nothing else: ASCII is always baked anyway.
TEST_F(StoreGlyphs, GlyphTextHoldsTheHubsWordsOnce) {
  const std::string text = app::CollectGlyphText(*store_);
  const auto cps = Utf8Decode(text);
  std::set<char32_t> unique(cps.begin(), cps.end());
  EXPECT_EQ(unique.size(), cps.size());
  for (char32_t cp : cps) EXPECT_GE(cp, 0x80u);
  // A dish of the demo menu and a word of a demo place name.
  for (char32_t cp : Utf8Decode("\xE5\xB0\x8F\xE7\xAC\xBC\xE5\x8C\x85"))  // a demo dish
    EXPECT_TRUE(unique.count(cp)) << std::hex << static_cast<unsigned>(cp);
}

}  // namespace
}  // namespace onestop::test
