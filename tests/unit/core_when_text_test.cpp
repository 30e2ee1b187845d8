// WhenText (kiosk/core/shell/when_text.h): the moments people read on the terminal use day words by
// the hospital's calendar day, the reader's language, and never an ISO date within the year.
#include <gtest/gtest.h>

#include "kiosk/core/clock.h"
#include "kiosk/core/shell/when_text.h"
#include "tests/unit/state_fixture.h"

namespace onestop {
namespace {

class WhenTextTest : public ::testing::Test {
 protected:
  void SetUp() override {
    LoadCatalogs(&i18n);
    PrepareState(s, i18n, clock);
  }
  int64_t At(int y, int mo, int d, int h, int mi) const { return s.terminal.tz.ToUtcMs(y, mo, d, h, mi); }
  I18n i18n;
  // 00:10 on 23 November in Shanghai: 23:50 the evening before is "yesterday", not "today".
  FakeClock clock{TimeZone::Find("Asia/Shanghai").value().ToUtcMs(2026, 11, 23, 0, 10)};
  AppState s;
};

TEST_F(WhenTextTest, DayWordsFollowTheLocalCalendarDay) {
  EXPECT_EQ(WhenText(s, At(2026, 11, 23, 0, 5)), "00:05");
  EXPECT_EQ(WhenText(s, At(2026, 11, 22, 23, 50)), "yesterday 23:50");
  EXPECT_EQ(WhenText(s, At(2026, 11, 24, 9, 0)), "tomorrow 09:00");
  EXPECT_EQ(WhenText(s, At(2026, 11, 20, 14, 10)), "20 Nov 14:10");
  EXPECT_EQ(WhenText(s, At(2026, 12, 1, 8, 0)), "1 Dec 08:00");
  // Another year keeps the full date.
  EXPECT_EQ(WhenText(s, At(2025, 12, 31, 8, 0)), "2025-12-31 08:00");
}

TEST_F(WhenTextTest, ChineseSessionsReadMonthAndDayInChinese) {
  for (Lang lang : {Lang::kZhHans, Lang::kZhHant}) {
    s.session.lang = lang;
    EXPECT_EQ(WhenText(s, At(2026, 11, 20, 14, 10)), "11\xE6\x9C\x88" "20\xE6\x97\xA5 14:10");  // month 11, day 20
    EXPECT_EQ(WhenText(s, At(2026, 11, 22, 23, 50)), "\xE6\x98\xA8\xE5\xA4\xA9 23:50");  // "yesterday"
    EXPECT_EQ(WhenText(s, At(2026, 11, 24, 9, 0)), "\xE6\x98\x8E\xE5\xA4\xA9 09:00");  // "tomorrow"
  }
}

}  // namespace
}  // namespace onestop
