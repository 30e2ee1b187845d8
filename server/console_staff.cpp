// Staff administration for the console (see console_staff.h). The whole form is checked before the
// transaction; the row, its change-log entries and the audit row commit together. The PIN is hashed
// (server/staff_pins.h, Argon2id) before the transaction and wiped; the row is built only from the
// checked fields, so a forged `pin_hash`, `trade` or `scope` in the body never reaches terminals.
#include "server/console_staff.h"

#include <sodium.h>

#include <algorithm>
#include <regex>

#include "kiosk/core/clock.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/staff_session.h"
#include "server/console_api.h"
#include "server/console_auth.h"
#include "server/request_gate.h"
#include "server/staff_pins.h"
#include "server/store.h"

namespace onestop::hub {
namespace {
using nlohmann::json;
namespace con = console;

constexpr const char* kLangs[] = {"zh-Hans", "zh-Hant", "en"};
constexpr size_t kMaxNameBytes = 80;
constexpr size_t kMaxStaff = 20000;  // a hospital's staff, with room; guards the list answer

void Refuse(httplib::Response& res, int status, const std::string& code, const std::string& detail,
            const std::string& field = "") {
  json extra = {{"code", code}};
  if (!field.empty()) extra["field"] = field;
  SendProblem(res, status, status == 409 ? "conflict" : status == 404 ? "not-found" : "bad-request",
              status == 409 ? "Conflict" : status == 404 ? "Not Found" : "Bad Request", detail, extra);
}

std::string Str(const json& b, const char* k) { return b.contains(k) && b[k].is_string() ? b[k].get<std::string>() : ""; }

Error E(const char* code, const std::string& message, const char* field) {
  return Error{code, message + "\x1f" + field};  // the field rides after a unit separator (split in Send)
}

// {lang: text}: the default language required, each at most 80 bytes of text without control characters.
Result<json> Names(const json& b) {
  if (!b.contains("name") || !b["name"].is_object())
    return E("staff.name_required", "name must be {\"zh-Hans\": …, \"zh-Hant\"?: …, \"en\"?: …}", "name");
  json out = json::object();
  for (const char* l : kLangs) {
    const json v = b["name"].contains(l) ? b["name"][l] : json();
    if (v.is_null()) continue;
    if (!v.is_string()) return E("staff.name_length", std::string("name.") + l + " must be text", "name");
    std::string s = v.get<std::string>();
    s.erase(0, s.find_first_not_of(' '));
    s.erase(s.find_last_not_of(' ') + 1);
    if (s.size() > kMaxNameBytes) return E("staff.name_length", std::string("name.") + l + " is longer than 80 bytes", "name");
    if (std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7f; }))
      return E("staff.name_length", std::string("name.") + l + " contains control characters", "name");
    if (!s.empty()) out[l] = s;
  }
  if (!out.contains("zh-Hans"))
    return E("staff.name_required", "the name in the default language (zh-Hans) is required", "name");
  return out;
}

Status CheckForm(const json& b) {
  static const std::regex kNumber("[A-Za-z0-9]{1,20}");
  static const std::regex kBadge("[A-Za-z0-9_-]{4,40}");
  if (!std::regex_match(Str(b, "id"), kNumber))
    return E("staff.number", "the staff number is 1 to 20 letters and digits", "id");
  if (auto n = Names(b); !n) return n.error();
  const std::string role = Str(b, "role");
  if (std::find(StaffRoles().begin(), StaffRoles().end(), role) == StaffRoles().end())
    return E("staff.role", "role must be nurse, lead or worker", "role");
  if (b.contains("badge") && !b["badge"].is_null() && !(b["badge"].is_string() &&
                                                        (Str(b, "badge").empty() || std::regex_match(Str(b, "badge"), kBadge))))
    return E("staff.badge", "a badge code is 4 to 40 letters, digits, _ or -", "badge");
  if (b.contains("pin") && !b["pin"].is_null()) {
    if (!b["pin"].is_string()) return E("staff.pin_length", "the PIN must be text of digits", "pin");
    const std::string pin = b["pin"].get<std::string>();
    if (!pin.empty() && !staff::IsValidPinFormat(pin))
      return E("staff.pin_length", "a PIN is " + std::to_string(staff::kMinPinDigits) + " to " +
                                       std::to_string(staff::kMaxPinDigits) + " digits", "pin");
  }
  if (b.contains("active") && !b["active"].is_boolean()) return E("staff.active", "active must be true or false", "active");
  if (b.contains("create") && !b["create"].is_boolean()) return E("staff.create", "create must be true or false", "create");
  return Ok{};
}

void RefuseError(httplib::Response& res, const Error& e, int status = 400) {
  const auto cut = e.message.find('\x1f');
  Refuse(res, status, e.code, e.message.substr(0, cut), cut == std::string::npos ? "" : e.message.substr(cut + 1));
}

// What the console and the audit log may see of a staff row: never the PIN hash or the badge code.
json View(const std::string& id, const json& d) {
  return {{"id", id},
          {"name", d.value("name", json(id))},
          {"role", d.value("role", "")},
          {"ward", d.value("ward", "")},
          {"team", d.value("team", "")},
          {"trade", d.value("trade", "")},
          {"active", d.value("active", true)},
          {"has_badge", d.contains("badge") && d["badge"].is_string() && !d["badge"].get<std::string>().empty()},
          {"has_pin", d.contains("pin_hash") && d["pin_hash"].is_string()}};
}

void List(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  auto rows = c.Store().ListMasterRows("staff", "");
  auto teams = c.Store().ListMasterRows("config", "team:");
  auto locations = c.Store().ListMasterRows("location", "");
  if (!rows) return c.StoreDown(res, rows.error());
  if (!teams) return c.StoreDown(res, teams.error());
  if (!locations) return c.StoreDown(res, locations.error());
  json out = json::array(), tm = json::array(), wards = json::array();
  for (const auto& [id, d] : rows.value()) out.push_back(View(id, d));
  for (const auto& [id, d] : teams.value())
    tm.push_back({{"code", id.substr(5)}, {"trade", d.value("trade", "")}, {"name", d.value("name", json(id.substr(5)))}});
  for (const auto& [id, d] : locations.value())
    if (d.value("kind", "") == "ward") wards.push_back({{"code", id}, {"name", d.value("name", json(id))}});
  SendConsoleJson(res, {{"staff", out}, {"roles", StaffRoles()}, {"teams", tm}, {"wards", wards},
                        {"pin_digits", {staff::kMinPinDigits, staff::kMaxPinDigits}}});
}

void Save(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  auto parsed = protocol::ParseJsonText(req.body.empty() ? "{}" : req.body);
  if (!parsed || !parsed->is_object()) return Refuse(res, 400, "bad_json", "send a JSON object");
  json b = std::move(parsed.value());
  std::string pin = Str(b, "pin");
  struct Wipe {
    std::string& s;
    ~Wipe() { sodium_memzero(s.data(), s.size()); }
  } wipe{pin};
  if (auto s = CheckForm(b); !s) return RefuseError(res, s.error());  // the PIN's format too
  if (b.contains("pin") && b["pin"].is_string()) {  // the parsed copy is wiped as well
    auto& ref = b["pin"].get_ref<std::string&>();
    sodium_memzero(ref.data(), ref.size());
  }
  const std::string id = Str(b, "id"), role = Str(b, "role"), ward = Str(b, "ward"), team = Str(b, "team");
  const json names = Names(b).value();
  const bool create = b.value("create", false);

  // The hash first (slow on purpose), outside the transaction that serialises writers.
  std::string hash;
  if (!pin.empty()) {
    auto h = HashPin(pin);
    if (!h) return c.StoreDown(res, h.error());
    hash = h.value();
  }
  // A badge identifies one person: no other staff member may hold it.
  std::string badge = Str(b, "badge");
  if (!badge.empty()) {
    auto all = c.Store().ListMasterRows("staff", "");
    if (!all) return c.StoreDown(res, all.error());
    for (const auto& [other, d] : all.value())
      if (other != id && d.value("badge", "") == badge)
        return Refuse(res, 409, "staff.badge_taken", "another staff member holds this badge", "badge");
  }

  const int64_t now = c.Now();
  auto tx = c.Store().Begin();
  if (!tx) return c.StoreDown(res, tx.error());
  HubTx& t = *tx.value();
  auto before = t.GetMaster("staff", id);
  if (!t.ok()) return c.StoreDown(res, Error{"store.tx", "cannot read staff " + id});
  if (before && create) return Refuse(res, 409, "staff.exists", "a staff member " + id + " exists already", "id");
  if (!before && !create) return Refuse(res, 404, "staff.unknown", "no staff member " + id + "; send create: true to add one", "id");
  if (!before && t.CountMaster("staff") >= static_cast<int64_t>(kMaxStaff))
    return Refuse(res, 409, "staff.too_many", "the hub holds 20,000 staff members already");

  // Where the member works: a ward that exists (nurses), or a team that exists (its trade is copied).
  json after = before && before->is_object() ? *before : json::object();
  for (const char* k : {"ward", "team", "trade"}) after.erase(k);
  std::string scope;
  if (role == "nurse") {
    auto loc = t.GetMaster("location", ward);
    if (ward.empty() || !loc || loc->value("kind", "") != "ward") {
      if (!t.ok()) return c.StoreDown(res, Error{"store.tx", "cannot read locations"});
      return Refuse(res, 400, "staff.unknown_ward", "no ward \"" + ward.substr(0, 64) + "\"", "ward");
    }
    after["ward"] = ward;
    scope = ward;  // the PIN hash and badge reach only this ward's terminals (server/pull_scope.h)
  } else {
    auto tm = t.GetMaster("config", "team:" + team);
    if (team.empty() || !tm) {
      if (!t.ok()) return c.StoreDown(res, Error{"store.tx", "cannot read teams"});
      return Refuse(res, 400, "staff.unknown_team", "no team \"" + team.substr(0, 32) + "\"", "team");
    }
    after["team"] = team;
    after["trade"] = tm->value("trade", "");
  }
  after["id"] = id;
  after["name"] = names;
  after["role"] = role;
  after["active"] = b.value("active", before ? before->value("active", true) : true);
  if (b.contains("badge") && b["badge"].is_null()) after.erase("badge");  // null removes the badge
  else if (!badge.empty()) after["badge"] = badge;
  after.erase("badge_id");  // one badge field from now on
  if (!hash.empty()) after["pin_hash"] = hash;

  // A member who moves changes scope: the terminals of the old scope get the row once more (their
  // pull redacts the secrets there and signs the member out), then the row lives in the new scope.
  const std::string old_scope = before ? before->value("ward", "") : "";
  if (before && old_scope != scope) t.PutMaster("staff", id, after, old_scope);
  t.PutMaster("staff", id, after, scope);
  json audit_after = View(id, after);
  if (!hash.empty()) audit_after["pin"] = "set";  // that a PIN was set, never the PIN or its hash
  t.AddAudit(AuditRow{0, now, p->user.name, before ? "staff.update" : "staff.create", id,
                      before ? View(id, *before) : json(nullptr), audit_after});
  if (auto s = t.Commit(); !s) return c.StoreDown(res, s.error());
  SendConsoleJson(res, View(id, after), before ? 200 : 201);
}

}  // namespace

const std::vector<std::string>& StaffRoles() {
  static const std::vector<std::string> k = {"nurse", "lead", "worker"};
  return k;
}

Status CheckStaffForm(const json& body) {
  auto s = CheckForm(body);
  if (!s) return Error{s.error().code, s.error().message.substr(0, s.error().message.find('\x1f'))};
  return Ok{};
}

void RegisterConsoleStaffRoutes(httplib::Server& s, ConsoleService& c) {
  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  ConsoleService* cs = &c;
  s.Get("/v1/console/admin/staff", [cs](Req q, Res r) { List(*cs, q, r); });
  PostCapped(s, "/v1/console/admin/staff", [cs](Req q, Res r) { Save(*cs, q, r); });
}

}  // namespace onestop::hub
