// Console assessment and administration routes (see console_admin.h). Reports come from
// server/ratings.h, terminals and enrollment codes from the store and server/hub.h, PINs from
// server/staff_pins.h. Every change writes an audit row; a PIN, an enrollment code or a token is
// never in an answer other than the one that creates the code, in a log or in the audit log.
#include "server/console_admin.h"

#include <qrencode.h>
#include <sodium.h>

#include <algorithm>
#include <map>
#include <regex>
#include <sstream>

#include "kiosk/core/clock.h"
#include "kiosk/core/protocol.h"
#include "server/console_api.h"
#include "server/console_auth.h"
#include "server/console_board.h"
#include "server/hub.h"
#include "server/ratings.h"
#include "server/request_gate.h"
#include "server/staff_pins.h"

namespace onestop::hub {
namespace {
using nlohmann::json;
namespace con = console;
namespace pr = onestop::protocol;

constexpr int kTrendMonths = 12;
constexpr size_t kMaxNoticeText = 500;
const std::vector<std::string>& NoticeKinds() {
  static const std::vector<std::string> k = {"water", "power", "oxygen", "other"};
  return k;
}
constexpr char kDefaultLanguage[] = "zh-Hans";  // the hospital's first language: a notice must have it

std::optional<json> Body(const httplib::Request& req, httplib::Response& res, const char* shape) {
  auto parsed = pr::ParseJsonText(req.body.empty() ? "{}" : req.body);
  if (!parsed || !parsed->is_object()) {
    SendProblem(res, 400, "bad-request", "Bad Request", std::string("send a JSON object ") + shape);
    return std::nullopt;
  }
  return parsed.value();
}

std::string Str(const json& b, const char* k) {
  return b.contains(k) && b[k].is_string() ? b[k].get<std::string>() : std::string();
}

// ---- monthly assessment ---------------------------------------------------------------------------
json StatsJson(const GroupStats& g) {
  return {{"group", g.group},
          {"ratings", g.ratings},
          {"mean", g.mean},
          {"dist", g.dist},
          {"satisfaction_pct", g.satisfaction_pct},
          {std::string(tickets::StatusName(TicketStatus::kCompleted)), g.completed},  // tickets that reached it
          {"responded", g.responded},
          {"response_mean_min", g.response_mean_min},
          {"response_median_min", g.response_median_min},
          {"completion_mean_min", g.completion_mean_min},
          {"completion_median_min", g.completion_median_min}};
}

// The month before `m` ("YYYY-MM").
std::string PrevMonth(const std::string& m) {
  int y = std::stoi(m.substr(0, 4)), mo = std::stoi(m.substr(5, 2)) - 1;
  if (mo == 0) {
    mo = 12;
    --y;
  }
  std::string out = std::to_string(y);
  out = std::string(4 - std::min<size_t>(4, out.size()), '0') + out + (mo < 10 ? "-0" : "-") + std::to_string(mo);
  return out;
}

void Monthly(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleManager, con::kRoleAdmin});
  if (!p) return;
  auto tz = ReportTimeZone(c.Store(), "");
  if (!tz) return c.StoreDown(res, tz.error());
  std::string month = req.get_param_value("month");
  if (month.empty()) month = tz->Date(c.Now()).substr(0, 7);
  const std::string by_name = req.has_param("by") ? req.get_param_value("by") : "team";
  auto by = ParseGroupBy(by_name);
  if (!by) return SendProblem(res, 400, "bad-request", "Bad Request", "by must be team, worker, trade or kind");
  auto range = MonthBounds(month, tz.value());
  if (!range) return SendProblem(res, 400, "bad-request", "Bad Request", range.error().message);
  auto rep = LoadMonthlyReport(c.Store(), range.value(), *by);
  if (!rep) return c.StoreDown(res, rep.error());
  if (req.get_param_value("format") == "csv") {
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Disposition", "attachment; filename=\"assessment-" + month + "-" + by_name + ".csv\"");
    return res.set_content(ReportCsv(rep.value()), "text/csv; charset=utf-8");
  }
  json groups = json::array();
  for (const auto& g : rep->groups) groups.push_back(StatsJson(g));
  // Names for team codes and staff ids (the page picks the language).
  json names = json::object();
  if (*by == GroupBy::kTeam) {
    if (auto teams = c.Store().ListMasterRows("config", "team:"))
      for (const auto& [id, data] : teams.value()) names[id.substr(5)] = data.value("name", json(id.substr(5)));
  } else if (*by == GroupBy::kWorker) {
    std::vector<std::string> ids;
    for (const auto& g : rep->groups) ids.push_back(g.group);
    if (auto staff = c.Store().LoadMasterRows("staff", ids))
      for (const auto& [id, data] : staff.value()) names[id] = data.value("name", json(id));
  }
  // Trend: the totals of the last 12 months up to this one, oldest first.
  json trend = json::array();
  std::string m = month;
  std::vector<json> rev;
  for (int i = 0; i < kTrendMonths; ++i, m = PrevMonth(m)) {
    auto r = MonthBounds(m, tz.value());
    if (!r) break;
    auto mr = LoadMonthlyReport(c.Store(), r.value(), *by);
    if (!mr) return c.StoreDown(res, mr.error());
    json t = StatsJson(mr->total);
    t["month"] = m;
    // Per group, only what the chart draws (a worker grouping can have hundreds of groups).
    json g = json::object();
    for (const auto& gs : mr->groups)
      g[gs.group] = {{"ratings", gs.ratings}, {"mean", gs.mean}, {"satisfaction_pct", gs.satisfaction_pct}, {std::string(tickets::StatusName(TicketStatus::kCompleted)), gs.completed}};
    t["groups"] = std::move(g);
    rev.push_back(std::move(t));
  }
  for (auto it = rev.rbegin(); it != rev.rend(); ++it) trend.push_back(*it);
  // Call-backs of tickets completed in the month: still open, and done.
  int open = 0, done = 0;
  if (auto tickets = c.Store().ListTicketsUpdatedSince(range->from_ms)) {
    for (const auto& t : tickets.value()) {
      if (t.callback == tickets::kCallbackOpen) ++open;
      if (t.callback == tickets::kCallbackDone) ++done;
    }
  }
  SendConsoleJson(res, {{"month", month}, {"zone", range->zone}, {"by", by_name}, {"groups", groups},
                        {"total", StatsJson(rep->total)}, {"names", names}, {"trend", trend},
                        {"callbacks", {{"open", open}, {"done", done}}}});
}

// ---- SLA breaches per day --------------------------------------------------------------------------
// Service tickets (not meal orders, which have their own promised times) created in the month, each
// judged against its SLA targets (console_board.h: urgency, config overrides): a response breach when
// the first "accepted" came after the response target (or has not come and the target has passed), a
// completion breach likewise for the first "completed". A cancellation or rejection ends the clock.
// A breach counts on the hospital-time day its target passed, so the days are when the desk failed.
// There is no CLI twin of this table: the CSV is this route's own.
struct DayBreaches {
  int64_t response = 0, completion = 0;
};

int64_t FirstStep(const TicketRow& t, std::initializer_list<std::string_view> statuses) {
  if (!t.history.is_array()) return 0;
  for (const auto& h : t.history) {
    if (!h.is_object()) continue;
    const std::string st = h.value("status", "");
    if (std::find(statuses.begin(), statuses.end(), st) == statuses.end()) continue;
    int64_t at = 0;
    if (ParseIsoUtcMs(h.value("at", ""), &at)) return at;
  }
  return 0;
}

void SlaReport(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleManager, con::kRoleAdmin});
  if (!p) return;
  auto tz = ReportTimeZone(c.Store(), "");
  if (!tz) return c.StoreDown(res, tz.error());
  const int64_t now = c.Now();
  std::string month = req.get_param_value("month");
  if (month.empty()) month = tz->Date(now).substr(0, 7);
  auto range = MonthBounds(month, tz.value());
  if (!range) return SendProblem(res, 400, "bad-request", "Bad Request", range.error().message);
  auto tickets = c.Store().ListTicketsUpdatedSince(range->from_ms);  // updated >= created >= the month's start
  if (!tickets) return c.StoreDown(res, tickets.error());
  std::vector<TicketRow> in_month;
  for (auto& t : tickets.value())
    if (t.kind != "meal" && t.created_ms >= range->from_ms && t.created_ms < range->to_ms) in_month.push_back(std::move(t));
  auto names = board::LoadNames(c.Store(), in_month);
  if (!names) return c.StoreDown(res, names.error());
  std::map<std::string, DayBreaches> days;
  std::map<std::string, DayBreaches> by_team;
  DayBreaches total;
  for (const auto& t : in_month) {
    const board::Sla sla = board::SlaFor(t, names.value());
    const int64_t ended = FirstStep(t, {tickets::StatusName(TicketStatus::kCancelled), tickets::StatusName(TicketStatus::kRejected)});
    auto judge = [&](int64_t done, int64_t target_min, int64_t DayBreaches::*field) {
      const int64_t due = t.created_ms + target_min * 60000;
      const int64_t stop = done ? done : ended;
      const bool breached = stop ? stop > due : now > due;
      if (!breached) return;
      days[tz->Date(due)].*field += 1;
      by_team[t.team.empty() ? "-" : t.team].*field += 1;
      total.*field += 1;
    };
    judge(FirstStep(t, {tickets::StatusName(TicketStatus::kAccepted)}), sla.response_min, &DayBreaches::response);
    judge(FirstStep(t, {tickets::StatusName(TicketStatus::kCompleted)}), sla.completion_min, &DayBreaches::completion);
  }
  if (req.get_param_value("format") == "csv") {
    std::string csv = "date,response_breaches,completion_breaches\n";
    for (const auto& [d, b] : days) csv += d + "," + std::to_string(b.response) + "," + std::to_string(b.completion) + "\n";
    csv += "ALL," + std::to_string(total.response) + "," + std::to_string(total.completion) + "\n";
    res.set_header("Cache-Control", "no-store");
    res.set_header("Content-Disposition", "attachment; filename=\"sla-breaches-" + month + ".csv\"");
    return res.set_content(csv, "text/csv; charset=utf-8");
  }
  json out = json::array(), teams = json::array();
  for (const auto& [d, b] : days) out.push_back({{"date", d}, {"response", b.response}, {"completion", b.completion}});
  for (const auto& [team, b] : by_team) teams.push_back({{"team", team}, {"response", b.response}, {"completion", b.completion}});
  SendConsoleJson(res, {{"month", month}, {"zone", range->zone}, {"days", out}, {"teams", teams},
                        {"total", {{"response", total.response}, {"completion", total.completion}}},
                        {"tickets", in_month.size()}});
}

// ---- terminals ------------------------------------------------------------------------------------
void Terminals(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  auto rows = c.Store().ListTerminals();
  if (!rows) return c.StoreDown(res, rows.error());
  json out = json::array();
  auto when = [](int64_t ms) { return ms ? json(FormatIsoUtcMs(ms)) : json(nullptr); };
  auto opt = [](const auto& v) { return v ? json(*v) : json(nullptr); };
  for (const auto& t : rows.value())
    out.push_back({{"id", t.terminal.id}, {"kind", RoleName(t.terminal.binding.role)},
                   {"location", t.terminal.binding.location}, {"enrolled_at", when(t.enrolled_ms)},
                   {"last_push_at", when(t.last_push_ms)}, {"last_pull_at", when(t.last_pull_ms)},
                   {"reported_at", when(t.reported_ms)}, {"app_version", opt(t.report.app_version)},
                   {"outbox_depth", opt(t.report.outbox_depth)}, {"clock_skew_ms", opt(t.report.clock_skew_ms)},
                   {"revoked_at", when(t.revoked_ms)}, {"revoked", t.revoked_ms != 0}});
  SendConsoleJson(res, {{"terminals", out}, {"server_time", FormatIsoUtcMs(c.Now())}});
}

void Revoke(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  const std::string id = req.matches[1];
  auto rows = c.Store().ListTerminals();
  if (!rows) return c.StoreDown(res, rows.error());
  auto it = std::find_if(rows->begin(), rows->end(), [&](const TerminalInfo& t) { return t.terminal.id == id; });
  if (it == rows->end()) return SendProblem(res, 404, "not-found", "Not Found", "no terminal " + id);
  if (it->revoked_ms) return SendProblem(res, 409, "already-revoked", "Conflict", "terminal " + id + " is revoked already");
  const int64_t now = c.Now();
  auto tx = c.Store().Begin();
  if (!tx) return c.StoreDown(res, tx.error());
  if (!tx.value()->RevokeTerminal(id, now)) return SendProblem(res, 404, "not-found", "Not Found", "no terminal " + id);
  tx.value()->AddAudit(AuditRow{0, now, p->user.name, "terminal.revoke", id, json{{"revoked", false}},
                                json{{"revoked", true}, {"revoked_at", FormatIsoUtcMs(now)}}});
  if (auto s = tx.value()->Commit(); !s) return c.StoreDown(res, s.error());
  SendConsoleJson(res, {{"id", id}, {"revoked", true}, {"revoked_at", FormatIsoUtcMs(now)}});
}

// ---- enrollment codes -------------------------------------------------------------------------------
void NewCode(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  auto body = Body(req, res, "{\"kind\": bedside|ward|staff, \"location\"?, \"ttl_hours\"?, \"origin\"?}");
  if (!body) return;
  const std::string kind = Str(*body, "kind"), location = Str(*body, "location");
  int64_t ttl_hours = 24;
  if (body->contains("ttl_hours")) {
    if (!(*body)["ttl_hours"].is_number_integer() || (*body)["ttl_hours"].get<int64_t>() < 1 || (*body)["ttl_hours"].get<int64_t>() > 720)
      return SendProblem(res, 400, "bad-request", "Bad Request", "ttl_hours must be a whole number of hours, 1..720");
    ttl_hours = (*body)["ttl_hours"];
  }
  if (location.size() > 64) return SendProblem(res, 400, "bad-request", "Bad Request", "location is at most 64 bytes");
  // The QR code carries the hub's own URL form …/e/<code>: the origin the administrator reached the
  // hub at (the page sends location.origin), else this request's Host.
  std::string origin = Str(*body, "origin");
  static const std::regex kOrigin(R"(https?://[A-Za-z0-9.\-\[\]:]{1,120})");
  if (!origin.empty() && !std::regex_match(origin, kOrigin))
    return SendProblem(res, 400, "bad-request", "Bad Request", "origin must look like http(s)://host[:port]");
  if (origin.empty()) origin = "http://" + req.get_header_value("Host");
  const int64_t now = c.Now();
  const std::string code = NewEnrollCode();
  if (auto s = AddEnrollCode(c.Store(), code, kind, location, now, ttl_hours * 3600000); !s) {
    if (s.error().code.rfind("enroll.", 0) == 0) {
      std::string msg = s.error().message;
      if (auto at = msg.find("--location"); at != std::string::npos) msg.replace(at, 10, "location");
      return SendProblem(res, 400, "bad-request", "Bad Request", msg);
    }
    return c.StoreDown(res, s.error());
  }
  const std::string expires = FormatIsoUtcMs(now + ttl_hours * 3600000);
  // The audit row says what the code binds, never the code itself (it enrolls a terminal).
  (void)con::Audit(c.Store(), AuditRow{0, now, p->user.name, "enroll_code.create", kind + ":" + location, nullptr,
                                       json{{"kind", kind}, {"location", location}, {"expires_at", expires}}});
  const std::string url = origin + "/e/" + code;
  SendConsoleJson(res, {{"code", code}, {"kind", kind}, {"location", location}, {"expires_at", expires}, {"url", url},
                        {"qr_svg", QrSvg(url)}}, 201);
}

// ---- notices (planned outages) -------------------------------------------------------------------
json NoticeView(const std::string& id, const json& d, int64_t now) {
  int64_t s = 0, e = 0;
  ParseIsoUtcMs(d.value("starts_at", ""), &s);
  ParseIsoUtcMs(d.value("ends_at", ""), &e);
  const std::string state = e && now >= e ? "ended" : s && now < s ? "planned" : "active";
  json v = d;
  v["id"] = id;
  v["state"] = state;
  return v;
}

void Notices(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  auto rows = c.Store().ListMasterRows("notice", "");
  if (!rows) return c.StoreDown(res, rows.error());
  json out = json::array();
  const int64_t now = c.Now();
  for (const auto& [id, data] : rows.value()) out.push_back(NoticeView(id, data, now));
  SendConsoleJson(res, {{"notices", out}, {"kinds", NoticeKinds()}, {"server_time", FormatIsoUtcMs(now)}});
}

// A notice is master data scoped to its area: terminals there (and under it) get it with their next pull.
void NewNotice(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  auto body = Body(req, res, "{\"kind\", \"location\", \"starts_at\", \"ends_at\", \"text\": {lang: text}}");
  if (!body) return;
  const json& b = *body;
  const std::string kind = Str(b, "kind"), location = Str(b, "location"), starts = Str(b, "starts_at"), ends = Str(b, "ends_at");
  const auto& kinds = NoticeKinds();
  if (std::find(kinds.begin(), kinds.end(), kind) == kinds.end())
    return SendProblem(res, 400, "bad-request", "Bad Request", "kind must be water, power, oxygen or other");
  if (location.empty() || location.size() > 64)
    return SendProblem(res, 400, "bad-request", "Bad Request", "location (the area: a building, ward, room or bed code) is required");
  int64_t s = 0, e = 0;
  if (!ParseIsoUtcMs(starts, &s) || !ParseIsoUtcMs(ends, &e))
    return SendProblem(res, 400, "bad-request", "Bad Request", "starts_at and ends_at must be times like 2026-12-01T02:00:00Z");
  if (e <= s) return SendProblem(res, 400, "notice-ends-before-start", "Bad Request", "the notice ends before it starts");
  if (e <= c.Now()) return SendProblem(res, 400, "notice-in-past", "Bad Request", "the notice would already be over");
  if (!b.contains("text") || !b["text"].is_object())
    return SendProblem(res, 400, "bad-request", "Bad Request", "text must be {\"zh-Hans\": …, \"zh-Hant\"?: …, \"en\"?: …}");
  json text = json::object();
  for (const char* l : {"zh-Hans", "zh-Hant", "en"}) {
    const std::string v = Str(b["text"], l);
    if (v.size() > kMaxNoticeText) return SendProblem(res, 400, "bad-request", "Bad Request", std::string("text.") + l + " is longer than 500 bytes");
    if (!v.empty()) text[l] = v;
  }
  if (!text.contains(kDefaultLanguage))
    return SendProblem(res, 400, "notice-text-required", "Bad Request", "the notice needs its text in the default language (zh-Hans)");
  auto loc = c.Store().LoadMasterRows("location", {location});
  if (!loc) return c.StoreDown(res, loc.error());
  auto all = c.Store().ListMasterRows("notice", "");
  if (!all) return c.StoreDown(res, all.error());
  if (loc->empty()) {
    auto any = c.Store().ListMasterRows("location", "");
    if (any && !any->empty()) return SendProblem(res, 400, "unknown-location", "Bad Request", "no location " + location);
  }
  int64_t next = 1;
  for (const auto& [id, d] : all.value())
    if (id.size() == 8 && id.rfind("N-", 0) == 0 && id.find_first_not_of("0123456789", 2) == std::string::npos)
      next = std::max<int64_t>(next, std::stoll(id.substr(2)) + 1);
  char idbuf[16];
  std::snprintf(idbuf, sizeof idbuf, "N-%06lld", static_cast<long long>(next % 1000000));
  const std::string id = idbuf;
  const int64_t now = c.Now();
  json data = {{"id", id}, {"kind", kind}, {"location", location}, {"starts_at", FormatIsoUtcMs(s)},
               {"ends_at", FormatIsoUtcMs(e)}, {"text", text}, {"created_by", p->user.name}};
  auto tx = c.Store().Begin();
  if (!tx) return c.StoreDown(res, tx.error());
  if (tx.value()->GetMaster("notice", id))  // two administrators at once: the second tries again
    return SendProblem(res, 409, "notice-id-taken", "Conflict", "another notice was just created; send it again");
  tx.value()->PutMaster("notice", id, data, location);
  tx.value()->AddAudit(AuditRow{0, now, p->user.name, "notice.create", id, nullptr, data});
  if (auto st = tx.value()->Commit(); !st) return c.StoreDown(res, st.error());
  SendConsoleJson(res, NoticeView(id, data, now), 201);
}

// Ending a notice moves its end to now (terminals drop the banner once they pulled it).
void EndNotice(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  const std::string id = req.matches[1];
  const int64_t now = c.Now();
  auto tx = c.Store().Begin();
  if (!tx) return c.StoreDown(res, tx.error());
  auto d = tx.value()->GetMaster("notice", id);
  if (!tx.value()->ok()) return c.StoreDown(res, Error{"store.tx", "cannot read notice " + id});
  if (!d) return SendProblem(res, 404, "not-found", "Not Found", "no notice " + id);
  int64_t e = 0;
  ParseIsoUtcMs(d->value("ends_at", ""), &e);
  if (e && e <= now) return SendProblem(res, 409, "notice-ended", "Conflict", "notice " + id + " has ended already");
  json after = *d;
  after["ends_at"] = FormatIsoUtcMs(now);
  int64_t s = 0;
  if (ParseIsoUtcMs(d->value("starts_at", ""), &s) && s > now) after["starts_at"] = after["ends_at"];  // called off
  tx.value()->PutMaster("notice", id, after, d->value("location", ""));
  tx.value()->AddAudit(AuditRow{0, now, p->user.name, "notice.end", id, json{{"ends_at", d->value("ends_at", "")}},
                                json{{"ends_at", after["ends_at"]}}});
  if (auto st = tx.value()->Commit(); !st) return c.StoreDown(res, st.error());
  SendConsoleJson(res, NoticeView(id, after, now));
}

// ---- staff PINs (the staff list and form: server/console_staff.h) ---------------------------------
void SetPin(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  const std::string id = req.matches[1];
  auto body = Body(req, res, "{\"pin\": \"6-12 digits\"}");
  if (!body) return;
  std::string pin = Str(*body, "pin");
  (*body)["pin"] = "";
  auto before = c.Store().LoadMasterRows("staff", {id});
  if (!before) {
    sodium_memzero(pin.data(), pin.size());
    return c.StoreDown(res, before.error());
  }
  const bool had = !before->empty() && before->front().second.contains("pin_hash");
  auto s = SetStaffPin(c.Store(), id, pin);  // the same Argon2id path as `onestop-hub staff set-pin`
  sodium_memzero(pin.data(), pin.size());
  if (!s) {
    if (s.error().code == "pin.bad_format") return SendProblem(res, 400, "bad-pin", "Bad Request", "a PIN is 6 to 12 digits");
    if (s.error().code == "staff.unknown") return SendProblem(res, 404, "not-found", "Not Found", "no staff member " + id);
    return c.StoreDown(res, s.error());
  }
  const int64_t now = c.Now();
  (void)con::Audit(c.Store(), AuditRow{0, now, p->user.name, "staff.set_pin", id, json{{"pin", had ? "set" : "none"}},
                                       json{{"pin", "set"}}});
  SendConsoleJson(res, {{"id", id}, {"has_pin", true}});
}

}  // namespace

std::string QrSvg(const std::string& text) {
  QRcode* q = QRcode_encodeString8bit(text.c_str(), 0, QR_ECLEVEL_M);
  if (!q) return "";
  const int w = q->width, quiet = 4, size = w + 2 * quiet;
  std::ostringstream o;
  // One rect per run of dark modules in a row: every SVG renderer draws rects alike (ImageMagick's
  // path filling, for one, gets a many-subpath path wrong and the code no longer scans).
  o << "<svg xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 " << size << ' ' << size
    << "\" shape-rendering=\"crispEdges\"><rect width=\"" << size << "\" height=\"" << size << "\" fill=\"#fff\"/><g fill=\"#000\">";
  for (int y = 0; y < w; ++y)
    for (int x = 0; x < w;) {
      if (!(q->data[y * w + x] & 1)) {
        ++x;
        continue;
      }
      int run = 1;
      while (x + run < w && (q->data[y * w + x + run] & 1)) ++run;
      o << "<rect x=\"" << (x + quiet) << "\" y=\"" << (y + quiet) << "\" width=\"" << run << "\" height=\"1\"/>";
      x += run;
    }
  o << "</g></svg>";
  QRcode_free(q);
  return o.str();
}

void RegisterConsoleAdminRoutes(httplib::Server& s, ConsoleService& c) {
  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  ConsoleService* cs = &c;
  s.Get("/v1/console/reports/monthly", [cs](Req q, Res r) { Monthly(*cs, q, r); });
  s.Get("/v1/console/reports/sla", [cs](Req q, Res r) { SlaReport(*cs, q, r); });
  s.Get("/v1/console/admin/terminals", [cs](Req q, Res r) { Terminals(*cs, q, r); });
  PostCapped(s, R"(/v1/console/admin/terminals/([A-Za-z0-9_.:-]{1,80})/revoke)", [cs](Req q, Res r) { Revoke(*cs, q, r); });
  PostCapped(s, "/v1/console/admin/enroll-codes", [cs](Req q, Res r) { NewCode(*cs, q, r); });
  s.Get("/v1/console/admin/notices", [cs](Req q, Res r) { Notices(*cs, q, r); });
  PostCapped(s, "/v1/console/admin/notices", [cs](Req q, Res r) { NewNotice(*cs, q, r); });
  PostCapped(s, R"(/v1/console/admin/notices/(N-\d{1,12})/end)", [cs](Req q, Res r) { EndNotice(*cs, q, r); });
  PostCapped(s, R"(/v1/console/admin/staff/([A-Za-z0-9_.-]{1,64})/pin)", [cs](Req q, Res r) { SetPin(*cs, q, r); });
}

}  // namespace onestop::hub
