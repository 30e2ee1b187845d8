// Hostile-client suite (issue 11): replays each attack against the REAL onestop-hub binary on
// loopback and asserts the bound: status code, the hub's peak memory, the latency of an honest
// client meanwhile, and that nothing was stored. Attack traffic goes to 127.0.0.0/8 only.
#include <gtest/gtest.h>
#include <httplib.h>
#include <zlib.h>

#include <atomic>
#include <thread>

#include "kiosk/core/clock.h"
#include "kiosk/core/protocol.h"
#include "tests/integration/security_raw.h"
#include "tests/integration/sync_harness.h"

namespace {
using namespace sync_test;
using namespace security_test;
namespace pr = onestop::protocol;
using nlohmann::json;
using Clock = std::chrono::steady_clock;

constexpr long kMemoryBoundKb = 100 * 1024;  // the bound: < 100 MiB above idle

double MsSince(Clock::time_point t0) {
  return std::chrono::duration<double, std::milli>(Clock::now() - t0).count();
}

class HostileClients : public ::testing::Test {
 protected:
  TempDir tmp;
  std::unique_ptr<Hub> hub;
  std::string token;

  void StartHub(std::vector<std::string> extra = {}) {
    extra.push_back("--demo-data");
    hub = std::make_unique<Hub>(tmp.File(""), extra);
    const std::string code = hub->EnrollCode("ward", "B1-1F-W01");
    ASSERT_FALSE(code.empty());
    ASSERT_TRUE(hub->Start()) << hub->Log();
    auto res = Client().Post("/v1/enroll", pr::ToJson(pr::EnrollRequest{code, {"SN-SEC", "ward", "test"}}).dump(),
                             "application/json");
    ASSERT_TRUE(res);
    ASSERT_EQ(res->status, 200) << res->body;
    token = json::parse(res->body)["token"].get<std::string>();
  }
  httplib::Client Client() {
    httplib::Client c("127.0.0.1", hub->port());
    c.set_read_timeout(10, 0);
    c.set_connection_timeout(5, 0);
    return c;
  }
  int HubPid() { return hub->pid(); }
  // An honest terminal's push of one repair request: status and latency.
  std::pair<int, double> HonestPush() {
    const json rec = {{"id", pr::NewUuidV4()},
                      {"kind", "repair_request"},
                      {"created_at", onestop::FormatIsoUtcMs(std::chrono::duration_cast<std::chrono::milliseconds>(
                                         std::chrono::system_clock::now().time_since_epoch()).count())},
                      {"payload", {{"location", "B1-1F-W01-BED01"}, {"description", "bed rail loose"}}}};
    const auto t0 = Clock::now();
    auto res = Client().Post("/v1/sync/push", {{"Authorization", "Bearer " + token}},
                             json{{"records", json::array({rec})}}.dump(), "application/json");
    return {res ? res->status : 0, MsSince(t0)};
  }
  std::pair<int, double> Health() {
    const auto t0 = Clock::now();
    auto res = Client().Get("/v1/health");
    return {res ? res->status : 0, MsSince(t0)};
  }
  long IdleHwmKb() {
    // Warm the paths an attack uses, so the baseline includes the server's own steady state.
    for (int i = 0; i < 3; ++i) {
      Health();
      HonestPush();
    }
    return ProcStatusKb(HubPid(), "VmHWM");
  }
};

// gzip of `n` zero bytes, made in memory (1 GiB of zeros is ~1 MiB compressed).
std::string GzipOfZeros(size_t n) {
  z_stream z{};
  deflateInit2(&z, 9, Z_DEFLATED, 31, 9, Z_DEFAULT_STRATEGY);
  std::string in(1 << 20, '\0'), out;
  char buf[1 << 16];
  size_t left = n;
  int flush = Z_NO_FLUSH;
  do {
    const size_t take = std::min(left, in.size());
    left -= take;
    flush = left == 0 ? Z_FINISH : Z_NO_FLUSH;
    z.next_in = reinterpret_cast<Bytef*>(in.data());
    z.avail_in = static_cast<uInt>(take);
    do {
      z.next_out = reinterpret_cast<Bytef*>(buf);
      z.avail_out = sizeof buf;
      deflate(&z, flush);
      out.append(buf, sizeof buf - z.avail_out);
    } while (z.avail_out == 0);
  } while (flush != Z_FINISH);
  deflateEnd(&z);
  return out;
}

TEST_F(HostileClients, GzipBombIsRefusedUnread) {
  StartHub();
  const long idle = IdleHwmKb();
  const std::string bomb = GzipOfZeros(size_t{1} << 30);
  ASSERT_LT(bomb.size(), 2u << 20);
  for (const char* route : {"/v1/enroll", "/v1/sync/push"}) {
    const int fd = Connect(hub->port());
    ASSERT_GE(fd, 0);
    SendAll(fd, std::string("POST ") + route + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Authorization: Bearer " + token + "\r\nContent-Encoding: gzip\r\nContent-Length: " +
                std::to_string(bomb.size()) + "\r\n\r\n");
    SendAll(fd, bomb);  // may stop early: the hub closes without reading it
    const std::string res = ReadSome(fd);
    ::close(fd);
    EXPECT_EQ(StatusOf(res), 415) << route << ": " << res.substr(0, 200);
  }
  const long peak = ProcStatusKb(HubPid(), "VmHWM");
  RecordProperty("hub_peak_above_idle_kib_gzip", std::to_string(peak - idle));
  std::printf("gzip bomb (1 GiB inflated): hub peak RSS %ld KiB above idle\n", peak - idle);
  EXPECT_LT(peak - idle, kMemoryBoundKb);
  EXPECT_EQ(HonestPush().first, 200);
}

TEST_F(HostileClients, ChunkedBodiesAreCappedLikeSizedOnes) {
  StartHub();
  const long idle = IdleHwmKb();
  // 100 MiB chunked to the unauthenticated enroll route (cap 4 KiB) and, with a valid token, to push
  // (cap ~1.25 MiB): the hub answers 413 and stops reading; the sender runs into a closed socket.
  for (const char* route : {"/v1/enroll", "/v1/sync/push"}) {
    const int fd = Connect(hub->port());
    ASSERT_GE(fd, 0);
    SendAll(fd, std::string("POST ") + route + " HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\n"
                "Authorization: Bearer " + token + "\r\nTransfer-Encoding: chunked\r\n\r\n");
    const std::string chunk = "10000\r\n" + std::string(0x10000, ' ') + "\r\n";
    size_t sent = 0;
    for (int i = 0; i < 1600; ++i) {  // 1600 x 64 KiB = 100 MiB
      const size_t n = SendAll(fd, chunk);
      sent += n;
      if (n < chunk.size()) break;
    }
    const std::string res = ReadSome(fd);
    ::close(fd);
    EXPECT_EQ(StatusOf(res), 413) << route << ": " << res.substr(0, 200);
    EXPECT_LT(sent, size_t{64} << 20) << route << ": the hub kept reading a body far over its cap";
  }
  const long peak = ProcStatusKb(HubPid(), "VmHWM");
  std::printf("100 MiB chunked bodies: hub peak RSS %ld KiB above idle\n", peak - idle);
  EXPECT_LT(peak - idle, kMemoryBoundKb);
  // A sized body over the cap is refused from its header alone.
  auto big = Client().Post("/v1/enroll", std::string(5000, ' '), "application/json");
  ASSERT_TRUE(big);
  EXPECT_EQ(big->status, 413);
  EXPECT_EQ(HonestPush().first, 200);
}

TEST_F(HostileClients, EndlessRequestLinesAndHeadersAreCut) {
  StartHub();
  const long idle = IdleHwmKb();
  // One request line without an end, and one endless run of header lines: 8 s of sending each.
  for (const std::string start : {"GET /", "GET /v1/health HTTP/1.1\r\n"}) {
    const bool line = start == "GET /";
    const std::string blob = line ? std::string(1 << 20, 'a') : [] {
      std::string h;
      while (h.size() < (1u << 20)) h += "X-Pad: 0123456789abcdef\r\n";
      return h;
    }();
    const int fd = Connect(hub->port());
    ASSERT_GE(fd, 0);
    SendAll(fd, start);
    size_t sent = 0;
    const auto t0 = Clock::now();
    while (MsSince(t0) < 8000) {
      const size_t n = SendAll(fd, blob);
      sent += n;
      if (n < blob.size()) break;
    }
    ::close(fd);
    std::printf("%s: the hub stopped reading after %zu KiB\n", line ? "endless request line" : "endless headers",
                sent >> 10);
    EXPECT_LT(sent, size_t{32} << 20);
  }
  const long peak = ProcStatusKb(HubPid(), "VmHWM");
  std::printf("endless request line / headers: hub peak RSS %ld KiB above idle\n", peak - idle);
  EXPECT_LT(peak - idle, kMemoryBoundKb);
  EXPECT_EQ(Health().first, 200);
}

TEST_F(HostileClients, SlowlorisCannotStarveHonestClients) {
  StartHub();
  // 200 connections that each send one header line every 2 s: half from one address (the per-address
  // cap turns most away), half from 100 other loopback addresses (each gets a worker; the header
  // deadline cuts them all).
  std::vector<int> slow;
  for (int i = 0; i < 100; ++i) slow.push_back(Connect(hub->port(), "127.0.0.2"));
  for (int i = 0; i < 100; ++i) slow.push_back(Connect(hub->port(), "127.0.1." + std::to_string(i + 1)));
  for (int fd : slow) ASSERT_GE(fd, 0);
  std::atomic<bool> stop{false};
  std::thread dripper([&] {
    for (int fd : slow) SendAll(fd, "POST /v1/enroll HTTP/1.1\r\nHost: x\r\n");
    while (!stop) {
      for (int fd : slow) SendAll(fd, "X-Slow: 1\r\n");
      for (int i = 0; i < 20 && !stop; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(1500));
  double worst_health = 0, worst_push = 0;
  for (int i = 0; i < 5; ++i) {
    auto [hs, hms] = Health();
    auto [ps, pms] = HonestPush();
    EXPECT_EQ(hs, 200);
    EXPECT_EQ(ps, 200);
    worst_health = std::max(worst_health, hms);
    worst_push = std::max(worst_push, pms);
    std::this_thread::sleep_for(std::chrono::milliseconds(300));
  }
  std::printf("200 slow connections open: worst health %.1f ms, worst push %.1f ms\n", worst_health, worst_push);
  EXPECT_LT(worst_health, 1000.0);
  EXPECT_LT(worst_push, 1000.0);
  // The header deadline (10 s) ends every slow connection although it keeps sending.
  int closed = 0;
  const auto until = Clock::now() + std::chrono::seconds(12);
  for (int fd : slow) {
    const auto left = std::chrono::duration_cast<std::chrono::milliseconds>(until - Clock::now()).count();
    closed += PeerClosed(fd, static_cast<int>(std::max<int64_t>(left, 1))) ? 1 : 0;
  }
  stop = true;
  dripper.join();
  for (int fd : slow) ::close(fd);
  EXPECT_EQ(closed, 200);
  auto m = Client().Get("/metrics");
  ASSERT_TRUE(m);
  EXPECT_NE(m->body.find("onestop_hub_connections_cut_total"), std::string::npos);
}

TEST_F(HostileClients, NoRouteTrustsLoopback) {
  StartHub({"--public-name", "hub.test", "--public-name", "127.0.0.1"});
  // Meal review from loopback without the admin token: refused (a browser page or a proxy on the
  // host would otherwise act for the dietitian).
  auto approve = Client().Post("/v1/meals/orders/TK-000001/approve", "", "application/json");
  ASSERT_TRUE(approve);
  EXPECT_EQ(approve->status, 401);
  httplib::Client named("127.0.0.1", hub->port());
  named.set_default_headers({{"Host", "hub.test"}});
  auto list = named.Get("/v1/meals/orders");
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 401) << list->body;
  // A cross-origin form can send text/plain without a preflight: never parsed as JSON.
  auto form = named.Post("/v1/meals/orders/TK-000001/approve", "{}", "text/plain");
  ASSERT_TRUE(form);
  EXPECT_EQ(form->status, 415);
  // DNS rebinding: the attacker's name in Host.
  httplib::Client evil("127.0.0.1", hub->port());
  evil.set_default_headers({{"Host", "evil.example.com"}});
  auto rebind = evil.Get("/v1/health");
  ASSERT_TRUE(rebind);
  EXPECT_EQ(rebind->status, 421);
  auto ok = named.Get("/v1/health");
  ASSERT_TRUE(ok);
  EXPECT_EQ(ok->status, 200);
}

TEST_F(HostileClients, EnrollmentGuessingIsRateLimitedAndLogged) {
  StartHub();
  int limited = 0, retry_after = 0;
  std::vector<std::string> tried;
  for (int i = 0; i < 40; ++i) {
    tried.push_back("GUESS-" + std::to_string(100000 + i));
    auto res = Client().Post("/v1/enroll", pr::ToJson(pr::EnrollRequest{tried.back(), {"SN-X", "ward", "x"}}).dump(),
                             "application/json");
    ASSERT_TRUE(res);
    if (res->status == 429) {
      ++limited;
      retry_after = std::atoi(res->get_header_value("Retry-After").c_str());
    } else {
      EXPECT_EQ(res->status, 400);
    }
  }
  EXPECT_GE(limited, 25);  // a burst of 10 (one was spent on the real enrollment), then refused
  EXPECT_GE(retry_after, 1);
  const std::string log = hub->Log();
  EXPECT_NE(log.find("enrollment refused from 127.0.0.1: enroll-code-unknown"), std::string::npos) << log;
  EXPECT_NE(log.find("enrollment refused from 127.0.0.1: rate limit"), std::string::npos);
  for (const auto& code : tried) EXPECT_EQ(log.find(code), std::string::npos) << "a tried code reached the log";
}

}  // namespace

namespace {

// A throwaway CA-less self-signed certificate for 127.0.0.1 (openssl CLI from Debian).
bool MakeCert(const std::string& cert, const std::string& key, const std::string& scratch) {
  auto r = RunProgram({"/usr/bin/openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                       "-days", "2", "-subj", "/CN=onestop-hub-test", "-addext", "subjectAltName=IP:127.0.0.1,DNS:localhost"},
                      scratch);
  return r.rc == 0;
}

TEST_F(HostileClients, ServesTlsThatClientsVerify) {
  const std::string cert = tmp.File("hub.crt"), key = tmp.File("hub.key");
  ASSERT_TRUE(MakeCert(cert, key, tmp.File("openssl"))) << "openssl req failed";
  hub = std::make_unique<Hub>(tmp.File(""), std::vector<std::string>{"--demo-data", "--tls-cert", cert, "--tls-key", key});
  ASSERT_TRUE(hub->Start()) << hub->Log();
  httplib::SSLClient trusted("127.0.0.1", hub->port());
  trusted.set_ca_cert_path(cert.c_str());
  trusted.enable_server_certificate_verification(true);
  auto ok = trusted.Get("/v1/health");
  ASSERT_TRUE(ok) << httplib::to_string(ok.error());
  EXPECT_EQ(ok->status, 200);
  // A client that does not trust this certificate refuses the connection.
  httplib::SSLClient stranger("127.0.0.1", hub->port());
  stranger.enable_server_certificate_verification(true);
  stranger.set_ca_cert_path("/nonexistent-ca.pem");
  EXPECT_FALSE(stranger.Get("/v1/health"));
  // Plain HTTP to the TLS port gets no answer.
  EXPECT_FALSE(Client().Get("/v1/health"));
}

// The whole terminal path over real TLS: enroll, file a request, sync; and a terminal that does not
// trust the hub's certificate refuses to talk to it.
TEST_F(HostileClients, KioskEnrollsAndSyncsOverVerifiedTls) {
  const std::string cert = tmp.File("hub.crt"), key = tmp.File("hub.key");
  ASSERT_TRUE(MakeCert(cert, key, tmp.File("openssl"))) << "openssl req failed";
  hub = std::make_unique<Hub>(tmp.File(""), std::vector<std::string>{"--demo-data", "--tls-cert", cert, "--tls-key", key});
  ASSERT_TRUE(hub->Start()) << hub->Log();
  const std::string url = "https://127.0.0.1:" + std::to_string(hub->port());
  auto kiosk = [&](const std::string& dir, std::vector<std::string> cmd, bool trust) {
    std::vector<std::string> a = {Env("ONESTOP_KIOSK_BIN"), "--data-dir", tmp.File(dir), "--log-level", "warn", "--hub", url};
    if (trust) a.insert(a.end(), {"--ca-file", cert});
    a.insert(a.end(), cmd.begin(), cmd.end());
    return RunProgram(a, tmp.File(dir + "-run"));
  };
  auto stranger = kiosk("k2", {"enroll", "--code", "DEMO-BEDSIDE"}, false);
  EXPECT_NE(stranger.rc, 0);
  EXPECT_NE((stranger.out + stranger.err).find("TLS with the hub failed"), std::string::npos) << stranger.out << stranger.err;
  auto r = kiosk("k1", {"enroll", "--code", "DEMO-WARD"}, true);
  ASSERT_EQ(r.rc, 0) << r.out << r.err;
  r = kiosk("k1", {"report", "--code", "ZC-2019-0457", "--location", "B1-1F-W01-R01", "--note", "over tls"}, true);
  ASSERT_EQ(r.rc, 0) << r.out << r.err;
  r = kiosk("k1", {"sync", "--once"}, true);
  ASSERT_EQ(r.rc, 0) << r.out << r.err;
  const json status = json::parse(kiosk("k1", {"status"}, true).out, nullptr, false);
  ASSERT_TRUE(status.is_object());
  EXPECT_EQ(status["outbox_depth"], 0);
  HubDb db(hub->db());
  EXPECT_EQ(db.Int("SELECT count(*) FROM tickets WHERE detail LIKE '%over tls%'"), 1);
}

TEST_F(HostileClients, TlsMaterialThatDoesNotLoadIsAClearError) {
  const std::string junk = tmp.File("junk.pem");
  std::ofstream(junk) << "not a certificate\n";
  auto r = RunProgram({Env("ONESTOP_HUB_BIN"), "serve", "--listen", "127.0.0.1:0", "--db", tmp.File("hub.db"),
                       "--tls-cert", junk, "--tls-key", junk},
                      tmp.File("serve"), 20000);
  EXPECT_EQ(r.rc, 3);
  EXPECT_NE(r.err.find("cannot load the TLS certificate"), std::string::npos) << r.err;
}

}  // namespace
