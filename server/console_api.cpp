// Console API (see console_api.h): sign-in and sessions (cookie + CSRF), the desk board's ticket
// list and detail with SLA clocks, transitions through the core lifecycle, the audit log, the
// Server-Sent Events stream, and the static pages. Every refusal is problem+json; every change
// writes an audit row without secrets. No SQL here, and no ticket rule that tickets.h already has.
#include "server/console_api.h"

#include <sodium.h>
#include <spdlog/spdlog.h>

#include <algorithm>
#include <atomic>
#include <fstream>
#include <map>
#include <set>
#include <sstream>

#include "kiosk/core/clock.h"
#include "kiosk/core/photo.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/repair.h"
#include "server/console_admin.h"
#include "server/console_catalog.h"
#include "server/console_dish_photo.h"
#include "server/console_staff.h"
#include "server/console_auth.h"
#include "server/console_board.h"
#include "server/console_meals.h"
#include "server/http_guard.h"
#include "server/ratings.h"
#include "server/request_gate.h"
#include "server/store.h"
#include "server/tickets.h"

namespace onestop::hub {
namespace {
using nlohmann::json;
namespace con = console;
using namespace board;  // the board view helpers (console_board.h)

constexpr char kCookie[] = "onestop_console";
constexpr size_t kMaxNoteChars = 500;

std::string Cookie(const httplib::Request& req, const char* name) {
  const std::string h = req.get_header_value("Cookie");
  const std::string key = std::string(name) + "=";
  size_t pos = 0;
  while (pos < h.size()) {
    while (pos < h.size() && (h[pos] == ' ' || h[pos] == ';')) ++pos;
    const size_t end = std::min(h.find(';', pos), h.size());
    if (h.compare(pos, key.size(), key) == 0) return h.substr(pos + key.size(), end - pos - key.size());
    pos = end;
  }
  return "";
}

void SendJson(httplib::Response& res, const json& j, int status = 200) {
  res.status = status;
  res.set_header("Cache-Control", "no-store");
  res.set_content(j.dump(-1, ' ', false, json::error_handler_t::replace), "application/json");
}

bool IsStaffDesk(const ConsoleUserRow& u) {
  return con::HasRole(u, con::kRoleDesk) || con::HasRole(u, con::kRoleManager) || con::HasRole(u, con::kRoleAdmin);
}

bool WorkerSees(const con::Principal& p, const TicketRow& t) {
  if (!con::HasRole(p.user, con::kRoleWorker) || p.user.staff_id.empty()) return false;
  return t.worker == p.user.staff_id || (t.worker.empty() && !p.team.empty() && t.team == p.team);
}

bool CanSee(const con::Principal& p, const TicketRow& t) {
  if (IsStaffDesk(p.user)) return true;
  if ((con::HasRole(p.user, con::kRoleKitchen) || con::HasRole(p.user, con::kRoleDietitian)) && t.kind == TicketKind::kMeal) return true;
  return WorkerSees(p, t);
}

}  // namespace

void SetConsolePageHeaders(httplib::Response& res) {
  res.set_header("Content-Security-Policy",
                 "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; "
                 "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'");
  res.set_header("X-Content-Type-Options", "nosniff");
  res.set_header("X-Frame-Options", "DENY");
  res.set_header("Referrer-Policy", "no-referrer");
}

struct ConsoleService::Impl {
  std::function<HubStore*()> store_of;
  std::function<int64_t()> now;
  ConsoleOptions opts;

  std::atomic<int> streams{0};

  HubStore& store() { return *store_of(); }

  void StoreDown(httplib::Response& res, const Error& e) {
    spdlog::error("console: store failure: {}", e.message);
    res.set_header("Retry-After", "5");
    SendProblem(res, 503, "store-unavailable", "Service Unavailable", "the hub database is not available; retry later");
  }

  // The request's principal, or nullopt with the answer set (401; 403 without a CSRF token on a
  // state-changing request; 403 without one of `roles`).
  std::optional<con::Principal> Authn(const httplib::Request& req, httplib::Response& res,
                                      std::initializer_list<std::string_view> roles = {}, bool touch = true) {
    auto checked = con::CheckSession(store(), Cookie(req, kCookie), now(), touch);
    if (!checked) {
      const auto& p = checked;
      if (p.error().code.rfind("store", 0) == 0) {
        StoreDown(res, p.error());
        return std::nullopt;
      }
      SendProblem(res, 401, "console-unauthorized", "Unauthorized", p.error().message);
      return std::nullopt;
    }
    std::optional<con::Principal> p = std::move(checked.value());
    if (req.method != "GET" && req.method != "HEAD" && !con::CsrfMatches(p->session, req.get_header_value("X-CSRF-Token"))) {
      SendProblem(res, 403, "csrf", "Forbidden",
                  "missing or wrong X-CSRF-Token header (the token comes with sign-in and GET /v1/console/session)");
      return std::nullopt;
    }
    if (roles.size() > 0 &&
        std::none_of(roles.begin(), roles.end(), [&](std::string_view r) { return con::HasRole(p->user, r); })) {
      SendProblem(res, 403, "forbidden", "Forbidden", "your account's roles do not allow this");
      return std::nullopt;
    }
    return p;
  }

  std::string SessionCookie(const std::string& token, bool clear) const {
    std::string c = std::string(kCookie) + "=" + (clear ? "" : token) + "; Path=/; HttpOnly; SameSite=Strict";
    if (opts.secure_cookie) c += "; Secure";
    if (clear) c += "; Max-Age=0";
    return c;
  }

  json MeJson(const con::Principal& p, const std::string& csrf) const {
    return {{"user", p.user.name}, {"roles", p.user.roles}, {"staff_id", p.user.staff_id}, {"team", p.team}, {"csrf", csrf},
            {"idle_timeout_s", con::kIdleMs / 1000}};
  }

  void PostSession(const httplib::Request& req, httplib::Response& res) {
    auto parsed = protocol::ParseJsonText(req.body);
    json* body = parsed ? &parsed.value() : nullptr;
    if (!body || !body->is_object() || !(*body)["user"].is_string() || !(*body)["password"].is_string())
      return SendProblem(res, 400, "bad-request", "Bad Request", "send {\"user\": \"name\", \"password\": \"...\"}");
    std::string password = (*body)["password"].get<std::string>();
    int retry = 0;
    auto s = con::SignIn(store(), (*body)["user"].get<std::string>(), password, now(), &retry);
    sodium_memzero(password.data(), password.size());
    (*body)["password"] = "";
    if (!s) {
      if (s.error().code == "auth.locked") {
        res.set_header("Retry-After", std::to_string(retry));
        return SendProblem(res, 429, "account-locked", "Too Many Requests",
                           s.error().message + "; try again in " + std::to_string((retry + 59) / 60) + " min");
      }
      if (s.error().code.rfind("store", 0) == 0) return StoreDown(res, s.error());
      return SendProblem(res, 401, "sign-in-failed", "Unauthorized", s.error().message);
    }
    res.set_header("Set-Cookie", SessionCookie(s->token, false));
    con::Principal p{s->user, {}, ""};
    if (!p.user.staff_id.empty())
      if (auto rows = store().LoadMasterRows("staff", {p.user.staff_id}); rows && !rows->empty())
        p.team = rows->front().second.value("team", "");
    SendJson(res, MeJson(p, s->csrf));
  }

  void GetSession(const httplib::Request& req, httplib::Response& res) {
    auto p = Authn(req, res);
    if (!p) return;
    SendJson(res, MeJson(*p, con::CsrfFor(Cookie(req, kCookie))));
  }

  void DeleteSession(const httplib::Request& req, httplib::Response& res) {
    auto p = Authn(req, res);
    if (!p) return;
    if (auto s = con::SignOut(store(), Cookie(req, kCookie), now()); !s && s.error().code.rfind("store", 0) == 0)
      return StoreDown(res, s.error());
    res.set_header("Set-Cookie", SessionCookie("", true));
    res.status = 204;
  }

  void GetAudit(const httplib::Request& req, httplib::Response& res) {
    auto p = Authn(req, res, {con::kRoleManager, con::kRoleAdmin});
    if (!p) return;
    int64_t before = 0;
    int limit = 100;
    const std::string b = req.get_param_value("before"), l = req.get_param_value("limit");
    if (!b.empty()) {
      if (b.size() > 18 || b.find_first_not_of("0123456789") != std::string::npos)
        return SendProblem(res, 400, "bad-request", "Bad Request", "before must be an audit seq (a positive integer)");
      before = std::stoll(b);
    }
    if (!l.empty()) {
      if (l.size() > 4 || l.find_first_not_of("0123456789") != std::string::npos || std::stoi(l) < 1)
        return SendProblem(res, 400, "bad-request", "Bad Request", "limit must be 1..1000");
      limit = std::min(1000, std::stoi(l));
    }
    auto rows = store().ListAudit(before, limit);
    if (!rows) return StoreDown(res, rows.error());
    json out = json::array();
    for (const auto& a : rows.value())
      out.push_back({{"seq", a.seq}, {"at", FormatIsoUtcMs(a.at_ms)}, {"actor", a.actor}, {"action", a.action},
                     {"target", a.target}, {"before", a.before}, {"after", a.after}});
    SendJson(res, {{"entries", out}});
  }

  void ListTickets(const httplib::Request& req, httplib::Response& res) {
    auto p = Authn(req, res);
    if (!p) return;
    auto rows = store().ListTicketsWithStatus(BoardStatuses());
    if (!rows) return StoreDown(res, rows.error());
    const std::string trade = req.get_param_value("trade"), area = req.get_param_value("area"),
                      kind = req.get_param_value("kind"), q = req.get_param_value("q");
    if (q.size() > 200) return SendProblem(res, 400, "bad-request", "Bad Request", "q is at most 200 bytes");
    std::vector<TicketRow> shown;
    for (auto& t : rows.value()) {
      if (!OnBoard(t) || !CanSee(*p, t)) continue;
      if (!trade.empty() && t.trade != trade) continue;
      if (!kind.empty() && t.kind != kind) continue;
      if (!area.empty() && t.location != area && t.location.rfind(area + "-", 0) != 0) continue;
      shown.push_back(std::move(t));
    }
    auto names = LoadNames(store(), shown);
    if (!names) return StoreDown(res, names.error());
    const int64_t n = now();
    // Views are moved, never copied: at 5,000 open tickets (bench/console_bench.py) copying and
    // freeing the JSON trees took most of the request's time.
    struct Item {
      bool breached;
      int urgency;
      int64_t age_s;
      json view;
    };
    std::vector<Item> items;
    items.reserve(shown.size());
    for (const auto& t : shown) {
      json v = TicketView(t, names.value(), n);
      if (!Matches(v, q)) continue;
      const bool breached = v["sla"]["breached"].get<bool>();
      const int urgency = UrgencyRank(v["urgency"].get<std::string>());
      const int64_t age = v["age_s"].get<int64_t>();
      items.push_back(Item{breached, urgency, age, std::move(v)});
    }
    // The queue order the desk works by: breached first, then urgency, then the oldest.
    std::stable_sort(items.begin(), items.end(), [](const Item& a, const Item& b) {
      if (a.breached != b.breached) return a.breached;
      if (a.urgency != b.urgency) return a.urgency < b.urgency;
      return a.age_s > b.age_s;
    });
    json views = json::array();
    for (auto& it : items) views.push_back(std::move(it.view));
    auto last = store().LastChangeSeq();
    json body = json::object();
    body["tickets"] = std::move(views);
    body["server_time"] = FormatIsoUtcMs(n);
    body["seq"] = last ? last.value() : 0;
    SendJson(res, body);
  }

  void GetTicket(const httplib::Request& req, httplib::Response& res) {
    auto p = Authn(req, res);
    if (!p) return;
    const std::string id = req.matches[1];
    auto t = store().LoadTicket(id);
    if (!t) {
      if (t.error().code == "ticket.unknown")
        return SendProblem(res, 404, "not-found", "Not Found", "no ticket " + id);
      return StoreDown(res, t.error());
    }
    if (!CanSee(*p, t.value())) return SendProblem(res, 404, "not-found", "Not Found", "no ticket " + id);
    auto names = LoadNames(store(), {t.value()});
    if (!names) return StoreDown(res, names.error());
    json v = TicketView(t.value(), names.value(), now());
    json detail = t->detail;
    v["detail"] = detail;
    v["history"] = t->history;
    auto ratings = store().LoadRatings(id);
    if (!ratings) return StoreDown(res, ratings.error());
    json rs = json::array();
    for (const auto& r : ratings.value())
      rs.push_back({{"round", r.round}, {"rater", r.rater}, {"overall", r.overall}, {"at", FormatIsoUtcMs(r.rated_ms)},
                    {"data", r.data}});
    v["ratings"] = rs;
    // The asset's recent tickets (the same fault again?), newest first, at most 10.
    json recent = json::array();
    if (!t->asset.empty()) {
      auto all = store().ListTicketsUpdatedSince(now() - 180LL * 86400000);
      if (all) {
        for (auto it = all->rbegin(); it != all->rend() && recent.size() < 10; ++it)
          if (it->asset == t->asset && it->id != id)
            recent.push_back({{"id", it->id}, {"status", it->status}, {"kind", it->kind}, {"created_at", FormatIsoUtcMs(it->created_ms)}});
      }
    }
    v["asset_tickets"] = recent;
    // Photos the desk can open: the request's own (kept in its pushed record) and completion photos.
    const std::string base = "/v1/console/tickets/" + id + "/photos/";
    json photos = json::array();
    if (t->detail.is_object() && t->detail.contains("photo_bytes"))
      photos.push_back({{"source", "request"}, {"url", base + "request"}, {"bytes", t->detail["photo_bytes"]},
                        {"at", FormatIsoUtcMs(t->created_ms)}});
    for (const auto& h : t->history)
      if (h.is_object() && h.contains("photo") && h["photo"].is_object() && h["photo"].contains("n"))
        photos.push_back({{"source", "completion"}, {"url", base + h["photo"]["n"].dump()}, {"bytes", h["photo"].value("bytes", 0)},
                          {"at", h.value("at", "")}, {"actor", h.value("actor", "")}});
    v["photos"] = photos;
    SendJson(res, v);
  }

  // One photo of a ticket as image/jpeg, for whoever may see the ticket. "request" = the photo the
  // terminal sent with the request (read back from its stored record), a number = a completion photo.
  void GetPhoto(const httplib::Request& req, httplib::Response& res) {
    auto p = Authn(req, res, {}, false);
    if (!p) return;
    const std::string id = req.matches[1], which = req.matches[2];
    auto t = store().LoadTicket(id);
    if (!t) {
      if (t.error().code == "ticket.unknown") return SendProblem(res, 404, "not-found", "Not Found", "no ticket " + id);
      return StoreDown(res, t.error());
    }
    if (!CanSee(*p, t.value())) return SendProblem(res, 404, "not-found", "Not Found", "no ticket " + id);
    std::string jpeg;
    if (which == "request") {
      auto payload = t->record_id.empty() ? Result<std::optional<json>>(std::optional<json>())
                                          : store().LoadRecordPayload(t->record_id);
      if (!payload) return StoreDown(res, payload.error());
      const json* ph = payload.value() && payload.value()->is_object() && payload.value()->contains("photo")
                           ? &(*payload.value())["photo"] : nullptr;
      if (!ph || ph->is_null()) return SendProblem(res, 404, "not-found", "Not Found", "ticket " + id + " came without a photo");
      auto bytes = photo::PhotoFromPayload(*ph);
      if (!bytes) return SendProblem(res, 404, "not-found", "Not Found", "the stored photo of " + id + " is unreadable");
      jpeg = std::move(bytes.value());
    } else {
      auto bytes = store().LoadTicketPhoto(id, std::stoi(which));
      if (!bytes) return StoreDown(res, bytes.error());
      if (!bytes.value()) return SendProblem(res, 404, "not-found", "Not Found", "ticket " + id + " has no photo " + which);
      jpeg = std::move(*bytes.value());
    }
    // Photos never change once stored; the browser may keep them for this user only.
    res.set_header("Cache-Control", "private, max-age=3600");
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_content(jpeg, "image/jpeg");
  }

  // Teams with their trade and members, for the dispatch form (suggested team = the ticket's trade).
  void ListTeams(const httplib::Request& req, httplib::Response& res) {
    auto p = Authn(req, res, {con::kRoleDesk, con::kRoleManager, con::kRoleAdmin});
    if (!p) return;
    auto teams = store().ListMasterRows("config", "team:");
    if (!teams) return StoreDown(res, teams.error());
    json out = json::array();
    for (const auto& [id, data] : teams.value())
      out.push_back({{"code", id.substr(5)}, {"trade", data.value("trade", "")}, {"name", data.value("name", json(id.substr(5)))}});
    SendJson(res, {{"teams", out}});
  }

  void ListTeamMembers(const httplib::Request& req, httplib::Response& res) {
    auto p = Authn(req, res, {con::kRoleDesk, con::kRoleManager, con::kRoleAdmin});
    if (!p) return;
    const std::string team = req.matches[1];
    auto staff = store().ListMasterRows("staff", "");
    if (!staff) return StoreDown(res, staff.error());
    json out = json::array();
    for (const auto& [id, data] : staff.value())
      if (data.value("team", "") == team)
        out.push_back({{"id", id}, {"name", data.value("name", json(id))}, {"role", data.value("role", "")}});
    SendJson(res, {{"members", out}});
  }

  void Transition(const httplib::Request& req, httplib::Response& res) {
    auto p = Authn(req, res);
    if (!p) return;
    const std::string id = req.matches[1];
    auto parsed = protocol::ParseJsonText(req.body);
    json* body = parsed ? &parsed.value() : nullptr;
    if (!body || !body->is_object())
      return SendProblem(res, 400, "bad-request", "Bad Request", "send {\"to\": status, \"team\"?, \"worker\"?, \"note\"?, \"from\"?}");
    auto str = [&](const char* k, std::string* out) {
      if (!body->contains(k) || (*body)[k].is_null()) return true;
      if (!(*body)[k].is_string()) return false;
      *out = (*body)[k].get<std::string>();
      return true;
    };
    std::string to, team, worker, note, from;
    if (!str("to", &to) || !str("team", &team) || !str("worker", &worker) || !str("note", &note) || !str("from", &from))
      return SendProblem(res, 400, "bad-request", "Bad Request", "to, team, worker, note and from must be strings");
    // A completion photo travels like a terminal's ({mime, bytes, data: base64}) and is checked by
    // the same rule: a whole JPEG within photo::kMaxPhotoBytes.
    std::string jpeg;
    if (body->contains("photo") && !(*body)["photo"].is_null()) {
      if (to != TicketStatus::kCompleted) return SendProblem(res, 400, "bad-request", "Bad Request", "a photo goes only with to = completed");
      auto bytes = photo::PhotoFromPayload((*body)["photo"]);
      if (!bytes)
        return SendProblem(res, 400, "bad-photo", "Bad Request",
                           "photo: " + bytes.error().message + " (a JPEG of at most " +
                               std::to_string(photo::kMaxPhotoBytes / 1024) + " KiB, sent as {mime: image/jpeg, data: base64})");
      jpeg = std::move(bytes.value());
    }
    if (to.empty()) return SendProblem(res, 400, "bad-request", "Bad Request", "to (the new status) is required");
    if (!tickets::ParseStatus(to))
      return SendProblem(res, 400, "bad-request", "Bad Request", tickets::TransitionError(tickets::StatusName(TicketStatus::kReceived), to));
    if (!note.empty())
      if (auto s = repair::ValidateFreeText(note, kMaxNoteChars, "note"); !s)
        return SendProblem(res, 400, "bad-request", "Bad Request", s.error().message);
    if ((to == TicketStatus::kCancelled || to == TicketStatus::kRejected) && note.empty())
      return SendProblem(res, 400, "reason-required", "Bad Request", "cancelling or rejecting needs a reason in note");
    if (to != TicketStatus::kDispatched && (!team.empty() || !worker.empty()))
      return SendProblem(res, 400, "bad-request", "Bad Request", "team and worker go only with to = dispatched");
    const bool desk = IsStaffDesk(p->user);
    const bool worker_role = con::HasRole(p->user, con::kRoleWorker);
    if (!desk && !(worker_role && (to == TicketStatus::kInProgress || to == TicketStatus::kCompleted)))
      return SendProblem(res, 403, "forbidden", "Forbidden", "your account's roles do not allow moving tickets to " + to);

    const int64_t n = now();
    auto tx = store().Begin();
    if (!tx) return StoreDown(res, tx.error());
    HubTx& t = *tx.value();
    auto tk = t.GetTicket(id);
    if (!t.ok()) return StoreDown(res, Error{"store.tx", "cannot read ticket " + id});
    if (!tk || !CanSee(*p, *tk)) return SendProblem(res, 404, "not-found", "Not Found", "no ticket " + id);
    auto conflict = [&](const std::string& slug, const std::string& why) {
      tx.value().reset();  // roll back before reading the fresh state
      auto fresh = store().LoadTicket(id);
      json extra = json::object();
      if (fresh) {
        auto names = LoadNames(store(), {fresh.value()});
        if (names) extra["ticket"] = TicketView(fresh.value(), names.value(), n);
      }
      SendProblem(res, 409, slug, "Conflict", why, extra);
    };
    if (!desk && !WorkerSees(*p, *tk)) return SendProblem(res, 403, "forbidden", "Forbidden", "this job is not yours");
    if (!from.empty() && from != tk->status)
      return conflict("ticket-changed", "the ticket is now " + tk->status + ", not " + from + " (someone else moved it)");
    const json before = {{"status", tk->status}, {"team", tk->team}, {"worker", tk->worker}};
    const std::string actor = p->user.name;
    Status moved = Ok{};
    if (to == TicketStatus::kDispatched) {
      moved = DispatchInTx(t, *tk, Assignment{team, worker}, actor, n, note);
      if (!moved && moved.error().code.rfind("dispatch.", 0) == 0) {
        if (moved.error().code == "dispatch.needs_assignee")
          return SendProblem(res, 400, "bad-request", "Bad Request", "dispatching needs a team and/or a worker");
        return SendProblem(res, 400, "bad-assignment", "Bad Request", moved.error().message);
      }
    } else {
      // A worker who starts a team job takes it; the desk completing a dispatched job for a worker
      // goes through in_progress (the lifecycle has no shortcut).
      if (to == TicketStatus::kCompleted && tk->status == TicketStatus::kDispatched && desk)
        moved = ApplyTransition(*tk, TicketStatus::kInProgress, actor, n, "on behalf of " + (tk->worker.empty() ? tk->team : tk->worker));
      if (moved) moved = ApplyTransition(*tk, to, actor, n, note);
      if (moved && to == TicketStatus::kInProgress && worker_role && tk->worker.empty()) {
        tk->worker = p->user.staff_id;
        tk->history.back()["worker"] = tk->worker;
      }
      // The photo's bytes go to their own table; the history entry (pulled by terminals) only says
      // that there is one and how big it is.
      if (moved && !jpeg.empty()) {
        const int num = t.AddTicketPhoto(id, n, actor, jpeg);
        if (num > 0) tk->history.back()["photo"] = {{"n", num}, {"bytes", jpeg.size()}};
      }
      if (moved) t.PutTicket(*tk);
    }
    if (!moved) {
      if (moved.error().code == "ticket.bad_transition") return conflict("bad-transition", moved.error().message);
      return StoreDown(res, moved.error());
    }
    json after = {{"status", tk->status}, {"team", tk->team}, {"worker", tk->worker}};
    if (!note.empty()) after["note"] = note;
    if (!jpeg.empty()) after["photo_bytes"] = jpeg.size();
    t.AddAudit(AuditRow{0, n, actor, "ticket.transition", id, before, after});
    if (auto s = t.Commit(); !s) return StoreDown(res, s.error());
    auto names = LoadNames(store(), {*tk});
    if (!names) return StoreDown(res, names.error());
    SendJson(res, TicketView(*tk, names.value(), n));
  }

  void CloseCallbackRoute(const httplib::Request& req, httplib::Response& res) {
    auto p = Authn(req, res, {con::kRoleDesk, con::kRoleManager, con::kRoleAdmin});
    if (!p) return;
    const std::string id = req.matches[1];
    const int64_t n = now();
    auto t = CloseCallback(store(), id, n);
    if (!t) {
      if (t.error().code == "ticket.unknown") return SendProblem(res, 404, "not-found", "Not Found", "no ticket " + id);
      if (t.error().code == "callback.not_open") return SendProblem(res, 409, "callback-not-open", "Conflict", t.error().message);
      return StoreDown(res, t.error());
    }
    (void)con::Audit(store(), AuditRow{0, n, p->user.name, "ticket.callback_done", id, json{{"callback", "open"}},
                                       json{{"callback", "done"}}});
    auto names = LoadNames(store(), {t.value()});
    if (!names) return StoreDown(res, names.error());
    SendJson(res, TicketView(t.value(), names.value(), n));
  }

  // One event stream. Event ids are the hub's change seq: a console that reconnects sends
  // Last-Event-ID and gets what it missed. Changes committed by another process (the CLI) are
  // found by the 1 s poll; in-process commits ring the bell and go out at once.
  void Events(const httplib::Request& req, httplib::Response& res) {
    auto p = Authn(req, res);
    if (!p) return;
    int64_t cursor = -1;
    std::string last = req.get_header_value("Last-Event-ID");
    if (last.empty()) last = req.get_param_value("since");
    if (!last.empty()) {
      if (last.size() > 18 || last.find_first_not_of("0123456789") != std::string::npos)
        return SendProblem(res, 400, "bad-request", "Bad Request", "Last-Event-ID must be an event id this hub sent");
      cursor = std::stoll(last);
    } else {
      auto seq = store().LastChangeSeq();
      if (!seq) return StoreDown(res, seq.error());
      cursor = seq.value();
    }
    if (streams.fetch_add(1) >= opts.max_streams) {
      streams.fetch_sub(1);
      res.set_header("Retry-After", "5");
      return SendProblem(res, 503, "too-many-streams", "Service Unavailable", "too many open consoles; retrying shortly");
    }
    ConnectionGuard::LongLived();
    res.set_header("Cache-Control", "no-store");
    struct Stream {
      int64_t cursor;
      std::string token;
      con::Principal who;
      int64_t beat_ms;
      uint64_t rung_seen;
      bool started = false;
    };
    auto st = std::make_shared<Stream>(Stream{cursor, Cookie(req, kCookie), *p, now(), 0});
    res.set_chunked_content_provider(
        "text/event-stream",
        [this, st](size_t, httplib::DataSink& sink) {
          auto write = [&](const std::string& s) { return sink.write(s.data(), s.size()); };
          if (!st->started) {
            st->started = true;
            // Reconnect quickly; say where the stream starts so the page can resume from there.
            return write("retry: 2000\nid: " + std::to_string(st->cursor) + "\nevent: hello\ndata: {}\n\n");
          }
          st->rung_seen = opts.bell->Wait(st->rung_seen, std::chrono::milliseconds(1000));
          if (opts.bell->stopping()) {
            sink.done();
            return true;
          }
          if (!sink.is_writable()) return false;
          auto rows = store().ListChangesOf("ticket", st->cursor, 200);
          if (rows && !rows->empty()) {
            // Newest change per ticket; the view is read fresh (names, SLA).
            std::map<std::string, int64_t> last_seq;
            for (const auto& c : rows.value()) last_seq[c.id] = c.seq;
            std::vector<std::pair<int64_t, TicketRow>> items;
            for (const auto& [tid, seq] : last_seq) {
              auto t = store().LoadTicket(tid);
              if (t && CanSee(st->who, t.value())) items.emplace_back(seq, std::move(t.value()));
            }
            std::sort(items.begin(), items.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
            std::vector<TicketRow> tickets;
            for (auto& it : items) tickets.push_back(it.second);
            auto names = LoadNames(store(), tickets);
            const int64_t n = now();
            for (const auto& [seq, t] : items) {
              json v = names ? TicketView(t, names.value(), n) : json{{"id", t.id}, {"status", t.status}};
              v["on_board"] = OnBoard(t);
              if (!write("id: " + std::to_string(seq) + "\nevent: ticket\ndata: " +
                         v.dump(-1, ' ', false, json::error_handler_t::replace) + "\n\n"))
                return false;
            }
            st->cursor = rows->back().seq;
          }
          const int64_t n = now();
          if (n - st->beat_ms >= opts.heartbeat_ms) {
            st->beat_ms = n;
            // The stream does not keep a session alive, and ends with it.
            auto still = con::CheckSession(store(), st->token, n, false);
            if (!still && still.error().code == "auth.no_session") {
              write("event: signed_out\ndata: {}\n\n");
              sink.done();
              return true;
            }
            if (!write(": keep-alive\n\n")) return false;
          }
          return true;
        },
        [this](bool) { streams.fetch_sub(1); });
  }

  void StaticFile(const httplib::Request& req, httplib::Response& res) {
    SetConsolePageHeaders(res);
    std::string rel = req.matches.size() > 1 ? std::string(req.matches[1]) : "";
    if (rel.empty()) rel = "index.html";
    // Only plain names below the web dir: no "..", no hidden files, no odd bytes.
    const bool safe = rel.find("..") == std::string::npos && rel.front() != '/' && rel.front() != '.' &&
                      rel.find("/.") == std::string::npos &&
                      rel.find_first_not_of("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789._-/") ==
                          std::string::npos;
    static const std::map<std::string, std::string> types = {
        {".html", "text/html; charset=utf-8"}, {".css", "text/css; charset=utf-8"},
        {".js", "text/javascript; charset=utf-8"}, {".json", "application/json"},
        {".svg", "image/svg+xml"}, {".png", "image/png"}};
    const auto dot = rel.rfind('.');
    const auto type = dot == std::string::npos ? types.end() : types.find(rel.substr(dot));
    if (!safe || type == types.end() || opts.web_dir.empty())
      return SendProblem(res, 404, "not-found", "Not Found", "no console page " + rel);
    std::ifstream f(opts.web_dir + "/" + rel, std::ios::binary);
    if (!f) return SendProblem(res, 404, "not-found", "Not Found", "no console page " + rel);
    std::ostringstream ss;
    ss << f.rdbuf();
    res.set_header("Cache-Control", "no-cache");
    res.set_content(ss.str(), type->second);
  }
};

ConsoleService::ConsoleService(std::function<HubStore*()> store, std::function<int64_t()> now, ConsoleOptions options)
    : impl_(std::make_unique<Impl>()) {
  impl_->store_of = std::move(store);
  impl_->now = std::move(now);
  impl_->opts = std::move(options);
}

ConsoleService::~ConsoleService() = default;


std::optional<con::Principal> ConsoleService::Authenticate(const httplib::Request& req, httplib::Response& res,
                                                          std::initializer_list<std::string_view> roles) {
  return impl_->Authn(req, res, roles);
}
HubStore& ConsoleService::Store() { return impl_->store(); }
int64_t ConsoleService::Now() { return impl_->now(); }
void ConsoleService::StoreDown(httplib::Response& res, const Error& e) { impl_->StoreDown(res, e); }
void SendConsoleJson(httplib::Response& res, const json& j, int status) { SendJson(res, j, status); }

void ConsoleService::Register(httplib::Server& s) {
  Impl* im = impl_.get();
  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  PostCapped(s, "/v1/console/session", [im](Req q, Res r) { im->PostSession(q, r); });
  s.Get("/v1/console/session", [im](Req q, Res r) { im->GetSession(q, r); });
  s.Delete("/v1/console/session", [im](Req q, Res r) { im->DeleteSession(q, r); });
  s.Get("/v1/console/audit", [im](Req q, Res r) { im->GetAudit(q, r); });
  s.Get("/v1/console/tickets", [im](Req q, Res r) { im->ListTickets(q, r); });
  s.Get(R"(/v1/console/tickets/(TK-\d{1,12}))", [im](Req q, Res r) { im->GetTicket(q, r); });
  s.Get(R"(/v1/console/tickets/(TK-\d{1,12})/photos/(request|[1-9]\d{0,5}))", [im](Req q, Res r) { im->GetPhoto(q, r); });
  PostCapped(s, R"(/v1/console/tickets/(TK-\d{1,12})/transition)", [im](Req q, Res r) { im->Transition(q, r); });
  PostCapped(s, R"(/v1/console/tickets/(TK-\d{1,12})/callback-done)", [im](Req q, Res r) { im->CloseCallbackRoute(q, r); });
  s.Get("/v1/console/teams", [im](Req q, Res r) { im->ListTeams(q, r); });
  s.Get(R"(/v1/console/teams/([A-Za-z0-9_.-]{1,64})/members)", [im](Req q, Res r) { im->ListTeamMembers(q, r); });
  s.Get("/v1/console/events", [im](Req q, Res r) { im->Events(q, r); });
  RegisterConsoleMealRoutes(s, *this);   // dietitian and kitchen (issue 14)
  RegisterConsoleAdminRoutes(s, *this);  // monthly assessment and administration (issue 14)
  RegisterConsoleCatalogRoutes(s, *this);  // dishes, teams and console accounts (issue 14)
  RegisterConsoleStaffRoutes(s, *this);    // staff members: create, edit, PIN (issue 14)
  RegisterConsoleDishPhotoRoutes(s, *this);  // dish photos, pulled as their own entity (issue 14)
  s.Get("/console", [](Req, Res r) {
    SetConsolePageHeaders(r);
    r.set_redirect("/console/");
  });
  s.Get(R"(/console/(.*))", [im](Req q, Res r) { im->StaticFile(q, r); });
}

}  // namespace onestop::hub
