// Unit tests of CurlTransport against a scripted raw-socket server on loopback: transport failures
// (refused, timeout, truncated, oversized) are Errors, any HTTP status is a response, headers are
// captured lower-cased, the bearer token is sent, and the keep-alive connection is reused.
#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <unistd.h>

#include <functional>
#include <string>
#include <thread>

#include "offline/http_transport.h"

using namespace onestop::offline;

namespace {

// Accepts ONE connection and hands it to `serve`; a second connection is never accepted.
class RawServer {
 public:
  explicit RawServer(std::function<void(int fd)> serve) {
    listen_fd_ = socket(AF_INET, SOCK_STREAM, 0);
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    bind(listen_fd_, reinterpret_cast<sockaddr*>(&a), sizeof a);
    listen(listen_fd_, 4);
    socklen_t len = sizeof a;
    getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&a), &len);
    port_ = ntohs(a.sin_port);
    thread_ = std::thread([this, serve] {
      const int fd = accept(listen_fd_, nullptr, nullptr);
      if (fd >= 0) {
        serve(fd);
        close(fd);
      }
    });
  }
  ~RawServer() {
    shutdown(listen_fd_, SHUT_RDWR);
    close(listen_fd_);
    thread_.join();
  }
  std::string url() const { return "http://127.0.0.1:" + std::to_string(port_); }

 private:
  int listen_fd_;
  int port_ = 0;
  std::thread thread_;
};

// Reads one request (headers + Content-Length body); "" when the peer closed.
std::string ReadRequest(int fd) {
  std::string req;
  char buf[4096];
  size_t need = std::string::npos;
  for (;;) {
    if (need != std::string::npos && req.size() >= need) return req;
    const ssize_t n = read(fd, buf, sizeof buf);
    if (n <= 0) return req;
    req.append(buf, static_cast<size_t>(n));
    const auto end = req.find("\r\n\r\n");
    if (end != std::string::npos && need == std::string::npos) {
      size_t body = 0;
      const auto cl = req.find("Content-Length: ");
      if (cl != std::string::npos && cl < end) body = std::stoul(req.substr(cl + 16));
      need = end + 4 + body;
    }
  }
}

void Write(int fd, const std::string& s) { (void)!write(fd, s.data(), s.size()); }

TransportOptions Opt(const std::string& url, int total_ms = 2000) {
  TransportOptions o;
  o.base_url = url;
  o.connect_timeout_ms = 500;
  o.total_timeout_ms = total_ms;
  return o;
}

}  // namespace

TEST(CurlTransport, RefusedConnectionIsATransportError) {
  int port;
  {
    RawServer s([](int) {});
    port = std::stoi(s.url().substr(s.url().rfind(':') + 1));
  }  // closed again: nothing listens there now
  CurlTransport t(Opt("http://127.0.0.1:" + std::to_string(port)));
  auto r = t.Send({"GET", "/v1/health", "", ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "net.connect");
}

TEST(CurlTransport, SilentServerTimesOut) {
  RawServer s([](int fd) {
    ReadRequest(fd);
    std::this_thread::sleep_for(std::chrono::milliseconds(800));
  });
  CurlTransport t(Opt(s.url(), 300));
  auto r = t.Send({"GET", "/x", "", ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "net.timeout");
}

TEST(CurlTransport, ErrorStatusIsAResponseWithHeaders) {
  std::string seen;
  {
    RawServer s([&](int fd) {
      seen = ReadRequest(fd);
      Write(fd, "HTTP/1.1 503 Service Unavailable\r\nRetry-After:  7 \r\nX-Thing: A\r\nContent-Type: application/problem+json\r\n"
                "Content-Length: 17\r\n\r\n{\"title\":\"busy\"}\n");
    });
    CurlTransport t(Opt(s.url()));
    auto r = t.Send({"POST", "/v1/sync/push", R"({"records":[]})", "tok-123"});
    ASSERT_TRUE(r) << r.error().message;
    EXPECT_EQ(r->status, 503);
    EXPECT_EQ(r->Header("retry-after"), "7");
    EXPECT_EQ(r->Header("x-thing"), "A");
    EXPECT_EQ(r->body, "{\"title\":\"busy\"}\n");
  }
  EXPECT_NE(seen.find("POST /v1/sync/push HTTP/1.1"), std::string::npos);
  EXPECT_NE(seen.find("Authorization: Bearer tok-123"), std::string::npos);
  EXPECT_NE(seen.find("Content-Type: application/json"), std::string::npos);
  EXPECT_NE(seen.find(R"({"records":[]})"), std::string::npos);
}

TEST(CurlTransport, TruncatedBodyIsATransportError) {
  RawServer s([](int fd) {
    ReadRequest(fd);
    Write(fd, "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"results\":");
  });
  CurlTransport t(Opt(s.url()));
  auto r = t.Send({"GET", "/x", "", ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "net.error");
}

TEST(CurlTransport, OversizedBodyIsRefused) {
  RawServer s([](int fd) {
    ReadRequest(fd);
    Write(fd, "HTTP/1.1 200 OK\r\nContent-Length: 5000\r\n\r\n" + std::string(5000, 'a'));
  });
  TransportOptions o = Opt(s.url());
  o.max_body_bytes = 1000;
  CurlTransport t(o);
  auto r = t.Send({"GET", "/x", "", ""});
  ASSERT_FALSE(r);
  EXPECT_EQ(r.error().code, "net.too_large");
}

// The server accepts a single connection: the second request only succeeds if curl reused it.
TEST(CurlTransport, ReusesTheKeepAliveConnection) {
  RawServer s([](int fd) {
    for (int i = 0; i < 2; ++i) {
      if (ReadRequest(fd).empty()) return;
      Write(fd, "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\n{}");
    }
  });
  CurlTransport t(Opt(s.url(), 1000));
  auto a = t.Send({"GET", "/one", "", ""});
  auto b = t.Send({"GET", "/two", "", ""});
  ASSERT_TRUE(a) << a.error().message;
  ASSERT_TRUE(b) << b.error().message;
  EXPECT_EQ(b->status, 200);
}
