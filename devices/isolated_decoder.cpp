// Supervisor for the decode worker process (see isolated_decoder.h). Uses posix_spawn (not a bare
// fork) because the kiosk is multi-threaded: a forked copy could inherit a held malloc lock.
// All I/O with the child is non-blocking with one deadline per frame; nothing here may block forever.
#include "devices/isolated_decoder.h"

#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <cerrno>
#include <climits>
#include <cstdlib>
#include <cstring>

#include "devices/decode_worker.h"

extern char** environ;

namespace onestop::devices {
namespace {

using Clock = std::chrono::steady_clock;

enum class IoResult { kOk, kClosed, kTimeout };

int MsLeft(Clock::time_point deadline) {
  const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(deadline - Clock::now()).count();
  return left <= 0 ? 0 : static_cast<int>(std::min<long long>(left, INT_MAX));
}

IoResult SendAll(int fd, const void* data, std::size_t len, Clock::time_point deadline) {
  const auto* p = static_cast<const char*>(data);
  while (len > 0) {
    const ssize_t n = ::send(fd, p, len, MSG_NOSIGNAL | MSG_DONTWAIT);
    if (n > 0) {
      p += n;
      len -= static_cast<std::size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
      pollfd pfd{fd, POLLOUT, 0};
      const int left = MsLeft(deadline);
      if (left == 0) return IoResult::kTimeout;
      if (::poll(&pfd, 1, left) == 0) return IoResult::kTimeout;
      continue;
    }
    return IoResult::kClosed;  // EPIPE / ECONNRESET: the worker is gone
  }
  return IoResult::kOk;
}

IoResult RecvAll(int fd, void* data, std::size_t len, Clock::time_point deadline) {
  auto* p = static_cast<char*>(data);
  while (len > 0) {
    const ssize_t n = ::recv(fd, p, len, MSG_DONTWAIT);
    if (n > 0) {
      p += n;
      len -= static_cast<std::size_t>(n);
      continue;
    }
    if (n == 0) return IoResult::kClosed;
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) {
      pollfd pfd{fd, POLLIN, 0};
      const int left = MsLeft(deadline);
      if (left == 0) return IoResult::kTimeout;
      if (::poll(&pfd, 1, left) == 0) return IoResult::kTimeout;
      continue;
    }
    return IoResult::kClosed;
  }
  return IoResult::kOk;
}

// Keeps fds 0..2 free so dup2 onto 0 in the child never degenerates into a no-op that leaves
// FD_CLOEXEC set (which would hand the worker a closed stdin).
int AboveStdio(int fd) {
  if (fd > 2) return fd;
  const int moved = ::fcntl(fd, F_DUPFD_CLOEXEC, 3);
  ::close(fd);
  return moved;
}

}  // namespace

std::vector<std::string> SelfWorkerArgv() {
  if (const char* env = std::getenv("ONESTOP_DECODE_WORKER"); env && *env) return {env};
  char buf[PATH_MAX];
  const ssize_t n = ::readlink("/proc/self/exe", buf, sizeof buf - 1);
  if (n <= 0) return {"/proc/self/exe", "decode-worker"};
  return {std::string(buf, static_cast<std::size_t>(n)), "decode-worker"};
}

IsolatedDecoder::IsolatedDecoder(IsolatedDecoderOptions options) : options_(std::move(options)) {}

IsolatedDecoder::~IsolatedDecoder() { StopWorker(true); }

Status IsolatedDecoder::EnsureWorker() {
  if (pid_ != 0) return Ok{};
  if (options_.worker_argv.empty())
    return Error{"decode.worker_unavailable", "No decode worker command is configured."};
  int sv[2];
  if (::socketpair(AF_UNIX, SOCK_STREAM | SOCK_CLOEXEC, 0, sv) != 0)
    return Error{"decode.worker_unavailable", std::string("Cannot create a socket for the decoder: ") + std::strerror(errno)};
  const int parent_fd = AboveStdio(sv[0]);
  const int child_fd = AboveStdio(sv[1]);
  if (parent_fd < 0 || child_fd < 0) {
    if (parent_fd >= 0) ::close(parent_fd);
    if (child_fd >= 0) ::close(child_fd);
    return Error{"decode.worker_unavailable", "Cannot set up the decoder socket."};
  }
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, child_fd, 0);
  // The worker's stdout is our stderr: nothing the child prints can corrupt a CLI's JSON output.
  posix_spawn_file_actions_adddup2(&actions, 2, 1);
  std::vector<char*> argv;
  for (auto& a : options_.worker_argv) argv.push_back(a.data());
  argv.push_back(nullptr);
  pid_t pid = 0;
  const int rc = ::posix_spawn(&pid, argv[0], &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  ::close(child_fd);
  if (rc != 0) {
    ::close(parent_fd);
    return Error{"decode.worker_unavailable",
                 "Cannot start the decoder process " + options_.worker_argv[0] + ": " + std::strerror(rc)};
  }
  pid_ = pid;
  fd_ = parent_fd;
  ++stats_.spawns;
  return Ok{};
}

bool IsolatedDecoder::StopWorker(bool kill_it) {
  if (fd_ >= 0) ::close(fd_);
  fd_ = -1;
  if (pid_ == 0) return false;
  if (kill_it) ::kill(pid_, SIGKILL);
  int status = 0;
  pid_t r;
  do r = ::waitpid(pid_, &status, 0);
  while (r < 0 && errno == EINTR);
  pid_ = 0;
  return r > 0 && WIFSIGNALED(status) && !kill_it;
}

Result<std::vector<Symbol>> IsolatedDecoder::Decode(const std::uint8_t* pixels, int width, int height, Tuning tuning) {
  if (!pixels || width <= 0 || height <= 0 || static_cast<std::int64_t>(width) * height > kMaxPixels)
    return Error{"decode.bad_image", "The image is empty or larger than 4096x4096 pixels."};
  auto r = RequestWithRetry(pixels, width, height, {}, tuning);
  if (!r) return r.error();
  return std::move(r.value().symbols);
}

Result<ImageScan> IsolatedDecoder::DecodeFile(const std::string& path, Tuning tuning) {
  if (path.empty() || path.size() > wire::kMaxPath)
    return Error{"image.unreadable", "The image path is empty or too long."};
  return RequestWithRetry(nullptr, 0, 0, path, tuning);
}

Result<ImageScan> IsolatedDecoder::RequestWithRetry(const std::uint8_t* pixels, int width, int height,
                                                    const std::string& path, Tuning tuning) {
  auto r = Request(pixels, width, height, path, tuning);
  if (!r.ok() && r.error().code == "decode.worker_crashed" && tuning == Tuning::kStill && options_.retry_safe_after_crash) {
    auto safe = Request(pixels, width, height, path, Tuning::kStillSafe);
    if (safe.ok()) return safe;
  }
  return r;
}

Result<ImageScan> IsolatedDecoder::Request(const std::uint8_t* pixels, int width, int height, const std::string& path,
                                           Tuning tuning) {
  if (auto s = EnsureWorker(); !s) return s.error();
  ++stats_.frames;
  const auto deadline = Clock::now() + options_.timeout;
  wire::RequestHeader h;
  h.seq = ++seq_;
  h.width = static_cast<std::uint32_t>(width);
  h.height = static_cast<std::uint32_t>(height);
  h.tuning = static_cast<std::uint32_t>(tuning);
  h.path_len = static_cast<std::uint32_t>(path.size());

  auto fail = [&](IoResult io) -> Result<ImageScan> {
    if (io == IoResult::kTimeout) {
      StopWorker(true);
      ++stats_.timeouts;
      return Error{"decode.timeout", "Decoding took longer than " + std::to_string(options_.timeout.count()) +
                                         " ms; the decoder was restarted."};
    }
    // Closed: the worker died (most likely a ZXing assertion) or broke the protocol. A child that
    // closed the socket but lingers gets 200 ms to exit, then SIGKILL: never wait unbounded.
    int status = 0;
    pid_t r = 0;
    for (int i = 0; i < 200 && r == 0; ++i) {
      r = ::waitpid(pid_, &status, WNOHANG);
      if (r == 0) ::usleep(1000);
      if (r < 0 && errno == EINTR) r = 0;
    }
    if (r == 0) {
      ::kill(pid_, SIGKILL);
      do r = ::waitpid(pid_, &status, 0);
      while (r < 0 && errno == EINTR);
    }
    ::close(fd_);
    fd_ = -1;
    pid_ = 0;
    ++stats_.crashes;
    std::string how = r > 0 && WIFSIGNALED(status) ? std::string("signal ") + std::to_string(WTERMSIG(status)) +
                                                         " (" + strsignal(WTERMSIG(status)) + ")"
                                                   : "exit " + std::to_string(r > 0 && WIFEXITED(status) ? WEXITSTATUS(status) : -1);
    return Error{"decode.worker_crashed",
                 "The barcode library crashed on this image (" + how + "); it was skipped and the decoder restarted."};
  };

  if (auto io = SendAll(fd_, &h, sizeof h, deadline); io != IoResult::kOk) return fail(io);
  if (auto io = pixels ? SendAll(fd_, pixels, static_cast<std::size_t>(width) * static_cast<std::size_t>(height), deadline)
                       : SendAll(fd_, path.data(), path.size(), deadline);
      io != IoResult::kOk)
    return fail(io);

  auto u32 = [&](std::uint32_t& v) { return RecvAll(fd_, &v, sizeof v, deadline); };
  auto str = [&](std::string& s) -> IoResult {
    std::uint32_t n = 0;
    if (auto io = u32(n); io != IoResult::kOk) return io;
    if (n > wire::kMaxField) return IoResult::kClosed;
    s.resize(n);
    return n ? RecvAll(fd_, s.data(), n, deadline) : IoResult::kOk;
  };
  std::uint32_t magic = 0, seq = 0, count = 0;
  for (auto* v : {&magic, &seq, &count})
    if (auto io = u32(*v); io != IoResult::kOk) return fail(io);
  if (magic != wire::kResponseMagic || seq != h.seq || count > wire::kMaxSymbols) {
    StopWorker(true);
    return Error{"decode.protocol", "The decoder process sent an invalid reply; it was restarted."};
  }
  std::vector<Symbol> symbols(count);
  for (auto& s : symbols) {
    for (auto* f : {&s.format, &s.symbology_id, &s.text})
      if (auto io = str(*f); io != IoResult::kOk) return fail(io);
    for (auto& p : s.corners) {
      std::uint32_t x = 0, y = 0;
      if (auto io = u32(x); io != IoResult::kOk) return fail(io);
      if (auto io = u32(y); io != IoResult::kOk) return fail(io);
      p = {static_cast<int>(x), static_cast<int>(y)};
    }
  }
  ImageScan scan;
  std::uint32_t w = 0, hh = 0;
  Error error;
  for (auto* v : {&w, &hh})
    if (auto io = u32(*v); io != IoResult::kOk) return fail(io);
  for (auto* f : {&error.code, &error.message})
    if (auto io = str(*f); io != IoResult::kOk) return fail(io);
  if (!error.code.empty()) return error;
  scan.width = static_cast<int>(w);
  scan.height = static_cast<int>(hh);
  scan.symbols = std::move(symbols);
  return scan;
}

}  // namespace onestop::devices
