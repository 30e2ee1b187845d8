// Rating screens through Apply with a fake PIN verifier at the seam (the real Argon2id check is the
// app's, tested with libsodium elsewhere): what a nurse and a patient can do, and what reaches the outbox.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>

#include "kiosk/core/features/foundation/feature.h"
#include "kiosk/core/features/meals/commands.h"
#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/meals/jobs.h"
#include "kiosk/core/features/meals/views.h"
#include "kiosk/core/features/rating/commands.h"
#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/features/rating/jobs.h"
#include "kiosk/core/features/rating/views.h"
#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/requests/jobs.h"
#include "kiosk/core/features/requests/store_data.h"
#include "kiosk/core/features/requests/views.h"
#include "kiosk/core/features/staff/commands.h"
#include "kiosk/core/features/staff/feature.h"
#include "kiosk/core/features/staff/jobs.h"
#include "kiosk/core/features/staff/state.h"
#include "kiosk/core/shell/shell.h"
#include "tests/unit/effects_helpers.h"


using namespace onestop;
using json = nlohmann::json;

namespace {

class RatingScreens : public ::testing::Test {
 protected:
  void SetUp() override {
    auto i = I18n::LoadDir(std::string(ONESTOP_ASSETS_DIR) + "/i18n");
    ASSERT_TRUE(i.ok());
    i18n = std::move(i.value());
    s.i18n = &i18n;
    s.clock = &clock;
    s.terminal.tz = TimeZone::Find("Asia/Shanghai").value();
    s.terminal.binding.role = onestop::Role::kWard;
    s.terminal.binding.location = "B2-3F-W12";
    staff::SessionPolicy policy;
    policy.max_failed_pins = 3;
    policy.idle_timeout_s = 60;
    policy.idle_warn_s = 10;
    // The seam: "hash:<pin>" verifies <pin>. Real hashes are checked by libsodium in the app.
    s.terminal.staff = std::make_shared<staff::StaffSession>(
        clock, [](std::string_view hash, std::string_view pin) { return hash == "hash:" + std::string(pin); },
        Binding{onestop::Role::kWard, "B2-3F-W12"}, policy);
    ResetSession(s);
  }
  RatingContext Context() const {
    RatingContext c;
    c.binding = {onestop::Role::kWard, "B2-3F-W12"};
    c.terminal_id = "T-1";
    const int64_t now = clock.NowUtcMs();
    for (const char* id : {"TK-1", "TK-2"}) {
      json t = {{"id", id}, {"kind", "repair"}, {"status", "completed"}, {"location", "B2-3F-W12-BED07"},
                {"team", "equip_team"}, {"created_at", FormatIsoUtcMs(now - 7200000)},
                {"history", {{{"status", "received"}, {"at", FormatIsoUtcMs(now - 7200000)}},
                             {{"status", "completed"}, {"at", FormatIsoUtcMs(now - 3600000)}}}}};
      if (std::string(id) == "TK-2")
        t["ratings"] = {{{"rater", "N1"}, {"round", 1}, {"overall", 5}, {"at", FormatIsoUtcMs(now - 60000)}}};
      c.tickets.push_back(rating::TicketFromJson(t).value());
    }
    std::vector<staff::StaffMember> members;
    members.push_back(staff::StaffFromJson({{"id", "N1"}, {"role", "nurse"}, {"ward", "B2-3F-W12"},
                                            {"pin_hash", "hash:246810"}, {"badge", "BADGE1"},
                                            {"name", {{"en", "Nurse One"}}}}).value());
    c.staff = staff::StaffDirectory(std::move(members));
    return c;
  }
  // Answers every pending query like the app's worker.
  void Answer() {
    for (const Job& q : std::exchange(s.effects.jobs, {})) {
      if (q.As<rateui::job::ReadRatingContext>()) Apply(s, rateui::cmd::RatingContextRead{Context()});
      if (q.As<staffui::job::ReadDirectory>()) Apply(s, staffui::cmd::DirectoryRead{Context().staff});
      if (auto* pin = q.As<staffui::job::CheckPin>()) Apply(s, staffui::cmd::PinChecked{pin->attempt, pin->hash == "hash:" + pin->pin});
    }
  }
  void TypePin(const std::string& number, const std::string& pin) {
    Apply(s, cmd::SetField{"signin.number", number});
    Apply(s, staffui::cmd::NumberEntered{});
    Apply(s, cmd::SetField{"signin.pin", pin});
    Apply(s, staffui::cmd::PinEntered{});
    EXPECT_EQ(s.session.fields.count("signin.pin"), 0u) << "the PIN leaves the buffers at once";
    Answer();
  }
  I18n i18n;
  FakeClock clock{1795329000000};
  AppState s;
};

TEST_F(RatingScreens, WardKioskAsksForSignInThenNurseRatesOnce) {
  Apply(s, cmd::Navigate{screens::kToRate});
  Answer();
  EXPECT_TRUE(rateui::BuildToRateView(s).needs_sign_in);
  Apply(s, cmd::Navigate{screens::kSignIn});
  Answer();
  TypePin("N1", "246810");
  ASSERT_TRUE(s.terminal.staff->signed_in());
  EXPECT_EQ(s.session.screen, screens::kToRate);
  Answer();
  auto list = rateui::BuildToRateView(s);
  ASSERT_EQ(list.rows.size(), 2u);
  Apply(s, rateui::cmd::PickTicket{"TK-2"});  // already rated by N1 at the hub: shows the first rating
  EXPECT_FALSE(rateui::BuildRateView(s).first.empty());
  EXPECT_TRUE(BuildChrome(s).action.empty());
  Apply(s, cmd::Back{});
  Answer();
  Apply(s, rateui::cmd::PickTicket{"TK-1"});
  Apply(s, rateui::cmd::SetScore{"", 2});
  Apply(s, rateui::cmd::SendRating{});
  EXPECT_TRUE(Outbox(s).empty()) << "dimensions are required on the kiosk";
  EXPECT_EQ(rateui::Get(s).error_code, "rating.score_required");
  for (const char* d : {"timeliness", "attitude", "quality"}) Apply(s, rateui::cmd::SetScore{d, 2});
  Apply(s, rateui::cmd::ToggleTag{"not_fixed"});
  Apply(s, rateui::cmd::SetReopen{true});
  EXPECT_TRUE(rateui::BuildRateView(s).can_reopen);
  Apply(s, rateui::cmd::SendRating{});
  ASSERT_EQ(Outbox(s).size(), 1u);
  const json p = json::parse(Outbox(s)[0].payload_json);
  EXPECT_EQ(p["ticket"], "TK-1");
  EXPECT_EQ(p["overall"], 2);
  EXPECT_EQ(p["rater"], "N1");
  EXPECT_EQ(p["reopen"], true);
  EXPECT_EQ(p["tags"][0], "not_fixed");
  Apply(s, rateui::cmd::SendRating{});
  EXPECT_EQ(Outbox(s).size(), 1u);
}

TEST_F(RatingScreens, WrongPinsLockTheNumber) {
  Apply(s, cmd::Navigate{screens::kSignIn});
  Answer();
  for (int i = 0; i < 3; ++i) TypePin("N1", "111111");
  EXPECT_FALSE(s.terminal.staff->signed_in());
  TypePin("N1", "246810");  // right PIN, but locked now
  EXPECT_FALSE(s.terminal.staff->signed_in());
  EXPECT_EQ(staffui::Get(s).code, "staff.locked");
  EXPECT_NE(staffui::BuildSignInView(s).error.find(i18n.Tr(Lang::kZhHans, "error.staff.locked")), std::string::npos);
  clock.Advance(301 * 1000);  // the lock lasts 300 s
  TypePin("N1", "246810");
  EXPECT_TRUE(s.terminal.staff->signed_in());
}

TEST_F(RatingScreens, BadgeSignsInAndInactivitySignsOutWipingTheScreens) {
  Apply(s, cmd::Navigate{screens::kSignIn});
  Answer();
  Apply(s, cmd::ScanCode{"BADGE1"});
  ASSERT_TRUE(s.terminal.staff->signed_in());
  Apply(s, cmd::Navigate{screens::kToRate});  // the sign-in screen was opened from home: the nurse goes on
  Answer();
  Apply(s, rateui::cmd::PickTicket{"TK-1"});
  Apply(s, rateui::cmd::SetScore{"", 5});
  clock.Advance(55 * 1000);
  TickIdle(s);
  EXPECT_FALSE(rateui::BuildToRateView(s).countdown.empty()) << "the countdown shows for the last 10 s";
  clock.Advance(6 * 1000);
  TickIdle(s);
  EXPECT_FALSE(s.terminal.staff->signed_in());
  EXPECT_EQ(s.session.screen, screens::kHome);
  EXPECT_FALSE(rateui::Get(s).ctx);
  EXPECT_EQ(s.session.fields.count("rate.overall"), 0u);
}

TEST_F(RatingScreens, PatientSessionResetSignsStaffOut) {
  Apply(s, cmd::Navigate{screens::kSignIn});
  Answer();
  Apply(s, cmd::ScanCode{"BADGE1"});
  ASSERT_TRUE(s.terminal.staff->signed_in());
  ResetSession(s);
  EXPECT_FALSE(s.terminal.staff->signed_in());
}

TEST_F(RatingScreens, BedsidePatientRatesWithoutSigningIn) {
  s.terminal.binding.role = onestop::Role::kBedside;
  s.terminal.binding.location = "B2-3F-W12-BED07";
  Apply(s, cmd::Navigate{screens::kToRate});
  for (const Job& q : std::exchange(s.effects.jobs, {})) {
    if (!q.As<rateui::job::ReadRatingContext>()) continue;
    RatingContext c = Context();
    c.binding = {onestop::Role::kBedside, "B2-3F-W12-BED07"};
    Apply(s, rateui::cmd::RatingContextRead{std::move(c)});
  }
  const auto v = rateui::BuildToRateView(s);
  EXPECT_FALSE(v.needs_sign_in);
  ASSERT_FALSE(v.rows.empty());
}

// Issue 16: "the to-rate list and the rating screen name neither the asset, the place, nor who did the
// job". Both name what was done (kind and fault category, the requester's words), the asset with its
// label code, the place in the session's language, the worker and the completion time.
TEST_F(RatingScreens, ToRateRowAndRatingHeaderSayWhatWhereWhoAndWhen) {
  s.terminal.binding.role = onestop::Role::kBedside;
  s.terminal.binding.location = "B2-3F-W12-BED07";
  Apply(s, cmd::Navigate{screens::kToRate});
  const int64_t done_ms = clock.NowUtcMs() - 3600000;
  for (const Job& q : std::exchange(s.effects.jobs, {})) {
    if (!q.As<rateui::job::ReadRatingContext>()) continue;
    RatingContext c;
    c.binding = {onestop::Role::kBedside, "B2-3F-W12-BED07"};
    c.terminal_id = "T-1";
    c.tickets.push_back(rating::TicketFromJson(
        {{"id", "TK-7"}, {"kind", "repair"}, {"status", "completed"}, {"location", "B2-3F-W12-BED07"},
         {"asset", "EQ-2019-000123"}, {"trade", "mechanical"}, {"team", "mech_team"}, {"worker", "S0004"},
         {"detail", {{"category", "motor"}, {"description", "bed does not go up"}}},
         {"created_at", FormatIsoUtcMs(done_ms - 7200000)},
         {"history", {{{"status", "completed"}, {"at", FormatIsoUtcMs(done_ms)}}}}}).value());
    TicketNames n;
    n.category = LocalText::FromJson(json{{"en", "Lift does not move"}, {"zh-Hans", "motor-hans"}});
    n.asset_class = LocalText::FromJson(json{{"en", "Electric bed"}, {"zh-Hans", "bed-hans"}});
    n.place = LocalText::FromJson(json{{"en", "Ward 12 \u00b7 Room 3 \u00b7 Bed 7"}, {"zh-Hans", "ward-hans \u00b7 room-hans \u00b7 bed7-hans"}});
    n.worker = LocalText::FromJson(json{{"en", "Wang Fang"}, {"zh-Hans", "wang-hans"}});
    n.trade = LocalText::FromJson(json{{"en", "Mechanical"}, {"zh-Hans", "mech-hans"}});
    c.names["TK-7"] = n;
    Apply(s, rateui::cmd::RatingContextRead{std::move(c)});
  }
  const std::string when = "13:30";  // done today: the time alone, no ISO date (core_when_text_test: other days)
  for (Lang lang : {Lang::kEn, Lang::kZhHans}) {
    s.session.lang = lang;
    const bool en = lang == Lang::kEn;
    const auto list = rateui::BuildToRateView(s);
    ASSERT_EQ(list.rows.size(), 1u);
    const auto& row = list.rows[0];
    const std::string shown = row.title + "\n" + row.detail;
    for (const std::string& want :
         {std::string(en ? "Lift does not move" : "motor-hans"), std::string("bed does not go up"),
          std::string(en ? "Electric bed" : "bed-hans"), std::string("EQ-2019-000123"),
          std::string(en ? "Ward 12 \u00b7 Room 3 \u00b7 Bed 7" : "ward-hans \u00b7 room-hans \u00b7 bed7-hans"),
          std::string(en ? "Wang Fang" : "wang-hans"), when, s.Tr("request.kind.repair")})
      EXPECT_NE(shown.find(want), std::string::npos) << "the to-rate row lacks \"" << want << "\": " << shown;
    EXPECT_EQ(shown.find("B2-3F-W12-BED07"), std::string::npos) << "the place by name, not its code";

    Apply(s, rateui::cmd::PickTicket{"TK-7"});
    const auto v = rateui::BuildRateView(s);
    EXPECT_NE(v.title.find(en ? "Lift does not move" : "motor-hans"), std::string::npos) << v.title;
    EXPECT_EQ(v.detail, "bed does not go up");
    auto fact = [&](const char* key) {
      for (const auto& [label, value] : v.facts)
        if (label == s.Tr(key)) return value;
      return std::string("(missing)");
    };
    EXPECT_EQ(fact("rating.fact.asset"), std::string(en ? "Electric bed" : "bed-hans") + "  EQ-2019-000123");
    EXPECT_EQ(fact("rating.fact.place"), en ? "Ward 12 \u00b7 Room 3 \u00b7 Bed 7" : "ward-hans \u00b7 room-hans \u00b7 bed7-hans");
    EXPECT_EQ(fact("rating.fact.worker"), en ? "Wang Fang \u00b7 Mechanical" : "wang-hans \u00b7 mech-hans");
    EXPECT_EQ(fact("rating.fact.completed"), when);
    EXPECT_EQ(fact("rating.fact.request"), "TK-7");
    Apply(s, cmd::Back{});
  }
}

}  // namespace
