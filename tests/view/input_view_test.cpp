// Typing Chinese on the terminal by taps (issue 17), with the real engines the app opens (librime
// pinyin, zinnia handwriting recognised on an executor lane and answered through the MainQueue):
// a complaint typed in pinyin (keys, then the candidate) and written by hand (recorded strokes drawn
// through the writing pad) reaches the complaint draft; every candidate is baked before it is drawn;
// switching engines keeps the text. The end-to-end case sends both to a real hub on loopback and
// reads the tickets back from the hub's store.
#include <SDL.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <future>
#include <filesystem>
#include <fstream>
#include <thread>

#include <nlohmann/json.hpp>

#include "kiosk/app/executor.h"
#include "kiosk/app/input_service.h"
#include "kiosk/app/job_router.h"
#include "kiosk/core/features/keyboard/commands.h"
#include "kiosk/core/features/keyboard/feature.h"
#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/staff/feature.h"
#include "kiosk/core/main_queue.h"
#include "offline/http_transport.h"
#include "offline/store.h"
#include "offline/sync_engine.h"
#include "tests/integration/input_test_data.h"
#include "tests/integration/loopback_hub.h"
#include "tests/unit/effects_helpers.h"
#include "tests/view/view_fixture.h"

namespace onestop::test {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;
const std::string kField = "complaint.text";

json Complaint() {
  std::ifstream in(std::string(ONESTOP_SOURCE_DIR) + "/tests/view/input_data/complaint.json");
  return json::parse(in);
}

input::Ink StrokesOf(const std::string& ch) {
  for (auto& s : input::testdata::HandwritingSamples())
    if (s.want == ch) return s.ink;
  ADD_FAILURE() << "no strokes for " << ch;
  return {};
}

// librime is set up once per process with one user dir: every test of this process shares it, and
// it is removed when the process's tests end.
class RimeDir : public ::testing::Environment {
 public:
  static const std::string& Path() {
    static const std::string p = [] {
      const fs::path d = fs::temp_directory_path() / ("onestop-input-view-rime-" + protocol::NewUuidV4());
      fs::create_directories(d);
      return d.string();
    }();
    return p;
  }
  void TearDown() override {
    std::error_code ec;
    fs::remove_all(Path(), ec);
  }
};
[[maybe_unused]] ::testing::Environment* const kRimeDir = ::testing::AddGlobalTestEnvironment(new RimeDir);

SDL_Event Finger(Uint32 type, ImVec2 p) {
  SDL_Event e{};
  e.type = type;
  e.tfinger.x = p.x / 1280.0f;
  e.tfinger.y = p.y / 800.0f;
  return e;
}

class InputViews : public ViewTest {
 protected:
  void SetUp() override {
    ViewTest::SetUp();
    router = std::make_unique<app::JobRouter>(executor, queue, state);
    OpenEngines({RimeDir::Path(), {}, {}});
    ASSERT_NO_FATAL_FAILURE(WaitForPinyin());
    state.terminal.binding.location = "B2-3F-W12-BED07";
  }
  // As the app does: librime starts on a lane of its own, handwriting recognises on another.
  void OpenEngines(const app::InputOptions& o) {
    engines = app::OpenInputEngines(o, [this](std::string_view t) { fonts->AddText(t); }, executor, executor.NewLane(), queue);
    state.terminal.input = engines;
    app::RegisterHandwriting(*router, executor.NewLane(), engines);
  }
  bool Shown(const std::string& region) const {
    return std::any_of(texts.begin(), texts.end(), [&](const ui::RecordedText& t) { return t.id == region; });
  }
  // Applies the MainQueue (as the frame loop does) until librime's start has reached the engines.
  void WaitForPinyin() {
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(60);
    while (engines->Preparing(input::EngineKind::kPinyin, Lang::kZhHans) && std::chrono::steady_clock::now() < until) {
      if (queue.Drain() == 0) std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
    ASSERT_FALSE(engines->Preparing(input::EngineKind::kPinyin, Lang::kZhHans)) << "librime did not start in 60 s";
    ASSERT_TRUE(engines->Has(input::EngineKind::kPinyin, Lang::kZhHans)) << "librime failed to start";
  }
  void TearDown() override {
    executor.Stop();
    ViewTest::TearDown();
  }

  // The handwriting jobs the frame asked for go to the worker; its answers are applied from the
  // MainQueue, as the app's frame loop does. Other jobs stay for the test.
  void RunInkJobs() {
    int pending = 0;
    std::vector<Job> rest;
    for (auto& j : std::exchange(state.effects.jobs, {})) {
      if (j.As<keyboard::job::RecognizeInk>()) {
        router->Submit(std::move(j));
        ++pending;
      } else {
        rest.push_back(std::move(j));
      }
    }
    state.effects.jobs = std::move(rest);
    const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
    while (pending > 0 && std::chrono::steady_clock::now() < until) {
      pending -= queue.Drain();
      if (pending > 0) std::this_thread::sleep_for(std::chrono::milliseconds(1));
    }
    ASSERT_EQ(pending, 0) << "the handwriting worker did not answer";
  }

  // A frame after which nothing drawn lacked its glyph (a candidate shown as "?" fails here).
  void FrameAllBaked() {
    Frame();
    Frame();
    const auto missing = fonts->TakeDrawnMissing();
    EXPECT_TRUE(missing.empty()) << missing.size() << " code points drawn before they were baked, first U+"
                                 << std::hex << static_cast<unsigned>(missing.empty() ? 0 : *missing.begin());
  }

  void OpenComplaintKeyboard() {
    TapItem("complaint");
    ASSERT_EQ(state.session.screen, screens::kComplaint);
    ScrollTo("complaint.keyboard");
    TapItem("complaint.keyboard");
    Frame();
  }

  // Taps the letters, then the candidate `want` (paging on while it is not shown), as a patient would.
  void TypePinyin(const std::string& letters, const std::string& want) {
    for (char c : letters) {
      ScrollTo(std::string("k") + c);
      TapItem(std::string("k") + c);
    }
    FrameAllBaked();
    EXPECT_EQ(keyboard::BuildKeyboardView(state, kField).preedit.empty(), false);
    for (int page = 0; page < 8; ++page) {
      ScrollTo("kb.cand.0");
      const auto v = keyboard::BuildKeyboardView(state, kField);
      for (size_t i = 0; i < v.candidates.size(); ++i)
        if (v.candidates[i] == want) {
          TapItem("kb.cand." + std::to_string(i));
          FrameAllBaked();
          return;
        }
      if (!v.has_next) break;
      TapItem("kb.next");
    }
    FAIL() << letters << ": " << want << " was not offered";
  }

  // Draws `ink` through the writing pad with a finger (down, a move per point, up), waits for the
  // worker, and taps `want` among the candidates shown.
  void WriteByHand(const input::Ink& ink, const std::string& want) {
    ScrollTo("kb.pad");
    const ui::RecordedItem* pad = Item("kb.pad");
    ASSERT_NE(pad, nullptr);
    const ImVec2 o = pad->min;
    const float sx = (pad->max.x - pad->min.x - 2) / static_cast<float>(ink.width);
    const float sy = (pad->max.y - pad->min.y - 2) / static_cast<float>(ink.height);
    auto at = [&](const input::InkPoint& p) { return ImVec2(o.x + 1 + p.x * sx, o.y + 1 + p.y * sy); };
    for (const auto& stroke : ink.strokes) {
      input.HandleEvent(Finger(SDL_FINGERDOWN, at(stroke.front())), 1280, 800);
      Frame();
      Frame();
      for (size_t i = 1; i < stroke.size(); ++i) {
        input.HandleEvent(Finger(SDL_FINGERMOTION, at(stroke[i])), 1280, 800);
        Frame();
      }
      input.HandleEvent(Finger(SDL_FINGERUP, at(stroke.back())), 1280, 800);
      Settle();
      ASSERT_NO_FATAL_FAILURE(RunInkJobs());
    }
    const auto v = keyboard::BuildKeyboardView(state, kField);
    ASSERT_EQ(v.ink.size(), ink.strokes.size()) << "every stroke reached the core, none scrolled the screen";
    FrameAllBaked();
    for (size_t i = 0; i < v.candidates.size(); ++i)
      if (v.candidates[i] == want) {
        TapItem("kb.cand." + std::to_string(i));
        FrameAllBaked();
        EXPECT_TRUE(keyboard::BuildKeyboardView(state, kField).ink.empty()) << "the pad is clear for the next character";
        return;
      }
    std::string shown;
    for (const auto& c : v.candidates) shown += c + " ";
    FAIL() << want << " not among the candidates shown: " << shown;
  }

  void TypeTheComplaint(std::string* typed_pinyin, std::string* written) {
    const json c = Complaint();
    OpenComplaintKeyboard();
    ASSERT_EQ(keyboard::CurrentEngine(state, kField), input::EngineKind::kPinyin) << "zh-Hans starts with pinyin";
    for (const auto& p : c["pinyin"]) {
      ASSERT_NO_FATAL_FAILURE(TypePinyin(p["letters"], p["want"]));
      *typed_pinyin += p["want"].get<std::string>();
    }
    EXPECT_EQ(state.session.fields[kField], *typed_pinyin);
    ScrollTo("kb.engine.handwriting");
    TapItem("kb.engine.handwriting");
    EXPECT_EQ(state.session.fields[kField], *typed_pinyin) << "switching engines keeps the text";
    for (const auto& ch : c["handwriting"]) {
      ASSERT_NO_FATAL_FAILURE(WriteByHand(StrokesOf(ch), ch));
      *written += ch.get<std::string>();
    }
    EXPECT_EQ(state.session.fields[kField], *typed_pinyin + *written);
  }

  std::shared_ptr<input::EngineSet> engines;
  app::Executor executor{2};  // as the app: a slow librime start holds one thread, not every lane
  MainQueue queue;
  std::unique_ptr<app::JobRouter> router;
};

TEST_F(InputViews, AComplaintTypedInPinyinAndWrittenByHandReachesTheDraft) {
  std::string pinyin, hand;
  ASSERT_NO_FATAL_FAILURE(TypeTheComplaint(&pinyin, &hand));
  ScrollTo("done");
  TapItem("done");
  TapItem("complaint.send");
  ASSERT_EQ(Outbox(state).size(), 1u);
  EXPECT_EQ(json::parse(Outbox(state)[0].payload_json).value("text", ""), pinyin + hand);
}

// A terminal's first start deploys librime's schema (~2 s): that runs on a worker, so the frames go on
// while it is held (here by a start that waits for the test), the keyboard says pinyin is getting
// ready and refuses its keys, handwriting and Latin work meanwhile, and pinyin types the moment the
// start reaches the frame through the MainQueue.
TEST_F(InputViews, TheFirstFrameDoesNotWaitForLibrimeAndPinyinWorksOnceReady) {
  std::promise<void> release;
  std::shared_future<void> released = release.get_future().share();
  std::atomic<bool> entered{false}, returned{false};
  struct Release {  // never leaves the worker blocked (Executor::Stop would wait for it)
    std::promise<void>& p;
    bool done = false;
    void operator()() { if (!done) p.set_value(), done = true; }
    ~Release() { (*this)(); }
  } let_go{release};
  OpenEngines({RimeDir::Path(), {}, [&, released](const input::RimeOptions& r) {
                 entered = true;
                 // Bounded, so a start moved back onto the frame thread fails (returned below), not hangs.
                 released.wait_for(std::chrono::seconds(20));
                 auto rt = input::RimeRuntime::Start(r);
                 returned = true;
                 return rt;
               }});
  OpenComplaintKeyboard();  // the home screen, the complaint screen and its keyboard: many frames
  Frame();
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(10);
  while (!entered && std::chrono::steady_clock::now() < until) std::this_thread::sleep_for(std::chrono::milliseconds(1));
  ASSERT_TRUE(entered) << "librime's start never ran on its worker";
  ASSERT_FALSE(returned) << "the start must still be held while the frames above were drawn";
  auto v = keyboard::BuildKeyboardView(state, kField);
  EXPECT_EQ(v.engine, input::EngineKind::kPinyin);
  EXPECT_TRUE(v.preparing);
  EXPECT_NE(Item("kb.engine.pinyin"), nullptr) << "the pinyin key stays offered while it gets ready";
  EXPECT_TRUE(Shown("kb.preparing")) << "the keyboard says so where the candidates will be";
  ScrollTo("kn");
  TapItem("kn");
  EXPECT_EQ(state.session.fields[kField], "") << "letters are not typed as Latin into a pinyin keyboard";
  EXPECT_EQ(keyboard::Get(state).fields.at(kField).error, "input.preparing");

  // Handwriting and Latin work meanwhile.
  const json c = Complaint();
  const std::string ch = c["handwriting"][0];
  ScrollTo("kb.engine.handwriting");
  TapItem("kb.engine.handwriting");
  ASSERT_NO_FATAL_FAILURE(WriteByHand(StrokesOf(ch), ch));
  ScrollTo("kb.engine.latin");
  TapItem("kb.engine.latin");
  ScrollTo("ko");
  TapItem("ko");
  EXPECT_EQ(state.session.fields[kField], ch + "o");
  ASSERT_FALSE(returned);

  let_go();
  ASSERT_NO_FATAL_FAILURE(WaitForPinyin());
  ScrollTo("kb.engine.pinyin");
  TapItem("kb.engine.pinyin");
  Frame();
  EXPECT_FALSE(keyboard::BuildKeyboardView(state, kField).preparing);
  EXPECT_FALSE(Shown("kb.preparing"));
  const std::string want = input::testdata::Expect()["pinyin_first"]["nihao"]["zh-Hans"];
  ASSERT_NO_FATAL_FAILURE(TypePinyin("nihao", want));
  EXPECT_EQ(state.session.fields[kField], ch + "o" + want);
}

TEST_F(InputViews, TraditionalSessionsGetTraditionalCandidates) {
  state.session.lang = Lang::kZhHant;
  OpenComplaintKeyboard();
  const json want = input::testdata::Expect()["pinyin_first"]["yiyuan"];
  ASSERT_NO_FATAL_FAILURE(TypePinyin("yiyuan", want["zh-Hant"]));
  EXPECT_EQ(state.session.fields[kField], want["zh-Hant"].get<std::string>());
}

TEST_F(InputViews, EnglishSessionsTypeLatinWithoutASwitchKey) {
  state.session.lang = Lang::kEn;
  OpenComplaintKeyboard();
  ScrollTo("kq");
  EXPECT_EQ(Item("kb.engine.pinyin"), nullptr);
  for (const char* k : {"kn", "ko"}) {
    ScrollTo(k);
    TapItem(k);
  }
  EXPECT_EQ(state.session.fields[kField], "no");
}

// Issue 16's target size on a portrait tablet in elder mode: ten keys a row cannot be 16 mm wide in
// 800 px, so the keyboard lays its keys out in fewer, full-size columns; nothing runs off the panel.
TEST_F(InputViews, TheKeyboardFitsAPortraitPanelInElderModeWithFullSizeKeys) {
  ImGui::GetIO().DisplaySize = ImVec2(800, 1280);
  state.session.elder = true;
  Apply(state, cmd::Navigate{screens::kComplaint});
  Apply(state, requests::cmd::ToggleKeyboard{requests::Form::kComplaint});
  for (auto engine : {input::EngineKind::kPinyin, input::EngineKind::kLatin, input::EngineKind::kHandwriting}) {
    Apply(state, keyboard::cmd::Switch{kField, engine});
    for (const char* k : {"n", "i"}) Apply(state, keyboard::cmd::Key{kField, k, 600});  // pinyin: a candidate bar
    Frame();
    Frame();
    const float target = ui::TargetPx();
    int keys = 0;
    for (const auto& it : items) {
      const bool key = (it.id.size() == 2 && it.id[0] == 'k') || it.id.rfind("kb.", 0) == 0 || it.id == "shift" ||
                       it.id == "space" || it.id == "backspace" || it.id == "done";
      if (!key) continue;
      ++keys;
      EXPECT_GE(it.max.x - it.min.x, target - 0.5f) << it.id << " narrower than a touch target";
      EXPECT_GE(it.max.y - it.min.y, target - 0.5f) << it.id;
      EXPECT_LE(it.max.x, 800.0f) << it.id << " runs off the panel (" << input::EngineName(engine) << ")";
      EXPECT_GE(it.min.x, 0.0f) << it.id;
    }
    EXPECT_GT(keys, engine == input::EngineKind::kHandwriting ? 4 : 40) << input::EngineName(engine);
    // Key words keep the elder size (cap height >= 4.8 mm): a word that does not fit its key shows
    // the key's icon instead of smaller type.
    for (const char* id : {"space", "shift", "backspace", "done"}) {
      const auto* k = Item(id);
      if (!k) continue;
      for (const auto& t : texts) {
        if (t.id == "button.label" && t.box_min.x == k->min.x && t.box_min.y == k->min.y) {
          EXPECT_GE(t.max.y - t.min.y, ui::CurrentMetrics().font_px - 0.5f) << id << " '" << t.shown << "' is drawn small";
        }
      }
    }
    if (engine == input::EngineKind::kLatin) {
      EXPECT_NE(Item("kq"), nullptr);
      EXPECT_NE(Item("k0"), nullptr) << "digits stay";
    }
  }
}

// The 10-key pad of the staff sign-in (issue 16's target size): in elder mode on a landscape panel
// four rows of 16 mm keys do not fit under the status bar, so the pad takes more columns; on a
// portrait panel the phone layout stays. Every key is a full target and in sight without scrolling.
TEST_F(InputViews, TheNumericPadFitsWithoutScrollingInElderMode) {
  state.terminal.staff = std::make_shared<staff::StaffSession>(clock, [](std::string_view, std::string_view) { return false; },
                                                               Binding{Role::kBedside, "B2-3F-W12-BED07"});
  for (ImVec2 panel : {ImVec2(1280, 800), ImVec2(800, 1280)}) {
    ImGui::GetIO().DisplaySize = panel;
    state.session.elder = true;
    Apply(state, cmd::Navigate{screens::kSignIn});
    Frame();
    Frame();
    const float target = ui::TargetPx();
    const ui::RecordedItem* nav = Item("nav.back");
    ASSERT_NE(nav, nullptr);
    for (const char* k : {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "clear", "ok"}) {
      const ui::RecordedItem* it = Item(k);
      ASSERT_NE(it, nullptr) << k;
      EXPECT_LE(it->max.y, nav->min.y) << k << " is (partly) scrolled out of sight on " << panel.x << "x" << panel.y;
      EXPECT_GE(it->max.x - it->min.x, target - 0.5f) << k;
      EXPECT_GE(it->max.y - it->min.y, target - 0.5f) << k;
    }
    Apply(state, cmd::GoHome{});
  }
}

// The complaint as the hub receives it: the same taps, then the terminal's store and sync engine
// push it to a real hub over HTTP, and the ticket's text is read back from the hub's store.
class InputHubE2E : public InputViews {
 protected:
  void SetUp() override {
    InputViews::SetUp();
    ASSERT_NO_FATAL_FAILURE(hub.Start());
    {
      auto tx = hub.hub->store()->Begin();
      ASSERT_TRUE(tx.ok());
      tx.value()->PutMaster("location", kWard, {{"code", kWard}, {"kind", "ward"}}, "");
      tx.value()->PutMaster("location", kBed, {{"code", kBed}, {"kind", "bed"}, {"ward", kWard}}, "");
      ASSERT_TRUE(tx.value()->Commit().ok());
    }
    auto st = offline::Store::Open(hub.Path("kiosk.db"), wall);
    ASSERT_TRUE(st.ok()) << st.error().message;
    store = std::move(st).value();
    offline::TransportOptions to;
    to.base_url = hub.url;
    transport = std::make_unique<offline::CurlTransport>(to);
    auto enrolled = offline::Enroll(*transport, *store, hub.url, hub.NewCode("bedside", kBed), {"SN-INPUT", "bedside", "test"});
    ASSERT_TRUE(enrolled.ok()) << enrolled.error().message;
    state.terminal.binding.role = Role::kBedside;
    state.terminal.binding.location = kBed;
    state.terminal.binding.terminal_id = enrolled->terminal_id;
    sync = std::make_unique<offline::SyncEngine>(*store, *transport, wall, nullptr);
    sync->SetOutcomeListener([this](const std::vector<offline::PushOutcome>& list) {
      for (const auto& o : list) {
        outcomes.push_back(o);
        Apply(state, job::RecordOutcome{o.id, o.status, o.ref, o.reason});
      }
    });
  }
  void TearDown() override {
    sync.reset();
    store.reset();
    hub.Stop();
    InputViews::TearDown();
  }
  // Commits the frame's outbox requests like the app's outbox writer.
  void CommitOutbox() {
    for (const Job& j : std::exchange(state.effects.jobs, {})) {
      if (auto* r = j.As<OutboxRequest>()) {
        auto id = sync->Enqueue(r->kind, r->payload_json);
        ASSERT_TRUE(id.ok()) << id.error().message;
        Apply(state, job::OutboxSaved{r->tag, id.value()});
      }
    }
  }

  const std::string kWard = "B2-3F-W12", kBed = "B2-3F-W12-BED07";
  SystemClock wall;  // the terminal's store and sync run on the real clock, like the hub
  testing_hub::LoopbackHub hub;
  std::unique_ptr<offline::Store> store;
  std::unique_ptr<offline::CurlTransport> transport;
  std::unique_ptr<offline::SyncEngine> sync;
  std::vector<offline::PushOutcome> outcomes;
};

TEST_F(InputHubE2E, AComplaintInChineseArrivesAtTheHubIntact) {
  ASSERT_TRUE(sync->SyncOnce().ok);
  std::string pinyin, hand;
  ASSERT_NO_FATAL_FAILURE(TypeTheComplaint(&pinyin, &hand));
  TapItem("complaint.send");
  ASSERT_NO_FATAL_FAILURE(CommitOutbox());
  auto round = sync->SyncOnce();
  ASSERT_TRUE(round.ok) << round.error;
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_EQ(outcomes[0].status, protocol::PushStatus::kAccepted) << outcomes[0].reason;
  auto all = hub.hub->store()->ListTickets();
  ASSERT_TRUE(all.ok());
  std::optional<hub::TicketRow> ticket;
  for (const auto& t : all.value())
    if (t.id == outcomes[0].ref) ticket = t;
  ASSERT_TRUE(ticket.has_value()) << "no ticket " << outcomes[0].ref;
  EXPECT_EQ(ticket->kind, "complaint");
  EXPECT_EQ(ticket->location, kBed);
  EXPECT_EQ(ticket->detail.value("text", ""), pinyin + hand) << "the Chinese text arrives byte for byte";
}

}  // namespace
}  // namespace onestop::test
