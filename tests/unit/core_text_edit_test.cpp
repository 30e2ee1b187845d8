// UTF-8 editing of app-owned buffers: backspace removes whole code points, limits count code points.
#include <gtest/gtest.h>

#include "kiosk/core/text_edit.h"

using namespace onestop;

TEST(Utf8, PopBackRemovesWholeCodePoints) {
  std::string s = "a\xE8\x86\xB3\xF0\x9F\x98\x80";  // "a", U+81B3, U+1F600
  Utf8PopBack(&s);
  EXPECT_EQ(s, "a\xE8\x86\xB3");
  Utf8PopBack(&s);
  EXPECT_EQ(s, "a");
  Utf8PopBack(&s);
  Utf8PopBack(&s);
  EXPECT_EQ(s, "");
}

TEST(Utf8, PopBackOnBrokenTailDropsBytes) {
  std::string s = "ab\xE8\x86";  // truncated sequence
  Utf8PopBack(&s);
  EXPECT_EQ(s, "ab\xE8");
}

TEST(Utf8, LengthAndLimit) {
  EXPECT_EQ(Utf8Length("\xE8\x86\xB3\xE9\xA3\x9F"), 2u);
  std::string s = "12";
  EXPECT_TRUE(AppendLimited(&s, "3", 3));
  EXPECT_FALSE(AppendLimited(&s, "4", 3));
  EXPECT_EQ(s, "123");
}

TEST(Utf8, ValidationRejectsOverlongsSurrogatesAndTruncation) {
  EXPECT_TRUE(IsValidUtf8("plain \xE8\x86\xB3"));
  EXPECT_FALSE(IsValidUtf8("\xC0\xAF"));          // overlong '/'
  EXPECT_FALSE(IsValidUtf8("\xED\xA0\x80"));      // surrogate
  EXPECT_FALSE(IsValidUtf8("\xF4\x90\x80\x80"));  // > U+10FFFF
  EXPECT_FALSE(IsValidUtf8("\xE8\x86"));
  const auto cps = Utf8Decode("a\xFF" "b");
  ASSERT_EQ(cps.size(), 3u);
  EXPECT_EQ(cps[1], 0xFFFDu);
}
