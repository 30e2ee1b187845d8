// Connection guard (see http_guard.h). Debian ships cpp-httplib 0.11 as a compiled library whose
// connection loop has no header deadline and a fixed pool, so the guard wraps that loop: every
// accepted socket is admitted here, watched by one thread that cuts it when a deadline passes, and
// served on an elastic pool. It must not parse HTTP itself, and must never close a socket it did
// not admit (httplib closes what it serves).
#include "server/http_guard.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <poll.h>
#include <spdlog/spdlog.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <chrono>
#include <condition_variable>
#include <atomic>
#include <deque>
#include <map>
#include <mutex>
#include <thread>
#include <type_traits>
#include <unordered_map>

#include "server/request_gate.h"

// httplib 0.11 reads a request line or header of any length into memory (one endless line took a
// hub to 2 GiB in 8 s), so the guard also counts what each admitted connection reads while its
// headers arrive: the hub defines recv() and read() (the library's and OpenSSL's calls bind to
// these), which pass straight to the kernel for every other descriptor.
// httplib declares process_and_close_socket private; a guarded subclass overrides it and must still
// run the library's own version without virtual dispatch. These are the library's exported symbols
// (Itanium ABI: `this` first); linking fails loudly if a future soname drops them.
extern "C" bool _ZN7httplib6Server24process_and_close_socketEi(httplib::Server* self, int sock);
extern "C" bool _ZN7httplib9SSLServer24process_and_close_socketEi(httplib::SSLServer* self, int sock);

namespace onestop::hub {
namespace {

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now().time_since_epoch())
      .count();
}

std::string PeerAddress(int fd) {
  sockaddr_storage ss{};
  socklen_t len = sizeof ss;
  if (getpeername(fd, reinterpret_cast<sockaddr*>(&ss), &len) != 0) return "?";
  char buf[INET6_ADDRSTRLEN] = {0};
  if (ss.ss_family == AF_INET) {
    inet_ntop(AF_INET, &reinterpret_cast<sockaddr_in*>(&ss)->sin_addr, buf, sizeof buf);
  } else if (ss.ss_family == AF_INET6) {
    const auto* a6 = reinterpret_cast<sockaddr_in6*>(&ss);
    // An IPv4 client on a dual-stack socket counts as its IPv4 address.
    if (IN6_IS_ADDR_V4MAPPED(&a6->sin6_addr))
      inet_ntop(AF_INET, reinterpret_cast<const unsigned char*>(&a6->sin6_addr) + 12, buf, sizeof buf);
    else
      inet_ntop(AF_INET6, &a6->sin6_addr, buf, sizeof buf);
  }
  return buf;
}

// A worker pool that grows while every worker is busy (up to max) and shrinks back when idle.
// httplib gives each connection one worker for its whole life, so a fixed pool is exactly what a
// slow client exhausts.
class ElasticPool final : public httplib::TaskQueue {
 public:
  ElasticPool(size_t min_threads, size_t max_threads, std::atomic<size_t>* live)
      : min_(min_threads), max_(std::max(min_threads, max_threads)), live_(live) {
    std::lock_guard lock(mu_);
    for (size_t i = 0; i < min_; ++i) Spawn();
  }
  ~ElasticPool() override { shutdown(); }

  void enqueue(std::function<void()> fn) override {
    std::lock_guard lock(mu_);
    jobs_.push_back(std::move(fn));
    if (idle_ < jobs_.size() && threads_ < max_) Spawn();
    cv_.notify_one();
  }

  void shutdown() override {
    std::unique_lock lock(mu_);
    stopping_ = true;
    cv_.notify_all();
    done_cv_.wait(lock, [&] { return threads_ == 0; });
  }

  void Spawn() {  // mu_ held
    ++threads_;
    live_->fetch_add(1);
    std::thread([this] { Run(); }).detach();
  }

  void Run() {
    std::unique_lock lock(mu_);
    for (;;) {
      ++idle_;
      const bool woke = cv_.wait_for(lock, std::chrono::seconds(30), [&] { return stopping_ || !jobs_.empty(); });
      --idle_;
      if (jobs_.empty() && (stopping_ || (!woke && threads_ > min_))) break;
      if (jobs_.empty()) continue;
      auto fn = std::move(jobs_.front());
      jobs_.pop_front();
      lock.unlock();
      fn();
      lock.lock();
    }
    --threads_;
    live_->fetch_sub(1);
    done_cv_.notify_all();
  }

  const size_t min_, max_;
  std::atomic<size_t>* live_;
  std::mutex mu_;
  std::condition_variable cv_, done_cv_;
  std::deque<std::function<void()>> jobs_;
  size_t threads_ = 0, idle_ = 0;
  bool stopping_ = false;
};

thread_local ConnectionGuard::Conn* t_current = nullptr;

// Lingering close after a refused request: FIN right after the answer, then the rest of what the
// client is still sending is read and dropped (up to 16 MiB or 2 s). Closing with unread data would
// send a reset, and a reset can destroy the answer in the client's receive queue before it reads it.
void Linger(int fd) {
  ::shutdown(fd, SHUT_WR);
  static constexpr size_t kMaxDrain = 16u << 20;
  const int64_t until = NowMs() + 2000;
  char scratch[16384];
  size_t drained = 0;
  for (int64_t now = NowMs(); now < until && drained < kMaxDrain; now = NowMs()) {
    pollfd p{fd, POLLIN, 0};
    if (::poll(&p, 1, static_cast<int>(until - now)) <= 0) break;
    const ssize_t n = syscall(SYS_recvfrom, fd, scratch, sizeof scratch, MSG_DONTWAIT, nullptr, nullptr);
    if (n <= 0) break;
    drained += static_cast<size_t>(n);
  }
}

// Admitted connections by descriptor, for recv()/read(). Only the worker that serves a connection
// reads it, and it clears the slot before the descriptor can be reused.
constexpr int kMaxTrackedFd = 1 << 16;
std::atomic<ConnectionGuard::Conn*> g_by_fd[kMaxTrackedFd];

ssize_t Counted(int fd, ssize_t n);

template <class Base>
class GuardedServer final : public Base {
 public:
  template <class... A>
  explicit GuardedServer(std::shared_ptr<ConnectionGuard> guard, A&&... args)
      : Base(std::forward<A>(args)...), guard_(std::move(guard)) {}

 private:
  bool process_and_close_socket(int sock) override {
    bool refused = false;
    ConnectionGuard::Conn* c = guard_->Admit(sock, &refused);
    if (refused) {
      // Plain HTTP gets a reason; a TLS client just sees the connection close.
      if constexpr (std::is_same_v<Base, httplib::Server>) {
        // Written before httplib sees the socket, so the answer is raw bytes; the body is the usual one.
        static const std::string kBusy = [] {
          const std::string body = ProblemBody(429, "too-many-connections", "Too Many Requests", "too many open connections");
          return "HTTP/1.1 429 Too Many Requests\r\nRetry-After: 5\r\nConnection: close\r\n"
                 "Content-Type: application/problem+json\r\nContent-Length: " +
                 std::to_string(body.size()) + "\r\n\r\n" + body;
        }();
        (void)!::send(sock, kBusy.data(), kBusy.size(), MSG_DONTWAIT | MSG_NOSIGNAL);
      }
      ::shutdown(sock, SHUT_RDWR);
      ::close(sock);
      return false;
    }
    t_current = c;
    bool ok;
    if constexpr (std::is_same_v<Base, httplib::Server>)
      ok = _ZN7httplib6Server24process_and_close_socketEi(this, sock);
    else
      ok = _ZN7httplib9SSLServer24process_and_close_socketEi(this, sock);
    t_current = nullptr;
    guard_->Release(c);
    return ok;
  }

  std::shared_ptr<ConnectionGuard> guard_;
};

}  // namespace

struct ConnectionGuard::Conn {
  int fd = -1;
  std::string address;
  int64_t deadline_ms = 0;  // atomic access: written by the worker, read by the watcher
  bool cut = false;         // watcher only
  int body_ms = 0, next_request_ms = 0;
  // Worker thread only:
  bool in_headers = true;   // reading a request line and headers (the byte budget applies)
  size_t header_bytes = 0;
  size_t header_budget = 0;
  bool closing = false;     // answered with the body unread: the next read is end-of-stream
};

struct ConnectionGuard::State {
  mutable std::mutex mu;
  std::condition_variable cv;
  bool stopping = false;
  std::unordered_map<Conn*, std::unique_ptr<Conn>> open;
  std::map<std::string, int> per_address;
  uint64_t refused = 0, timed_out = 0;
  std::atomic<size_t> threads{0};
  std::atomic<int> listen_fd{-1};
  std::thread watcher;
};

ConnectionGuard::ConnectionGuard(GuardLimits limits) : limits_(limits), state_(std::make_unique<State>()) {
  state_->watcher = std::thread([this] { Watch(); });
}

ConnectionGuard::~ConnectionGuard() {
  {
    std::lock_guard lock(state_->mu);
    state_->stopping = true;
  }
  state_->cv.notify_all();
  state_->watcher.join();
}

ConnectionGuard::Conn* ConnectionGuard::Admit(int fd, bool* refused) {
  auto c = std::make_unique<Conn>();
  c->fd = fd;
  c->address = PeerAddress(fd);
  c->deadline_ms = NowMs() + limits_.header_timeout_ms;
  c->body_ms = limits_.body_timeout_ms;
  c->header_budget = limits_.max_header_bytes;
  c->next_request_ms = limits_.keep_alive_idle_s * 1000 + limits_.header_timeout_ms;
  std::lock_guard lock(state_->mu);
  int& n = state_->per_address[c->address];
  if (n >= limits_.max_conns_per_address) {
    ++state_->refused;
    if (n == 0) state_->per_address.erase(c->address);
    *refused = true;
    spdlog::warn("connection from {} refused: it already holds {} connections", c->address, n);
    return nullptr;
  }
  ++n;
  Conn* raw = c.get();
  state_->open.emplace(raw, std::move(c));
  if (fd >= 0 && fd < kMaxTrackedFd) g_by_fd[fd].store(raw, std::memory_order_release);
  return raw;
}

void ConnectionGuard::Release(Conn* c) {
  if (c->fd >= 0 && c->fd < kMaxTrackedFd) g_by_fd[c->fd].store(nullptr, std::memory_order_release);
  std::lock_guard lock(state_->mu);
  auto it = state_->open.find(c);
  if (it == state_->open.end()) return;
  if (auto a = state_->per_address.find(c->address); a != state_->per_address.end() && --a->second <= 0)
    state_->per_address.erase(a);
  state_->open.erase(it);
}

void ConnectionGuard::HeadersDone() {
  if (!t_current) return;
  t_current->in_headers = false;
  __atomic_store_n(&t_current->deadline_ms, NowMs() + t_current->body_ms, __ATOMIC_RELAXED);
}

void ConnectionGuard::LongLived() {
  if (!t_current) return;
  __atomic_store_n(&t_current->deadline_ms, int64_t{0}, __ATOMIC_RELAXED);  // 0 = the watcher skips it
}

void ConnectionGuard::ResponseDone() {
  if (!t_current) return;
  if (t_current->closing) {
    Linger(t_current->fd);
    return;
  }
  // The next request on a keep-alive connection gets the idle time plus the header deadline.
  t_current->in_headers = true;
  t_current->header_bytes = 0;
  __atomic_store_n(&t_current->deadline_ms, NowMs() + t_current->next_request_ms, __ATOMIC_RELAXED);
}

void ConnectionGuard::CloseAfterResponse() {
  // httplib 0.11 ignores "Connection: close" set by a handler and would parse the unread body as
  // the next request; end-of-stream on the next read ends the connection instead.
  if (t_current) t_current->closing = true;
}

httplib::TaskQueue* ConnectionGuard::NewPool() {
  return new ElasticPool(limits_.min_threads, limits_.max_threads, &state_->threads);
}

void ConnectionGuard::RaiseBacklog() const {
  const int fd = state_->listen_fd.load();
  // listen() on a listening socket only changes its backlog (Linux).
  if (fd >= 0 && ::listen(fd, limits_.listen_backlog) != 0)
    spdlog::warn("could not raise the listen backlog to {}", limits_.listen_backlog);
}

GuardStats ConnectionGuard::Stats() const {
  std::lock_guard lock(state_->mu);
  GuardStats s;
  s.refused_per_address = state_->refused;
  s.timed_out = state_->timed_out;
  s.open = state_->open.size();
  s.threads = state_->threads.load();
  return s;
}

void ConnectionGuard::Watch() {
  std::unique_lock lock(state_->mu);
  while (!state_->stopping) {
    state_->cv.wait_for(lock, std::chrono::milliseconds(200));
    const int64_t now = NowMs();
    for (auto& [raw, c] : state_->open) {
      const int64_t d = __atomic_load_n(&c->deadline_ms, __ATOMIC_RELAXED);
      if (c->cut || d == 0 || d > now) continue;
      // shutdown() (not close) wakes the worker blocked in recv/poll; httplib then closes the fd it owns.
      ::shutdown(c->fd, SHUT_RDWR);
      c->cut = true;
      ++state_->timed_out;
      spdlog::info("connection from {} cut: request not complete in time", c->address);
    }
  }
}

namespace {
ssize_t Counted(int fd, ssize_t n) {
  if (fd < 0 || fd >= kMaxTrackedFd) return n;
  ConnectionGuard::Conn* c = g_by_fd[fd].load(std::memory_order_acquire);
  if (!c || n <= 0 || !c->in_headers) return n;
  c->header_bytes += static_cast<size_t>(n);
  if (c->header_bytes <= c->header_budget) return n;
  spdlog::info("connection from {} cut: request line and headers over {} bytes", c->address, c->header_budget);
  ::shutdown(fd, SHUT_RDWR);
  errno = ECONNRESET;
  return -1;
}

bool ClosingNow(int fd) {
  if (fd < 0 || fd >= kMaxTrackedFd) return false;
  ConnectionGuard::Conn* c = g_by_fd[fd].load(std::memory_order_acquire);
  return c && c->closing;
}
}  // namespace

}  // namespace onestop::hub

// The interposed reads (see the top of this file). Direct system calls: the C library's own
// recv/read would be these very functions.
extern "C" ssize_t recv(int fd, void* buf, size_t n, int flags) {
  // A peek is httplib asking whether the peer is still there before it writes: answer truthfully.
  if (flags & MSG_PEEK) return syscall(SYS_recvfrom, fd, buf, n, flags, nullptr, nullptr);
  if (onestop::hub::ClosingNow(fd)) return 0;
  return onestop::hub::Counted(fd, syscall(SYS_recvfrom, fd, buf, n, flags, nullptr, nullptr));
}

extern "C" ssize_t read(int fd, void* buf, size_t n) {
  if (onestop::hub::ClosingNow(fd)) return 0;
  return onestop::hub::Counted(fd, syscall(SYS_read, fd, buf, n));
}

namespace onestop::hub {

std::unique_ptr<httplib::Server> MakeGuardedServer(const GuardLimits& limits, const std::string& tls_cert,
                                                   const std::string& tls_key, std::shared_ptr<ConnectionGuard>* guard,
                                                   std::string* error) {
  auto g = std::make_shared<ConnectionGuard>(limits);
  std::unique_ptr<httplib::Server> server;
  if (!tls_cert.empty() || !tls_key.empty()) {
    if (tls_cert.empty() || tls_key.empty()) {
      *error = "TLS needs both --tls-cert and --tls-key";
      return nullptr;
    }
    auto tls = std::make_unique<GuardedServer<httplib::SSLServer>>(g, tls_cert.c_str(), tls_key.c_str());
    if (!tls->is_valid()) {
      *error = "cannot load the TLS certificate " + tls_cert + " or key " + tls_key +
               " (PEM files, readable by the hub, key matching the certificate)";
      return nullptr;
    }
    server = std::move(tls);
  } else {
    server = std::make_unique<GuardedServer<httplib::Server>>(g);
  }
  server->new_task_queue = [raw = g.get()] { return raw->NewPool(); };
  server->set_keep_alive_timeout(limits.keep_alive_idle_s);
  server->set_socket_options([raw = g.get()](int fd) {
    // Replaces httplib's default options: SO_REUSEADDR only (no SO_REUSEPORT: a second hub on the
    // same port must fail to bind, not share the traffic).
    int yes = 1;
    ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &yes, sizeof yes);
    raw->state_->listen_fd.store(fd);
  });
  *guard = std::move(g);
  return server;
}

}  // namespace onestop::hub
