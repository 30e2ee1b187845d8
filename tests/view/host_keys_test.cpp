// The render host's keyboard path for HID wedge scanners and badge readers: SDL text and Enter events
// reach the key sink one UTF-8 character at a time, and a fast burst decodes as one scan. Uses the real
// SDL offscreen host (EGL + llvmpipe), like the kiosk itself.
#include <SDL.h>
#include <gtest/gtest.h>

#include <cstring>

#include "devices/wedge.h"
#include "ui/host.h"

namespace onestop {
namespace {

void PushText(const char* text) {
  SDL_Event e{};
  e.type = SDL_TEXTINPUT;
  std::strncpy(e.text.text, text, sizeof e.text.text - 1);
  SDL_PushEvent(&e);
}

TEST(HostKeys, WedgeBurstBecomesOneScan) {
  ui::HostOptions o;
  o.offscreen = true;
  auto host = ui::Host::Create(o);
  ASSERT_TRUE(host.ok()) << host.error().message;
  std::string typed;
  int enters = 0;
  devices::WedgeDecoder wedge;
  std::vector<std::string> scans;
  host.value()->SetKeySink([&](const std::string& ch, bool enter, int64_t t_ms) {
    if (enter) ++enters;
    else typed += ch;
    for (const auto& out : enter ? wedge.OnEnter(t_ms) : wedge.OnKey(ch, t_ms))
      if (out.kind == devices::WedgeOutput::Kind::kScan) scans.push_back(out.text);
  });
  PushText("BADGE");
  PushText("\xE2\x82\xAC");  // one 3-byte character arrives whole
  PushText("01");
  SDL_Event enter{};
  enter.type = SDL_KEYDOWN;
  enter.key.keysym.sym = SDLK_RETURN;
  SDL_PushEvent(&enter);
  bool quit = false;
  EXPECT_TRUE(host.value()->PumpEvents(0, &quit));
  EXPECT_EQ(typed, "BADGE\xE2\x82\xAC" "01");
  EXPECT_EQ(enters, 1);
  ASSERT_EQ(scans.size(), 1u) << "a burst within milliseconds ending in Enter is a scan";
  EXPECT_EQ(scans[0], "BADGE\xE2\x82\xAC" "01");
}

}  // namespace
}  // namespace onestop
