// Config: the documented example equals the defaults, flags override the file, and every invalid
// value is refused with the key named.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>

#include "kiosk/app/config.h"

using namespace onestop::app;

namespace {
std::string WriteTemp(const std::string& text) {
  static int n = 0;
  const auto p = std::filesystem::temp_directory_path() / ("onestop-cfg-" + std::to_string(::getpid()) + "-" + std::to_string(n++) + ".toml");
  std::ofstream(p) << text;
  return p.string();
}
}  // namespace

TEST(Config, DocumentedExampleIsTheDefaults) {
  GlobalOptions g;
  g.config_path = std::string(ONESTOP_SOURCE_DIR) + "/docs/config.example.toml";
  auto c = LoadConfig(g);
  ASSERT_TRUE(c.ok()) << c.error().message;
  const KioskConfig d;
  EXPECT_EQ(c->terminal.role, d.terminal.role);
  EXPECT_EQ(c->hub.connect_timeout_ms, d.hub.connect_timeout_ms);
  EXPECT_EQ(c->hub.total_timeout_ms, d.hub.total_timeout_ms);
  EXPECT_EQ(c->hub.sync_interval_s, d.hub.sync_interval_s);
  EXPECT_EQ(c->hub.live_wait_s, d.hub.live_wait_s);
  EXPECT_EQ(c->ui.language, d.ui.language);
  EXPECT_FLOAT_EQ(c->ui.panel_dpi, d.ui.panel_dpi);
  EXPECT_FLOAT_EQ(c->ui.min_target_mm, d.ui.min_target_mm);
  EXPECT_EQ(c->ui.width, d.ui.width);
  EXPECT_EQ(c->session.idle_timeout_s, d.session.idle_timeout_s);
  EXPECT_EQ(c->session.idle_warning_s, d.session.idle_warning_s);
  EXPECT_EQ(c->hospital.timezone, d.hospital.timezone);
  EXPECT_EQ(c->log.level, d.log.level);
}

TEST(Config, FlagsOverrideFile) {
  GlobalOptions g;
  g.config_path = WriteTemp("[hub]\nurl = \"http://10.0.0.1:8470\"\n[data]\ndir = \"/x\"\n");
  g.hub_url = "http://127.0.0.1:9";
  g.data_dir = "/tmp/y";
  auto c = LoadConfig(g);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->hub.url, "http://127.0.0.1:9");
  EXPECT_EQ(c->data.dir, "/tmp/y");
}

TEST(Config, InvalidValuesNameTheKey) {
  const std::pair<const char*, const char*> cases[] = {
      {"[terminal]\nrole = \"kitchen\"\n", "terminal.role"},
      {"[ui]\npanel_dpi = 5\n", "ui.panel_dpi"},
      {"[ui]\ntext_size = \"huge\"\n", "ui.text_size"},
      {"[session]\nidle_timeout_s = 3\n", "session.idle_timeout_s"},
      {"[session]\nidle_warning_s = 500\n", "session.idle_warning_s"},
      {"[hub]\nurl = \"ftp://x\"\n", "hub.url"},
  };
  for (const auto& [text, key] : cases) {
    GlobalOptions g;
    g.config_path = WriteTemp(text);
    auto c = LoadConfig(g);
    ASSERT_FALSE(c.ok()) << text;
    EXPECT_NE(c.error().message.find(key), std::string::npos) << c.error().message;
  }
}

TEST(Config, SyntaxErrorGivesLine) {
  GlobalOptions g;
  g.config_path = WriteTemp("[ui]\nwidth = = 3\n");
  auto c = LoadConfig(g);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find(":2:"), std::string::npos) << c.error().message;
}
