// Test harness for the offline-spine integration tests: runs the REAL onestop-hub and onestop-kiosk
// binaries (ONESTOP_HUB_BIN / ONESTOP_KIOSK_BIN) on loopback with temp dirs, and reads the hub's
// SQLite file directly to check what arrived. Test-only: no production code includes this.
#pragma once
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sqlite3.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <fstream>
#include <map>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "kiosk/core/protocol.h"

extern char** environ;

namespace sync_test {

namespace fs = std::filesystem;

inline std::string Env(const char* name) {
  const char* v = std::getenv(name);
  return v ? v : "";
}

class TempDir {
 public:
  TempDir() : path_(fs::temp_directory_path() / ("onestop-synctest-" + onestop::protocol::NewUuidV4())) {
    fs::create_directories(path_);
  }
  ~TempDir() {
    std::error_code ec;
    if (Env("ONESTOP_KEEP_TMP").empty()) fs::remove_all(path_, ec);
  }
  std::string File(const std::string& name) const { return (path_ / name).string(); }

 private:
  fs::path path_;
};

inline std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// A child process with stdout/stderr redirected to files (and optionally stdout to a pipe).
class Child {
 public:
  Child() = default;
  Child(const Child&) = delete;
  Child& operator=(const Child&) = delete;
  ~Child() { Kill(SIGKILL); }

  bool Start(const std::vector<std::string>& argv, const std::string& out_file, const std::string& err_file,
             bool stdout_pipe = false) {
    Kill(SIGKILL);  // never orphan a previous process (e.g. a hub restarted while still running)
    if (out_fd_ >= 0) close(out_fd_);
    out_fd_ = -1;
    pipe_buf_.clear();
    std::vector<char*> args;
    for (const auto& a : argv) args.push_back(const_cast<char*>(a.c_str()));
    args.push_back(nullptr);
    posix_spawn_file_actions_t fa;
    posix_spawn_file_actions_init(&fa);
    int pipefd[2] = {-1, -1};
    if (stdout_pipe) {
      if (pipe(pipefd) != 0) return false;
      posix_spawn_file_actions_adddup2(&fa, pipefd[1], 1);
      posix_spawn_file_actions_addclose(&fa, pipefd[0]);
      posix_spawn_file_actions_addclose(&fa, pipefd[1]);
    } else {
      posix_spawn_file_actions_addopen(&fa, 1, out_file.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    }
    posix_spawn_file_actions_addopen(&fa, 2, err_file.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0644);
    const int rc = posix_spawn(&pid_, args[0], &fa, nullptr, args.data(), environ);
    posix_spawn_file_actions_destroy(&fa);
    if (stdout_pipe) {
      close(pipefd[1]);
      out_fd_ = pipefd[0];
    }
    out_file_ = out_file;
    err_file_ = err_file;
    exited_ = false;
    return rc == 0;
  }

  // Reads stdout (pipe mode) until a line starting with `prefix`; returns the rest of it.
  std::string WaitForLine(const std::string& prefix, int timeout_ms) {
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    while (std::chrono::steady_clock::now() < deadline) {
      pollfd p{out_fd_, POLLIN, 0};
      if (poll(&p, 1, 100) > 0) {
        char buf[512];
        const ssize_t n = read(out_fd_, buf, sizeof buf);
        if (n <= 0) return "";
        pipe_buf_.append(buf, static_cast<size_t>(n));
        size_t nl;
        while ((nl = pipe_buf_.find('\n')) != std::string::npos) {
          std::string line = pipe_buf_.substr(0, nl);
          pipe_buf_.erase(0, nl + 1);
          if (line.rfind(prefix, 0) == 0) return line.substr(prefix.size());
        }
      }
    }
    return "";
  }

  // Waits for exit; returns the exit code, 128+signal, or -1 on timeout.
  int Wait(int timeout_ms = 60000) {
    if (exited_) return status_;
    const auto deadline = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
    for (;;) {
      int st = 0;
      const pid_t r = waitpid(pid_, &st, WNOHANG);
      if (r == pid_) {
        exited_ = true;
        status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
        if (out_fd_ >= 0) close(out_fd_);
        out_fd_ = -1;
        return status_;
      }
      if (std::chrono::steady_clock::now() > deadline) return -1;
      std::this_thread::sleep_for(std::chrono::milliseconds(2));
    }
  }
  void Kill(int sig) {
    if (pid_ > 0 && !exited_) {
      ::kill(pid_, sig);
      Wait();
    }
  }
  bool Running() {
    if (pid_ <= 0 || exited_) return false;
    int st = 0;
    if (waitpid(pid_, &st, WNOHANG) == pid_) {
      exited_ = true;
      status_ = WIFEXITED(st) ? WEXITSTATUS(st) : 128 + WTERMSIG(st);
      return false;
    }
    return true;
  }
  std::string Stdout() const { return ReadFile(out_file_); }
  std::string Stderr() const { return ReadFile(err_file_); }
  pid_t pid() const { return pid_; }

 private:
  pid_t pid_ = -1;
  int out_fd_ = -1;
  bool exited_ = true;
  int status_ = 0;
  std::string out_file_, err_file_, pipe_buf_;
};

struct RunResult {
  int rc = -1;
  std::string out, err;
};

// Runs a program to completion.
inline RunResult RunProgram(const std::vector<std::string>& argv, const std::string& scratch, int timeout_ms = 60000) {
  Child c;
  const std::string out = scratch + ".out", err = scratch + ".err";
  std::remove(err.c_str());
  RunResult r;
  if (!c.Start(argv, out, err)) return r;
  r.rc = c.Wait(timeout_ms);
  if (r.rc == -1) c.Kill(SIGKILL);
  r.out = c.Stdout();
  r.err = c.Stderr();
  return r;
}

inline std::string Trim(std::string s) {
  while (!s.empty() && (s.back() == '\n' || s.back() == '\r' || s.back() == ' ')) s.pop_back();
  return s;
}

// The real hub on 127.0.0.1; Restart() comes back on the same port and database.
class Hub {
 public:
  Hub(std::string dir_file_prefix, std::vector<std::string> extra = {})
      : prefix_(std::move(dir_file_prefix)), extra_(std::move(extra)) {}
  std::string db() const { return prefix_ + "hub.db"; }
  bool Start(int port = 0) {
    std::vector<std::string> argv = {Env("ONESTOP_HUB_BIN"), "serve", "--listen",
                                     "127.0.0.1:" + std::to_string(port), "--db", db()};
    argv.insert(argv.end(), extra_.begin(), extra_.end());
    if (!child_.Start(argv, "", prefix_ + "hub.log", /*stdout_pipe=*/true)) return false;
    const std::string hostport = child_.WaitForLine("listening ", 120000);
    const auto colon = hostport.rfind(':');
    if (colon == std::string::npos) return false;
    port_ = std::stoi(hostport.substr(colon + 1));
    return true;
  }
  bool Restart() {
    const int port = port_;
    for (int i = 0; i < 50; ++i) {  // the port may linger for a moment after SIGKILL
      if (Start(port)) return true;
      child_.Kill(SIGKILL);
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return false;
  }
  void Kill() { child_.Kill(SIGKILL); }
  void Stop() {
    if (!child_.Running()) return;
    ::kill(child_.pid(), SIGTERM);
    if (child_.Wait(5000) == -1) child_.Kill(SIGKILL);
  }
  int port() const { return port_; }
  pid_t pid() const { return child_.pid(); }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }
  std::string Log() const { return ReadFile(prefix_ + "hub.log"); }

  // One-time code bound to `location`, written by the hub CLI into the hub's DB. Call it while the
  // server is NOT running: the server (as of e055558) answers "database is locked" to every write
  // after another process wrote the file, so codes are issued before Start() / between restarts.
  std::string EnrollCode(const std::string& kind, const std::string& location) {
    auto r = RunProgram({Env("ONESTOP_HUB_BIN"), "enroll-code", "--db", db(), "--kind", kind, "--location", location},
                 prefix_ + "enroll-code");
    return r.rc == 0 ? Trim(r.out) : "";
  }

 private:
  std::string prefix_;
  std::vector<std::string> extra_;
  Child child_;
  int port_ = 0;
};

// Read-only queries on the hub's SQLite file (WAL: safe while the hub runs).
class HubDb {
 public:
  explicit HubDb(const std::string& path) {
    sqlite3_open_v2(path.c_str(), &db_, SQLITE_OPEN_READONLY, nullptr);
    sqlite3_busy_timeout(db_, 5000);
  }
  ~HubDb() { sqlite3_close(db_); }
  std::vector<std::string> Strings(const std::string& sql) {
    std::vector<std::string> out;
    sqlite3_stmt* st = nullptr;
    if (sqlite3_prepare_v2(db_, sql.c_str(), -1, &st, nullptr) != SQLITE_OK) return {"SQL ERROR: " + std::string(sqlite3_errmsg(db_))};
    while (sqlite3_step(st) == SQLITE_ROW) {
      const auto* p = sqlite3_column_text(st, 0);
      out.push_back(p ? reinterpret_cast<const char*>(p) : "");
    }
    sqlite3_finalize(st);
    return out;
  }
  int64_t Int(const std::string& sql) {
    auto v = Strings(sql);
    return v.empty() ? -1 : std::atoll(v[0].c_str());
  }
  // Record ids the hub stored, with how often each appears (PK makes >1 impossible, but we check
  // the tickets too: one ticket per record is what "exactly once" means to a nurse).
  std::multiset<std::string> RecordIds() {
    auto v = Strings("SELECT id FROM records");
    return {v.begin(), v.end()};
  }
  std::map<std::string, int> TicketsPerRecord() {
    std::map<std::string, int> out;
    for (const auto& id : Strings("SELECT record_id FROM tickets WHERE record_id <> ''")) ++out[id];
    return out;
  }

 private:
  sqlite3* db_ = nullptr;
};

}  // namespace sync_test
