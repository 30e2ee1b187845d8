// Unit tests of the shared record rules (kiosk/core/record_rules.h): every payload the kiosk builds,
// filled to its own limits, passes the hub's whitelist; unknown keys, wrong types, long values and large
// records are refused with their codes; the created_at window and strict RFC 3339 parsing; enrollment
// code normalisation; and every reason code has a text in every catalog.
#include <gtest/gtest.h>

#include "kiosk/core/clock.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/meals.h"
#include "kiosk/core/photo.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/rating.h"
#include "kiosk/core/record_rules.h"
#include "kiosk/core/repair.h"
#include "kiosk/core/shell/views.h"

using namespace onestop;
using json = nlohmann::json;
using protocol::RecordKind;
namespace rr = onestop::records::reason;

namespace {

std::string Repeat(std::string_view s, size_t n) {
  std::string out;
  for (size_t i = 0; i < n; ++i) out += s;
  return out;
}
const std::string kHan = "\xe8\x86\xb3";  // one CJK character, three bytes

std::string CodeOf(const Status& s) { return s.ok() ? "ok" : s.error().code; }

std::string FakeJpeg(size_t n) {
  std::string j(n, '\x42');
  j[0] = '\xff', j[1] = '\xd8', j[n - 2] = '\xff', j[n - 1] = '\xd9';
  return j;
}

}  // namespace

TEST(RecordRules, KioskPayloadsAtTheirLimitsPass) {
  repair::RepairDraft d;
  d.raw_code = "OS1:A=EQ-2020-000042;L=B1-1F-W01-BED01" + Repeat("x", 400);
  d.location_code = "B1-1F-W01-BED01";
  d.urgency = "emergency";
  d.category = "no_power";
  d.note = Repeat(kHan, repair::kMaxNoteChars);
  d.asset = repair::AssetInfo{};
  d.asset->id = "EQ-2020-000042";
  d.asset->trade = "medical_equipment";
  json repair = repair::RepairPayload(d);
  repair["photo"] = photo::PhotoPayload(FakeJpeg(photo::kMaxPhotoBytes));
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kRepairRequest, repair)), "ok");

  repair::CleaningDraft c;
  c.location_code = "B1-1F-W01-BED01";
  c.note = Repeat(kHan, repair::kMaxNoteChars);
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kCleaningRequest, repair::CleaningPayload(c))), "ok");

  repair::ComplaintDraft k;
  k.location_code = "B1-1F-W01-BED01";
  k.text = Repeat(kHan, repair::kMaxComplaintChars);
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kComplaint, repair::ComplaintPayload(k))), "ok");

  meals::MealOrder o;
  o.location = "B1-1F-W01-BED01";
  o.date = "2026-11-23";
  o.diet = "diabetic";
  o.allergens = {"egg", "milk", "peanut", "shellfish"};
  o.note = Repeat("n", meals::kMaxNoteBytes);
  for (int i = 0; i < 20; ++i) o.items.push_back({"dish-" + std::to_string(i), 3});
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kMealOrder, meals::MealOrderPayload(o))), "ok");
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kOrderCancel, meals::OrderCancelPayload("TK-000001"))), "ok");

  rating::RatingDraft r;
  r.ticket = "TK-000001";
  r.overall = 1;
  r.dimensions = {{"timeliness", 1}, {"quality", 2}, {"attitude", 1}, {"cleanliness", 1}};
  for (size_t i = 0; i < rating::kMaxTags; ++i) r.tags.push_back("tag_number_" + std::to_string(i));
  r.comment = Repeat(kHan, rating::kMaxCommentChars);
  r.reopen = true;
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kRating, rating::RatingPayload(r, 2, "70001"))), "ok");
}

TEST(RecordRules, UnknownKeysAreRefusedNotDropped) {
  const json complaint = {{"location", "B1-1F-W01-BED01"}, {"category", "noise"}, {"text", "loud"}};
  ASSERT_EQ(CodeOf(records::CheckPayload(RecordKind::kComplaint, complaint)), "ok");
  json junk = complaint;
  junk["junk"] = "x";
  auto s = records::CheckPayload(RecordKind::kComplaint, junk);
  EXPECT_EQ(CodeOf(s), rr::kUnknownKey);
  EXPECT_NE(s.error().message.find("\"junk\""), std::string::npos) << s.error().message;
  // A key of another kind is unknown here too.
  json other = complaint;
  other["asset"] = "EQ-2020-000042";
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kComplaint, other)), rr::kUnknownKey);
  // Nested: a meal item, the diet and the photo have fixed keys as well.
  json meal = {{"slot", "lunch"}, {"date", "2026-11-23"}, {"late", false},
               {"items", json::array({{{"menu_item", "rice"}, {"qty", 1}, {"x", 1}}})},
               {"diet", {{"code", "regular"}, {"allergens", json::array()}}}};
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kMealOrder, meal)), rr::kUnknownKey);
  meal["items"] = json::array({{{"menu_item", "rice"}, {"qty", 1}}});
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kMealOrder, meal)), "ok");
  meal["diet"]["secret"] = true;
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kMealOrder, meal)), rr::kUnknownKey);
  json repair = {{"description", "broken"}, {"photo", photo::PhotoPayload(FakeJpeg(100))}};
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kRepairRequest, repair)), "ok");
  repair["photo"]["exif"] = "GPS";
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kRepairRequest, repair)), rr::kUnknownKey);
  // Rating dimensions are a map: any name (the rating rules judge names and scores).
  json rating = {{"ticket", "TK-1"}, {"overall", 4}, {"dimensions", {{"anything", 4}}}};
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kRating, rating)), "ok");
}

TEST(RecordRules, TypesAndSizes) {
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kComplaint, {{"text", 5}})), rr::kBadField);
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kRating, {{"ticket", "TK-1"}, {"overall", "5"}})), rr::kBadField);
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kComplaint, {{"text", nullptr}})), "ok");  // null = absent
  // The attacker's 900 KB field inside a complaint.
  auto big = records::CheckPayload(RecordKind::kComplaint, {{"text", std::string(900 * 1024, 'a')}});
  EXPECT_EQ(CodeOf(big), rr::kFieldTooLong);
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kComplaint, {{"text", std::string(records::kMaxTextBytes, 'a')}})), "ok");
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kComplaint, {{"text", std::string(records::kMaxTextBytes + 1, 'a')}})),
            rr::kFieldTooLong);
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kComplaint, {{"location", std::string(65, 'B')}, {"text", "x"}})),
            rr::kFieldTooLong);
  // Within each cap but beyond 8 KiB of JSON: control characters escape to six bytes each.
  const json escaped = {{"text", std::string(1900, '\x01')}};
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kComplaint, escaped)), rr::kRecordTooLarge);
  // The photo has its own cap and does not count towards the 8 KiB.
  json photo = {{"description", "x"}, {"photo", {{"mime", "image/jpeg"}, {"data", std::string(300000, 'A')}}}};
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kRepairRequest, photo)), rr::kFieldTooLong);
  EXPECT_EQ(CodeOf(records::CheckPayload(RecordKind::kComplaint, json::array())), rr::kBadRecord);
}

TEST(RecordRules, CreatedAtWindow) {
  const int64_t now = 1'800'000'000'000;
  EXPECT_TRUE(records::CheckCreatedAt(now, now).ok());
  EXPECT_TRUE(records::CheckCreatedAt(now - records::kMaxRecordAgeMs, now).ok());
  EXPECT_EQ(CodeOf(records::CheckCreatedAt(now - records::kMaxRecordAgeMs - 1, now)), rr::kTimeOutOfWindow);
  EXPECT_EQ(CodeOf(records::CheckCreatedAt(0, now)), rr::kTimeOutOfWindow);  // "1970"
  EXPECT_TRUE(records::CheckCreatedAt(now + records::kMaxRecordAheadMs, now).ok());
  EXPECT_EQ(CodeOf(records::CheckCreatedAt(now + records::kMaxRecordAheadMs + 1, now)), rr::kTimeOutOfWindow);
}

TEST(RecordRules, StrictRfc3339Utc) {
  int64_t ms = 0;
  ASSERT_TRUE(protocol::ParseRfc3339UtcMs("2026-11-22T19:22:56.123Z", &ms));
  EXPECT_EQ(FormatIsoUtcMs(ms), "2026-11-22T19:22:56.123Z");
  EXPECT_TRUE(protocol::ParseRfc3339UtcMs("2026-11-22T19:22:56Z", &ms));
  EXPECT_TRUE(protocol::ParseRfc3339UtcMs("2024-02-29T00:00:00.123456789Z", &ms));
  for (const char* bad : {"", "Z", "2026-11-22", "2026-11-22T19:22:56", "2026-11-22T19:22:56.123+08:00",
                          "2026-11-22T19:22:56.123z", "2026-11-22t19:22:56Z", "2026-11-22 19:22:56Z",
                          "2026-02-29T00:00:00Z", "2026-04-31T00:00:00Z", "2026-11-22T24:00:00Z",
                          "2026-11-22T23:59:60Z", "2026-11-22T19:22:56.Z", "2026-11-22T19:22:56.1234567890Z",
                          "+026-11-22T19:22:56Z", "2026-1-22T19:22:56Z", "2026-11-22T19:22:56ZZ"})
    EXPECT_FALSE(protocol::ParseRfc3339UtcMs(bad, &ms)) << bad;
}

TEST(RecordRules, BadCreatedAtIsACodedRecordRefusal) {
  json rec = {{"id", protocol::NewUuidV4()}, {"kind", "complaint"}, {"created_at", ""}, {"payload", {{"text", "x"}}}};
  auto r = protocol::PushRecordFromJson(rec);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(meals::ParseReason(r.error().message).code, rr::kBadTime) << r.error().message;
  rec.erase("created_at");
  EXPECT_EQ(meals::ParseReason(protocol::PushRecordFromJson(rec).error().message).code, rr::kBadTime);
  rec["created_at"] = "2026-11-22T19:22:56.123Z";
  rec["kind"] = "pizza";
  EXPECT_EQ(meals::ParseReason(protocol::PushRecordFromJson(rec).error().message).code, rr::kBadRecord);
}

TEST(RecordRules, EnrollCodesCompareWithoutCaseAndDashes) {
  EXPECT_EQ(protocol::NormalizeEnrollCode("abcde-fghjk"), "ABCDEFGHJK");
  EXPECT_EQ(protocol::NormalizeEnrollCode("ABCDE FGHJK"), "ABCDEFGHJK");
  EXPECT_EQ(protocol::NormalizeEnrollCode("DEMO-BEDSIDE"), protocol::NormalizeEnrollCode("demobedside"));
  EXPECT_NE(protocol::NormalizeEnrollCode("ABCDE-FGHJK"), protocol::NormalizeEnrollCode("ABCDE-FGHJL"));
}

TEST(RecordRules, EveryReasonCodeHasATextInEveryLanguage) {
  auto i18n = I18n::LoadDir(std::string(ONESTOP_ASSETS_DIR) + "/i18n");
  ASSERT_TRUE(i18n.ok()) << i18n.error().message;
  ASSERT_FALSE(records::AllReasonCodes().empty());
  for (std::string_view code : records::AllReasonCodes()) {
    EXPECT_TRUE(meals::IsReasonCode(code)) << code << ": ParseReason would not recognise it";
    const std::string key = ReasonCatalogKey(code);
    ASSERT_FALSE(key.empty()) << code;
    for (Lang l : kAllLangs) EXPECT_TRUE(i18n->catalog(l).Has(key)) << LangTag(l) << " lacks " << key;
  }
  EXPECT_EQ(ReasonCatalogKey("past_cutoff"), "meal.reason.past_cutoff");
  EXPECT_EQ(ReasonCatalogKey("no_such_code"), "");
}
