// Unit tests of offline::Store on real SQLite files in a temp dir: migrations from every earlier
// schema version, outbox durability and validation, push results, pull pages with their cursor.
// No network here.
#include <gtest/gtest.h>
#include <sqlite3.h>

#include <filesystem>
#include <nlohmann/json.hpp>
#include <set>
#include <thread>

#include "kiosk/core/protocol.h"
#include "offline/store.h"

namespace fs = std::filesystem;
using onestop::FakeClock;
using namespace onestop::offline;

namespace {

class TempDir {
 public:
  TempDir() {
    path_ = fs::temp_directory_path() / ("onestop-store-" + onestop::protocol::NewUuidV4());
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

std::unique_ptr<Store> MustOpen(const std::string& path, const FakeClock& clock) {
  auto s = Store::Open(path, clock);
  if (!s) ADD_FAILURE() << s.error().message;
  return s ? std::move(s).value() : nullptr;
}

// Raw SQL on the file, bypassing Store (seeding old versions, checking pragmas).
std::string QueryOne(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  sqlite3_stmt* st = nullptr;
  std::string out;
  if (sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr) == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW) {
    const auto* p = sqlite3_column_text(st, 0);
    out = p ? reinterpret_cast<const char*>(p) : "";
  }
  sqlite3_finalize(st);
  sqlite3_close(db);
  return out;
}
void ExecRaw(const std::string& path, const std::string& sql) {
  sqlite3* db = nullptr;
  sqlite3_open(path.c_str(), &db);
  char* err = nullptr;
  if (sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err) != SQLITE_OK) ADD_FAILURE() << (err ? err : "?") << " in " << sql;
  sqlite3_free(err);
  sqlite3_close(db);
}

const char* kId1 = "11111111-1111-4111-8111-111111111111";

}  // namespace

TEST(OfflineStore, OpensWithWalFullSyncAndLatestVersion) {
  TempDir dir;
  FakeClock clock(1'700'000'000'000);
  auto store = MustOpen(dir.File("k.db"), clock);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->SchemaVersion(), Store::LatestVersion());
  EXPECT_GE(Store::LatestVersion(), 3);
  EXPECT_EQ(QueryOne(dir.File("k.db"), "PRAGMA journal_mode"), "wal");
}

// Every earlier version, with data written in that version's schema, migrates to the latest and
// keeps the data; the migrated store is fully usable.
TEST(OfflineStore, MigratesFromEveryEarlierVersion) {
  for (int from = 0; from < Store::LatestVersion(); ++from) {
    SCOPED_TRACE("from v" + std::to_string(from));
    TempDir dir;
    const std::string path = dir.File("k.db");
    FakeClock clock(1'700'000'000'000);
    {
      auto old = Store::OpenAtVersion(path, clock, from);
      ASSERT_TRUE(old) << old.error().message;
      EXPECT_EQ(old.value()->SchemaVersion(), from);
    }
    if (from >= 1) {
      ExecRaw(path, "INSERT INTO sync_state(key, value) VALUES('token', 'tok-1'), ('cursor', 'c-7')");
      ExecRaw(path, std::string("INSERT INTO outbox(id, kind, payload, created_at) VALUES('") + kId1 +
                        "', 'rating', '{\"stars\":5}', 42)");
    }
    if (from >= 2) {
      ExecRaw(path, "INSERT INTO assets(id, tag, label, location, data, seq) VALUES('a1', 'ZC-1', 'L', 'W12', '{}', 3)");
    }
    auto store = MustOpen(path, clock);
    ASSERT_TRUE(store);
    EXPECT_EQ(store->SchemaVersion(), Store::LatestVersion());
    if (from >= 1) {
      auto st = store->LoadSyncState();
      ASSERT_TRUE(st);
      EXPECT_EQ(st->token, "tok-1");
      // v5 starts the pull over: asset classes pulled before it were skipped (no table for them).
      EXPECT_EQ(st->cursor, from < 5 ? "" : "c-7");
      auto recs = store->PeekOutbox(10, 1 << 20);
      ASSERT_TRUE(recs);
      ASSERT_EQ(recs->size(), 1u);
      EXPECT_EQ(recs.value()[0].id, kId1);
      EXPECT_EQ(recs.value()[0].attempts, 0);
      EXPECT_EQ(recs.value()[0].created_at_ms, 42);
    }
    if (from >= 2) {
      EXPECT_EQ(store->CountEntities("asset"), 1);
    }
    // The newest features work on the migrated file.
    ASSERT_TRUE(store->ApplyPullPage({{1, "asset_class", "upsert", "television", R"({"code":"television"})"}}, "1"));
    EXPECT_EQ(store->CountEntities("asset_class"), 1);
    auto id = store->Enqueue("repair_request", R"({"asset":"a1"})");
    ASSERT_TRUE(id) << id.error().message;
    ASSERT_TRUE(store->ApplyPushResults({{id.value(), onestop::protocol::PushStatus::kRejected, "", "no such asset"}}));
    EXPECT_EQ(store->DeadLetterCount(), 1);
  }
}

TEST(OfflineStore, RefusesFileFromNewerProgram) {
  TempDir dir;
  const std::string path = dir.File("k.db");
  FakeClock clock;
  { ASSERT_TRUE(MustOpen(path, clock)); }
  ExecRaw(path, "PRAGMA user_version=" + std::to_string(Store::LatestVersion() + 1));
  auto s = Store::Open(path, clock);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "store.too_new");
}

TEST(OfflineStore, EnqueueValidatesInput) {
  TempDir dir;
  FakeClock clock;
  auto store = MustOpen(dir.File("k.db"), clock);
  ASSERT_TRUE(store);
  EXPECT_EQ(store->Enqueue("pizza", "{}").error().code, "outbox.bad_kind");
  EXPECT_EQ(store->Enqueue("rating", "{not json").error().code, "outbox.bad_json");
  EXPECT_EQ(store->Enqueue("rating", "[1,2]").error().code, "outbox.bad_json");
  EXPECT_EQ(store->Enqueue("rating", "{\"c\":\"" + std::string(kMaxPayloadBytes, 'x') + "\"}").error().code,
            "outbox.too_large");
  EXPECT_EQ(store->EnqueueWithId("not-a-uuid", "rating", "{}").error().code, "outbox.bad_id");
  ASSERT_TRUE(store->EnqueueWithId(kId1, "rating", "{}"));
  EXPECT_EQ(store->EnqueueWithId(kId1, "rating", "{}").error().code, "outbox.duplicate_id");
  EXPECT_EQ(store->OutboxDepth(), 1);
  // SQL metacharacters are data, never SQL.
  auto id = store->Enqueue("complaint", R"({"text":"'); DROP TABLE outbox; --"})");
  ASSERT_TRUE(id);
  EXPECT_EQ(store->OutboxDepth(), 2);
}

// What Enqueue reported as accepted is in the file, readable by a fresh connection (another process).
TEST(OfflineStore, EnqueueIsDurableAcrossReopen) {
  TempDir dir;
  const std::string path = dir.File("k.db");
  FakeClock clock(1'700'000'000'123);
  std::vector<std::string> ids;
  {
    auto store = MustOpen(path, clock);
    for (int i = 0; i < 20; ++i) {
      auto id = store->Enqueue("meal_order", nlohmann::json{{"n", i}}.dump());
      ASSERT_TRUE(id);
      ids.push_back(id.value());
      // Visible to an independent connection right after Enqueue returns.
      EXPECT_EQ(QueryOne(path, "SELECT count(*) FROM outbox"), std::to_string(i + 1));
    }
  }
  auto store = MustOpen(path, clock);
  auto recs = store->PeekOutbox(100, 1 << 20);
  ASSERT_TRUE(recs);
  ASSERT_EQ(recs->size(), ids.size());
  for (size_t i = 0; i < ids.size(); ++i) {
    EXPECT_EQ(recs.value()[i].id, ids[i]);  // oldest first
    EXPECT_EQ(recs.value()[i].created_at_ms, 1'700'000'000'123);
    EXPECT_EQ(nlohmann::json::parse(recs.value()[i].payload_json)["n"], static_cast<int>(i));
  }
  std::set<std::string> unique(ids.begin(), ids.end());
  EXPECT_EQ(unique.size(), ids.size());
}

// A record carries the hub's time as last measured (local + skew), so a tablet whose clock is five
// minutes fast or slow stamps its orders right (the fault campaign found fast ones refused).
TEST(OfflineStore, RecordTimeIsCorrectedByTheMeasuredSkew) {
  TempDir dir;
  FakeClock clock(1'700'000'000'000);
  auto store = MustOpen(dir.File("k.db"), clock);
  ASSERT_TRUE(store->Enqueue("meal_order", "{}"));  // never exchanged: the local clock as it is
  ASSERT_TRUE(store->SetLastPull(1'700'000'000'000, -300'000));  // this clock runs 5 min fast
  ASSERT_TRUE(store->Enqueue("meal_order", "{}"));
  ASSERT_TRUE(store->SetLastPush(1'700'000'000'000, 240'000));  // now 4 min slow
  ASSERT_TRUE(store->Enqueue("meal_order", "{}"));
  auto recs = store->PeekOutbox(10, 1 << 20);
  ASSERT_TRUE(recs);
  ASSERT_EQ(recs->size(), 3u);
  EXPECT_EQ(recs.value()[0].created_at_ms, 1'700'000'000'000);
  EXPECT_EQ(recs.value()[1].created_at_ms, 1'700'000'000'000 - 300'000);
  EXPECT_EQ(recs.value()[2].created_at_ms, 1'700'000'000'000 + 240'000);
}

TEST(OfflineStore, PeekRespectsRecordAndByteLimits) {
  TempDir dir;
  FakeClock clock;
  auto store = MustOpen(dir.File("k.db"), clock);
  const std::string big = nlohmann::json{{"t", std::string(100 * 1024, 'a')}}.dump();
  for (int i = 0; i < 12; ++i) ASSERT_TRUE(store->Enqueue("complaint", big));
  auto by_bytes = store->PeekOutbox(500, 1 << 20);
  ASSERT_TRUE(by_bytes);
  EXPECT_EQ(by_bytes->size(), 10u);  // 10 x ~100 KiB fit in 1 MiB, 11 do not
  auto by_count = store->PeekOutbox(3, 1 << 20);
  EXPECT_EQ(by_count->size(), 3u);
  // One record larger than the byte budget still goes (alone), so it cannot block the queue.
  auto tiny = store->PeekOutbox(500, 10);
  EXPECT_EQ(tiny->size(), 1u);
}

TEST(OfflineStore, PushResultsRemoveAcceptedAndDeadLetterRejected) {
  TempDir dir;
  FakeClock clock(5000);
  auto store = MustOpen(dir.File("k.db"), clock);
  auto a = store->Enqueue("rating", "{}"), b = store->Enqueue("rating", "{}"), c = store->Enqueue("rating", "{}"),
       d = store->Enqueue("rating", "{}");
  ASSERT_TRUE(a && b && c && d);
  ASSERT_TRUE(store->NoteAttemptFailed({a.value(), b.value()}, "timeout", 9000));
  // An unknown status never gets here: the push answer's decoder refuses it (protocol_codec_test).
  using onestop::protocol::PushStatus;
  ASSERT_TRUE(store->ApplyPushResults({{a.value(), PushStatus::kAccepted, "T-1", ""},
                                       {b.value(), PushStatus::kDuplicate, "T-0", ""},
                                       {c.value(), PushStatus::kRejected, "", "menu item sold out"},
                                       {"99999999-9999-4999-8999-999999999999", PushStatus::kAccepted, "X", ""}}));
  EXPECT_EQ(store->OutboxDepth(), 1);  // d stays: no answer is not an acknowledgement
  EXPECT_EQ(store->DeadLetterCount(), 1);
  EXPECT_EQ(store->GetRecordStatus(a.value()).state, RecordState::kSent);
  EXPECT_EQ(store->GetRecordStatus(a.value()).ref, "T-1");
  EXPECT_EQ(store->GetRecordStatus(b.value()).ref, "T-0");
  EXPECT_EQ(store->GetRecordStatus(c.value()).state, RecordState::kRejected);
  EXPECT_EQ(store->GetRecordStatus(c.value()).reason, "menu item sold out");
  EXPECT_EQ(store->GetRecordStatus(d.value()).state, RecordState::kQueued);
  EXPECT_EQ(store->GetRecordStatus("nope").state, RecordState::kUnknown);
  auto dl = store->ListDeadLetters(10);
  ASSERT_TRUE(dl);
  ASSERT_EQ(dl->size(), 1u);
  EXPECT_EQ(dl.value()[0].id, c.value());
  EXPECT_EQ(dl.value()[0].failed_at_ms, 5000);
  auto left = store->PeekOutbox(10, 1 << 20);
  EXPECT_EQ(left.value()[0].id, d.value());
}

TEST(OfflineStore, PullPageAndCursorAreOneTransaction) {
  TempDir dir;
  FakeClock clock;
  auto store = MustOpen(dir.File("k.db"), clock);
  ASSERT_TRUE(store->ApplyPullPage({{1, "asset", "upsert", "a1", R"({"tag":"ZC-2019-0457","location":"W12"})"},
                                    {2, "location", "upsert", "W12", R"({"code":"W12"})"},
                                    {3, "hologram", "upsert", "h1", "{}"},
                                    {4, "asset", "upsert", "a2", "not json at all"}},
                                   "cur-4"));
  EXPECT_EQ(store->CountEntities("asset"), 2);
  EXPECT_EQ(store->CountEntities("location"), 1);
  EXPECT_EQ(store->LoadSyncState()->cursor, "cur-4");
  auto listed = store->ListEntities("asset", 10);
  ASSERT_TRUE(listed);
  ASSERT_EQ(listed->size(), 2u);  // ordered by id: a1, a2
  EXPECT_EQ(listed.value()[1], "not json at all");
  EXPECT_EQ(store->ListEntities("asset", 1)->size(), 1u);
  EXPECT_FALSE(store->ListEntities("assets; DROP TABLE assets", 1));
  auto found = store->FindAssetsByCode("ZC-2019-0457");
  ASSERT_TRUE(found);
  ASSERT_EQ(found->size(), 1u);
  ASSERT_TRUE(store->ApplyPullPage({{5, "asset", "delete", "a1", ""}}, "cur-5"));
  EXPECT_EQ(store->CountEntities("asset"), 1);
  EXPECT_FALSE(store->GetEntity("asset", "a1")->has_value());
  EXPECT_EQ(store->GetEntity("asset", "a2")->value(), "not json at all");

  // Another process holding the write lock makes the page wait (busy timeout), then it lands whole.
  sqlite3* other = nullptr;
  sqlite3_open(dir.File("k.db").c_str(), &other);
  sqlite3_busy_timeout(other, 100);
  ASSERT_EQ(sqlite3_exec(other, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), SQLITE_OK);
  std::thread release([&] {
    std::this_thread::sleep_for(std::chrono::milliseconds(200));
    sqlite3_exec(other, "COMMIT", nullptr, nullptr, nullptr);
  });
  ASSERT_TRUE(store->ApplyPullPage({{6, "part", "upsert", "p1", "{}"}}, "cur-6"));
  release.join();
  sqlite3_close(other);
  EXPECT_EQ(store->CountEntities("part"), 1);
  EXPECT_EQ(store->LoadSyncState()->cursor, "cur-6");
}

TEST(OfflineStore, EnrollmentRebindResetsMirrorButKeepsOutbox) {
  TempDir dir;
  FakeClock clock;
  auto store = MustOpen(dir.File("k.db"), clock);
  ASSERT_TRUE(store->SaveEnrollment("http://h", "T1", "tok", onestop::Binding{onestop::Role::kBedside, "BED07"}));
  ASSERT_TRUE(store->ApplyPullPage({{1, "asset", "upsert", "a1", "{}"}}, "c1"));
  ASSERT_TRUE(store->Enqueue("rating", "{}"));
  // Same identity again (e.g. token refresh): mirror kept.
  ASSERT_TRUE(store->SaveEnrollment("http://h", "T1", "tok2", onestop::Binding{onestop::Role::kBedside, "BED07"}));
  EXPECT_EQ(store->LoadSyncState()->cursor, "c1");
  EXPECT_EQ(store->CountEntities("asset"), 1);
  ASSERT_TRUE(store->SetUnauthorized(true));
  EXPECT_TRUE(store->LoadSyncState()->unauthorized);
  // New binding: mirror and cursor reset, outbox kept, unauthorized cleared.
  ASSERT_TRUE(store->SaveEnrollment("http://h", "T2", "tok3", onestop::Binding{onestop::Role::kWard, "W12"}));
  auto st = store->LoadSyncState();
  EXPECT_EQ(st->cursor, "");
  EXPECT_EQ(st->terminal_id, "T2");
  EXPECT_EQ(st->token, "tok3");
  ASSERT_TRUE(st->binding);
  EXPECT_EQ(st->binding->location, "W12");
  EXPECT_FALSE(st->unauthorized);
  EXPECT_EQ(store->CountEntities("asset"), 0);
  EXPECT_EQ(store->OutboxDepth(), 1);
}

// Issue 16: what stands at a bed or in a room, and the rooms and beds under a ward, by code range.
TEST(OfflineStore, AssetsAtAPlaceAndLocationsUnderAWard) {
  TempDir dir;
  FakeClock clock(1'700'000'000'000);
  auto store = MustOpen(dir.File("k.db"), clock);
  ASSERT_TRUE(store);
  ASSERT_TRUE(store->ApplyPullPage(
      {{1, "asset", "upsert", "A2", R"({"id":"A2","class":"tv","location":"W1-R01"})"},
       {2, "asset", "upsert", "A1", R"({"id":"A1","class":"bed","location":"W1-BED01"})"},
       {3, "asset", "upsert", "A3", R"({"id":"A3","class":"tv","location":"W1-R01X"})"},
       {4, "location", "upsert", "W1", R"({"code":"W1","kind":"ward"})"},
       {5, "location", "upsert", "W1-R01", R"({"code":"W1-R01","kind":"room"})"},
       {6, "location", "upsert", "W1-BED01", R"({"code":"W1-BED01","kind":"bed"})"},
       {7, "location", "upsert", "W10-R01", R"({"code":"W10-R01","kind":"room"})"},
       {8, "location", "upsert", "W1_R02", R"({"code":"W1_R02","kind":"room"})"}},
      "8"));
  auto at = store->FindAssetsAt("W1-R01", 10);
  ASSERT_TRUE(at);
  ASSERT_EQ(at->size(), 1u);
  EXPECT_NE(at.value()[0].find("\"A2\""), std::string::npos);
  auto under = store->ListLocationsUnder("W1", 10);
  ASSERT_TRUE(under);
  // Not the ward itself, not W10 (a longer code), not W1_R02 ("_" is no wildcard here).
  ASSERT_EQ(under->size(), 2u);
  EXPECT_NE(under.value()[0].find("W1-BED01"), std::string::npos);
  EXPECT_NE(under.value()[1].find("W1-R01"), std::string::npos);
  EXPECT_TRUE(store->ListLocationsUnder("", 10)->empty());
  EXPECT_EQ(store->ListLocationsUnder("W1", 1)->size(), 1u);
}
