// Unit tests of the terminal self-report validation (hostile header values are dropped, never
// stored) and of the enrollment code forms a terminal accepts, including the label parser's and
// the scan's view of the console's QR address.
#include <gtest/gtest.h>

#include <string>

#include "kiosk/core/enroll_code.h"
#include "kiosk/core/labels.h"
#include "kiosk/core/terminal_report.h"

namespace onestop {
namespace {

constexpr int64_t kNow = 1'795'000'000'000;  // any hub time

TEST(TerminalReport, KeepsWellFormedValuesAndMeasuresSkewAgainstTheHub) {
  const auto r = protocol::ParseTerminalReport("0.9.1+abc", "17", std::to_string(kNow + 90'000), kNow);
  EXPECT_EQ(r.app_version, "0.9.1+abc");
  EXPECT_EQ(r.outbox_depth, 17);
  EXPECT_EQ(r.clock_skew_ms, 90'000);
  EXPECT_EQ(protocol::ParseTerminalReport("", "", std::to_string(kNow - 5), kNow).clock_skew_ms, -5);
  EXPECT_TRUE(protocol::ParseTerminalReport("", "", "", kNow).empty());
}

TEST(TerminalReport, DropsJunkFromAHostileClient) {
  for (const char* v : {"<script>", "1.0 beta", "x\r\nSet-Cookie: a", "\xe4\xb8\x80", "123456789012345678901234567890123"}) {
    EXPECT_FALSE(protocol::ParseTerminalReport(v, "", "", kNow).app_version) << v;
  }
  EXPECT_TRUE(protocol::ParseTerminalReport(std::string(32, 'a'), "", "", kNow).app_version);
  for (const char* d : {"-1", "+3", " 3", "3.0", "0x10", "10000001", "99999999999999999999"}) {
    EXPECT_FALSE(protocol::ParseTerminalReport("", d, "", kNow).outbox_depth) << d;
  }
  EXPECT_EQ(protocol::ParseTerminalReport("", "10000000", "", kNow).outbox_depth, 10'000'000);
  EXPECT_EQ(protocol::ParseTerminalReport("", "0", "", kNow).outbox_depth, 0);
  // A clock more than a year off (a dead RTC battery says 1970), or not a number: unknown.
  for (const std::string& t : {std::string("0"), std::to_string(kNow + protocol::kMaxReportedSkewMs + 1), std::string("abc"),
                              std::string("-5"), std::string("9999999999999999")}) {
    EXPECT_FALSE(protocol::ParseTerminalReport("", "", t, kNow).clock_skew_ms) << t;
  }
}

TEST(EnrollCode, AcceptsTheConsoleQrAddressAndTypedCodes) {
  EXPECT_EQ(enroll::ParseEnrollUrl("http://10.0.0.5:8470/e/ABCDE-FGHJK").value(), "ABCDE-FGHJK");
  EXPECT_EQ(enroll::ParseEnrollUrl("HTTPS://hub.example.org/onestop/e/abcdefghjk/").value(), "abcdefghjk");
  EXPECT_EQ(enroll::ParseEnrollUrl("https://[fd00::1]:8443/e/DEMO-WARD").value(), "DEMO-WARD");
  EXPECT_EQ(enroll::ParseEnrollInput("  http://hub:8470/e/ABCDE-FGHJK\n").value(), "ABCDE-FGHJK");
  EXPECT_EQ(enroll::ParseEnrollInput("abcde fghjk").value(), "abcde fghjk");
  EXPECT_EQ(enroll::ParseEnrollInput("DEMO-WARD").value(), "DEMO-WARD");
}

TEST(EnrollCode, RefusesOtherAddressesAndMalformedCodes) {
  for (const char* t : {"http://hub/a/EQ-1", "http://hub/e/", "http://hub/e/ABC/extra", "http://hub/e/ABC?x=1",
                        "http://user@hub/e/ABC", "ftp://hub/e/ABC", "http://hub", "http:///e/ABC", "ABC"}) {
    auto r = enroll::ParseEnrollUrl(t);
    EXPECT_FALSE(r.ok()) << t;
  }
  EXPECT_EQ(enroll::ParseEnrollUrl("http://hub/e/AB%43").error().code, "enroll.bad_code");
  EXPECT_EQ(enroll::ParseEnrollUrl("http://hub/e/---").error().code, "enroll.bad_code");
  for (const char* t : {"", "   ", "---", "ABC;DROP", "<b>", "http://hub/e/AB%43", "http://hub/e/ABC/more"}) {
    auto r = enroll::ParseEnrollInput(t);
    ASSERT_FALSE(r.ok()) << t;
    EXPECT_EQ(r.error().code, "enroll.bad_code") << t;
  }
  EXPECT_FALSE(enroll::ParseEnrollInput(std::string(65, 'A')).ok());
  EXPECT_FALSE(enroll::ParseEnrollInput("http://hub/e/" + std::string(600, 'A')).ok());
}

TEST(EnrollCode, TheLabelParserSaysAnEnrollmentQrIsNotALabelWithoutEchoingTheCode) {
  auto r = labels::ParseLabel("http://10.0.0.5:8470/e/ABCDE-FGHJK");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.error().code, "label.enroll_code");
  EXPECT_EQ(r.error().message.find("ABCDE"), std::string::npos);
  // Own labels are untouched.
  EXPECT_TRUE(labels::ParseLabel("https://hub.example/a/EQ-2015-000123").ok());
}

}  // namespace
}  // namespace onestop
