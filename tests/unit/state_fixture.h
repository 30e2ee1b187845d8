// Test helper: an AppState wired as the app wires it (the real catalogs, a clock, Shanghai time, a
// fresh session in the given language) for unit and view tests that drive features through Apply.
// Test-only; it never answers jobs (effects_helpers.h reads them).
#pragma once
#include <gtest/gtest.h>

#include <string>
#include <utility>

#include "kiosk/core/shell/shell.h"

namespace onestop {

// The repository's catalogs; fails the calling test when they do not load.
inline void LoadCatalogs(I18n* out) {
  auto i = I18n::LoadDir(std::string(ONESTOP_ASSETS_DIR) + "/i18n");
  ASSERT_TRUE(i.ok()) << i.error().message;
  *out = std::move(i.value());
}

// Points `s` at `i18n` and `clock`, starts a session in `lang` (also the terminal's default).
inline void PrepareState(AppState& s, const I18n& i18n, const Clock& clock, Lang lang = Lang::kEn) {
  s.i18n = &i18n;
  s.clock = &clock;
  s.terminal.tz = TimeZone::Find("Asia/Shanghai").value();
  s.terminal.default_lang = lang;
  ResetSession(s);
  s.NoteInput();
}

}  // namespace onestop
