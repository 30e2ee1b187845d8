// Contract of HubStore (server/store.h), run against every backend: SQLite files and a real
// PostgreSQL cluster (tests/integration/pg_cluster.h). Each test states one behaviour the hub relies
// on; both backends must pass it unchanged. The PostgreSQL-only cross-process checks are pg_multi_test.
#include <gtest/gtest.h>

#include <chrono>
#include <filesystem>
#include <thread>

#include "kiosk/core/protocol.h"
#include "server/store.h"
#include "tests/integration/pg_cluster.h"

namespace {
using namespace onestop;
using namespace onestop::hub;
using nlohmann::json;
namespace fs = std::filesystem;

// A fresh database of the backend under test; a second Open() gives another store on the same one.
class StoreContract : public ::testing::TestWithParam<std::string> {
 protected:
  void SetUp() override {
    if (GetParam() == "sqlite") {
      dir_ = fs::temp_directory_path() / ("onestop-contract-" + protocol::NewUuidV4());
      fs::create_directories(dir_);
      db_ = (dir_ / "hub.db").string();
    } else {
      auto* c = pg_test::PgCluster::Shared();
      ASSERT_NE(c, nullptr) << "PostgreSQL test cluster: " << pg_test::PgCluster::StartError();
      db_ = c->NewDatabase();
      ASSERT_FALSE(db_.empty());
    }
    store_ = Open();
    ASSERT_NE(store_, nullptr);
  }
  void TearDown() override {
    store_.reset();
    std::error_code ec;
    if (!dir_.empty()) fs::remove_all(dir_, ec);
  }
  std::unique_ptr<HubStore> Open() {
    auto s = OpenHubStore(db_);
    EXPECT_TRUE(s.ok()) << (s.ok() ? "" : s.error().message);
    return s.ok() ? std::move(s.value()) : nullptr;
  }
  std::unique_ptr<HubTx> Tx() {
    auto t = store_->Begin();
    EXPECT_TRUE(t.ok()) << (t.ok() ? "" : t.error().message);
    return t.ok() ? std::move(t.value()) : nullptr;
  }
  static TicketRow Ticket(const std::string& id, const std::string& location, const std::string& status = "new") {
    TicketRow t;
    t.id = id;
    t.kind = "repair";
    t.trade = "electrical";
    t.status = status;
    t.location = location;
    t.created_ms = 1000;
    t.updated_ms = 1000;
    t.detail = json{{"note", "lamp"}};
    t.history = json::array();
    return t;
  }
  std::vector<ChangeRow> PullAll(const Binding& b, int64_t cursor = 0) {
    bool more = false;
    auto r = store_->Pull(b, cursor, 1000, &more);
    EXPECT_TRUE(r.ok());
    EXPECT_FALSE(more);
    return r.ok() ? r.value() : std::vector<ChangeRow>{};
  }
  static std::vector<std::string> Ids(const std::vector<ChangeRow>& rows) {
    std::vector<std::string> out;
    for (const auto& r : rows) out.push_back(r.id);
    return out;
  }
  void PutNotices(const std::vector<std::pair<std::string, std::string>>& id_scope) {
    auto t = Tx();
    for (const auto& [id, scope] : id_scope) t->PutMaster("notice", id, json{{"text", id}}, scope);
    ASSERT_TRUE(t->Commit().ok());
  }

  fs::path dir_;
  std::string db_;
  std::unique_ptr<HubStore> store_;
};

TEST_P(StoreContract, RecordIdIsTheIdempotencyKeyAndTheFirstResultIsKept) {
  protocol::PushRecord r{"rec-1", protocol::RecordKind::kRepairRequest, 5, json{{"a", 1}}};
  protocol::PushResult first{"rec-1", protocol::PushStatus::kAccepted, "TK-000001", ""};
  {
    auto t = Tx();
    EXPECT_FALSE(t->FindRecord("rec-1"));
    t->AddRecord(r, "term-1", 10, first);
    ASSERT_TRUE(t->Commit().ok());
  }
  auto t = Tx();
  auto again = t->FindRecord("rec-1");
  ASSERT_TRUE(again);
  EXPECT_EQ(*again, first);
  // A second insert of the same id is refused by the key: the transaction fails and keeps nothing.
  t->PutMaster("notice", "n1", json{{"x", 1}}, "");
  t->AddRecord(r, "term-2", 11, protocol::PushResult{"rec-1", protocol::PushStatus::kRejected, "", "x"});
  EXPECT_FALSE(t->ok());
  EXPECT_FALSE(t->Commit().ok());
  t.reset();
  EXPECT_TRUE(PullAll(Binding{Role::kStaff, ""}).empty()) << "the failed transaction's change was kept";
  auto payload = store_->LoadRecordPayload("rec-1");
  ASSERT_TRUE(payload.ok() && payload.value());
  EXPECT_EQ(*payload.value(), (json{{"a", 1}}));
}

TEST_P(StoreContract, TicketNumbersFollowEachOtherAndAnUpdateKeepsItsNumber) {
  {
    auto t = Tx();
    const std::string a = t->NewTicketId();
    EXPECT_EQ(a, "TK-000001");
    EXPECT_EQ(t->NewTicketId(), a) << "an id not yet used is offered again";
    t->PutTicket(Ticket(a, "B1-W1-BED01"));
    const std::string b = t->NewTicketId();
    EXPECT_EQ(b, "TK-000002");
    t->PutTicket(Ticket(b, "B1-W1-BED02", "accepted"));
    ASSERT_TRUE(t->Commit().ok());
  }
  {
    auto t = Tx();
    auto a = t->GetTicket("TK-000001");
    ASSERT_TRUE(a);
    a->status = "accepted";
    a->updated_ms = 2000;
    a->team = "team-e";
    t->PutTicket(*a);
    EXPECT_EQ(t->NewTicketId(), "TK-000003");
    EXPECT_EQ(t->TicketsAt("B1-W1-BED02", "repair").size(), 1u);
    EXPECT_TRUE(t->TicketsAt("B1-W1-BED02", "meal").empty());
    ASSERT_TRUE(t->Commit().ok());
  }
  {  // a rolled back ticket leaves no gap
    auto t = Tx();
    t->PutTicket(Ticket(t->NewTicketId(), "B1"));
  }
  EXPECT_EQ(Tx()->NewTicketId(), "TK-000003");
  auto all = store_->ListTickets();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ(all.value()[0].id, "TK-000001");
  EXPECT_EQ(all.value()[0].team, "team-e");
  EXPECT_EQ(all.value()[0].detail, (json{{"note", "lamp"}}));
  auto one = store_->LoadTicket("TK-000002");
  ASSERT_TRUE(one.ok());
  EXPECT_EQ(one->location, "B1-W1-BED02");
  EXPECT_EQ(store_->LoadTicket("TK-000009").error().code, "ticket.unknown");
  auto accepted = store_->ListTicketsWithStatus({"accepted"});
  ASSERT_TRUE(accepted.ok());
  EXPECT_EQ(accepted->size(), 2u);
  auto since = store_->ListTicketsUpdatedSince(1500);
  ASSERT_TRUE(since.ok());
  ASSERT_EQ(since->size(), 1u);
  EXPECT_EQ(since.value()[0].id, "TK-000001");
}

TEST_P(StoreContract, PullShowsABindingItsScopesAndDescendantsOnly) {
  PutNotices({{"hospital", ""}, {"campus", "B2"}, {"floor", "B2-3F"}, {"ward", "B2-3F-W12"}, {"bed", "B2-3F-W12-BED07"},
              {"other-bed", "B2-3F-W12-BED08"}, {"sibling-ward", "B2-3F-W11"}, {"prefix-ward", "B2-3F-W120"},
              {"prefix-bed", "B2-3F-W120-BED01"}, {"other-floor", "B2-4F"}});
  {
    auto t = Tx();
    t->PutMaster("diet_order", "d1", json{{"diet", "soft"}}, "B2-3F-W12-BED07");
    ASSERT_TRUE(t->Commit().ok());
  }
  EXPECT_EQ(Ids(PullAll(Binding{Role::kBedside, "B2-3F-W12-BED07"})),
            (std::vector<std::string>{"hospital", "campus", "floor", "ward", "bed", "d1"}));
  EXPECT_EQ(Ids(PullAll(Binding{Role::kWard, "B2-3F-W12"})),
            (std::vector<std::string>{"hospital", "campus", "floor", "ward", "bed", "other-bed", "d1"}));
  // Unbound staff tablets see every scope but patients' diet orders.
  auto staff = Ids(PullAll(Binding{Role::kStaff, ""}));
  EXPECT_EQ(staff.size(), 10u);
  EXPECT_EQ(std::count(staff.begin(), staff.end(), "d1"), 0);
  // The cursor: only later changes.
  auto rows = PullAll(Binding{Role::kBedside, "B2-3F-W12-BED07"});
  ASSERT_EQ(rows.size(), 6u);
  EXPECT_EQ(Ids(PullAll(Binding{Role::kBedside, "B2-3F-W12-BED07"}, rows[3].seq)),
            (std::vector<std::string>{"bed", "d1"}));
  for (size_t i = 1; i < rows.size(); ++i) EXPECT_LT(rows[i - 1].seq, rows[i].seq);
  EXPECT_EQ(rows[0].entity, "notice");
  EXPECT_EQ(rows[0].op, "upsert");
  EXPECT_EQ(json::parse(rows[0].data_json), (json{{"text", "hospital"}}));
}

TEST_P(StoreContract, PullPagesByCountAndByBytes) {
  std::vector<std::pair<std::string, std::string>> rows;
  for (int i = 0; i < 7; ++i) rows.emplace_back("n" + std::to_string(i), "");
  PutNotices(rows);
  const Binding b{Role::kWard, "W"};
  bool more = false;
  auto page = store_->Pull(b, 0, 3, &more);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(Ids(page.value()), (std::vector<std::string>{"n0", "n1", "n2"}));
  EXPECT_TRUE(more);
  page = store_->Pull(b, page->back().seq, 4, &more);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->size(), 4u);
  EXPECT_FALSE(more) << "exactly the rest fits the limit";
  // Byte cap: each row's data is {"text":"nX"} (13 bytes); 30 bytes take two, and one row larger
  // than the cap still travels alone.
  page = store_->Pull(b, 0, 100, &more, 30);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->size(), 2u);
  EXPECT_TRUE(more);
  page = store_->Pull(b, 0, 100, &more, 1);
  ASSERT_TRUE(page.ok());
  EXPECT_EQ(page->size(), 1u);
  EXPECT_TRUE(more);
}

TEST_P(StoreContract, StaffSecretsReachOnlyTerminalsWhereTheMemberSignsIn) {
  {
    auto t = Tx();
    t->PutMaster("staff", "s1", json{{"id", "s1"}, {"name", "Lee"}, {"roles", {"nurse"}}, {"wards", {"B2-3F-W12"}},
                                     {"active", true}, {"pin_hash", "secret-hash"}, {"badge", "B-1"}},
                 "");
    ASSERT_TRUE(t->Commit().ok());
  }
  auto bedside = PullAll(Binding{Role::kBedside, "B2-3F-W12-BED07"});
  ASSERT_EQ(bedside.size(), 1u);
  EXPECT_EQ(bedside[0].data_json.find("secret-hash"), std::string::npos);
  EXPECT_NE(bedside[0].data_json.find("Lee"), std::string::npos);
  auto staff = PullAll(Binding{Role::kStaff, ""});
  ASSERT_EQ(staff.size(), 1u);
  EXPECT_NE(staff[0].data_json.find("secret-hash"), std::string::npos);
}

TEST_P(StoreContract, MasterRowsAreKeptListedAndSummarised) {
  {
    auto t = Tx();
    t->PutMaster("menu_item", "m-1", json{{"name", "rice"}}, "");
    t->PutMaster("menu_item", "m-2", json{{"name", "soup"}}, "");
    t->PutMaster("menu_item", "x-1", json{{"name", "tea"}}, "");
    t->PutMaster("dish_photo", "p1", json{{"type", "image/jpeg"}, {"data", std::string(5000, 'A')}}, "");
    t->PutMaster("menu_item", "m-1", json{{"name", "congee"}}, "");
    EXPECT_EQ(t->CountMaster("menu_item"), 3);
    EXPECT_EQ(*t->GetMaster("menu_item", "m-1"), (json{{"name", "congee"}}));
    EXPECT_FALSE(t->GetMaster("menu_item", "nope"));
    ASSERT_TRUE(t->Commit().ok());
  }
  auto rows = store_->LoadMasterRows("menu_item", {"m-2", "x-1", "missing"});
  ASSERT_TRUE(rows.ok());
  EXPECT_EQ(rows->size(), 2u);
  auto prefixed = store_->ListMasterRows("menu_item", "m-");
  ASSERT_TRUE(prefixed.ok());
  ASSERT_EQ(prefixed->size(), 2u);
  EXPECT_EQ(prefixed.value()[0].first, "m-1");
  EXPECT_EQ(prefixed.value()[0].second, (json{{"name", "congee"}}));
  EXPECT_EQ(store_->ListMasterRows("menu_item", "")->size(), 3u);
  auto summaries = store_->ListMasterSummaries("dish_photo");
  ASSERT_TRUE(summaries.ok());
  ASSERT_EQ(summaries->size(), 1u);
  EXPECT_EQ(summaries.value()[0].second, (json{{"type", "image/jpeg"}}));
  auto log = store_->ListChangesOf("menu_item", 0, 100);
  ASSERT_TRUE(log.ok());
  EXPECT_EQ(Ids(log.value()), (std::vector<std::string>{"m-1", "m-2", "x-1", "m-1"}));
}

TEST_P(StoreContract, DroppedChangesNeverHandTheirSeqToALaterChange) {
  PutNotices({{"a", ""}, {"photo", ""}});
  auto before = PullAll(Binding{Role::kStaff, ""});
  ASSERT_EQ(before.size(), 2u);
  const int64_t passed = before.back().seq;  // a terminal's cursor is here now
  ASSERT_EQ(store_->LastChangeSeq().value(), passed);
  ChangeBell bell;
  store_->SetChangeBell(&bell);
  const uint64_t rung = bell.rung();
  {
    auto t = Tx();
    t->DropChangesOf("notice", "photo");
    t->PutMaster("notice", "photo", json{{"text", "new"}}, "");
    ASSERT_TRUE(t->Commit().ok());
  }
  EXPECT_GT(bell.rung(), rung);
  auto after = PullAll(Binding{Role::kStaff, ""}, passed);
  ASSERT_EQ(after.size(), 1u) << "the superseding row must come after the cursor already passed";
  EXPECT_EQ(after[0].id, "photo");
  EXPECT_EQ(Ids(PullAll(Binding{Role::kStaff, ""})), (std::vector<std::string>{"a", "photo"}));
  EXPECT_EQ(store_->LastChangeSeq().value(), after[0].seq);
  store_->SetChangeBell(nullptr);
}

TEST_P(StoreContract, TheBellRingsAfterCommitsThatMoveTheLogOnly) {
  ChangeBell bell;
  store_->SetChangeBell(&bell);
  uint64_t seen = bell.rung();
  {
    auto t = Tx();
    t->AddEnrollCode("ABCDE-FGHJK", Binding{Role::kBedside, "B1"}, 99);
    ASSERT_TRUE(t->Commit().ok());
  }
  {
    auto t = Tx();
    t->PutMaster("notice", "rolled-back", json::object(), "");
  }  // rolled back
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a listener would have rung by now
  EXPECT_EQ(bell.rung(), seen) << "no change committed, yet the bell rang";
  {
    auto t = Tx();
    t->PutMaster("notice", "n", json::object(), "");
    ASSERT_TRUE(t->Commit().ok());
  }
  EXPECT_NE(bell.Wait(seen, std::chrono::milliseconds(2000)), seen);
  EXPECT_EQ(Ids(PullAll(Binding{Role::kStaff, ""})), (std::vector<std::string>{"n"}));
  store_->SetChangeBell(nullptr);
}

TEST_P(StoreContract, EnrollmentTerminalsAndRevocation) {
  {
    auto t = Tx();
    t->AddEnrollCode("abcde-fghjk", Binding{Role::kBedside, "B1-BED1"}, 500);
    ASSERT_TRUE(t->Commit().ok());
  }
  {
    auto t = Tx();
    auto code = t->GetEnrollCode("ABCDEFGHJK");  // case and dash do not matter
    ASSERT_TRUE(code);
    EXPECT_EQ(code->binding, (Binding{Role::kBedside, "B1-BED1"}));
    EXPECT_EQ(code->expires_ms, 500);
    EXPECT_FALSE(code->used);
    t->UseEnrollCode("ABCDE-FGHJK", "term-1", 100);
    t->AddTerminal(TerminalRow{"term-1", code->binding}, "hash-1", json{{"model", "x"}}, 100);
    ASSERT_TRUE(t->Commit().ok());
  }
  {
    auto t = Tx();
    EXPECT_TRUE(t->GetEnrollCode("ABCDE-FGHJK")->used);
    t->UseEnrollCode("ABCDE-FGHJK", "term-2", 101);
    EXPECT_FALSE(t->Commit().ok()) << "a code is used once";
  }
  auto found = store_->FindTerminalByTokenHash("hash-1");
  ASSERT_TRUE(found.ok() && found.value());
  EXPECT_EQ(found.value()->id, "term-1");
  {
    auto t = Tx();
    protocol::TerminalReport rep;
    rep.app_version = "1.2.3";
    rep.outbox_depth = 4;
    t->NoteTerminalReport("term-1", rep, true, 150);
    t->AddRecord(protocol::PushRecord{"r1", protocol::RecordKind::kComplaint, 1, json::object()}, "term-1", 140,
                 protocol::PushResult{"r1", protocol::PushStatus::kAccepted, "", ""});
    EXPECT_TRUE(t->RevokeTerminal("term-1", 200));
    EXPECT_TRUE(t->RevokeTerminal("term-1", 300));
    EXPECT_FALSE(t->RevokeTerminal("nobody", 300));
    ASSERT_TRUE(t->Commit().ok());
  }
  EXPECT_FALSE(store_->FindTerminalByTokenHash("hash-1").value());
  auto list = store_->ListTerminals();
  ASSERT_TRUE(list.ok());
  ASSERT_EQ(list->size(), 1u);
  const TerminalInfo& info = list.value()[0];
  EXPECT_EQ(info.revoked_ms, 200) << "revoking twice keeps the first time";
  EXPECT_EQ(info.enrolled_ms, 100);
  EXPECT_EQ(info.last_push_ms, 140);
  EXPECT_EQ(info.report.app_version, "1.2.3");
  EXPECT_EQ(info.report.outbox_depth, 4);
  EXPECT_FALSE(info.report.clock_skew_ms);
  EXPECT_EQ(info.last_pull_ms, 150);
}

TEST_P(StoreContract, RatingsOncePerRoundAndRaterAndCarriedByTheTicketChange) {
  RatingRow r;
  r.ticket_id = "TK-000001";
  r.round = 1;
  r.rater = "term-1";
  r.record_id = "rate-1";
  r.rated_ms = 5000;
  r.received_ms = 5001;
  r.overall = 4;
  r.kind = "repair";
  r.worker = "w1";
  r.data = json{{"overall", 4}};
  {
    auto t = Tx();
    const std::string id = t->NewTicketId();
    t->PutTicket(Ticket(id, "B1"));
    EXPECT_TRUE(t->AddRating(r));
    EXPECT_FALSE(t->AddRating(r)) << "same ticket, round and rater";
    RatingRow r2 = r;
    r2.round = 2;
    r2.rated_ms = 9000;
    EXPECT_TRUE(t->AddRating(r2));
    EXPECT_EQ(t->GetRatings(id).size(), 2u);
    t->PutTicket(*t->GetTicket(id));
    ASSERT_TRUE(t->Commit().ok());
  }
  auto in_range = store_->ListRatings(4000, 6000);
  ASSERT_TRUE(in_range.ok());
  ASSERT_EQ(in_range->size(), 1u);
  EXPECT_EQ(in_range.value()[0].worker, "w1");
  EXPECT_EQ(in_range.value()[0].data, (json{{"overall", 4}}));
  EXPECT_EQ(store_->LoadRatings("TK-000001")->size(), 2u);
  auto log = store_->ListChangesOf("ticket", 0, 10);
  ASSERT_TRUE(log.ok());
  ASSERT_EQ(log->size(), 2u);
  EXPECT_EQ(json::parse(log->back().data_json)["ratings"].size(), 2u);
}

TEST_P(StoreContract, ConsoleUsersSessionsAuditAndPhotos) {
  ConsoleUserRow u;
  u.name = "desk1";
  u.password_hash = "$argon2id$x";
  u.roles = {"desk", "manager"};
  u.created_ms = u.updated_ms = 10;
  {
    auto t = Tx();
    t->PutConsoleUser(u);
    u.name = "admin";
    u.roles = {"admin"};
    t->PutConsoleUser(u);
    t->PutConsoleSession(ConsoleSessionRow{"tok-1", "desk1", "csrf-1", 10, 10});
    t->PutConsoleSession(ConsoleSessionRow{"tok-2", "desk1", "csrf-2", 11, 11});
    t->PutConsoleSession(ConsoleSessionRow{"tok-3", "admin", "csrf-3", 12, 12});
    t->PutConsoleSession(ConsoleSessionRow{"tok-1", "desk1", "csrf-1", 10, 99});
    for (int i = 0; i < 5; ++i) t->AddAudit(AuditRow{0, 100 + i, "desk1", "ticket.transition", "TK-" + std::to_string(i),
                                                     i == 0 ? json(nullptr) : json{{"i", i}}, json{{"to", "x"}}});
    EXPECT_EQ(t->AddTicketPhoto("TK-1", 5, "w1", std::string("\xff\xd8\0jpeg", 7)), 1);
    EXPECT_EQ(t->AddTicketPhoto("TK-1", 6, "w1", "second"), 2);
    ASSERT_TRUE(t->Commit().ok());
  }
  auto users = store_->ListConsoleUsers();
  ASSERT_TRUE(users.ok());
  ASSERT_EQ(users->size(), 2u);
  EXPECT_EQ(users.value()[0].name, "admin");
  auto d = store_->LoadConsoleUser("desk1");
  ASSERT_TRUE(d.ok() && d.value());
  EXPECT_EQ(d.value()->roles, (std::vector<std::string>{"desk", "manager"}));
  EXPECT_FALSE(store_->LoadConsoleUser("ghost").value());
  auto s = store_->LoadConsoleSession("tok-1");
  ASSERT_TRUE(s.ok() && s.value());
  EXPECT_EQ(s.value()->last_seen_ms, 99);
  EXPECT_EQ(s.value()->user, "desk1");
  {
    auto t = Tx();
    t->DeleteConsoleSessionsOf("desk1");
    t->DeleteConsoleSession("tok-3");
    auto g = t->GetConsoleUser("admin");
    ASSERT_TRUE(g);
    g->failed_logins = 3;
    t->PutConsoleUser(*g);
    ASSERT_TRUE(t->Commit().ok());
  }
  EXPECT_FALSE(store_->LoadConsoleSession("tok-1").value());
  EXPECT_FALSE(store_->LoadConsoleSession("tok-2").value());
  EXPECT_FALSE(store_->LoadConsoleSession("tok-3").value());
  EXPECT_EQ(store_->LoadConsoleUser("admin").value()->failed_logins, 3);
  auto audit = store_->ListAudit(0, 3);
  ASSERT_TRUE(audit.ok());
  ASSERT_EQ(audit->size(), 3u);
  EXPECT_EQ(audit.value()[0].target, "TK-4");  // newest first
  auto older = store_->ListAudit(audit->back().seq, 10);
  ASSERT_TRUE(older.ok());
  ASSERT_EQ(older->size(), 2u);
  EXPECT_TRUE(older->back().before.is_null());
  EXPECT_EQ(older->front().before, (json{{"i", 1}}));
  auto photo = store_->LoadTicketPhoto("TK-1", 1);
  ASSERT_TRUE(photo.ok() && photo.value());
  EXPECT_EQ(*photo.value(), std::string("\xff\xd8\0jpeg", 7)) << "photo bytes survive NULs";
  EXPECT_FALSE(store_->LoadTicketPhoto("TK-1", 3).value());
}

TEST_P(StoreContract, ReopeningIsANoOpAndHealthNamesTheBackend) {
  PutNotices({{"a", ""}});
  store_.reset();
  store_ = Open();
  ASSERT_NE(store_, nullptr);
  EXPECT_EQ(Ids(PullAll(Binding{Role::kStaff, ""})), (std::vector<std::string>{"a"}));
  ASSERT_TRUE(store_->Ping().ok());
  auto h = store_->Health();
  ASSERT_TRUE(h.ok());
  EXPECT_EQ(h->backend, GetParam());
  EXPECT_EQ(h->role, "primary");
  const StorePoolStats p = store_->PoolStats();
  EXPECT_GE(p.max, 2);
  EXPECT_LE(p.open, p.max);
  EXPECT_EQ(p.in_use, 0);
}

TEST_P(StoreContract, ReadersAreNotBlockedByAnOpenWriteTransaction) {
  PutNotices({{"a", ""}});
  auto t = Tx();
  t->PutMaster("notice", "b", json::object(), "");
  // While the write is open (and its lock held), reads answer with the committed state.
  EXPECT_EQ(Ids(PullAll(Binding{Role::kStaff, ""})), (std::vector<std::string>{"a"}));
  EXPECT_TRUE(store_->ListTickets().ok());
  ASSERT_TRUE(t->Commit().ok());
  EXPECT_EQ(Ids(PullAll(Binding{Role::kStaff, ""})), (std::vector<std::string>{"a", "b"}));
}

INSTANTIATE_TEST_SUITE_P(Backends, StoreContract, ::testing::Values("sqlite", "postgresql"),
                         [](const auto& info) { return info.param; });

}  // namespace
