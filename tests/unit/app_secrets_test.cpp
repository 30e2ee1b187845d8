// Secrets at rest on the terminal (issue 11 item 6): the data directory is created 0700 and the
// store's files (kiosk.db and its -wal/-shm, which hold the device token) 0600; an existing
// directory or file left open to others is tightened at start. Also the [hub] ca_file check.
// Uses real files in a temp directory; never touches the user's own data directory.
#include <gtest/gtest.h>
#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include "kiosk/app/config.h"
#include "kiosk/app/spine_service.h"
#include "kiosk/core/protocol.h"
#include "offline/store.h"

using namespace onestop;
using namespace onestop::app;
namespace fs = std::filesystem;

namespace {

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("onestop-secrets-" + protocol::NewUuidV4())) { fs::create_directories(path_); }
  ~TempDir() {
    std::error_code ec;
    fs::remove_all(path_, ec);
  }
  std::string Path(const std::string& n) const { return (path_ / n).string(); }

 private:
  fs::path path_;
};

unsigned Mode(const std::string& path) {
  struct stat st{};
  EXPECT_EQ(::stat(path.c_str(), &st), 0) << path;
  return st.st_mode & 0777;
}

}  // namespace

TEST(Secrets, NewDataDirectoryIsOwnerOnly) {
  TempDir tmp;
  KioskConfig cfg;
  cfg.data.dir = tmp.Path("a/b/data");
  const mode_t old = ::umask(022);  // the usual umask would give 0755
  auto dir = ResolveDataDir(cfg);
  ::umask(old);
  ASSERT_TRUE(dir.ok()) << dir.error().message;
  EXPECT_EQ(Mode(dir.value()), 0700u);
}

TEST(Secrets, ExistingOpenDataDirectoryIsTightened) {
  TempDir tmp;
  const std::string d = tmp.Path("data");
  fs::create_directories(d);
  ASSERT_EQ(::chmod(d.c_str(), 0777), 0);
  KioskConfig cfg;
  cfg.data.dir = d;
  auto dir = ResolveDataDir(cfg);
  ASSERT_TRUE(dir.ok()) << dir.error().message;
  EXPECT_EQ(Mode(d), 0700u);
}

TEST(Secrets, StoreFilesAreCreatedOwnerOnlyWithTheTokenInside) {
  TempDir tmp;
  const mode_t old = ::umask(022);
  SystemClock clock;
  const std::string db = tmp.Path("kiosk.db");
  {
    auto store = offline::Store::Open(db, clock);
    ASSERT_TRUE(store.ok()) << store.error().message;
    ASSERT_TRUE(store.value()->SaveEnrollment("http://hub", "T1", "secret-token", Binding{Role::kBedside, "B1"}));
    // While the connection is open in WAL mode the companions exist: they hold the token too.
    ASSERT_TRUE(fs::exists(db + "-wal"));
    EXPECT_EQ(Mode(db + "-wal"), 0600u);
    EXPECT_EQ(Mode(db + "-shm"), 0600u);
  }
  ::umask(old);
  EXPECT_EQ(Mode(db), 0600u);
}

TEST(Secrets, ExistingOpenStoreFilesAreTightened) {
  TempDir tmp;
  SystemClock clock;
  const std::string db = tmp.Path("kiosk.db");
  { ASSERT_TRUE(offline::Store::Open(db, clock).ok()); }
  // An older kiosk (or a careless copy) left them world-readable, companions included.
  std::ofstream(db + "-wal", std::ios::app).flush();
  std::ofstream(db + "-shm", std::ios::app).flush();
  for (const auto& f : {db, db + "-wal", db + "-shm"}) ASSERT_EQ(::chmod(f.c_str(), 0644), 0);
  auto store = offline::Store::Open(db, clock);
  ASSERT_TRUE(store.ok()) << store.error().message;
  EXPECT_EQ(Mode(db), 0600u);
  EXPECT_EQ(Mode(db + "-wal"), 0600u);
  EXPECT_EQ(Mode(db + "-shm"), 0600u);
}

TEST(Secrets, SpineOpensTheStoreInAPrivateDirectory) {
  TempDir tmp;
  KioskConfig cfg;
  cfg.data.dir = tmp.Path("kiosk-data");
  const mode_t old = ::umask(0);  // the worst umask: everything would be 0777/0666
  auto spine = OpenSpine(cfg, nullptr);
  ::umask(old);
  ASSERT_TRUE(spine.ok()) << spine.error().message;
  EXPECT_EQ(Mode(cfg.data.dir), 0700u);
  EXPECT_EQ(Mode(StorePath(cfg.data.dir)), 0600u);
}

TEST(Config, CaFileMustBeReadable) {
  TempDir tmp;
  GlobalOptions g;
  g.hub_url = "https://hub.example";
  g.ca_file = tmp.Path("missing.pem");
  auto c = LoadConfig(g);
  ASSERT_FALSE(c.ok());
  EXPECT_NE(c.error().message.find("hub.ca_file"), std::string::npos) << c.error().message;
  std::ofstream(tmp.Path("ca.pem")) << "-----BEGIN CERTIFICATE-----\n";
  g.ca_file = tmp.Path("ca.pem");
  c = LoadConfig(g);
  ASSERT_TRUE(c.ok()) << c.error().message;
  EXPECT_EQ(c->hub.ca_file, tmp.Path("ca.pem"));
  EXPECT_EQ(TransportOptionsFor(c.value(), c->hub.url).ca_file, tmp.Path("ca.pem")) << "the transport gets it";
}
