// Staff sign-in state machine (issue 7): badge, PIN, wrong PIN, lockout per number and per terminal
// and their expiry, idle sign-out with countdown wiping everything, staff not allowed on a terminal,
// the two-step PIN check. Fake clock and a fake verifier (the real Argon2id check is in the
// integration test): the verifier here compares "hash" = "H:" + PIN.
#include <gtest/gtest.h>

#include "kiosk/core/staff_session.h"

using namespace onestop;
using namespace onestop::staff;
namespace pr = onestop::protocol;

namespace {

StaffMember Nurse(const std::string& id, const std::string& ward, const std::string& pin, const std::string& badge) {
  StaffMember s;
  s.id = id;
  s.role = "nurse";
  s.ward = ward;
  s.pin_hash = pin.empty() ? "" : "H:" + pin;
  s.badge = badge;
  return s;
}

struct Fixture {
  FakeClock clock{1'790'000'000'000};
  int verifications = 0;
  PinVerifier verifier = [this](std::string_view hash, std::string_view pin) {
    ++verifications;
    return hash == "H:" + std::string(pin);
  };
  SessionPolicy policy;  // defaults: 5 per number, 10 per terminal, 300 s lock, 120 s idle, 20 s warn
  StaffDirectory dir{{Nurse("N1", "B1-1F-W01", "246810", "NB1"), Nurse("N2", "B1-1F-W01", "135790", "NB2"),
                      Nurse("N9", "B1-1F-W02", "246810", "NB9"), Nurse("N0", "B1-1F-W01", "", "NB0")}};
  StaffSession Make(Binding b = {onestop::Role::kWard, "B1-1F-W01"}) {
    StaffSession s(clock, verifier, b, policy);
    s.SetDirectory(dir);
    return s;
  }
};

TEST(StaffSession, BadgeSignsInAndViewCarriesNoHash) {
  Fixture f;
  auto s = f.Make();
  const auto e0 = s.epoch();
  ASSERT_TRUE(s.SignInWithBadge("NB1").ok());
  EXPECT_TRUE(s.signed_in());
  EXPECT_EQ(s.staff()->id, "N1");
  EXPECT_TRUE(s.staff()->pin_hash.empty());
  const auto v = s.View();
  EXPECT_EQ(v.method, "badge");
  EXPECT_NE(v.epoch, e0);
  EXPECT_EQ(v.seconds_left, 120);
  EXPECT_EQ(f.verifications, 0);
  auto bad = s.SignInWithBadge("NOPE");
  EXPECT_EQ(bad.error().code, "staff.unknown_badge");
  EXPECT_EQ(s.staff()->id, "N1");  // a stray scan does not sign anyone out
}

TEST(StaffSession, PinRightAndWrong) {
  Fixture f;
  auto s = f.Make();
  auto wrong = s.SignInWithPin("N1", "111111");
  EXPECT_EQ(wrong.error().code, "staff.bad_credentials");
  EXPECT_FALSE(s.signed_in());
  EXPECT_EQ(s.FailedAttempts("N1"), 1);
  // An unknown number gets the same answer and is counted the same.
  EXPECT_EQ(s.SignInWithPin("N404", "246810").error().code, "staff.bad_credentials");
  EXPECT_EQ(s.FailedAttempts("N404"), 1);
  EXPECT_EQ(s.SignInWithPin("N1", "12ab56").error().code, "staff.bad_pin_format");
  EXPECT_EQ(s.SignInWithPin("N1", "12345").error().code, "staff.bad_pin_format");
  EXPECT_EQ(s.FailedAttempts("N1"), 1);  // a malformed PIN is not a guess
  EXPECT_EQ(s.SignInWithPin("N0", "246810").error().code, "staff.no_pin");
  ASSERT_TRUE(s.SignInWithPin("N1", "246810").ok());
  EXPECT_EQ(s.View().method, "pin");
  EXPECT_EQ(s.FailedAttempts("N1"), 0);  // success clears the count
}

TEST(StaffSession, LockoutPerNumberAndItsExpiry) {
  Fixture f;
  auto s = f.Make();
  for (int i = 0; i < 4; ++i) EXPECT_EQ(s.SignInWithPin("N1", "000000").error().code, "staff.bad_credentials") << i;
  auto fifth = s.SignInWithPin("N1", "000000");
  EXPECT_EQ(fifth.error().code, "staff.locked");
  EXPECT_EQ(s.LockedSecondsLeft("N1"), 300);
  const int checks = f.verifications;
  // Locked: even the right PIN is not checked at all.
  EXPECT_EQ(s.SignInWithPin("N1", "246810").error().code, "staff.locked");
  EXPECT_EQ(f.verifications, checks);
  // Other numbers and badges still work.
  ASSERT_TRUE(s.SignInWithPin("N2", "135790").ok());
  s.SignOut();
  ASSERT_TRUE(s.SignInWithBadge("NB1").ok());
  s.SignOut();
  f.clock.Advance(299'000);
  EXPECT_EQ(s.LockedSecondsLeft("N1"), 1);
  EXPECT_EQ(s.SignInWithPin("N1", "246810").error().code, "staff.locked");
  f.clock.Advance(1'000);
  EXPECT_EQ(s.LockedSecondsLeft("N1"), 0);
  ASSERT_TRUE(s.SignInWithPin("N1", "246810").ok());
}

TEST(StaffSession, OldFailuresAreForgotten) {
  Fixture f;
  auto s = f.Make();
  for (int i = 0; i < 4; ++i) (void)s.SignInWithPin("N1", "000000");
  f.clock.Advance(300'000);  // outside the window
  EXPECT_EQ(s.FailedAttempts("N1"), 0);
  EXPECT_EQ(s.SignInWithPin("N1", "000000").error().code, "staff.bad_credentials");
}

TEST(StaffSession, TerminalLockoutAcrossNumbers) {
  Fixture f;
  auto s = f.Make();
  // Spread over numbers so no single number locks: the terminal does after 10.
  for (int i = 0; i < 9; ++i) EXPECT_EQ(s.SignInWithPin("X" + std::to_string(i), "000000").error().code, "staff.bad_credentials");
  EXPECT_EQ(s.SignInWithPin("X9", "000000").error().code, "staff.terminal_locked");
  EXPECT_EQ(s.SignInWithPin("N1", "246810").error().code, "staff.terminal_locked");
  ASSERT_TRUE(s.SignInWithBadge("NB1").ok());  // badges still work
  s.SignOut();
  f.clock.Advance(300'000);
  ASSERT_TRUE(s.SignInWithPin("N1", "246810").ok());
}

TEST(StaffSession, IdleSignOutWipesEverything) {
  Fixture f;
  auto s = f.Make();
  ASSERT_TRUE(s.SignInWithBadge("NB1").ok());
  s.scratch()["draft"] = "comment typed by N1";
  const auto e1 = s.epoch();
  f.clock.Advance(90'000);
  EXPECT_FALSE(s.Tick());
  EXPECT_FALSE(s.View().warning);
  s.Touch();  // input resets the timer
  f.clock.Advance(101'000);
  auto v = s.View();
  EXPECT_TRUE(v.warning);
  EXPECT_EQ(v.seconds_left, 19);
  EXPECT_FALSE(s.Tick());
  f.clock.Advance(19'000);
  auto out = s.Tick();
  ASSERT_TRUE(out);
  EXPECT_EQ(*out, SignOutReason::kIdle);
  EXPECT_FALSE(s.signed_in());
  EXPECT_EQ(s.last_sign_out(), SignOutReason::kIdle);
  EXPECT_NE(s.epoch(), e1);
  EXPECT_TRUE(s.scratch().empty());
  v = s.View();
  EXPECT_FALSE(v.staff);
  EXPECT_TRUE(v.method.empty());
  EXPECT_EQ(v.seconds_left, 0);
  EXPECT_FALSE(s.Tick());  // nothing more to do
}

TEST(StaffSession, OnlyStaffAllowedOnThisTerminal) {
  Fixture f;
  auto ward = f.Make();
  EXPECT_EQ(ward.SignInWithBadge("NB9").error().code, "staff.not_allowed_here");
  EXPECT_EQ(ward.SignInWithPin("N9", "246810").error().code, "staff.not_allowed_here");
  auto bed = f.Make({onestop::Role::kBedside, "B1-1F-W01-BED03"});
  EXPECT_TRUE(bed.SignInWithBadge("NB1").ok());  // the bed lies in her ward
  auto tablet = f.Make({onestop::Role::kStaff, ""});
  EXPECT_TRUE(tablet.SignInWithBadge("NB9").ok());
  StaffMember worker;
  worker.id = "S0001";
  worker.team = "electrical";
  EXPECT_EQ(StaffAllowedAt(worker, {onestop::Role::kWard, "B1-1F-W01"}).error().code, "staff.not_allowed_here");
  worker.active = false;
  EXPECT_EQ(StaffAllowedAt(worker, {onestop::Role::kStaff, ""}).error().code, "staff.inactive");
}

TEST(StaffSession, DirectoryChangeSignsOutWhoIsNoLongerAllowed) {
  Fixture f;
  auto s = f.Make();
  ASSERT_TRUE(s.SignInWithBadge("NB1").ok());
  s.SetDirectory(StaffDirectory({Nurse("N1", "B1-1F-W02", "246810", "NB1")}));  // moved ward
  EXPECT_FALSE(s.signed_in());
  EXPECT_EQ(s.last_sign_out(), SignOutReason::kNotAllowed);
}

TEST(StaffSession, TwoStepPinForTheUiWorker) {
  Fixture f;
  auto s = f.Make();
  auto c = s.BeginPin("N1", "246810");
  ASSERT_TRUE(c.ok());
  EXPECT_EQ(c->hash, "H:246810");
  EXPECT_EQ(s.BeginPin("N2", "135790").error().code, "staff.busy");  // one at a time
  EXPECT_EQ(s.FinishPin(c->attempt + 7, true).error().code, "staff.stale");
  ASSERT_TRUE(s.FinishPin(c->attempt, true).ok());
  EXPECT_EQ(s.staff()->id, "N1");
  EXPECT_EQ(s.FinishPin(c->attempt, true).error().code, "staff.stale");  // used once
  // A second sign-in replaces the first and moves the epoch.
  const auto e = s.epoch();
  ASSERT_TRUE(s.SignInWithBadge("NB2").ok());
  EXPECT_EQ(s.staff()->id, "N2");
  EXPECT_GT(s.epoch(), e);
}

TEST(StaffSession, PinFormatAndEntity) {
  EXPECT_TRUE(IsValidPinFormat("246810"));
  EXPECT_TRUE(IsValidPinFormat("123456789012"));
  EXPECT_FALSE(IsValidPinFormat("1234567890123"));
  EXPECT_FALSE(IsValidPinFormat("24681 "));
  auto m = StaffFromJson(nlohmann::json{{"id", "N1"}, {"role", "nurse"}, {"ward", "W"}, {"pin_hash", "$argon2id$x"}, {"active", false}});
  ASSERT_TRUE(m.ok());
  EXPECT_EQ(m->ward, "W");
  EXPECT_FALSE(m->active);
  EXPECT_FALSE(StaffFromJson(nlohmann::json{{"role", "nurse"}}).ok());
  EXPECT_FALSE(StaffFromJson(nlohmann::json::array()).ok());
}

}  // namespace
