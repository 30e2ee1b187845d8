// Unit tests of the repair/cleaning/complaint drafts (kiosk/core/repair.h): pre-fill from a parsed
// label and register JSON, warranty at the day boundary, open tickets on the same asset, each
// validation failure, and payloads shaped as the hub's push validation expects.
#include <gtest/gtest.h>

#include "kiosk/core/clock.h"
#include "kiosk/core/repair.h"

using namespace onestop;
using namespace onestop::repair;
using json = nlohmann::json;

namespace {

int64_t Ms(const std::string& iso) {
  int64_t ms = 0;
  EXPECT_TRUE(ParseIsoUtcMs(iso, &ms)) << iso;
  return ms;
}

labels::ParsedLabel Label(const std::string& text) {
  auto r = labels::ParseLabel(text);
  EXPECT_TRUE(r) << text;
  return r ? r.value() : labels::ParsedLabel{};
}

json Pump() {
  return {{"id", "EQ-2020-000042"},
          {"class", "infusion_pump"},
          {"class_name", {{"en", "Infusion pump"}, {"zh-Hans", "pump-hans"}}},
          {"location", "B1-2F-W01-BED03"},
          {"trade", "medical_equipment"},
          {"department", "equipment_dept"},
          {"warranty_until", "2026-11-30"}};
}

json Tickets() {
  return json::array({
      {{"id", "TK-000009"}, {"kind", "repair"}, {"status", "accepted"}, {"asset", "EQ-2020-000042"},
       {"created_at", "2026-11-22T14:02:00.000Z"}},
      {{"id", "TK-000003"}, {"kind", "repair"}, {"status", "received"}, {"asset", "EQ-2020-000042"},
       {"created_at", "2026-11-21T08:00:00.000Z"}},
      {{"id", "TK-000004"}, {"kind", "repair"}, {"status", "completed"}, {"asset", "EQ-2020-000042"},
       {"created_at", "2026-11-20T08:00:00.000Z"}},
      {{"id", "TK-000005"}, {"kind", "repair"}, {"status", "received"}, {"asset", "EQ-2020-000999"},
       {"created_at", "2026-11-22T09:00:00.000Z"}},
      "not an object",
      {{"id", "TK-000006"}, {"status", 7}, {"asset", "EQ-2020-000042"}},
  });
}

const int64_t kNow = Ms("2026-11-22T21:00:00.000Z");

RepairDraft KnownDraft() {
  return BuildRepairDraft("https://h/a/EQ-2020-000042", Label("https://h/a/EQ-2020-000042"), Pump(), Tickets(), kNow);
}

RepairDraft UnknownDraft() {
  return BuildRepairDraft("ZC-2019-0457", Label("ZC-2019-0457"), std::nullopt, Tickets(), kNow);
}

}  // namespace

TEST(RepairDraft, KnownAssetIsPrefilledFromTheRegister) {
  const RepairDraft d = KnownDraft();
  EXPECT_EQ(d.raw_code, "https://h/a/EQ-2020-000042");
  EXPECT_EQ(d.asset_key, "EQ-2020-000042");
  ASSERT_TRUE(d.asset);
  EXPECT_EQ(d.asset->id, "EQ-2020-000042");
  EXPECT_EQ(d.asset->class_code, "infusion_pump");
  EXPECT_EQ(d.asset->class_name.Get(Lang::kEn), "Infusion pump");
  EXPECT_EQ(d.asset->trade, "medical_equipment");
  EXPECT_EQ(d.asset->department, "equipment_dept");
  EXPECT_EQ(d.location_code, "B1-2F-W01-BED03");
  EXPECT_FALSE(d.needs_location);
  EXPECT_EQ(d.warranty, WarrantyState::kInWarranty);
  EXPECT_EQ(d.urgency, "routine");
  EXPECT_TRUE(ValidateRepairDraft(d, "B1-2F-W01"));

  const json p = RepairPayload(d);
  EXPECT_EQ(p["asset"], "EQ-2020-000042");
  EXPECT_EQ(p["location"], "B1-2F-W01-BED03");
  EXPECT_EQ(p["trade"], "medical_equipment");
  EXPECT_EQ(p["urgency"], "routine");
  EXPECT_EQ(p["warranty"], "in_warranty");
  EXPECT_EQ(p["description"], "");
  EXPECT_FALSE(p.contains("category"));

  const json j = d;
  EXPECT_EQ(j["asset"]["class_name"]["en"], "Infusion pump");
  EXPECT_EQ(j["label"]["asset_id"], "EQ-2020-000042");
  EXPECT_EQ(j["warranty"], "in_warranty");
}

TEST(RepairDraft, LocationOnTheLabelWinsOverTheRegister) {
  const auto d = BuildRepairDraft("OS1:A=EQ-2020-000042;L=B1-2F-W01-R02", Label("OS1:A=EQ-2020-000042;L=B1-2F-W01-R02"),
                                  Pump(), json::array(), kNow);
  EXPECT_EQ(d.location_code, "B1-2F-W01-R02");
  EXPECT_FALSE(d.needs_location);
}

TEST(RepairDraft, UnknownAssetKeepsTheRawCodeAndNeedsALocation) {
  RepairDraft d = UnknownDraft();
  EXPECT_FALSE(d.asset);
  EXPECT_EQ(d.raw_code, "ZC-2019-0457");
  EXPECT_EQ(d.asset_key, "ZC-2019-0457");
  EXPECT_TRUE(d.needs_location);
  EXPECT_TRUE(d.location_code.empty());
  EXPECT_EQ(d.warranty, WarrantyState::kUnknown);
  EXPECT_TRUE(d.open_tickets.empty());

  auto s = ValidateRepairDraft(d);
  ASSERT_FALSE(s);
  EXPECT_EQ(s.error().code, "repair.needs_location");
  EXPECT_NE(s.error().message.find("not in the local register"), std::string::npos);

  d.location_code = "B1-2F-W01-R01";
  EXPECT_TRUE(ValidateRepairDraft(d, "B1-2F-W01"));
  const json p = RepairPayload(d);
  // A bare tag is not an asset id: the hub must not file it as one, but it needs a description.
  EXPECT_FALSE(p.contains("asset"));
  EXPECT_FALSE(p.contains("trade"));
  EXPECT_EQ(p["description"], "ZC-2019-0457");
  EXPECT_EQ(p["code"], "ZC-2019-0457");
  EXPECT_EQ(p["location"], "B1-2F-W01-R01");
  EXPECT_EQ(p["warranty"], "unknown");

  d.note = "screen dark";
  EXPECT_EQ(RepairPayload(d)["description"], "screen dark");
}

TEST(RepairDraft, UnknownAssetIdFromOwnUrlIsStillSentAsAsset) {
  const auto d = BuildRepairDraft("https://h/a/EQ-2099-000001", Label("https://h/a/EQ-2099-000001"), std::nullopt,
                                  json::array(), kNow);
  EXPECT_TRUE(d.needs_location);
  EXPECT_EQ(RepairPayload(d)["asset"], "EQ-2099-000001");
}

TEST(RepairDraft, WarrantyAtTheDayBoundary) {
  EXPECT_EQ(WarrantyAt("2026-11-22", Ms("2026-11-22T00:00:00.000Z")), WarrantyState::kInWarranty);
  EXPECT_EQ(WarrantyAt("2026-11-22", Ms("2026-11-22T23:59:59.999Z")), WarrantyState::kInWarranty);
  EXPECT_EQ(WarrantyAt("2026-11-22", Ms("2026-11-23T00:00:00.000Z")), WarrantyState::kExpired);
  EXPECT_EQ(WarrantyAt("2024-02-29", Ms("2024-02-29T12:00:00.000Z")), WarrantyState::kInWarranty);
  EXPECT_EQ(WarrantyAt("2024-02-29", Ms("2024-03-01T00:00:00.000Z")), WarrantyState::kExpired);
  EXPECT_EQ(WarrantyAt("1999-12-31", Ms("2000-01-01T00:00:00.000Z")), WarrantyState::kExpired);
  for (const char* bad : {"", "2026-13-01", "2026-02-29", "2026-11-31", "2026-11-2", "2026/11/22", "20261122xx",
                          "2026-11-22T00:00:00Z"})
    EXPECT_EQ(WarrantyAt(bad, kNow), WarrantyState::kUnknown) << bad;

  json expired = Pump();
  expired["warranty_until"] = "2026-11-21";
  EXPECT_EQ(BuildRepairDraft("x", Label("https://h/a/EQ-2020-000042"), expired, json::array(), kNow).warranty,
            WarrantyState::kExpired);
  json none = Pump();
  none.erase("warranty_until");
  EXPECT_EQ(BuildRepairDraft("x", Label("https://h/a/EQ-2020-000042"), none, json::array(), kNow).warranty,
            WarrantyState::kUnknown);
  EXPECT_EQ(WarrantyStateName(WarrantyState::kExpired), "expired");
}

TEST(RepairDraft, OpenTicketsOnTheSameAssetOldestFirst) {
  const RepairDraft d = KnownDraft();
  ASSERT_EQ(d.open_tickets.size(), 2u);  // completed, other asset, malformed status are left out
  EXPECT_EQ(d.open_tickets[0].id, "TK-000003");
  EXPECT_EQ(d.open_tickets[1].id, "TK-000009");
  EXPECT_EQ(d.open_tickets[1].status, "accepted");
  EXPECT_EQ(d.open_tickets[1].created_at, "2026-11-22T14:02:00.000Z");
  EXPECT_EQ(d.open_tickets[1].created_at_ms, Ms("2026-11-22T14:02:00.000Z"));
  const json j = d;
  EXPECT_EQ(j["open_tickets"][1]["id"], "TK-000009");
}

TEST(RepairDraft, HostileRegisterJsonYieldsAnUnknownAsset) {
  for (const json& bad : {json("asset"), json::array(), json{{"id", 5}}, json::object()}) {
    const auto d = BuildRepairDraft("x", Label("https://h/a/EQ-2020-000042"), bad, json(42), kNow);
    EXPECT_FALSE(d.asset) << bad.dump();
    EXPECT_TRUE(d.needs_location);
  }
  json odd = Pump();
  odd["trade"] = 3;
  odd["class_name"] = json::array();
  const auto d = BuildRepairDraft("x", Label("https://h/a/EQ-2020-000042"), odd, json::array(), kNow);
  ASSERT_TRUE(d.asset);
  EXPECT_EQ(d.asset->trade, "");
  EXPECT_TRUE(d.asset->class_name.empty());
}

TEST(RepairDraft, AssetLookupKeysInOrder) {
  EXPECT_EQ(AssetLookupKeys(Label("(01)06901234567892(21)SN12345")), std::vector<std::string>{"SN12345"});
  EXPECT_EQ(AssetLookupKeys(Label("(8004)6901234ABC123")), std::vector<std::string>{"6901234ABC123"});
  EXPECT_TRUE(AssetLookupKeys(Label("https://h/l/B1-2F-W01-R01")).empty());
}

TEST(RepairValidation, EveryFailureHasItsReason) {
  auto code = [](const RepairDraft& d, std::string_view bound = {}) {
    auto s = ValidateRepairDraft(d, bound);
    return s ? std::string("ok") : s.error().code;
  };
  RepairDraft d = KnownDraft();
  EXPECT_EQ(code(d), "ok");

  RepairDraft x = d;
  x.location_code = "B1 2F;DROP";
  EXPECT_EQ(code(x), "repair.bad_location");
  x.location_code = "";
  x.needs_location = false;
  EXPECT_EQ(code(x), "repair.needs_location");
  EXPECT_EQ(code(d, "B9-1F-W01"), "repair.outside_binding");

  x = d;
  x.urgency = "asap";
  EXPECT_EQ(code(x), "repair.bad_urgency");
  auto s = ValidateRepairDraft(x);
  EXPECT_NE(s.error().message.find("routine, urgent, emergency"), std::string::npos);
  for (const char* u : {"routine", "urgent", "emergency"}) {
    x.urgency = u;
    EXPECT_EQ(code(x), "ok") << u;
  }

  x = d;
  x.category = "No Power!";
  EXPECT_EQ(code(x), "repair.bad_category");
  x.category = "no_power";
  EXPECT_EQ(code(x), "ok");
  EXPECT_EQ(RepairPayload(x)["category"], "no_power");

  x = d;
  x.note = std::string(200, 'a');
  EXPECT_EQ(code(x), "ok");
  x.note = std::string(201, 'a');
  EXPECT_EQ(code(x), "text.too_long");
  // 200 CJK characters are 600 bytes: the limit counts characters, not bytes.
  x.note.clear();
  for (int i = 0; i < 200; ++i) x.note += "\xe6\xb0\xb4";
  EXPECT_EQ(code(x), "ok");
  x.note += "\xe6\xb0\xb4";
  EXPECT_EQ(code(x), "text.too_long");

  for (const std::string& bad : {std::string("line\nbreak"), std::string("tab\there"), std::string("nul\0x", 5),
                                std::string("del\x7f"), std::string("c1 \xc2\x85")}) {
    x.note = bad;
    EXPECT_EQ(code(x), "text.control_char") << bad;
  }
  for (const std::string& bad : {std::string("\xff"), std::string("cut \xe6\xb0"), std::string("\xc0\xaf"),
                                std::string("\xed\xa0\x80"), std::string("\xf4\x90\x80\x80")}) {
    x.note = bad;
    EXPECT_EQ(code(x), "text.invalid_utf8");
  }

  // A location-only label names no equipment: without a note there is nothing to repair.
  RepairDraft place = BuildRepairDraft("https://h/l/B1-2F-W01-R01", Label("https://h/l/B1-2F-W01-R01"), std::nullopt,
                                       json::array(), kNow);
  EXPECT_EQ(place.location_code, "B1-2F-W01-R01");
  EXPECT_EQ(code(place), "repair.needs_note");
  place.note = "sink blocked";
  EXPECT_EQ(code(place), "ok");
  EXPECT_EQ(RepairPayload(place)["description"], "sink blocked");
}

TEST(CleaningDraft, BoundLocationTypeAndNote) {
  CleaningDraft d = BuildCleaningDraft("B1-2F-W01-BED03", std::nullopt);
  EXPECT_EQ(d.location_code, "B1-2F-W01-BED03");
  EXPECT_EQ(d.type, "cleaning");
  EXPECT_TRUE(ValidateCleaningDraft(d, "B1-2F-W01-BED03"));
  EXPECT_EQ(CleaningPayload(d), (json{{"location", "B1-2F-W01-BED03"}, {"type", "cleaning"}}));

  const auto scanned = BuildCleaningDraft("B1-2F-W01", Label("https://h/l/B1-2F-W01-R04"));
  EXPECT_EQ(scanned.location_code, "B1-2F-W01-R04");

  d.type = "disinfection";
  d.note = "after discharge";
  EXPECT_TRUE(ValidateCleaningDraft(d));
  EXPECT_EQ(CleaningPayload(d)["description"], "after discharge");

  d.type = "polish";
  EXPECT_EQ(ValidateCleaningDraft(d).error().code, "cleaning.bad_type");
  d.type = "cleaning";
  d.note = "a\nb";
  EXPECT_EQ(ValidateCleaningDraft(d).error().code, "text.control_char");
  d.note = "";
  EXPECT_EQ(ValidateCleaningDraft(d, "B2").error().code, "cleaning.outside_binding");
  EXPECT_EQ(ValidateCleaningDraft(BuildCleaningDraft("", std::nullopt)).error().code, "cleaning.needs_location");
}

TEST(ComplaintDraft, CategoryAndText) {
  ComplaintDraft d;
  d.location_code = "B1-2F-W01-BED03";
  EXPECT_EQ(ValidateComplaintDraft(d).error().code, "complaint.needs_text");
  d.text = "too noisy at night";
  EXPECT_TRUE(ValidateComplaintDraft(d, "B1-2F-W01"));
  EXPECT_EQ(ComplaintPayload(d), (json{{"location", "B1-2F-W01-BED03"}, {"category", "other"}, {"text", "too noisy at night"}}));
  d.category = "rude";
  EXPECT_EQ(ValidateComplaintDraft(d).error().code, "complaint.bad_category");
  d.category = "noise";
  d.text = std::string(501, 'x');
  EXPECT_EQ(ValidateComplaintDraft(d).error().code, "text.too_long");
  d.text = std::string(500, 'x');
  EXPECT_TRUE(ValidateComplaintDraft(d));
  d.location_code = "";
  EXPECT_EQ(ValidateComplaintDraft(d).error().code, "complaint.needs_location");
}
