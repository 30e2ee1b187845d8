// Escort requests end to end: a real Hub on loopback (temp SQLite), a ward terminal enrolled by the
// kiosk's own sync engine (curl transport, SQLite store), its beds pulled and read by the escort
// lookup, the screen driven through Apply, the outbox request committed and pushed, and the hub's
// ticket checked in its store. Hostile records (unknown destination, another ward's bed, a ward code
// instead of a bed) pushed through the same outbox are refused with coded reasons and make no ticket.
#include <gtest/gtest.h>
#include <httplib.h>

#include <filesystem>
#include <thread>

#include "kiosk/app/lookups/escort_lookup.h"
#include "kiosk/core/features/escort/commands.h"
#include "kiosk/core/features/escort/feature.h"
#include "kiosk/core/features/escort/jobs.h"
#include "kiosk/core/features/escort/state.h"
#include "kiosk/core/features/escort/views.h"
#include "kiosk/core/shell/shell.h"
#include "offline/http_transport.h"
#include "offline/store.h"
#include "offline/sync_engine.h"
#include "server/hub.h"
#include "server/store.h"

namespace onestop {
namespace {
namespace fs = std::filesystem;
using nlohmann::json;

const std::string kWard = "B2-3F-W12";
const std::string kOtherWard = "B2-3F-W13";

class EscortE2E : public ::testing::Test {
 protected:
  void SetUp() override {
    dir = fs::temp_directory_path() / ("onestop-escort-e2e-" + protocol::NewUuidV4());
    fs::create_directories(dir);
    hub::HubOptions o;
    o.listen_port = 0;
    o.db_path = (dir / "hub.db").string();
    o.threads = 2;
    o.clock = &clock;
    o.admin_token = "escort-test-admin";
    hub_ = std::make_unique<hub::Hub>(o);
    std::string err;
    port = hub_->Bind(&err);
    ASSERT_GT(port, 0) << err;
    thread = std::thread([h = hub_.get()] { h->Serve(); });
    Seed();

    auto st = offline::Store::Open((dir / "kiosk.db").string(), clock);
    ASSERT_TRUE(st.ok()) << st.error().message;
    store = std::move(st).value();
    const std::string url = "http://127.0.0.1:" + std::to_string(port);
    offline::TransportOptions to;
    to.base_url = url;
    transport = std::make_unique<offline::CurlTransport>(to);
    const std::string code = hub::NewEnrollCode();
    ASSERT_TRUE(hub::AddEnrollCode(*hub_->store(), code, "ward", kWard, clock.NowUtcMs(), 3600000).ok());
    auto enrolled = offline::Enroll(*transport, *store, url, code, {"SN-ESCORT", "ward", "test"});
    ASSERT_TRUE(enrolled.ok()) << enrolled.error().message;
    ASSERT_EQ(enrolled->binding.location, kWard);
    engine = std::make_unique<offline::SyncEngine>(*store, *transport, clock, nullptr);
    // The hub's verdicts reach the screen as the app delivers them: RecordOutcome commands.
    engine->SetOutcomeListener([this](const std::vector<offline::PushOutcome>& list) {
      for (const auto& o : list) {
        outcomes.push_back(o);
        Apply(s, job::RecordOutcome{o.id, o.status, o.ref, o.reason});
      }
    });

    auto i = I18n::LoadDir(std::string(ONESTOP_ASSETS_DIR) + "/i18n");
    ASSERT_TRUE(i.ok()) << i.error().message;
    i18n = std::move(i.value());
    s.i18n = &i18n;
    s.clock = &clock;
    s.terminal.tz = TimeZone::Find("Asia/Shanghai").value();
    s.terminal.binding.role = Role::kWard;
    s.terminal.binding.location = kWard;
    s.terminal.binding.terminal_id = enrolled->terminal_id;
    s.terminal.default_lang = Lang::kEn;
    ResetSession(s);
  }
  void TearDown() override {
    engine.reset();
    store.reset();
    if (hub_) hub_->Stop();
    if (thread.joinable()) thread.join();
    hub_.reset();
    std::error_code ec;
    fs::remove_all(dir, ec);
  }
  void Seed() {
    auto tx = hub_->store()->Begin();
    ASSERT_TRUE(tx.ok());
    hub::HubTx& t = *tx.value();
    t.PutMaster("location", kWard, {{"code", kWard}, {"kind", "ward"}}, "");
    t.PutMaster("location", kOtherWard, {{"code", kOtherWard}, {"kind", "ward"}}, "");
    for (int n = 1; n <= 3; ++n) {
      const std::string bed = kWard + "-BED0" + std::to_string(n);
      t.PutMaster("location", bed, {{"code", bed}, {"kind", "bed"}, {"ward", kWard},
                                    {"name", {{"en", "Bed " + std::to_string(n)}, {"zh-Hans", std::to_string(n) + "床"}}}}, "");
    }
    t.PutMaster("location", kOtherWard + "-BED01", {{"code", kOtherWard + "-BED01"}, {"kind", "bed"}, {"ward", kOtherWard}}, "");
    ASSERT_TRUE(t.Commit().ok());
  }
  // Commits what the frame asked of the outbox like the app's outbox writer; answers the beds job
  // with the real lookup against the kiosk store.
  void RunJobs() {
    for (const Job& j : std::exchange(s.effects.jobs, {})) {
      if (auto* r = j.As<OutboxRequest>()) {
        auto id = engine->Enqueue(r->kind, r->payload_json);
        if (id) Apply(s, job::OutboxSaved{r->tag, id.value()});
        else Apply(s, job::OutboxFailed{r->tag, id.error().message});
      } else if (auto* b = j.As<escort::job::ReadBeds>()) {
        Apply(s, escort::cmd::BedsRead{b->ward, app::ReadWardBeds(*store, b->ward)});
      }
    }
  }
  size_t EscortTickets() {
    auto all = hub_->store()->ListTickets();
    EXPECT_TRUE(all.ok());
    size_t n = 0;
    for (const auto& t : all.value()) n += t.kind == "escort";
    return n;
  }
  const offline::PushOutcome* OutcomeOf(const std::string& id) {
    for (const auto& o : outcomes)
      if (o.id == id) return &o;
    return nullptr;
  }

  FakeClock clock{1795329000000};  // 2026-11-22 14:30 in Shanghai, for hub and kiosk alike
  fs::path dir;
  std::unique_ptr<hub::Hub> hub_;
  std::thread thread;
  int port = 0;
  std::unique_ptr<offline::Store> store;
  std::unique_ptr<offline::CurlTransport> transport;
  std::unique_ptr<offline::SyncEngine> engine;
  std::vector<offline::PushOutcome> outcomes;
  I18n i18n;
  AppState s;
};

TEST_F(EscortE2E, WardNurseOrdersAnEscortAndTheHubTicketsIt) {
  auto first = engine->SyncOnce();  // pulls the ward's locations
  ASSERT_TRUE(first.ok) << first.error;

  Apply(s, cmd::Navigate{screens::kEscort});
  RunJobs();
  auto v = escort::BuildEscortView(s);
  ASSERT_EQ(v.beds.chips.size(), 3u) << "the ward's three beds, not the other ward's";
  EXPECT_EQ(v.beds.chips[1].label, "Bed 2");
  for (const auto& c : v.beds.chips[1].on_tap) Apply(s, c);  // tap "Bed 2"
  Apply(s, escort::cmd::SetDestination{"xray"});
  Apply(s, escort::cmd::SetWhen{"in_2h"});
  Apply(s, escort::cmd::SetMode{"walking"});
  Apply(s, cmd::SetField{escort::kNoteField, "Fall risk"});
  Apply(s, BuildChrome(s).action.at(0));  // Send
  RunJobs();
  EXPECT_EQ(escort::BuildEscortView(s).state, ActionState::kSaved);

  auto round = engine->SyncOnce();
  ASSERT_TRUE(round.ok) << round.error;
  ASSERT_EQ(outcomes.size(), 1u);
  ASSERT_EQ(outcomes[0].status, protocol::PushStatus::kAccepted) << outcomes[0].reason;
  const std::string ref = outcomes[0].ref;
  v = escort::BuildEscortView(s);
  EXPECT_EQ(v.state, ActionState::kSent);
  EXPECT_EQ(v.progress_detail, "Ticket number " + ref);

  auto all = hub_->store()->ListTickets();
  ASSERT_TRUE(all.ok());
  std::optional<hub::TicketRow> ticket;
  for (const auto& t : all.value())
    if (t.id == ref) ticket = t;
  ASSERT_TRUE(ticket.has_value()) << "no ticket " << ref;
  EXPECT_EQ(ticket->kind, "escort");
  EXPECT_EQ(ticket->trade, "transport");
  EXPECT_EQ(ticket->status, "received");
  EXPECT_EQ(ticket->location, kWard + "-BED02");
  EXPECT_EQ(ticket->detail.value("destination", ""), "xray");
  EXPECT_EQ(ticket->detail.value("mode", ""), "walking");
  EXPECT_EQ(ticket->detail.value("requested_at", ""), "2026-11-22T08:30:00.000Z");
  EXPECT_EQ(ticket->detail.value("note", ""), "Fall risk");

  // The next round has nothing left to push: one tap, one ticket.
  auto again = engine->SyncOnce();
  EXPECT_TRUE(again.ok) << again.error;
  EXPECT_EQ(outcomes.size(), 1u);
  EXPECT_EQ(EscortTickets(), 1u);
}

TEST_F(EscortE2E, HostileEscortRecordsAreRefusedWithCodedReasons) {
  ASSERT_TRUE(engine->SyncOnce().ok);
  const json good = {{"location", kWard + "-BED01"}, {"destination", "ct"}, {"mode", "bed"},
                     {"requested_at", "2026-11-22T06:40:00.000Z"}};
  auto push = [&](json p) {
    auto id = engine->Enqueue("escort_request", p.dump());
    EXPECT_TRUE(id.ok());
    return id.ok() ? id.value() : std::string();
  };
  json unknown_dest = good;
  unknown_dest["destination"] = "helipad";
  json other_ward = good;
  other_ward["location"] = kOtherWard + "-BED01";
  json not_a_bed = good;
  not_a_bed["location"] = kWard;
  json far_future = good;
  far_future["requested_at"] = "2026-11-24T06:40:00.000Z";
  json extra_key = good;
  extra_key["priority"] = "vip";
  const std::string a = push(unknown_dest), b = push(other_ward), c = push(not_a_bed), d = push(far_future),
                    e = push(extra_key), ok = push(good);
  auto round = engine->SyncOnce();
  EXPECT_TRUE(round.ok) << round.error;
  auto reason = [&](const std::string& id) {
    const auto* o = OutcomeOf(id);
    return o && o->status == protocol::PushStatus::kRejected ? o->reason : std::string("(not rejected)");
  };
  EXPECT_EQ(reason(a).rfind("bad_field: escort.bad_destination", 0), 0u) << reason(a);
  EXPECT_EQ(reason(b).rfind("out_of_scope:", 0), 0u) << reason(b);
  EXPECT_EQ(reason(c).rfind("bad_field: escort.not_a_bed", 0), 0u) << reason(c);
  EXPECT_EQ(reason(d).rfind("bad_field: escort.bad_time", 0), 0u) << reason(d);
  EXPECT_EQ(reason(e).rfind("unknown_key:", 0), 0u) << reason(e);
  ASSERT_NE(OutcomeOf(ok), nullptr);
  EXPECT_EQ(OutcomeOf(ok)->status, protocol::PushStatus::kAccepted) << OutcomeOf(ok)->reason;
  EXPECT_EQ(EscortTickets(), 1u) << "only the good record became a ticket";
  EXPECT_EQ(store->DeadLetterCount(), 5) << "refused records are kept for the terminal screen, not retried";
}

}  // namespace
}  // namespace onestop
