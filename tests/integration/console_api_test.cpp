// Console API against a real in-process hub (issue 13): sign-in ok / wrong / lockout, cookie flags,
// CSRF, idle expiry, transitions and their 409s, two desks dispatching at once, a pushed ticket on the
// event stream, static pages' headers, and audit rows without secrets. It must not reach into the
// store for what the API is supposed to show.
#include <gtest/gtest.h>
#include <httplib.h>
#include <stb/stb_image_write.h>

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "kiosk/core/photo.h"
#include "kiosk/core/protocol.h"
#include "server/console_auth.h"
#include "server/hub.h"
#include "server/store.h"

namespace onestop::hub {
namespace {
namespace fs = std::filesystem;
namespace pr = onestop::protocol;
using nlohmann::json;

// A real JPEG (a colour gradient with a stripe per `seed`), encoded by stb like the terminal's camera path.
std::string MakeJpeg(int w, int h, int seed, int quality = 85) {
  std::vector<unsigned char> px(static_cast<size_t>(w * h * 3));
  for (int y = 0; y < h; ++y)
    for (int x = 0; x < w; ++x) {
      unsigned char* p = &px[static_cast<size_t>((y * w + x) * 3)];
      p[0] = static_cast<unsigned char>(x * 255 / w);
      p[1] = static_cast<unsigned char>(y * 255 / h);
      p[2] = static_cast<unsigned char>(((x / 16 + seed) % 4) * 60);
    }
  std::string out;
  stbi_write_jpg_to_func([](void* ctx, void* data, int n) { static_cast<std::string*>(ctx)->append(static_cast<char*>(data), n); },
                         &out, w, h, 3, px.data(), quality);
  return out;
}

// A clock the test moves, read from the hub's worker threads.
class TestClock final : public Clock {
 public:
  int64_t NowUtcMs() const override { return now_.load(); }
  int64_t MonotonicMs() const override { return now_.load(); }
  void Advance(int64_t ms) { now_ += ms; }
  std::atomic<int64_t> now_{1'800'000'000'000};
};

struct Session {
  std::string cookie, csrf;
  httplib::Headers headers(bool with_csrf = true) const {
    httplib::Headers h = {{"Cookie", cookie}};
    if (with_csrf) h.emplace("X-CSRF-Token", csrf);
    return h;
  }
};

class ConsoleApiTest : public ::testing::Test {
 protected:
  void SetUp() override {
    std::string tmpl = (fs::temp_directory_path() / "onestop-console-test-XXXXXX").string();
    ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
    dir_ = tmpl;
    HubOptions o;
    o.listen_port = 0;
    o.db_path = (dir_ / "hub.db").string();
    o.threads = 4;
    o.clock = &clock_;
    hub_ = std::make_unique<Hub>(o);
    std::string err;
    port_ = hub_->Bind(&err);
    ASSERT_GT(port_, 0) << err;
    thread_ = std::thread([h = hub_.get()] { h->Serve(); });
    auto res = Client().Get("/v1/health");
    ASSERT_TRUE(res);
    const int64_t now = clock_.NowUtcMs();
    for (const char* r : {"desk", "manager"})
      ASSERT_TRUE(console::AddUser(*hub_->store(), r, "correct-horse", {r}, "", "test", now));
    ASSERT_TRUE(console::AddUser(*hub_->store(), "desk2", "correct-horse", {"desk"}, "", "test", now));
    ASSERT_TRUE(console::AddUser(*hub_->store(), "w1", "correct-horse", {"worker"}, "S1", "test", now));
    ASSERT_TRUE(console::AddUser(*hub_->store(), "w2", "correct-horse", {"worker"}, "S2", "test", now));
  }
  void TearDown() override {
    hub_->Stop();
    thread_.join();
    std::error_code ec;
    fs::remove_all(dir_, ec);
  }
  httplib::Client Client() {
    httplib::Client c("127.0.0.1", port_);
    c.set_read_timeout(10, 0);
    return c;
  }
  Session SignIn(const std::string& user, const std::string& password = "correct-horse") {
    auto res = Client().Post("/v1/console/session", json{{"user", user}, {"password", password}}.dump(), "application/json");
    EXPECT_TRUE(res);
    if (!res || res->status != 200) {
      ADD_FAILURE() << "sign-in of " << user << " failed: " << (res ? res->body : "no answer");
      return {};
    }
    const std::string set = res->get_header_value("Set-Cookie");
    return Session{set.substr(0, set.find(';')), json::parse(res->body)["csrf"].get<std::string>()};
  }
  // A terminal pushes a repair request; returns the ticket id.
  std::string PushTicket(const std::string& urgency = "routine", const json& extra = json::object()) {
    if (token_.empty()) {
      EXPECT_TRUE(AddEnrollCode(*hub_->store(), "CODE-1", "ward", "B1-1F-W01", clock_.NowUtcMs(), 3600000));
      auto res = Client().Post("/v1/enroll", pr::ToJson(pr::EnrollRequest{"CODE-1", {"SN-1", "ward", "test"}}).dump(),
                               "application/json");
      EXPECT_TRUE(res && res->status == 200);
      const json e = json::parse(res->body);
      token_ = e["token"];
      terminal_ = e["terminal_id"];
    }
    const std::string id = pr::NewUuidV4();
    json body = {{"terminal_id", terminal_},
                 {"records", {{{"id", id}, {"kind", "repair_request"}, {"created_at", FormatIsoUtcMs(clock_.NowUtcMs())},
                               {"payload", {{"location", "B1-1F-W01-BED01"}, {"description", "bed rail broken"},
                                            {"urgency", urgency}, {"trade", "mechanical"}}}}}}};
    body["records"][0]["payload"].update(extra);
    auto res = Client().Post("/v1/sync/push", {{"Authorization", "Bearer " + token_}}, body.dump(), "application/json");
    EXPECT_TRUE(res && res->status == 200) << (res ? res->body : "");
    const json r = json::parse(res->body);
    EXPECT_EQ(r["results"][0]["status"], "accepted") << res->body;
    return r["results"][0]["ref"];
  }
  httplib::Result Move(const Session& s, const std::string& id, json body, bool with_csrf = true) {
    return Client().Post("/v1/console/tickets/" + id + "/transition", s.headers(with_csrf), body.dump(), "application/json");
  }

  fs::path dir_;
  TestClock clock_;
  std::unique_ptr<Hub> hub_;
  std::thread thread_;
  int port_ = 0;
  std::string token_, terminal_;
};

TEST_F(ConsoleApiTest, SignInSetsStrictCookieAndWrongPasswordIsRefused) {
  auto res = Client().Post("/v1/console/session", json{{"user", "desk"}, {"password", "correct-horse"}}.dump(), "application/json");
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_NE(cookie.find("HttpOnly"), std::string::npos) << cookie;
  EXPECT_NE(cookie.find("SameSite=Strict"), std::string::npos) << cookie;
  EXPECT_EQ(cookie.find("Secure"), std::string::npos) << "plain HTTP hub must not set Secure: " << cookie;
  const json me = json::parse(res->body);
  EXPECT_EQ(me["user"], "desk");
  EXPECT_EQ(me["csrf"].get<std::string>().size(), 64u);

  for (const char* who : {"desk", "nobody"}) {
    auto bad = Client().Post("/v1/console/session", json{{"user", who}, {"password", "wrong-horse"}}.dump(), "application/json");
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 401);
    EXPECT_EQ(bad->get_header_value("Content-Type"), "application/problem+json");
    EXPECT_FALSE(bad->has_header("Set-Cookie"));
  }
  auto junk = Client().Post("/v1/console/session", "{\"user\": 5}", "application/json");
  ASSERT_TRUE(junk);
  EXPECT_EQ(junk->status, 400);
  // Without a session nothing is shown.
  auto anon = Client().Get("/v1/console/tickets");
  ASSERT_TRUE(anon);
  EXPECT_EQ(anon->status, 401);
}

TEST_F(ConsoleApiTest, FiveWrongPasswordsLockTheAccount) {
  for (int i = 0; i < console::kMaxFailedLogins; ++i) {
    auto bad = Client().Post("/v1/console/session", json{{"user", "desk2"}, {"password", "wrong-horse"}}.dump(), "application/json");
    ASSERT_TRUE(bad);
    EXPECT_EQ(bad->status, 401) << "try " << i;
  }
  // Now even the right password is refused, with Retry-After.
  auto locked = Client().Post("/v1/console/session", json{{"user", "desk2"}, {"password", "correct-horse"}}.dump(), "application/json");
  ASSERT_TRUE(locked);
  EXPECT_EQ(locked->status, 429) << locked->body;
  ASSERT_TRUE(locked->has_header("Retry-After"));
  EXPECT_GT(std::stoi(locked->get_header_value("Retry-After")), 0);
  clock_.Advance(console::kLockMs + 1000);
  auto again = Client().Post("/v1/console/session", json{{"user", "desk2"}, {"password", "correct-horse"}}.dump(), "application/json");
  ASSERT_TRUE(again);
  EXPECT_EQ(again->status, 200) << again->body;
}

TEST_F(ConsoleApiTest, CsrfIsRequiredAndSessionsExpireWhenIdle) {
  const std::string id = PushTicket();
  Session desk = SignIn("desk");
  auto no_csrf = Move(desk, id, {{"to", "accepted"}}, false);
  ASSERT_TRUE(no_csrf);
  EXPECT_EQ(no_csrf->status, 403) << no_csrf->body;
  Session other = SignIn("desk2");
  auto wrong = Client().Post("/v1/console/tickets/" + id + "/transition",
                             {{"Cookie", desk.cookie}, {"X-CSRF-Token", other.csrf}}, R"({"to":"accepted"})", "application/json");
  ASSERT_TRUE(wrong);
  EXPECT_EQ(wrong->status, 403);
  // A new tab asks for the token again and gets the same one.
  auto me = Client().Get("/v1/console/session", desk.headers(false));
  ASSERT_TRUE(me);
  ASSERT_EQ(me->status, 200);
  EXPECT_EQ(json::parse(me->body)["csrf"], desk.csrf);

  // Activity keeps a session; 30 idle minutes end it.
  clock_.Advance(20 * 60 * 1000);
  auto list = Client().Get("/v1/console/tickets", desk.headers(false));
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200);
  clock_.Advance(20 * 60 * 1000);
  list = Client().Get("/v1/console/tickets", desk.headers(false));
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 200) << "20 min after the last request the session must still be alive";
  clock_.Advance(console::kIdleMs + 1000);
  list = Client().Get("/v1/console/tickets", desk.headers(false));
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 401);

  // Sign-out ends a session at once.
  Session d2 = SignIn("desk2");
  auto out = Client().Delete("/v1/console/session", d2.headers());
  ASSERT_TRUE(out);
  EXPECT_EQ(out->status, 204);
  list = Client().Get("/v1/console/tickets", d2.headers(false));
  ASSERT_TRUE(list);
  EXPECT_EQ(list->status, 401);
}

TEST_F(ConsoleApiTest, BoardListsOrderedByBreachUrgencyAge) {
  const std::string old_routine = PushTicket("routine");
  clock_.Advance(30 * 60 * 1000);
  const std::string emergency = PushTicket("emergency");
  const std::string routine = PushTicket("routine");
  clock_.Advance(40 * 60 * 1000);  // the first routine ticket (70 min) is past its 60 min response target
  Session desk = SignIn("desk");
  auto res = Client().Get("/v1/console/tickets", desk.headers(false));
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  const json l = json::parse(res->body);
  ASSERT_EQ(l["tickets"].size(), 3u) << res->body;
  // Both breached (emergency: 40 min against a 5 min response target; routine: 70 against 60), the
  // emergency first; the younger routine ticket (40 min) is within its target and comes last.
  EXPECT_EQ(l["tickets"][0]["id"], emergency);
  EXPECT_TRUE(l["tickets"][0]["sla"]["response_breached"].get<bool>());
  EXPECT_EQ(l["tickets"][1]["id"], old_routine);
  EXPECT_TRUE(l["tickets"][1]["sla"]["breached"].get<bool>());
  EXPECT_EQ(l["tickets"][2]["id"], routine);
  EXPECT_FALSE(l["tickets"][2]["sla"]["breached"].get<bool>());
  EXPECT_EQ(l["tickets"][0]["column"], "received");
  EXPECT_EQ(l["tickets"][0]["urgency"], "emergency");
  EXPECT_EQ(l["tickets"][0]["location"], "B1-1F-W01-BED01");
  // Filters.
  res = Client().Get("/v1/console/tickets?kind=cleaning", desk.headers(false));
  EXPECT_EQ(json::parse(res->body)["tickets"].size(), 0u);
  res = Client().Get("/v1/console/tickets?area=B1-1F", desk.headers(false));
  EXPECT_EQ(json::parse(res->body)["tickets"].size(), 3u);
  res = Client().Get("/v1/console/tickets?area=B2", desk.headers(false));
  EXPECT_EQ(json::parse(res->body)["tickets"].size(), 0u);
  res = Client().Get("/v1/console/tickets?q=" + emergency, desk.headers(false));
  EXPECT_EQ(json::parse(res->body)["tickets"].size(), 1u);
  // Detail: the request as submitted, history.
  res = Client().Get("/v1/console/tickets/" + emergency, desk.headers(false));
  ASSERT_EQ(res->status, 200);
  const json d = json::parse(res->body);
  EXPECT_EQ(d["detail"]["description"], "bed rail broken");
  EXPECT_EQ(d["history"][0]["status"], "received");
}

TEST_F(ConsoleApiTest, TransitionsFollowTheLifecycleAndRoles) {
  const std::string id = PushTicket();
  Session desk = SignIn("desk"), w1 = SignIn("w1"), w2 = SignIn("w2");
  // Forbidden by the lifecycle: 409 with the reason and the fresh ticket.
  auto res = Move(desk, id, {{"to", "completed"}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 409) << res->body;
  json p = json::parse(res->body);
  EXPECT_NE(p["detail"].get<std::string>().find("cannot move a ticket from received to completed"), std::string::npos) << p;
  EXPECT_EQ(p["ticket"]["status"], "received");
  // Bad input: 400 with a clear reason.
  res = Move(desk, id, {{"to", "cancelled"}});
  EXPECT_EQ(res->status, 400) << "cancel needs a reason";
  res = Move(desk, id, {{"to", "flying"}});
  EXPECT_EQ(res->status, 400);
  EXPECT_NE(res->body.find("one of"), std::string::npos);
  // A worker cannot accept.
  res = Move(w1, id, {{"to", "accepted"}});
  EXPECT_EQ(res->status, 403);

  res = Move(desk, id, {{"to", "accepted"}, {"from", "received"}});
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["status"], "accepted");
  res = Move(desk, id, {{"to", "dispatched"}, {"team", "mech_team"}, {"worker", "S1"}});
  ASSERT_EQ(res->status, 200) << res->body;
  // Another worker's job: not even visible.
  res = Move(w2, id, {{"to", "in_progress"}});
  EXPECT_EQ(res->status, 404) << res->body;
  auto mine = Client().Get("/v1/console/tickets", w2.headers(false));
  EXPECT_EQ(json::parse(mine->body)["tickets"].size(), 0u);
  mine = Client().Get("/v1/console/tickets", w1.headers(false));
  EXPECT_EQ(json::parse(mine->body)["tickets"].size(), 1u);
  res = Move(w1, id, {{"to", "in_progress"}});
  ASSERT_EQ(res->status, 200) << res->body;
  res = Move(w1, id, {{"to", "completed"}, {"note", "rail replaced"}});
  ASSERT_EQ(res->status, 200) << res->body;
  EXPECT_EQ(json::parse(res->body)["column"], "completed");
  // Reopen by the desk; the page's stale `from` gets 409 with the fresh state.
  res = Move(desk, id, {{"to", "accepted"}, {"from", "in_progress"}, {"note", "again"}});
  EXPECT_EQ(res->status, 409);
  EXPECT_EQ(json::parse(res->body)["ticket"]["status"], "completed");
  res = Move(desk, id, {{"to", "accepted"}, {"from", "completed"}, {"note", "patient says it wobbles"}});
  EXPECT_EQ(res->status, 200) << res->body;
}

// Completing with a photo (issue 13 item 5): the phone sends it like a terminal does, the hub checks it
// with the terminals' photo rule, keeps the bytes apart (the ticket row, which terminals pull, only
// says that a photo exists), and the desk can open it and the request's own photo.
TEST_F(ConsoleApiTest, CompletionPhotoIsCheckedStoredApartAndShownToTheDesk) {
  const std::string request_jpeg = MakeJpeg(320, 240, 1), done_jpeg = MakeJpeg(640, 480, 2);
  ASSERT_TRUE(photo::ValidatePhoto(request_jpeg));
  ASSERT_TRUE(photo::ValidatePhoto(done_jpeg));
  ASSERT_NE(request_jpeg, done_jpeg);
  const std::string id = PushTicket("routine", {{"photo", photo::PhotoPayload(request_jpeg)}});
  Session desk = SignIn("desk"), w1 = SignIn("w1"), w2 = SignIn("w2");
  ASSERT_EQ(Move(desk, id, {{"to", "accepted"}})->status, 200);
  ASSERT_EQ(Move(desk, id, {{"to", "dispatched"}, {"team", "mech_team"}, {"worker", "S1"}})->status, 200);
  // A photo only goes with completing.
  auto res = Move(w1, id, {{"to", "in_progress"}, {"photo", photo::PhotoPayload(done_jpeg)}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 400) << res->body;
  ASSERT_EQ(Move(w1, id, {{"to", "in_progress"}})->status, 200);

  // Bad photos: a clear 400 each, and the ticket does not move.
  const std::string half = done_jpeg.substr(0, done_jpeg.size() / 2);
  const std::string big = "\xFF\xD8" + std::string(photo::kMaxPhotoBytes, 'x') + "\xFF\xD9";
  for (const json& bad : {json{{"mime", "image/jpeg"}, {"data", photo::Base64Encode(half)}},
                          json{{"mime", "image/jpeg"}, {"data", "not base64!"}},
                          json{{"mime", "image/png"}, {"data", photo::Base64Encode(done_jpeg)}},
                          json{{"mime", "image/jpeg"}, {"data", photo::Base64Encode(big)}},
                          json("a string")}) {
    res = Move(w1, id, {{"to", "completed"}, {"photo", bad}});
    ASSERT_TRUE(res);
    EXPECT_EQ(res->status, 400) << bad.dump().substr(0, 80) << " -> " << res->body;
    EXPECT_EQ(res->get_header_value("Content-Type"), "application/problem+json");
    EXPECT_NE(res->body.find("bad-photo"), std::string::npos) << res->body;
  }
  // Over the route's body cap (256 KiB): 413 before the body is parsed.
  res = Move(w1, id, {{"to", "completed"}, {"note", std::string(300 * 1024, 'a')}});
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413) << res->body.substr(0, 200);
  // Other console routes keep their small cap.
  res = Client().Post("/v1/console/tickets/" + id + "/callback-done", desk.headers(), std::string(20 * 1024, ' '), "application/json");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 413);

  res = Move(w1, id, {{"to", "completed"}, {"from", "in_progress"}, {"note", "rail replaced"}, {"photo", photo::PhotoPayload(done_jpeg)}});
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200) << res->body;

  // The desk's detail lists both photos; no photo bytes in it.
  res = Client().Get("/v1/console/tickets/" + id, desk.headers(false));
  ASSERT_EQ(res->status, 200);
  const json d = json::parse(res->body);
  EXPECT_LT(res->body.size(), 8000u) << "the detail must not carry photo bytes";
  ASSERT_EQ(d["photos"].size(), 2u) << d["photos"];
  EXPECT_EQ(d["photos"][0]["source"], "request");
  EXPECT_EQ(d["photos"][0]["bytes"], request_jpeg.size());
  EXPECT_EQ(d["photos"][1]["source"], "completion");
  EXPECT_EQ(d["photos"][1]["actor"], "w1");
  EXPECT_EQ(d["photos"][1]["bytes"], done_jpeg.size());
  EXPECT_EQ(d["history"].back()["status"], "completed");
  EXPECT_EQ(d["history"].back()["photo"]["bytes"], done_jpeg.size());
  EXPECT_EQ(d["history"].back()["note"], "rail replaced");

  // Each photo as image/jpeg, byte for byte.
  for (const auto& [url, want] : {std::pair{d["photos"][0]["url"].get<std::string>(), request_jpeg},
                                  std::pair{d["photos"][1]["url"].get<std::string>(), done_jpeg}}) {
    auto img = Client().Get(url, desk.headers(false));
    ASSERT_TRUE(img);
    EXPECT_EQ(img->status, 200) << url;
    EXPECT_EQ(img->get_header_value("Content-Type"), "image/jpeg") << url;
    EXPECT_EQ(img->body, want) << url;
    // Signed out or not allowed to see the ticket: refused, no bytes.
    auto anon = Client().Get(url);
    EXPECT_EQ(anon->status, 401) << url;
    auto other = Client().Get(url, w2.headers(false));
    EXPECT_EQ(other->status, 404) << url;
    EXPECT_EQ(other->body.find("\xFF\xD8"), std::string::npos);
  }
  EXPECT_EQ(Client().Get("/v1/console/tickets/" + id + "/photos/2", desk.headers(false))->status, 404);
  const std::string plain = PushTicket();
  EXPECT_EQ(Client().Get("/v1/console/tickets/" + plain + "/photos/request", desk.headers(false))->status, 404);

  // What the terminal pulls stays small: the photo is named, not carried.
  auto pull = Client().Get("/v1/sync/pull?cursor=0&limit=5000", {{"Authorization", "Bearer " + token_}});
  ASSERT_TRUE(pull);
  ASSERT_EQ(pull->status, 200) << pull->body;
  EXPECT_NE(pull->body.find(id), std::string::npos);
  EXPECT_EQ(pull->body.find(photo::Base64Encode(done_jpeg).substr(0, 64)), std::string::npos);
  EXPECT_EQ(pull->body.find(photo::Base64Encode(request_jpeg).substr(0, 64)), std::string::npos);
  EXPECT_LT(pull->body.size(), 32u * 1024) << "a pull with the completed ticket must not carry photos";
}

TEST_F(ConsoleApiTest, TwoDesksDispatchingAtOnceOneWins) {
  const std::string id = PushTicket();
  Session a = SignIn("desk"), b = SignIn("desk2");
  ASSERT_EQ(Move(a, id, {{"to", "accepted"}})->status, 200);
  std::atomic<int> ok{0}, conflict{0};
  std::string loser_state;
  auto go = [&](const Session& s, const std::string& worker) {
    auto r = Move(s, id, {{"to", "dispatched"}, {"team", "mech_team"}, {"worker", worker}, {"from", "accepted"}});
    if (!r) return;
    if (r->status == 200) ++ok;
    if (r->status == 409) {
      ++conflict;
      loser_state = json::parse(r->body)["ticket"]["status"];
    }
  };
  std::thread t1([&] { go(a, "S1"); }), t2([&] { go(b, "S2"); });
  t1.join();
  t2.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(conflict.load(), 1);
  EXPECT_EQ(loser_state, "dispatched");
}

TEST_F(ConsoleApiTest, EventStreamCarriesAPushedTicketAndResumes) {
  Session desk = SignIn("desk");
  std::atomic<bool> got{false};
  std::string seen;
  std::string ticket;
  httplib::Client c("127.0.0.1", port_);
  c.set_read_timeout(10, 0);
  std::thread reader([&] {
    c.Get("/v1/console/events", desk.headers(false), [&](const char* data, size_t n) {
      seen.append(data, n);
      // The event may arrive before the push's own answer: stop on it, check which ticket after.
      if (seen.find("event: ticket") != std::string::npos && seen.find("\n\n", seen.find("event: ticket")) != std::string::npos) {
        got = true;
        return false;
      }
      return seen.size() < 100000;
    });
  });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the stream is open
  const auto t0 = std::chrono::steady_clock::now();
  ticket = PushTicket();
  for (int i = 0; i < 40 && !got; ++i) std::this_thread::sleep_for(std::chrono::milliseconds(50));
  const auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - t0).count();
  c.stop();
  reader.join();
  ASSERT_TRUE(got.load()) << "no event within 2 s; stream so far: " << seen;
  EXPECT_NE(seen.find("\"id\":\"" + ticket + "\""), std::string::npos) << seen;
  EXPECT_LT(ms, 2000);
  EXPECT_NE(seen.find("event: ticket"), std::string::npos);
  // The event id is the change seq: resuming from before it replays the ticket.
  const auto idpos = seen.rfind("id: ", seen.find("event: ticket"));
  ASSERT_NE(idpos, std::string::npos);
  const int64_t seq = std::stoll(seen.substr(idpos + 4));
  std::string replay;
  httplib::Client c2("127.0.0.1", port_);
  c2.set_read_timeout(5, 0);
  auto h = desk.headers(false);
  h.emplace("Last-Event-ID", std::to_string(seq - 1));
  c2.Get("/v1/console/events", h, [&](const char* data, size_t n) {
    replay.append(data, n);
    return replay.find("event: ticket") == std::string::npos;
  });
  EXPECT_NE(replay.find("\"id\":\"" + ticket + "\""), std::string::npos) << replay;
  // Without a session: 401, no stream.
  auto anon = Client().Get("/v1/console/events");
  ASSERT_TRUE(anon);
  EXPECT_EQ(anon->status, 401);
}

TEST_F(ConsoleApiTest, AuditHasActionsButNoSecrets) {
  const std::string id = PushTicket();
  Session desk = SignIn("desk");
  (void)Client().Post("/v1/console/session", json{{"user", "desk2"}, {"password", "wrong-horse"}}.dump(), "application/json");
  ASSERT_EQ(Move(desk, id, {{"to", "accepted"}, {"note", "on it"}})->status, 200);
  ASSERT_TRUE(console::SetPassword(*hub_->store(), "w2", "another-horse", "cli:root", clock_.NowUtcMs()));
  // Desk may not read the audit log; a manager may.
  auto res = Client().Get("/v1/console/audit", desk.headers(false));
  EXPECT_EQ(res->status, 403);
  Session mgr = SignIn("manager");
  res = Client().Get("/v1/console/audit", mgr.headers(false));
  ASSERT_EQ(res->status, 200);
  const json a = json::parse(res->body);
  bool transition = false, refused = false, setpw = false, added = false;
  for (const auto& e : a["entries"]) {
    if (e["action"] == "ticket.transition" && e["target"] == id && e["actor"] == "desk") {
      transition = true;
      EXPECT_EQ(e["before"]["status"], "received");
      EXPECT_EQ(e["after"]["status"], "accepted");
      EXPECT_EQ(e["after"]["note"], "on it");
    }
    refused |= e["action"] == "session.refused" && e["target"] == "desk2";
    setpw |= e["action"] == "user.set_password" && e["actor"] == "cli:root" && e["target"] == "w2";
    added |= e["action"] == "user.add" && e["target"] == "w1";
  }
  EXPECT_TRUE(transition && refused && setpw && added) << res->body;
  const std::vector<std::string> secrets = {"correct-horse", "wrong-horse", "another-horse", desk.csrf, mgr.csrf,
                                           desk.cookie.substr(desk.cookie.find('=') + 1), "$argon2"};
  for (const std::string& secret : secrets)
    EXPECT_EQ(res->body.find(secret), std::string::npos) << "audit leaks " << secret;
}

TEST_F(ConsoleApiTest, PagesCarrySecurityHeadersAndStayInsideTheWebDir) {
  auto res = Client().Get("/console/index.html");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_NE(res->get_header_value("Content-Security-Policy").find("script-src 'self'"), std::string::npos);
  EXPECT_EQ(res->get_header_value("Content-Security-Policy").find("unsafe-inline"), std::string::npos);
  EXPECT_EQ(res->get_header_value("X-Content-Type-Options"), "nosniff");
  EXPECT_EQ(res->get_header_value("X-Frame-Options"), "DENY");
  for (const char* bad : {"/console/../CMakeLists.txt", "/console/%2e%2e/hub.cpp", "/console/.hidden.js", "/console/nope.html"}) {
    auto r = Client().Get(bad);
    ASSERT_TRUE(r);
    EXPECT_EQ(r->status, 404) << bad;
    EXPECT_EQ(r->get_header_value("X-Frame-Options"), "DENY") << bad;
  }
}

// Browsers offer `br`; Debian's httplib would answer with Brotli at quality 11 (6.2 s for a 5 MB
// board, docs/benchmarks.md). The gate takes br out, so the same request gets gzip.
TEST_F(ConsoleApiTest, BrowsersGetGzipNotBrotli) {
  for (int i = 0; i < 30; ++i) PushTicket();
  Session desk = SignIn("desk");
  httplib::Client c = Client();
  c.set_decompress(false);
  httplib::Headers h = desk.headers(false);
  h.emplace("Accept-Encoding", "gzip, deflate, br");
  auto res = c.Get("/v1/console/tickets", h);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "gzip");
  h = desk.headers(false);
  h.emplace("Accept-Encoding", "br");
  res = c.Get("/v1/console/tickets", h);
  ASSERT_TRUE(res);
  ASSERT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Encoding"), "") << "br alone: sent uncompressed";
  EXPECT_EQ(json::parse(res->body)["tickets"].size(), 30u);
}

// Under TLS (HubOptions tls_cert/tls_key) the session cookie carries Secure, next to HttpOnly and
// SameSite=Strict, on sign-in and on sign-out; plain HTTP to the TLS port gets nothing.
TEST(ConsoleTls, SessionCookieIsSecureOverHttps) {
  std::string tmpl = (fs::temp_directory_path() / "onestop-console-tls-XXXXXX").string();
  ASSERT_NE(mkdtemp(tmpl.data()), nullptr);
  const fs::path dir = tmpl;
  const std::string cert = (dir / "hub.crt").string(), key = (dir / "hub.key").string();
  // A throwaway self-signed certificate for 127.0.0.1 (Debian's openssl CLI).
  const std::string cmd = "/usr/bin/openssl req -x509 -newkey rsa:2048 -nodes -keyout '" + key + "' -out '" + cert +
                          "' -days 2 -subj /CN=onestop-console-test -addext subjectAltName=IP:127.0.0.1 >'" +
                          (dir / "openssl.log").string() + "' 2>&1";
  ASSERT_EQ(std::system(cmd.c_str()), 0) << cmd;
  TestClock clock;
  HubOptions o;
  o.listen_port = 0;
  o.db_path = (dir / "hub.db").string();
  o.threads = 4;
  o.clock = &clock;
  o.tls_cert = cert;
  o.tls_key = key;
  auto hub = std::make_unique<Hub>(o);
  std::string err;
  const int port = hub->Bind(&err);
  ASSERT_GT(port, 0) << err;
  std::thread serve([h = hub.get()] { h->Serve(); });
  ASSERT_TRUE(console::AddUser(*hub->store(), "desk", "correct-horse", {"desk"}, "", "test", clock.NowUtcMs()));

  httplib::SSLClient c("127.0.0.1", port);
  c.set_ca_cert_path(cert.c_str());
  c.enable_server_certificate_verification(true);
  c.set_read_timeout(10, 0);
  auto res = c.Post("/v1/console/session", json{{"user", "desk"}, {"password", "correct-horse"}}.dump(), "application/json");
  ASSERT_TRUE(res) << httplib::to_string(res.error());
  ASSERT_EQ(res->status, 200) << res->body;
  const std::string cookie = res->get_header_value("Set-Cookie");
  EXPECT_EQ(cookie.rfind("onestop_console=", 0), 0u) << cookie;
  for (const char* flag : {"; Secure", "; HttpOnly", "; SameSite=Strict", "; Path=/"})
    EXPECT_NE(cookie.find(flag), std::string::npos) << flag << " missing: " << cookie;
  const Session s{cookie.substr(0, cookie.find(';')), json::parse(res->body)["csrf"].get<std::string>()};
  // The cookie works over HTTPS; signing out clears it with the same flags.
  res = c.Get("/v1/console/session", s.headers(false));
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200) << res->body;
  res = c.Delete("/v1/console/session", s.headers());
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 204);
  const std::string cleared = res->get_header_value("Set-Cookie");
  EXPECT_NE(cleared.find("; Secure"), std::string::npos) << cleared;
  EXPECT_NE(cleared.find("Max-Age=0"), std::string::npos) << cleared;
  // No plain-HTTP answer on the TLS port (a cookie could never travel unencrypted).
  httplib::Client plain("127.0.0.1", port);
  plain.set_read_timeout(3, 0);
  EXPECT_FALSE(plain.Post("/v1/console/session", json{{"user", "desk"}, {"password", "correct-horse"}}.dump(), "application/json"));

  hub->Stop();
  serve.join();
  std::error_code ec;
  fs::remove_all(dir, ec);
}

}  // namespace
}  // namespace onestop::hub
