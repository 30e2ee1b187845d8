// Hub processes for the load driver (see hub_procs.h). fork/exec with stdout on a pipe (only the
// "listening" line is read from it) and stderr to a log file.
#include "bench/load/hub_procs.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

namespace onestop::bench {

HubProc StartHub(const std::string& bin, const std::string& db, bool demo_data, const std::vector<std::string>& extra,
                 const std::string& log_path, int timeout_s, std::string* error) {
  std::vector<std::string> args = {bin, "serve", "--listen", "127.0.0.1:0", "--db", db};
  if (demo_data) args.push_back("--demo-data");
  args.insert(args.end(), extra.begin(), extra.end());
  int out[2];
  if (::pipe2(out, O_CLOEXEC) != 0) {
    *error = "pipe failed";
    return {};
  }
  const pid_t pid = ::fork();
  if (pid < 0) {
    *error = "fork failed";
    return {};
  }
  if (pid == 0) {
    ::dup2(out[1], 1);
    const int log = ::open(log_path.c_str(), O_WRONLY | O_CREAT | O_APPEND, 0600);
    if (log >= 0) ::dup2(log, 2);
    std::vector<char*> argv;
    for (auto& a : args) argv.push_back(a.data());
    argv.push_back(nullptr);
    ::execv(bin.c_str(), argv.data());
    _exit(127);
  }
  ::close(out[1]);
  HubProc h{pid, 0, true};
  std::string seen;
  const auto until = std::chrono::steady_clock::now() + std::chrono::seconds(timeout_s);
  while (std::chrono::steady_clock::now() < until) {
    pollfd p{out[0], POLLIN, 0};
    if (::poll(&p, 1, 200) <= 0) continue;
    char buf[512];
    const ssize_t n = ::read(out[0], buf, sizeof buf);
    if (n <= 0) break;
    seen.append(buf, static_cast<size_t>(n));
    const auto at = seen.find("listening ");
    const auto nl = at == std::string::npos ? std::string::npos : seen.find('\n', at);
    if (nl != std::string::npos) {
      const std::string addr = seen.substr(at + 10, nl - at - 10);
      h.port = std::atoi(addr.c_str() + addr.rfind(':') + 1);
      break;
    }
  }
  ::close(out[0]);  // the hub writes nothing more on stdout after that line
  if (h.port <= 0) {
    *error = "hub did not start (see " + log_path + ")";
    StopHub(h);
    return {};
  }
  return h;
}

void StopHub(HubProc& h) {
  if (!h.owned || h.pid <= 0) return;
  ::kill(h.pid, SIGTERM);
  for (int i = 0; i < 100; ++i) {
    if (::waitpid(h.pid, nullptr, WNOHANG) == h.pid) {
      h.pid = 0;
      return;
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(50));
  }
  ::kill(h.pid, SIGKILL);
  ::waitpid(h.pid, nullptr, 0);
  h.pid = 0;
}

ProcStat ReadProc(pid_t pid) {
  ProcStat s;
  if (pid <= 0) return s;
  std::ifstream st("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(st, line)) {
    if (line.rfind("VmRSS:", 0) == 0) s.rss_kib = std::atoll(line.c_str() + 6);
    if (line.rfind("Threads:", 0) == 0) s.threads = std::atoi(line.c_str() + 8);
  }
  std::ifstream sf("/proc/" + std::to_string(pid) + "/stat");
  std::string all((std::istreambuf_iterator<char>(sf)), std::istreambuf_iterator<char>());
  // Fields after the command name (which may hold spaces) start after the last ')'.
  const auto rp = all.rfind(')');
  if (rp != std::string::npos) {
    std::istringstream in(all.substr(rp + 2));
    std::string f;
    long long utime = 0, stime = 0;
    for (int i = 3; i <= 15 && in >> f; ++i) {
      if (i == 14) utime = std::atoll(f.c_str());
      if (i == 15) stime = std::atoll(f.c_str());
    }
    s.cpu_s = static_cast<double>(utime + stime) / static_cast<double>(::sysconf(_SC_CLK_TCK));
  }
  return s;
}

std::string LoadAverage() {
  std::ifstream in("/proc/loadavg");
  std::string a, b, c;
  in >> a >> b >> c;
  return a + " " + b + " " + c;
}

}  // namespace onestop::bench
