// Test fixture: a throwaway PostgreSQL cluster from Debian's postgresql package (initdb + pg_ctl of
// /usr/lib/postgresql/<v>/bin), in a temp dir with its socket there and no TCP port; as `nobody` when
// the tests run as root (PostgreSQL refuses root). One cluster per test process (PgCluster::Shared),
// a fresh database per test (NewDatabase); a watchdog stops the cluster when the test process dies
// without cleaning up (a ctest timeout kills it). Test-only: no production code includes this.
#pragma once
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <memory>
#include <mutex>
#include <string>

namespace pg_test {

namespace fs = std::filesystem;

inline std::string Shell(const std::string& cmd, int* rc = nullptr) {
  std::string out;
  FILE* p = ::popen((cmd + " 2>&1").c_str(), "r");
  if (!p) return "popen failed";
  char buf[512];
  size_t n;
  while ((n = std::fread(buf, 1, sizeof buf, p)) > 0) out.append(buf, n);
  const int st = ::pclose(p);
  if (rc) *rc = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
  return out;
}

inline std::string PgBinDir() {
  if (const char* e = std::getenv("ONESTOP_PG_BIN")) return e;
  for (const char* v : {"17", "16", "15", "14", "13"}) {
    const std::string d = std::string("/usr/lib/postgresql/") + v + "/bin";
    if (fs::exists(d + "/initdb")) return d;
  }
  return "";
}

class PgCluster {
 public:
  // The process's cluster, started on first use and stopped at exit. nullptr if it cannot start;
  // error() of a failed start says why.
  static PgCluster* Shared() {
    static std::unique_ptr<PgCluster> c = [] {
      auto p = std::make_unique<PgCluster>();
      p->Start();
      return p;
    }();
    return c->ok_ ? c.get() : nullptr;
  }
  static std::string StartError() {
    Shared();
    return last_error();
  }

  ~PgCluster() { Stop(); }

  // A new empty database; its URI for --db / OpenHubStore.
  std::string NewDatabase() {
    std::lock_guard lock(mu_);
    const std::string name = "t" + std::to_string(++count_);
    int rc = 0;
    const std::string out = Shell(bin_ + "/psql -X -q -h " + dir_ + " -U onestop -d postgres -c 'CREATE DATABASE " +
                                  name + "'", &rc);
    if (rc != 0) return "";
    return Url(name);
  }
  std::string Url(const std::string& db) const { return "postgresql:///" + db + "?host=" + dir_ + "&user=onestop"; }
  // psql -At on a database of this cluster (test assertions); output without the last newline.
  std::string Psql(const std::string& db, const std::string& sql, int* rc = nullptr) const {
    std::string out = Shell(bin_ + "/psql -X -At -h " + dir_ + " -U onestop -d " + db + " -c \"" + sql + "\"", rc);
    while (!out.empty() && out.back() == '\n') out.pop_back();
    return out;
  }
  // A fast restart (connections of every client drop): the store's reconnect path. Down/Up: an
  // outage in between.
  bool Restart() { return Ctl("restart -m fast") == 0; }
  bool Down() { return Ctl("stop -m fast") == 0; }
  bool Up() { return Ctl(opts_ + " start") == 0; }
  const std::string& dir() const { return dir_; }

 private:
  static std::string& last_error() {
    static std::string e;
    return e;
  }
  std::string AsOwner(const std::string& cmd) const {
    return ::geteuid() == 0 ? "runuser -u nobody -- " + cmd : cmd;
  }
  int Ctl(const std::string& what) const {
    int rc = 0;
    const std::string out = Shell(AsOwner(bin_ + "/pg_ctl -D " + dir_ + "/data -l " + dir_ + "/log -w " + what), &rc);
    if (rc != 0) last_error() = "pg_ctl " + what + ": " + out;
    return rc;
  }
  void Start() {
    bin_ = PgBinDir();
    if (bin_.empty()) {
      last_error() = "no PostgreSQL server binaries (apt-get install postgresql; scripts/setup.sh does)";
      return;
    }
    char tmpl[] = "/tmp/onestop-pg-XXXXXX";
    if (!::mkdtemp(tmpl)) {
      last_error() = "mkdtemp failed";
      return;
    }
    dir_ = tmpl;
    if (::geteuid() == 0) {
      // The cluster runs as nobody: its directory (and nothing else) becomes nobody's.
      Shell("chown nobody " + dir_);
    }
    int rc = 0;
    // Fast and throwaway: trust on the private socket only, no fsync, C locale (the hub's schema
    // declares its own collation, so this does not hide a locale bug).
    std::string out = Shell(AsOwner(bin_ + "/initdb -D " + dir_ + "/data -U onestop -A trust -E UTF8 --locale=C.UTF-8 --no-sync"), &rc);
    if (rc != 0) {
      last_error() = "initdb: " + out;
      return;
    }
    opts_ = "-o \"-k " + dir_ + " -c listen_addresses='' -c fsync=off -c synchronous_commit=off " +
                             "-c full_page_writes=off -c max_connections=200 -c shared_buffers=32MB\"";
    if (Ctl(opts_ + " start") != 0) return;
    started_ = true;
    ok_ = true;
    StartWatchdog();
  }
  // A shell that waits for EOF on a pipe only this process holds (close-on-exec, so no hub or psql
  // child keeps it open), then stops the cluster and removes its directory. A normal exit has done
  // both already; the shell's second try finds nothing. The child only execs: the test process may
  // have threads, so nothing but async-signal-safe calls run between fork and exec.
  void StartWatchdog() {
    int fds[2];
    if (::pipe2(fds, O_CLOEXEC) != 0) return;
    const std::string script = "exec >/dev/null 2>&1; cat; " + AsOwner(bin_ + "/pg_ctl -D " + dir_ + "/data stop -m immediate") +
                               (std::getenv("ONESTOP_KEEP_TMP") ? "" : "; rm -rf " + dir_);
    const pid_t pid = ::fork();
    if (pid == 0) {
      ::dup2(fds[0], 0);
      ::execl("/bin/sh", "sh", "-c", script.c_str(), static_cast<char*>(nullptr));
      ::_exit(127);
    }
    ::close(fds[0]);
    if (pid < 0) ::close(fds[1]);  // no watchdog: the normal exit still stops the cluster
    // fds[1] stays open for the life of the process on purpose: its close is the watchdog's signal.
  }
  void Stop() {
    if (started_) Ctl("stop -m immediate");
    started_ = false;
    std::error_code ec;
    if (!dir_.empty() && !std::getenv("ONESTOP_KEEP_TMP")) fs::remove_all(dir_, ec);
  }

  std::string bin_, dir_, opts_;
  bool ok_ = false, started_ = false;
  int count_ = 0;
  std::mutex mu_;
};

}  // namespace pg_test
