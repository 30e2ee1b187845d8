// Escort requests, pure core: the rule the kiosk and the hub share (rules.h), the payload against the
// record whitelist, and the feature through Apply with the real catalogs — beds read by a job, chips,
// Send → OutboxRequest, refusals shown in words, a double tap sending once, stale answers ignored.
#include <gtest/gtest.h>

#include <utility>

#include <nlohmann/json.hpp>

#include "kiosk/core/features/escort/commands.h"
#include "kiosk/core/features/escort/feature.h"
#include "kiosk/core/features/escort/jobs.h"
#include "kiosk/core/features/escort/rules.h"
#include "kiosk/core/features/escort/state.h"
#include "kiosk/core/features/escort/views.h"
#include "kiosk/core/record_rules.h"
#include "kiosk/core/shell/shell.h"
#include "tests/unit/state_fixture.h"

using namespace onestop;
using json = nlohmann::json;

namespace {

constexpr int64_t kNow = 1795329000000;  // 2026-11-22 14:30 in Shanghai
constexpr int64_t kMin = 60000;
const std::string kWard = "B2-3F-W12";
const std::string kBed = "B2-3F-W12-BED07";

escort::EscortDraft Good() { return {kBed, "ct", "wheelchair", kNow + 30 * kMin, "Oxygen needed"}; }

std::string CodeOf(const Status& s) { return s ? "" : s.error().code; }

// ---- the rule ----------------------------------------------------------------------------------
TEST(EscortRule, AcceptsAGoodRequestAndItsPayloadPassesTheRecordWhitelist) {
  ASSERT_TRUE(escort::ValidateEscort(Good(), kWard, kNow).ok());
  const json p = escort::EscortPayload(Good());
  EXPECT_EQ(p["location"], kBed);
  EXPECT_EQ(p["destination"], "ct");
  EXPECT_EQ(p["mode"], "wheelchair");
  EXPECT_EQ(p["requested_at"], "2026-11-22T07:00:00.000Z");
  EXPECT_EQ(p["note"], "Oxygen needed");
  // The hub checks every payload against the one whitelist before any kind's rule.
  auto s = records::CheckPayload(protocol::RecordKind::kEscortRequest, p);
  EXPECT_TRUE(s.ok()) << s.error().message;
  auto back = escort::EscortFromPayload(p);
  ASSERT_TRUE(back.ok()) << back.error().message;
  EXPECT_EQ(back->requested_at_ms, kNow + 30 * kMin);
  EXPECT_EQ(back->note, "Oxygen needed");
  // No note: no key (the desk's ticket view shows none rather than an empty line).
  auto d = Good();
  d.note.clear();
  EXPECT_FALSE(escort::EscortPayload(d).contains("note"));
}

TEST(EscortRule, RecordKindIsOnTheWire) {
  EXPECT_EQ(protocol::RecordKindName(protocol::RecordKind::kEscortRequest), "escort_request");
  EXPECT_EQ(protocol::ParseRecordKind("escort_request"), protocol::RecordKind::kEscortRequest);
}

TEST(EscortRule, RefusesWhatTheHubMustNotTicket) {
  auto with = [](auto change) {
    auto d = Good();
    change(d);
    return CodeOf(escort::ValidateEscort(d, kWard, kNow));
  };
  EXPECT_EQ(with([](auto& d) { d.location.clear(); }), "escort.needs_location");
  EXPECT_EQ(with([](auto& d) { d.location = "B2-3F-W12-BED07; DROP"; }), "escort.bad_location");
  EXPECT_EQ(with([](auto& d) { d.location = "B2-3F-W13-BED07"; }), "escort.outside_binding");
  // "W1" is a prefix of "W12" as text, not as a place.
  EXPECT_EQ(CodeOf(escort::ValidateEscort(Good(), "B2-3F-W1", kNow)), "escort.outside_binding");
  EXPECT_EQ(with([](auto& d) { d.destination = "pet_scan"; }), "escort.bad_destination");
  EXPECT_EQ(with([](auto& d) { d.destination.clear(); }), "escort.bad_destination");
  EXPECT_EQ(with([](auto& d) { d.destination = "CT"; }), "escort.bad_destination") << "codes are exact";
  EXPECT_EQ(with([](auto& d) { d.mode = "helicopter"; }), "escort.bad_mode");
  EXPECT_EQ(with([](auto& d) { d.requested_at_ms = kNow - 5 * kMin - 1; }), "escort.bad_time");
  EXPECT_EQ(with([](auto& d) { d.requested_at_ms = kNow + 24 * 60 * kMin + 1; }), "escort.bad_time");
  EXPECT_EQ(with([](auto& d) { d.requested_at_ms = kNow - 5 * kMin; }), "") << "the window's edges are inside";
  EXPECT_EQ(with([](auto& d) { d.requested_at_ms = kNow + 24 * 60 * kMin; }), "");
  EXPECT_EQ(with([](auto& d) { d.note = "line one\nline two"; }), "text.control_char");
  EXPECT_EQ(with([](auto& d) { d.note = std::string("bad \xff byte"); }), "text.invalid_utf8");
  // 500 characters, not bytes: 500 CJK characters (1500 bytes) pass, 501 do not.
  std::string cjk;
  for (int i = 0; i < 500; ++i) cjk += "\xe5\x90\xb8";  // 吸
  EXPECT_EQ(with([&](auto& d) { d.note = cjk; }), "");
  EXPECT_EQ(with([&](auto& d) { d.note = cjk + "x"; }), "text.too_long");
}

TEST(EscortRule, HostilePayloadsAreRefusedWithoutThrowing) {
  EXPECT_FALSE(escort::EscortFromPayload(json::array()).ok());
  EXPECT_FALSE(escort::EscortFromPayload(json{{"destination", "ct"}, {"mode", "bed"}}).ok()) << "requested_at required";
  EXPECT_FALSE(escort::EscortFromPayload(json{{"destination", 7}, {"mode", "bed"}, {"requested_at", "2026-11-22T07:00:00Z"}}).ok());
  auto lax = escort::EscortFromPayload(json{{"destination", "ct"}, {"mode", "bed"}, {"requested_at", "2026-11-22 07:00"}});
  ASSERT_FALSE(lax.ok());
  EXPECT_EQ(lax.error().code, "escort.bad_time");
  // Unknown keys are the whitelist's business: refused before the rule runs.
  auto extra = escort::EscortPayload(Good());
  extra["priority"] = "vip";
  EXPECT_EQ(CodeOf(records::CheckPayload(protocol::RecordKind::kEscortRequest, extra)), "unknown_key");
}

TEST(EscortRule, RefusalsMapToRecordReasonsTheKioskTranslates) {
  auto code = [](const char* c) { return escort::RecordRefusal(Error{c, "m"}).code; };
  EXPECT_EQ(code("escort.bad_destination"), "bad_field");
  EXPECT_EQ(code("escort.bad_time"), "bad_field");
  EXPECT_EQ(code("escort.outside_binding"), "out_of_scope");
  EXPECT_EQ(code("escort.needs_location"), "missing_field");
  EXPECT_EQ(code("text.too_long"), "field_too_long");
  for (const char* c : {"escort.bad_destination", "escort.outside_binding", "text.too_long"})
    EXPECT_TRUE(records::IsReasonCode(code(c))) << c;
  // The escort code stays in the detail for the desk's log and the dead-letter list.
  EXPECT_EQ(escort::RecordRefusal(Error{"escort.bad_mode", "m"}).message, "escort.bad_mode: m");
}

// ---- the feature ---------------------------------------------------------------------------------
class EscortFeature : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadCatalogs(&i18n);
    s.terminal.binding.role = Role::kWard;
    s.terminal.binding.location = kWard;
    PrepareState(s, i18n, clock, Lang::kEn);
  }
  // The jobs the frame asked for, taken like the app does.
  std::vector<Job> TakeJobs() { return std::exchange(s.effects.jobs, {}); }
  // Opens the screen and answers its beds job like the app's lookup.
  void Open() {
    Apply(s, cmd::Navigate{screens::kEscort});
    auto jobs = TakeJobs();
    ASSERT_EQ(jobs.size(), 1u);
    const auto* j = jobs[0].As<escort::job::ReadBeds>();
    ASSERT_NE(j, nullptr);
    EXPECT_EQ(j->ward, kWard);
    Apply(s, escort::cmd::BedsRead{j->ward, {{kWard + "-BED06", LocalText::Same("Bed 6")}, {kBed, LocalText::Same("Bed 7")}}});
  }
  const OutboxRequest* Outbox() {
    for (const auto& j : s.effects.jobs)
      if (auto* r = j.As<OutboxRequest>()) return r;
    return nullptr;
  }
  I18n i18n;
  FakeClock clock{kNow};
  AppState s;
};

TEST_F(EscortFeature, HomeTileOnlyOnTheWardKiosk) {
  auto tiles = [&] {
    std::vector<HomeTile> t;
    escort::kFeature.AddHomeTiles(s, t);
    return t;
  };
  ASSERT_EQ(tiles().size(), 1u);
  EXPECT_EQ(tiles()[0].target, screens::kEscort);
  s.terminal.binding.role = Role::kBedside;
  s.terminal.binding.location = kBed;
  EXPECT_TRUE(tiles().empty());
  s.terminal.binding.role = Role::kStaff;
  EXPECT_TRUE(tiles().empty());
}

TEST_F(EscortFeature, ChoicesThenSendQueueTheValidatedPayload) {
  Open();
  auto v = escort::BuildEscortView(s);
  ASSERT_EQ(v.beds.chips.size(), 2u);
  EXPECT_EQ(v.beds.chips[1].label, "Bed 7");
  EXPECT_EQ(v.destination.chips.size(), escort::Destinations().size());
  EXPECT_EQ(v.destination.chips[6].label, "Operating theatre") << "labels come from the catalog";
  EXPECT_EQ(v.when.label, "When (pick-up 14:30)") << "'now' by default";
  Apply(s, escort::cmd::PickBed{kBed});
  Apply(s, escort::cmd::SetDestination{"mri"});
  Apply(s, escort::cmd::SetWhen{"in_1h"});
  Apply(s, escort::cmd::SetMode{"bed"});
  Apply(s, cmd::SetField{escort::kNoteField, "Infusion running"});
  EXPECT_EQ(escort::BuildEscortView(s).when.label, "When (pick-up 15:30)");
  ChromeView chrome = BuildChrome(s);
  ASSERT_EQ(chrome.action.size(), 1u);
  Apply(s, chrome.action[0]);  // Send on the navigation bar
  const OutboxRequest* r = Outbox();
  ASSERT_NE(r, nullptr);
  EXPECT_EQ(r->kind, "escort_request");
  const json p = json::parse(r->payload_json);
  EXPECT_EQ(p, json({{"location", kBed}, {"destination", "mri"}, {"mode", "bed"},
                     {"requested_at", "2026-11-22T07:30:00.000Z"}, {"note", "Infusion running"}}));
  // Saving → saved → sent with the ticket number, as the request form shows it.
  v = escort::BuildEscortView(s);
  ASSERT_TRUE(v.submitted);
  EXPECT_EQ(v.progress_title, "Saving…");
  Apply(s, job::OutboxSaved{r->tag, "rec-1"});
  EXPECT_EQ(escort::BuildEscortView(s).state, ActionState::kSaved);
  Apply(s, job::RecordOutcome{"rec-1", protocol::PushStatus::kAccepted, "TK-000123", ""});
  v = escort::BuildEscortView(s);
  EXPECT_EQ(v.state, ActionState::kSent);
  EXPECT_EQ(v.progress_detail, "Ticket number TK-000123");
  EXPECT_EQ(v.sent_facts.at(0).second, "Bed 7");
  EXPECT_TRUE(BuildChrome(s).action.empty()) << "no Send once sent";
  // A second Send (a double tap that raced the chrome) queues nothing more.
  const size_t jobs = s.effects.jobs.size();
  Apply(s, escort::cmd::Send{});
  EXPECT_EQ(s.effects.jobs.size(), jobs);
  // "New request": a fresh form, the beds kept.
  Apply(s, escort::cmd::StartNew{});
  v = escort::BuildEscortView(s);
  EXPECT_FALSE(v.submitted);
  EXPECT_EQ(v.beds.chips.size(), 2u);
  EXPECT_TRUE(v.text_value.empty());
  EXPECT_FALSE(v.destination.chips[1].selected);
}

TEST_F(EscortFeature, RefusedSendSaysWhyInTheUsersLanguageAndQueuesNothing) {
  Open();
  Apply(s, escort::cmd::Send{});
  EXPECT_EQ(Outbox(), nullptr);
  EXPECT_EQ(escort::BuildEscortView(s).error, "Choose the patient's bed.");
  Apply(s, escort::cmd::PickBed{kBed});
  Apply(s, escort::cmd::Send{});
  EXPECT_EQ(escort::BuildEscortView(s).error, "Choose where the patient goes.");
  Apply(s, escort::cmd::SetDestination{"ct"});
  Apply(s, escort::cmd::Send{});
  EXPECT_EQ(Outbox(), nullptr) << "no mode chosen";
  Apply(s, cmd::SetLanguage{Lang::kZhHans});
  EXPECT_EQ(escort::BuildEscortView(s).error, "请选择运送方式：轮椅、病床或步行。");
  Apply(s, escort::cmd::SetMode{"walking"});
  Apply(s, cmd::SetField{escort::kNoteField, "tab\there"});
  Apply(s, escort::cmd::Send{});
  EXPECT_EQ(Outbox(), nullptr) << "a control character in the note";
  Apply(s, cmd::SetField{escort::kNoteField, ""});
  Apply(s, escort::cmd::Send{});
  ASSERT_NE(Outbox(), nullptr);
  EXPECT_TRUE(escort::BuildEscortView(s).error.empty());
}

TEST_F(EscortFeature, ForgedOrStaleChoicesChangeNothing) {
  Open();
  // A bed the ward list does not hold (another ward's, or one closed since) is not taken.
  Apply(s, escort::cmd::PickBed{"B2-3F-W13-BED01"});
  Apply(s, escort::cmd::SetDestination{"spa"});
  Apply(s, escort::cmd::SetWhen{"in_3d"});
  Apply(s, escort::cmd::SetMode{"rocket"});
  const auto& e = escort::Get(std::as_const(s));
  EXPECT_TRUE(e.bed.empty());
  EXPECT_TRUE(e.destination.empty());
  EXPECT_EQ(e.when, "now");
  EXPECT_TRUE(e.mode.empty());
  // A beds answer nobody waits for (another ward's, or after the list arrived) is ignored.
  Apply(s, escort::cmd::BedsRead{"B2-3F-W13", {{"B2-3F-W13-BED01", {}}}});
  EXPECT_EQ(escort::BuildEscortView(s).beds.chips.size(), 2u);
  // A bed that left the ward by the next read is un-chosen.
  Apply(s, escort::cmd::PickBed{kBed});
  Apply(s, cmd::GoHome{});
  Apply(s, cmd::Navigate{screens::kEscort});
  Apply(s, escort::cmd::BedsRead{kWard, {{kWard + "-BED06", {}}}});
  EXPECT_TRUE(escort::Get(std::as_const(s)).bed.empty());
  auto v = escort::BuildEscortView(s);
  ASSERT_EQ(v.beds.chips.size(), 1u);
  EXPECT_EQ(v.beds.chips[0].label, "BED06") << "a bed without a name shows its code within the ward";
}

TEST_F(EscortFeature, SessionResetForgetsTheRequestAndIdleSeesTheSlice) {
  EXPECT_TRUE(escort::kFeature.Pristine(s));
  Open();
  Apply(s, escort::cmd::PickBed{kBed});
  EXPECT_FALSE(escort::kFeature.Pristine(s)) << "the idle rule must reset a half-filled form";
  ResetSession(s);
  EXPECT_TRUE(escort::kFeature.Pristine(s));
  // The answer of a read asked before the reset arrives after it: nobody waits, nothing shows.
  Apply(s, escort::cmd::BedsRead{kWard, {{kBed, {}}}});
  EXPECT_TRUE(escort::Get(std::as_const(s)).beds.empty());
}

TEST_F(EscortFeature, EveryErrorCodeHasTextInEveryCatalog) {
  for (const auto& code : escort::TranslatedErrorCodes())
    for (Lang l : kAllLangs) EXPECT_TRUE(i18n.catalog(l).Has("error." + code)) << LangTag(l) << " " << code;
  // Each destination and mode has its word in every language (views.cpp names them by code).
  for (Lang l : kAllLangs) {
    for (auto d : escort::Destinations()) EXPECT_TRUE(i18n.catalog(l).Has("escort.dest." + std::string(d))) << d;
    for (auto m : escort::Modes()) EXPECT_TRUE(i18n.catalog(l).Has("escort.mode." + std::string(m))) << m;
    for (const auto& w : escort::WhenChoices()) EXPECT_TRUE(i18n.catalog(l).Has("escort.when." + std::string(w.code)));
  }
}

}  // namespace
