// Load driver set-up (see driver.h): hub processes, console sign-in, enrollment of every simulated
// terminal from its own address, and scouts' first syncs for the hospital's master data and head.
#include <arpa/inet.h>

#include <algorithm>
#include <cmath>
#include <iostream>

#include "bench/load/driver.h"

namespace onestop::bench {

double Pct(std::vector<double> v, double p) {
  if (v.empty()) return NAN;
  std::sort(v.begin(), v.end());
  return v[std::min(v.size() - 1, static_cast<size_t>(std::ceil(p / 100.0 * static_cast<double>(v.size())) - 1))];
}

sockaddr_in Dest(int port) {
  sockaddr_in a{};
  a.sin_family = AF_INET;
  a.sin_port = htons(static_cast<uint16_t>(port));
  a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  return a;
}
// Every simulated device gets its own loopback address (127.<net>.<hi>.<lo>), as real kiosks have:
// the hub's per-address connection cap and enrollment rate limit then judge each one alone.
in_addr Source(int net, int index) {
  in_addr a{};
  a.s_addr = htonl((127u << 24) | (static_cast<uint32_t>(net) << 16) | (static_cast<uint32_t>(index / 250) << 8) |
                   static_cast<uint32_t>(index % 250 + 1));
  return a;
}

int64_t WallMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::system_clock::now().time_since_epoch()).count();
}


bool Driver::StartHubs() {
  if (!o_.attach.empty()) {
    for (const auto& a : o_.attach) {
      // host:port[:pid] (pid for /proc readings); the driver only talks to loopback hubs.
      ob::HubProc h;
      h.port = std::atoi(a.c_str() + a.find(':') + 1);
      if (auto p = a.find(':', a.find(':') + 1); p != std::string::npos) h.pid = std::atoi(a.c_str() + p + 1);
      hubs_.push_back(h);
    }
    return true;
  }
  for (int i = 0; i < o_.hubs; ++i) {
    std::string err;
    // The first process fills an empty database with the demo hospital; the others find it there.
    auto h = ob::StartHub(o_.hub_bin, o_.db, i == 0, o_.hub_args, o_.work_dir + "/hub" + std::to_string(i) + ".log", 60, &err);
    if (h.pid == 0) {
      std::cerr << "hub_load_driver: " << err << "\n";
      return false;
    }
    hubs_.push_back(h);
  }
  return true;
}

bool Driver::SignIn(Conn& c, const std::string& user, std::string* headers) {
  bool done = false, ok = false;
  c.Send(ob::Request("POST", "/v1/console/session", "", json{{"user", user}, {"password", o_.password}}.dump()), 10000,
         [&](const HttpAnswer* a, const std::string& err) {
           done = true;
           if (!a || a->status != 200) {
             std::cerr << "hub_load_driver: console sign-in as " << user << " failed: " << (a ? a->body : err) << "\n";
             return;
           }
           const std::string cookie = a->Header("set-cookie");
           const json me = json::parse(a->body, nullptr, false);
           if (cookie.empty() || !me.is_object() || !me.contains("csrf")) return;
           *headers = "Cookie: " + cookie.substr(0, cookie.find(';')) + "\r\nX-CSRF-Token: " + me["csrf"].get<std::string>() + "\r\n";
           ok = true;
         });
  Wait([&] { return done; }, 15);
  return ok;
}

void Driver::Enroll(Conn& admin, Conn& device, const std::string& kind, const std::string& location, EnrollFn done) {
  // Code from the console (admin), then the device enrolls with it from its own address.
  json want = {{"kind", kind}, {"ttl_hours", 1}};
  if (!location.empty()) want["location"] = location;
  admin.Send(ob::Request("POST", "/v1/console/admin/enroll-codes", admin_headers_, want.dump()), 30000,
             [&device, kind, done](const HttpAnswer* a, const std::string& err) {
               const json j = a ? json::parse(a->body, nullptr, false) : json();
               if (!a || a->status != 201 || !j.is_object() || !j.contains("code"))
                 return done(false, "enroll code: " + (a ? a->body : err), "");
               const std::string code = j["code"];
               device.Send(ob::Request("POST", "/v1/enroll", "", pr::ToJson(pr::EnrollRequest{code, {"load", kind, "load"}}).dump()),
                           30000, [done](const HttpAnswer* e, const std::string& err2) {
                             auto r = pr::DecodeEnrollResponse(e && e->status == 200 ? e->body : "");
                             if (!r) return done(false, "enroll: " + (e ? e->body : err2), "");
                             done(true, r->terminal_id, r->token);
                           });
             });
}

bool Driver::Scout(const std::string& kind, const std::string& location, int source_index, int64_t* head) {
  // A terminal's first sync: the whole log in scope, page by page. Gives the hospital's master data
  // and the head the simulated terminals start from (they are past their first sync).
  Conn admin(loop_, Dest(hubs_[0].port), Source(9, 100 + source_index));
  Conn dev(loop_, Dest(hubs_[0].port), Source(11, source_index));
  bool done = false, ok = false;
  std::string auth;
  Enroll(admin, dev, kind, location, [&](bool good, const std::string& what, const std::string& token) {
    done = true;
    if (!good) std::cerr << "hub_load_driver: scout " << kind << " " << location << ": " << what << "\n";
    ok = good;
    auth = "Authorization: Bearer " + token + "\r\n";
  });
  if (!Wait([&] { return done; }, 60) || !ok) return false;
  int64_t cursor = 0;
  for (bool more = true; more;) {
    bool got = false;
    more = false;
    dev.Send(ob::Request("GET", pr::PullPath(cursor, 1000), auth), 60000, [&](const HttpAnswer* a, const std::string& err) {
      auto p = pr::DecodePullResponse(a && a->status == 200 ? a->body : "");
      if (!p) {
        std::cerr << "hub_load_driver: scout pull: " << (a ? a->body.substr(0, 200) : err) << "\n";
        return;
      }
      for (const auto& c : p->changes) hosp_.Take(c);
      cursor = p->next_cursor;
      more = p->more;
      got = true;
    });
    if (!Wait([&] { return got || !dev.busy(); }, 90) || !got) return false;
  }
  *head = std::max(*head, cursor);
  return true;
}

bool Driver::EnrollAll() {
  // Beds ward by ward (the map is ordered by code, so a ward's beds are together): N terminals fill
  // N / 24 wards of the demo hospital, as a real roll-out does.
  std::vector<std::string> beds;
  for (const auto& [bed, ward] : hosp_.bed_ward) beds.push_back(bed);
  if (static_cast<int>(beds.size()) < o_.terminals) {
    std::cerr << "hub_load_driver: the hub knows " << beds.size() << " beds, fewer than --terminals " << o_.terminals << "\n";
    return false;
  }
  terms_.resize(static_cast<size_t>(o_.terminals));
  for (int i = 0; i < o_.terminals; ++i) {
    Terminal& t = terms_[static_cast<size_t>(i)];
    t.index = i;
    t.hub = i % static_cast<int>(hubs_.size());
    t.bed = beds[static_cast<size_t>(i)];
    const sockaddr_in dst = Dest(hubs_[static_cast<size_t>(t.hub)].port);
    t.pull = std::make_unique<Conn>(loop_, dst, Source(10, i));
    t.push = std::make_unique<Conn>(loop_, dst, Source(10, i));
  }
  // Eight enrollments at a time, each worker with its own admin connection.
  constexpr int kWorkers = 8;
  std::vector<std::unique_ptr<Conn>> admins;
  int next = 0, finished = 0, failed = 0;
  std::function<void(int)> work = [&](int w) {
    if (next >= o_.terminals) return;
    Terminal& t = terms_[static_cast<size_t>(next++)];
    Enroll(*admins[static_cast<size_t>(w)], *t.push, "bedside", t.bed, [&, w](bool ok, const std::string& what, const std::string& token) {
      ++finished;
      if (!ok) {
        ++failed;
        std::cerr << "hub_load_driver: terminal " << t.index << ": " << what << "\n";
      } else {
        t.id = what;
        t.auth = "Authorization: Bearer " + token + "\r\n";
      }
      work(w);
    });
  };
  for (int w = 0; w < kWorkers; ++w) {
    admins.push_back(std::make_unique<Conn>(loop_, Dest(hubs_[0].port), Source(9, 10 + w)));
    work(w);
  }
  Wait([&] { return finished == o_.terminals; }, 30.0 + o_.terminals * 0.1);
  return finished == o_.terminals && failed == 0;
}


}  // namespace onestop::bench
