// Wire timestamps (UTC ISO 8601 with ms) and hospital-local time through the OS tz database.
#include <gtest/gtest.h>

#include "kiosk/core/clock.h"
#include "kiosk/core/local_time.h"

using namespace onestop;

TEST(IsoTime, FormatsAndParsesRoundTrip) {
  EXPECT_EQ(FormatIsoUtcMs(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatIsoUtcMs(1795329000123), "2026-11-22T06:30:00.123Z");
  EXPECT_EQ(FormatIsoUtcMs(-1), "1969-12-31T23:59:59.999Z");
  for (int64_t t : {0LL, 1795329000123LL, 951782400000LL /* 2000-02-29 */, -86400001LL}) {
    int64_t back = 0;
    ASSERT_TRUE(ParseIsoUtcMs(FormatIsoUtcMs(t), &back)) << t;
    EXPECT_EQ(back, t);
  }
}

TEST(IsoTime, AcceptsOffsetsAndShortFractions) {
  int64_t t;
  ASSERT_TRUE(ParseIsoUtcMs("2026-11-22T14:30:00+08:00", &t));
  EXPECT_EQ(t, 1795329000000);
  ASSERT_TRUE(ParseIsoUtcMs("2026-11-22T06:30:00.5Z", &t));
  EXPECT_EQ(t, 1795329000500);
}

TEST(IsoTime, RejectsGarbage) {
  int64_t t;
  for (const char* bad : {"", "2026-11-22", "2026-11-22T06:30:00", "2026-13-01T00:00:00Z", "2026-11-22T06:30:00Zjunk",
                          "2026-11-22T25:00:00Z", "2026-11-22T06:30:00.Z", "<html>"})
    EXPECT_FALSE(ParseIsoUtcMs(bad, &t)) << bad;
}

// The one civil-date conversion (meals' dates and the repair warranty both read dates through it).
TEST(CivilDate, RoundTripsAndRefusesDaysPastTheMonth) {
  for (int64_t d : {-719468LL, -1LL, 0LL, 11016LL /* 2000-02-29 */, 20779LL, 2932896LL}) {
    const CivilDate c = CivilFromDays(d);
    EXPECT_EQ(DaysFromCivil(c.year, c.month, c.day), d) << d;
  }
  EXPECT_EQ(IsoDateFromDays(11016), "2000-02-29");
  EXPECT_EQ(IsoDateFromDays(-1), "1969-12-31");
  EXPECT_EQ(DaysFromIsoDate("2000-02-29"), 11016);
  for (const char* bad : {"2026-02-29", "2026-02-30", "2100-02-29", "2026-04-31", "2026-13-01", "2026-1-01", "20260101",
                          "2026-01-0x", ""})
    EXPECT_FALSE(DaysFromIsoDate(bad).has_value()) << bad;
}

TEST(LocalTime, ShanghaiIsUtcPlus8) {
  auto tz = TimeZone::Find("Asia/Shanghai");
  ASSERT_TRUE(tz.ok()) << tz.error().message;
  EXPECT_EQ(tz->HourMinute(1795329000000), "14:30");
  EXPECT_EQ(tz->Date(1795329000000 + 10 * 3600 * 1000LL), "2026-11-23");  // past local midnight
  EXPECT_EQ(tz->ToUtcMs(2026, 11, 22, 14, 30), 1795329000000);
  const auto l = tz->ToLocal(1795329000000);
  EXPECT_EQ(l.weekday, 0);  // a Sunday
}

TEST(LocalTime, DstZoneGapAndUnknownZone) {
  auto ny = TimeZone::Find("America/New_York");
  ASSERT_TRUE(ny.ok());
  // 2026-03-08 02:30 does not exist in New York: it maps to the end of the gap, 07:00 UTC.
  int64_t t;
  ASSERT_TRUE(ParseIsoUtcMs("2026-03-08T07:00:00Z", &t));
  EXPECT_EQ(ny->ToUtcMs(2026, 3, 8, 2, 30), t);
  auto bad = TimeZone::Find("Mars/Olympus");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(bad.error().code, "config.bad_timezone");
}
