// Unit tests for the sync protocol codecs: every message survives a round trip, and hostile or
// malformed input yields an error with a reason instead of a throw or a crash.
#include <gtest/gtest.h>

#include <set>
#include <string>

#include "kiosk/core/protocol.h"

namespace onestop::protocol {
namespace {
using nlohmann::json;

template <class T>
T RoundTrip(const T& v, Result<T> (*from)(const json&)) {
  const std::string text = ToJson(v).dump();
  auto j = ParseJsonText(text);
  EXPECT_TRUE(j.ok()) << text;
  auto back = from(j.value());
  EXPECT_TRUE(back.ok()) << (back.ok() ? "" : back.error().message) << " for " << text;
  return back.ok() ? back.value() : T{};
}

TEST(ProtocolRoundTrip, Enroll) {
  EnrollRequest req{"ABC-123", {"SN1", "bedside", "0.1.0"}};
  EXPECT_EQ(RoundTrip(req, &EnrollRequestFromJson), req);
  EnrollResponse resp{"t-1", "tok", {onestop::Role::kBedside, "B2-3F-W12-BED07"}};
  EXPECT_EQ(RoundTrip(resp, &EnrollResponseFromJson), resp);
  EnrollResponse staff{"t-2", "tok2", {onestop::Role::kStaff, ""}};
  EXPECT_EQ(RoundTrip(staff, &EnrollResponseFromJson), staff);
  EXPECT_TRUE(ToJson(staff.binding)["location"].is_null());
}

TEST(ProtocolRoundTrip, PushAllKinds) {
  PushRequest req;
  req.terminal_id = "t-1";
  for (auto k : {RecordKind::kMealOrder, RecordKind::kOrderCancel, RecordKind::kRepairRequest,
                 RecordKind::kCleaningRequest, RecordKind::kComplaint, RecordKind::kRating}) {
    PushRecord r{NewUuidV4(), k, 1795375376123, json{{"location", "B2-3F-W12-BED07"}, {"n", 3}}};
    req.records.push_back(r);
  }
  const PushRequest back = RoundTrip(req, &PushRequestFromJson);
  EXPECT_EQ(back, req);
  EXPECT_EQ(ToJson(req.records[0])["created_at"], "2026-11-22T19:22:56.123Z");
  EXPECT_EQ(ToJson(req.records[2])["kind"], "repair_request");

  PushResponse resp{{{req.records[0].id, PushStatus::kAccepted, "T-000001", ""},
                     {req.records[1].id, PushStatus::kDuplicate, "T-000001", ""},
                     {req.records[2].id, PushStatus::kRejected, "", "location outside binding"}},
                    1795375376999};
  EXPECT_EQ(RoundTrip(resp, &PushResponseFromJson), resp);
  const json rj = ToJson(resp);
  EXPECT_FALSE(rj["results"][0].contains("reason"));
  EXPECT_FALSE(rj["results"][2].contains("ref"));
}

TEST(ProtocolRoundTrip, PullAndProblem) {
  PullResponse p{{{1, "location", ChangeOp::kUpsert, "B2", json{{"name", "x"}}},
                  {7, "ticket", ChangeOp::kDelete, "T-1", nullptr}},
                 7, true};
  EXPECT_EQ(RoundTrip(p, &PullResponseFromJson), p);
  Problem pr{"https://onestop/problems/unauthorized", "Unauthorized", 401, "token unknown"};
  EXPECT_EQ(RoundTrip(pr, &ProblemFromJson), pr);
}

TEST(ProtocolRoundTrip, UuidIsLowerCasedOnDecode) {
  json j = ToJson(PushRecord{"123E4567-E89B-42D3-A456-426614174000", RecordKind::kRating, 0, json::object()});
  auto r = PushRecordFromJson(j);
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->id, "123e4567-e89b-42d3-a456-426614174000");
}

TEST(ProtocolHostile, NonJsonBodies) {
  for (std::string_view body : {"", "<html><body>502 Bad Gateway</body></html>", "{\"results\":[", "nul",
                                "{\"a\":1}}", "\xff\xfe{}", "{\"a\":\"\xc3\x28\"}"}) {
    auto r = DecodePushResponse(body);
    ASSERT_FALSE(r.ok()) << body;
    EXPECT_FALSE(r.error().message.empty());
  }
  auto html = DecodePullResponse("<html>");
  ASSERT_FALSE(html.ok());
  EXPECT_EQ(html.error().code, "protocol.not_json");
}

TEST(ProtocolHostile, DeepNestingRefusedWithoutRecursion) {
  const std::string deep = std::string(200000, '[') + std::string(200000, ']');
  auto r = ParseJsonText(deep);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "protocol.too_deep");
  // Brackets inside strings do not count.
  EXPECT_TRUE(ParseJsonText("{\"s\":\"" + std::string(1000, '[') + "\"}").ok());
}

TEST(ProtocolHostile, WrongTypesNameTheField) {
  auto r = DecodePushRequest(R"({"records":[{"id":5,"kind":"rating","created_at":"2026-01-01T00:00:00Z","payload":{}}]})");
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.error().message.find("records[0]"), std::string::npos) << r.error().message;
  EXPECT_NE(r.error().message.find("id"), std::string::npos);

  EXPECT_FALSE(DecodePushRequest(R"({"records":{}})").ok());
  EXPECT_FALSE(DecodePushRequest(R"([1,2,3])").ok());
  EXPECT_FALSE(DecodePullResponse(R"({"changes":[],"next_cursor":"7","more":false})").ok());
  EXPECT_FALSE(DecodePullResponse(R"({"changes":[],"next_cursor":1.5,"more":false})").ok());
  EXPECT_FALSE(DecodePullResponse(R"({"changes":[],"next_cursor":18446744073709551615,"more":false})").ok());
  EXPECT_FALSE(DecodePullResponse(R"({"changes":[],"next_cursor":3,"more":"yes"})").ok());
  EXPECT_FALSE(DecodePullResponse(R"({"changes":[null],"next_cursor":3,"more":false})").ok());
  EXPECT_FALSE(DecodeEnrollResponse(R"({"terminal_id":"t","token":"x"})").ok());
  EXPECT_FALSE(DecodeEnrollResponse(R"({"terminal_id":"t","token":"x","binding":{"kind":"robot"}})").ok());
  EXPECT_FALSE(DecodeEnrollRequest(R"({"code":""})").ok());
  EXPECT_FALSE(DecodeEnrollRequest(R"({"code":"A","device":"tablet"})").ok());
  EXPECT_FALSE(DecodeProblem(R"({"status":"500"})").ok());
}

TEST(ProtocolHostile, RecordValidation) {
  const json good = {{"id", NewUuidV4()}, {"kind", "complaint"}, {"created_at", "2026-11-22T19:22:56.123Z"},
                     {"payload", {{"text", "noise"}}}};
  ASSERT_TRUE(PushRecordFromJson(good).ok());
  auto with = [&](const char* key, json v) { json j = good; j[key] = std::move(v); return PushRecordFromJson(j); };
  auto unknown = with("kind", "pizza");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.error().message.find("pizza"), std::string::npos);
  EXPECT_FALSE(with("id", "not-a-uuid").ok());
  EXPECT_FALSE(with("created_at", "yesterday").ok());
  EXPECT_FALSE(with("created_at", 12345).ok());
  EXPECT_FALSE(with("payload", "text").ok());
  EXPECT_FALSE(with("payload", nullptr).ok());
  json missing = good;
  missing.erase("payload");
  EXPECT_FALSE(PushRecordFromJson(missing).ok());
}

TEST(ProtocolHostile, ResultIdMayBeEmptyButNotMissing) {
  // A record without a readable id is still answered, in order, with an empty id.
  auto ok = DecodePushResponse(R"({"results":[{"id":"","status":"rejected","reason":"no id"}],"server_time":"2026-11-22T19:22:56.123Z"})");
  ASSERT_TRUE(ok.ok()) << ok.error().message;
  EXPECT_EQ(ok->results[0].status, PushStatus::kRejected);
  EXPECT_FALSE(DecodePushResponse(R"({"results":[{"status":"rejected"}],"server_time":"2026-11-22T19:22:56.123Z"})").ok());
  EXPECT_FALSE(DecodePushResponse(R"({"results":[{"id":"a","status":"maybe"}],"server_time":"2026-11-22T19:22:56.123Z"})").ok());
  EXPECT_FALSE(DecodePushResponse(R"({"results":[]})").ok());
}

TEST(ProtocolHostile, PullOrderMustIncrease) {
  auto r = DecodePullResponse(
      R"({"changes":[{"seq":5,"entity":"x","op":"upsert","id":"a","data":{}},{"seq":5,"entity":"x","op":"upsert","id":"b","data":{}}],"next_cursor":5,"more":false})");
  EXPECT_FALSE(r.ok());
}

TEST(ProtocolHostile, FuzzishMutationsNeverThrow) {
  const std::string base = ToJson(PullResponse{{{1, "location", ChangeOp::kUpsert, "B2", json{{"name", "x"}}}}, 1, false}).dump();
  // Every truncation and every single-byte substitution must decode or fail cleanly.
  for (size_t n = 0; n < base.size(); ++n) {
    EXPECT_NO_THROW({ auto r = DecodePullResponse(std::string_view(base).substr(0, n)); (void)r; });
  }
  for (size_t i = 0; i < base.size(); ++i) {
    for (char c : {'\0', '"', '{', ']', 'x', '9', '\xff'}) {
      std::string m = base;
      m[i] = c;
      EXPECT_NO_THROW({ auto r = DecodePullResponse(m); (void)r; });
      EXPECT_NO_THROW({ auto r = DecodePushResponse(m); (void)r; });
      EXPECT_NO_THROW({ auto r = DecodeEnrollResponse(m); (void)r; });
    }
  }
}

TEST(ProtocolHelpers, UuidV4Form) {
  std::set<std::string> seen;
  for (int i = 0; i < 1000; ++i) {
    const std::string u = NewUuidV4();
    ASSERT_TRUE(IsUuid(u)) << u;
    EXPECT_EQ(u[14], '4');
    EXPECT_NE(std::string("89ab").find(u[19]), std::string::npos) << u;
    seen.insert(u);
  }
  EXPECT_EQ(seen.size(), 1000u);
  EXPECT_FALSE(IsUuid("123e4567e89b42d3a456426614174000"));
  EXPECT_FALSE(IsUuid("123e4567-e89b-42d3-a456-42661417400g"));
}

TEST(ProtocolHelpers, KindNames) {
  EXPECT_EQ(RecordKindName(RecordKind::kCleaningRequest), "cleaning_request");
  EXPECT_EQ(ParseRecordKind("order_cancel"), RecordKind::kOrderCancel);
  EXPECT_FALSE(ParseRecordKind("Rating").has_value());
  EXPECT_EQ(ParseRole("ward"), onestop::Role::kWard);
  EXPECT_EQ(PushStatusName(PushStatus::kDuplicate), "duplicate");
  EXPECT_EQ(ParseChangeOp("delete"), ChangeOp::kDelete);
}

TEST(ProtocolHelpers, TruncateUtf8KeepsWholeCharacters) {
  const std::string zh = "\xe8\x86\xb3\xe9\xa3\x9f";  // two 3-byte characters
  EXPECT_EQ(TruncateUtf8(zh, 6), zh);
  EXPECT_EQ(TruncateUtf8(zh, 5), zh.substr(0, 3));
  EXPECT_EQ(TruncateUtf8(zh, 4), zh.substr(0, 3));
  EXPECT_EQ(TruncateUtf8(zh, 2), "");
  EXPECT_EQ(TruncateUtf8("abc", 2), "ab");
}

TEST(ProtocolHostile, ReasonQuotingLongMultibyteInputStaysValidJson) {
  std::string kind;
  for (int i = 0; i < 30; ++i) kind += "\xe8\x86\xb3";  // 90 bytes, cut at 40 would split a character
  json j = {{"id", NewUuidV4()}, {"kind", kind}, {"created_at", "2026-11-22T19:22:56.123Z"}, {"payload", json::object()}};
  auto r = PushRecordFromJson(j);
  ASSERT_FALSE(r.ok());
  PushResult res{"x", PushStatus::kRejected, "", r.error().message};
  EXPECT_NO_THROW((void)ToJson(res).dump());
}

TEST(ProtocolHelpers, LocationWithin) {
  EXPECT_TRUE(LocationWithin("B2-3F-W12-BED07", "B2-3F-W12"));
  EXPECT_TRUE(LocationWithin("B2-3F-W12", "B2-3F-W12"));
  EXPECT_FALSE(LocationWithin("B2-3F-W120-BED01", "B2-3F-W12"));
  EXPECT_FALSE(LocationWithin("B2-3F-W11-BED07", "B2-3F-W12"));
  EXPECT_FALSE(LocationWithin("B2-3F", "B2-3F-W12"));
  EXPECT_TRUE(LocationWithin("anything", ""));
}

}  // namespace
}  // namespace onestop::protocol
