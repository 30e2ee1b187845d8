// Raw TCP helpers for the hostile-client suite: requests with exactly the headers an attacker
// chooses (httplib's client would fix them up), slow senders, and the hub process's memory.
// Test-only; loopback addresses only (127.0.0.0/8).
#pragma once
#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <chrono>
#include <fstream>
#include <string>

namespace security_test {

// Connects to 127.0.0.1:port from `source` (any 127.x address; "" = kernel's choice). -1 on failure.
inline int Connect(int port, const std::string& source = "", int timeout_ms = 5000) {
  const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return -1;
  timeval tv{timeout_ms / 1000, (timeout_ms % 1000) * 1000};
  ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
  ::setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &tv, sizeof tv);
  if (!source.empty()) {
    sockaddr_in src{};
    src.sin_family = AF_INET;
    ::inet_pton(AF_INET, source.c_str(), &src.sin_addr);
    if (::bind(fd, reinterpret_cast<sockaddr*>(&src), sizeof src) != 0) {
      ::close(fd);
      return -1;
    }
  }
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  ::inet_pton(AF_INET, "127.0.0.1", &a.sin_addr);
  if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
    ::close(fd);
    return -1;
  }
  return fd;
}

// Sends all of `data`; returns how many bytes went out before an error.
inline size_t SendAll(int fd, const std::string& data) {
  size_t sent = 0;
  while (sent < data.size()) {
    const ssize_t n = ::send(fd, data.data() + sent, data.size() - sent, MSG_NOSIGNAL);
    if (n <= 0) break;
    sent += static_cast<size_t>(n);
  }
  return sent;
}

// Reads until the peer closes, `max` bytes, or the socket's receive timeout.
inline std::string ReadSome(int fd, size_t max = 1 << 20) {
  std::string out;
  char buf[8192];
  while (out.size() < max) {
    const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
    if (n <= 0) break;
    out.append(buf, static_cast<size_t>(n));
    // Enough to judge: a complete status line and headers.
    if (out.find("\r\n\r\n") != std::string::npos && out.find("Content-Length") != std::string::npos) {
      const auto cl = out.find("Content-Length: ");
      const auto end = out.find("\r\n\r\n");
      const size_t len = std::stoul(out.substr(cl + 16));
      if (out.size() >= end + 4 + len) break;
    }
  }
  return out;
}

// The status code of a raw HTTP response ("HTTP/1.1 413 ..." -> 413), 0 when there is none.
inline int StatusOf(const std::string& response) {
  if (response.rfind("HTTP/1.", 0) != 0 || response.size() < 12) return 0;
  return std::atoi(response.c_str() + 9);
}

// True when the peer has closed (or reset) the connection within timeout_ms.
inline bool PeerClosed(int fd, int timeout_ms) {
  pollfd p{fd, POLLIN, 0};
  const auto until = std::chrono::steady_clock::now() + std::chrono::milliseconds(timeout_ms);
  while (std::chrono::steady_clock::now() < until) {
    if (::poll(&p, 1, 50) > 0) {
      char c;
      const ssize_t n = ::recv(fd, &c, 1, MSG_DONTWAIT);
      if (n == 0 || (n < 0 && errno != EAGAIN)) return true;
    }
  }
  return false;
}

// A field of /proc/PID/status in KiB (VmRSS, VmHWM, Threads...); -1 when missing.
inline long ProcStatusKb(int pid, const std::string& field) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/status");
  std::string line;
  while (std::getline(in, line))
    if (line.rfind(field + ":", 0) == 0) return std::atol(line.c_str() + field.size() + 1);
  return -1;
}

}  // namespace security_test
