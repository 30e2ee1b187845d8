// Event-driven HTTP/1.1 client for the hub load driver: one epoll loop, non-blocking sockets, one
// request at a time per keep-alive connection, timers. Lets one thread hold thousands of terminals'
// connections. It speaks only what the hub answers (Content-Length bodies); it must not grow into a
// general HTTP client, and nothing here knows about the hub's routes.
#pragma once
#include <netinet/in.h>

#include <cstdint>
#include <functional>
#include <memory>
#include <queue>
#include <string>
#include <vector>

namespace onestop::bench {

struct HttpAnswer {
  int status = 0;
  std::string body;
  std::string headers;  // raw header block, lower-cased names (Header() looks one up)
  std::string Header(const std::string& lower_name) const;
};

// nullptr answer = the request failed (connect error, reset, timeout); `error` says which.
using AnswerFn = std::function<void(const HttpAnswer* answer, const std::string& error)>;

class Loop;

// One keep-alive connection from a fixed source address to a fixed destination. Reconnects on the
// next request after the server closed it. A request that finds a reused connection closed before
// any answer byte is sent again once on a fresh connection (the keep-alive race every client has);
// callers only send requests that are safe to repeat (GET, idempotent pushes, desk moves with "from").
class Conn {
 public:
  Conn(Loop& loop, sockaddr_in dst, in_addr src);
  ~Conn();
  Conn(const Conn&) = delete;
  Conn& operator=(const Conn&) = delete;
  bool busy() const { return state_ != kIdle && state_ != kClosed; }
  // `request` is the whole request (line, headers, body); timeout_ms counts from now.
  void Send(std::string request, int timeout_ms, AnswerFn done);
  void Close();

 private:
  friend class Loop;
  enum State { kClosed, kIdle, kConnecting, kWriting, kReading };
  void OnEvent(uint32_t events);
  void Start();
  void Fail(const std::string& why, bool may_retry);
  void Finish();
  bool Parse();  // true when a whole answer is in in_
  void Watch(uint32_t events);

  Loop& loop_;
  sockaddr_in dst_;
  in_addr src_;
  int fd_ = -1;
  State state_ = kClosed;
  bool reused_ = false;     // this request runs on a connection that answered before
  bool retried_ = false;
  uint32_t watching_ = 0;
  std::string out_, in_;
  size_t sent_ = 0;
  size_t head_end_ = 0, body_len_ = 0;
  bool close_after_ = false;
  int64_t deadline_us_ = 0;
  AnswerFn done_;
  std::string request_;
};

class Loop {
 public:
  Loop();
  ~Loop();
  static int64_t NowUs();
  void At(int64_t when_us, std::function<void()> fn);
  void After(int64_t delay_us, std::function<void()> fn) { At(NowUs() + delay_us, std::move(fn)); }
  // Runs events and timers until `stop()` is true (checked after every batch) or `until_us` passes.
  void Run(const std::function<bool()>& stop, int64_t until_us);
  uint64_t retries() const { return retries_; }

 private:
  friend class Conn;
  struct Timer {
    int64_t when;
    uint64_t seq;
    std::function<void()> fn;
    bool operator>(const Timer& o) const { return when != o.when ? when > o.when : seq > o.seq; }
  };
  void CheckDeadlines(int64_t now);
  int ep_ = -1;
  uint64_t seq_ = 0, retries_ = 0;
  std::priority_queue<Timer, std::vector<Timer>, std::greater<Timer>> timers_;
  std::vector<Conn*> conns_;
  int64_t next_deadline_check_ = 0;
};

// "GET path" / "POST path" with the usual headers for 127.x hosts; extra_headers end in "\r\n".
std::string Request(const std::string& method, const std::string& path, const std::string& extra_headers = "",
                    const std::string& body = "", const std::string& content_type = "application/json");

}  // namespace onestop::bench
