// Event-driven HTTP/1.1 client (see event_http.h). Level-triggered epoll; a connection is watched for
// writing only while it has bytes to send. Must not block: every socket is non-blocking.
#include "bench/load/event_http.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <chrono>
#include <cstring>

namespace onestop::bench {

std::string HttpAnswer::Header(const std::string& lower_name) const {
  const std::string key = "\n" + lower_name + ":";
  auto at = headers.find(key);
  if (at == std::string::npos) return "";
  at += key.size();
  const auto end = headers.find('\r', at);
  std::string v = headers.substr(at, end == std::string::npos ? std::string::npos : end - at);
  v.erase(0, v.find_first_not_of(' '));
  return v;
}

std::string Request(const std::string& method, const std::string& path, const std::string& extra_headers,
                    const std::string& body, const std::string& content_type) {
  std::string r = method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" + extra_headers;
  if (method != "GET") r += "Content-Type: " + content_type + "\r\nContent-Length: " + std::to_string(body.size()) + "\r\n";
  r += "\r\n";
  r += body;
  return r;
}

Conn::Conn(Loop& loop, sockaddr_in dst, in_addr src) : loop_(loop), dst_(dst), src_(src) { loop_.conns_.push_back(this); }

Conn::~Conn() {
  Close();
  auto& v = loop_.conns_;
  v.erase(std::remove(v.begin(), v.end(), this), v.end());
}

void Conn::Close() {
  if (fd_ >= 0) {
    ::epoll_ctl(loop_.ep_, EPOLL_CTL_DEL, fd_, nullptr);
    ::close(fd_);
  }
  fd_ = -1;
  watching_ = 0;
  if (state_ == kIdle) state_ = kClosed;
}

void Conn::Watch(uint32_t events) {
  if (events == watching_) return;
  epoll_event ev{};
  ev.events = events;
  ev.data.ptr = this;
  ::epoll_ctl(loop_.ep_, watching_ == 0 ? EPOLL_CTL_ADD : EPOLL_CTL_MOD, fd_, &ev);
  watching_ = events;
}

void Conn::Send(std::string request, int timeout_ms, AnswerFn done) {
  request_ = std::move(request);
  done_ = std::move(done);
  deadline_us_ = Loop::NowUs() + int64_t{timeout_ms} * 1000;
  retried_ = false;
  Start();
}

void Conn::Start() {
  out_ = request_;
  sent_ = 0;
  in_.clear();
  head_end_ = body_len_ = 0;
  close_after_ = false;
  if (fd_ < 0) {
    reused_ = false;
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
    if (fd_ < 0) return Fail(std::string("socket: ") + std::strerror(errno), false);
    int one = 1;
    ::setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    sockaddr_in me{};
    me.sin_family = AF_INET;
    me.sin_addr = src_;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&me), sizeof me) != 0)
      return Fail(std::string("bind source address: ") + std::strerror(errno), false);
    if (::connect(fd_, reinterpret_cast<const sockaddr*>(&dst_), sizeof dst_) != 0 && errno != EINPROGRESS)
      return Fail(std::string("connect: ") + std::strerror(errno), false);
    state_ = kConnecting;
    Watch(EPOLLOUT);
    return;
  }
  reused_ = true;
  state_ = kWriting;
  Watch(EPOLLIN | EPOLLOUT);
}

void Conn::Fail(const std::string& why, bool may_retry) {
  const bool retry = may_retry && reused_ && !retried_ && in_.empty();
  if (fd_ >= 0) {
    ::epoll_ctl(loop_.ep_, EPOLL_CTL_DEL, fd_, nullptr);
    ::close(fd_);
  }
  fd_ = -1;
  watching_ = 0;
  if (retry) {
    retried_ = true;
    ++loop_.retries_;
    Start();
    return;
  }
  state_ = kClosed;
  AnswerFn done = std::move(done_);
  done_ = nullptr;
  if (done) done(nullptr, why);
}

bool Conn::Parse() {
  if (head_end_ == 0) {
    const auto end = in_.find("\r\n\r\n");
    if (end == std::string::npos) return false;
    head_end_ = end + 4;
    std::string head = in_.substr(0, head_end_);
    const auto line_end = head.find("\r\n");
    // Lower-case the header names (not the status line) so Header() can find them.
    for (size_t i = line_end; i < head.size(); ++i) {
      if (head[i] == '\n')
        for (size_t j = i + 1; j < head.size() && head[j] != ':' && head[j] != '\r'; ++j)
          head[j] = static_cast<char>(std::tolower(static_cast<unsigned char>(head[j])));
    }
    in_.replace(0, head_end_, head);
    HttpAnswer probe;
    probe.headers = head.substr(line_end);
    const std::string len = probe.Header("content-length");
    if (!probe.Header("transfer-encoding").empty()) body_len_ = SIZE_MAX;  // not spoken here: fails below
    else body_len_ = len.empty() ? 0 : std::stoul(len);
    close_after_ = probe.Header("connection") == "close";
  }
  return body_len_ != SIZE_MAX && in_.size() >= head_end_ + body_len_;
}

void Conn::Finish() {
  HttpAnswer a;
  const auto sp = in_.find(' ');
  a.status = sp == std::string::npos ? 0 : std::atoi(in_.c_str() + sp + 1);
  const auto line_end = in_.find("\r\n");
  a.headers = in_.substr(line_end, head_end_ - line_end);
  a.body = in_.substr(head_end_, body_len_);
  in_.clear();
  if (close_after_) {
    state_ = kIdle;
    Close();
  } else {
    state_ = kIdle;
    Watch(EPOLLIN);  // an idle connection still hears the server closing it
  }
  AnswerFn done = std::move(done_);
  done_ = nullptr;
  if (done) done(&a, "");
}

void Conn::OnEvent(uint32_t events) {
  if (state_ == kIdle) {
    // The server closed the idle keep-alive connection (or sent something unasked): drop it.
    Close();
    return;
  }
  if (state_ == kConnecting) {
    // An event left over from a closed socket of this connection (same batch) is not the connect's.
    if (!(events & (EPOLLOUT | EPOLLERR | EPOLLHUP))) return;
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd_, SOL_SOCKET, SO_ERROR, &err, &len);
    if (err != 0 || (events & (EPOLLERR | EPOLLHUP))) return Fail(std::string("connect: ") + std::strerror(err ? err : ECONNREFUSED), false);
    state_ = kWriting;
    Watch(EPOLLIN | EPOLLOUT);
  }
  if (state_ == kWriting && (events & EPOLLOUT)) {
    while (sent_ < out_.size()) {
      const ssize_t n = ::send(fd_, out_.data() + sent_, out_.size() - sent_, MSG_NOSIGNAL);
      if (n < 0) {
        if (errno == EAGAIN) return;
        return Fail(std::string("send: ") + std::strerror(errno), true);
      }
      sent_ += static_cast<size_t>(n);
    }
    state_ = kReading;
    Watch(EPOLLIN);
  }
  if ((state_ == kReading || state_ == kWriting) && (events & (EPOLLIN | EPOLLHUP | EPOLLERR))) {
    char buf[65536];
    for (;;) {
      const ssize_t n = ::recv(fd_, buf, sizeof buf, 0);
      if (n > 0) {
        in_.append(buf, static_cast<size_t>(n));
        if (Parse()) return Finish();
        if (body_len_ == SIZE_MAX) return Fail("chunked answers are not spoken here", false);
        continue;
      }
      if (n == 0) return Fail("connection closed by the hub", true);
      if (errno == EAGAIN) return;
      return Fail(std::string("recv: ") + std::strerror(errno), true);
    }
  }
}

Loop::Loop() : ep_(::epoll_create1(EPOLL_CLOEXEC)) {}
Loop::~Loop() { ::close(ep_); }

int64_t Loop::NowUs() {
  return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

void Loop::At(int64_t when_us, std::function<void()> fn) { timers_.push(Timer{when_us, ++seq_, std::move(fn)}); }

void Loop::CheckDeadlines(int64_t now) {
  if (now < next_deadline_check_) return;
  next_deadline_check_ = now + 200000;
  // Copy: a failing request's callback may start or end other requests.
  const std::vector<Conn*> all = conns_;
  for (Conn* c : all)
    if (c->busy() && c->deadline_us_ < now && std::find(conns_.begin(), conns_.end(), c) != conns_.end()) {
      c->retried_ = true;  // a timed-out request is not sent again
      c->Fail("timeout", false);
    }
}

void Loop::Run(const std::function<bool()>& stop, int64_t until_us) {
  epoll_event evs[512];
  while (!stop()) {
    int64_t now = NowUs();
    if (now >= until_us) return;
    int64_t wait_us = std::min<int64_t>(until_us - now, 100000);
    if (!timers_.empty()) wait_us = std::min(wait_us, std::max<int64_t>(0, timers_.top().when - now));
    const int n = ::epoll_wait(ep_, evs, 512, static_cast<int>((wait_us + 999) / 1000));
    for (int i = 0; i < n; ++i) static_cast<Conn*>(evs[i].data.ptr)->OnEvent(evs[i].events);
    now = NowUs();
    while (!timers_.empty() && timers_.top().when <= now) {
      auto fn = timers_.top().fn;
      timers_.pop();
      fn();
    }
    CheckDeadlines(now);
  }
}

}  // namespace onestop::bench
