// Dishes, teams and console accounts for the administrator (see console_catalog.h). Validation is
// complete before the transaction starts and the row, its change-log entry and the audit row commit
// together, so a refused form leaves nothing behind. Account changes go through server/console_auth.h
// (the `users` CLI's functions, which audit themselves); a password is never echoed or audited.
#include "server/console_catalog.h"

#include <sodium.h>

#include <algorithm>
#include <cmath>
#include <regex>
#include <set>

#include "kiosk/core/clock.h"
#include "kiosk/core/meals.h"
#include "kiosk/core/protocol.h"
#include "server/console_api.h"
#include "server/console_auth.h"
#include "server/request_gate.h"
#include "server/store.h"

namespace onestop::hub {
namespace {
using nlohmann::json;
namespace con = console;

constexpr const char* kLangs[] = {"zh-Hans", "zh-Hant", "en"};
constexpr size_t kMaxNameBytes = 80;
constexpr size_t kMaxAllergens = 14;
constexpr size_t kMaxDishes = 2000;  // a hospital kitchen's catalogue, with room; guards the list answer

const std::vector<std::string>& Allergens() {
  // The allergens the terminals and the console name in every language (i18n allergen.*).
  static const std::vector<std::string> k = {"milk", "egg", "fish", "shellfish", "soy", "gluten", "peanut", "tree_nut", "sesame"};
  return k;
}

// Nutrition per portion: field, unit and a generous upper bound (a whole day's intake and more).
struct Nutrient {
  const char* key;
  double max;
};
constexpr Nutrient kNutrients[] = {{"energy_kcal", 3000}, {"protein_g", 300}, {"fat_g", 300}, {"carbohydrate_g", 600},
                                   {"sodium_mg", 10000}};

Error DishError(std::string_view rule, const std::string& message) { return Error{"dish." + std::string(rule), message}; }

// problem+json with a stable `code` (the page's translation key is problem.<code>) and the field.
void Refuse(httplib::Response& res, int status, const std::string& code, const std::string& detail,
            const std::string& field = "") {
  json p = {{"type", "https://onestop.example/problems/" + std::string(status == 409 ? "conflict" : "bad-request")},
            {"title", status == 409 ? "Conflict" : "Bad Request"}, {"status", status}, {"detail", detail}, {"code", code}};
  if (!field.empty()) p["field"] = field;
  res.status = status;
  res.set_content(p.dump(-1, ' ', false, json::error_handler_t::replace), "application/problem+json");
}

std::optional<json> Body(const httplib::Request& req, httplib::Response& res) {
  auto parsed = protocol::ParseJsonText(req.body.empty() ? "{}" : req.body);
  if (!parsed || !parsed->is_object()) {
    Refuse(res, 400, "bad_json", "send a JSON object");
    return std::nullopt;
  }
  return parsed.value();
}

std::string Str(const json& b, const char* k) { return b.contains(k) && b[k].is_string() ? b[k].get<std::string>() : ""; }

// {lang: text} with the default language required, each at most kMaxNameBytes, no control characters.
Result<json> Names(const json& b, const char* field, const std::string& rule_prefix) {
  if (!b.contains(field) || !b[field].is_object())
    return Error{rule_prefix + ".name_required", std::string(field) + " must be {\"zh-Hans\": …, \"zh-Hant\"?: …, \"en\"?: …}"};
  json out = json::object();
  for (const char* l : kLangs) {
    const json& v = b[field].contains(l) ? b[field][l] : json();
    if (v.is_null()) continue;
    if (!v.is_string()) return Error{rule_prefix + ".name_length", std::string(field) + "." + l + " must be text"};
    std::string s = v.get<std::string>();
    while (!s.empty() && s.back() == ' ') s.pop_back();
    while (!s.empty() && s.front() == ' ') s.erase(0, 1);
    if (s.size() > kMaxNameBytes)
      return Error{rule_prefix + ".name_length", std::string(field) + "." + l + " is longer than 80 bytes"};
    if (std::any_of(s.begin(), s.end(), [](char c) { return static_cast<unsigned char>(c) < 0x20; }))
      return Error{rule_prefix + ".name_length", std::string(field) + "." + l + " contains control characters"};
    if (!s.empty()) out[l] = s;
  }
  if (!out.contains("zh-Hans"))
    return Error{rule_prefix + ".name_required", "the name in the default language (zh-Hans) is required"};
  return out;
}

Result<std::vector<std::string>> StringSet(const json& b, const char* field, size_t max) {
  std::vector<std::string> out;
  if (!b.contains(field) || b[field].is_null()) return out;
  if (!b[field].is_array() || b[field].size() > max) return Error{"", std::string(field) + " must be a short list"};
  for (const auto& v : b[field]) {
    if (!v.is_string()) return Error{"", std::string(field) + " must be a list of codes"};
    if (std::find(out.begin(), out.end(), v.get<std::string>()) == out.end()) out.push_back(v.get<std::string>());
  }
  return out;
}

// ---- dishes -----------------------------------------------------------------------------------------
void Dishes(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  // The dietitian and the kitchen read the catalogue too (names, allergens, nutrition).
  auto p = c.Authenticate(req, res, {con::kRoleAdmin, con::kRoleDietitian, con::kRoleKitchen});
  if (!p) return;
  auto rows = c.Store().ListMasterRows("menu_item", "");
  if (!rows) return c.StoreDown(res, rows.error());
  json out = json::array();
  for (auto& [id, d] : rows.value()) out.push_back(d);
  SendConsoleJson(res, {{"dishes", out}, {"allergens", Allergens()}, {"diets", meals::DietCodes()},
                        {"slots", {"breakfast", "lunch", "dinner", "late"}}});
}

void PutDish(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  auto body = Body(req, res);
  if (!body) return;
  auto dish = ValidateDish(*body);
  if (!dish) return Refuse(res, 400, dish.error().code, dish.error().message);
  const std::string id = dish.value()["id"];
  const int64_t now = c.Now();
  auto tx = c.Store().Begin();
  if (!tx) return c.StoreDown(res, tx.error());
  HubTx& t = *tx.value();
  auto before = t.GetMaster("menu_item", id);
  if (!before && t.CountMaster("menu_item") >= static_cast<int64_t>(kMaxDishes))
    return Refuse(res, 409, "dish.too_many", "the catalogue holds 2,000 dishes already");
  // "create": true refuses to overwrite a dish another administrator made with the same id.
  if (before && body->value("create", false))
    return Refuse(res, 409, "dish.exists", "a dish " + id + " exists already", "id");
  json after = dish.value();
  // Fields the console's form does not edit survive its edits.
  for (const char* keep : {"price_cents", "category"})
    if (before && before->contains(keep) && !after.contains(keep) && !body->contains(keep)) after[keep] = (*before)[keep];
  t.PutMaster("menu_item", id, after, "");
  t.AddAudit(AuditRow{0, now, p->user.name, before ? "dish.update" : "dish.create", id, before ? *before : json(nullptr), after});
  if (auto s = t.Commit(); !s) return c.StoreDown(res, s.error());
  SendConsoleJson(res, after, before ? 200 : 201);
}

// ---- teams ------------------------------------------------------------------------------------------
void Teams(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  auto teams = c.Store().ListMasterRows("config", "team:");
  auto trades = c.Store().ListMasterRows("config", "trade:");
  auto staff = c.Store().ListMasterRows("staff", "");
  if (!teams) return c.StoreDown(res, teams.error());
  if (!trades) return c.StoreDown(res, trades.error());
  if (!staff) return c.StoreDown(res, staff.error());
  std::map<std::string, int> members;
  for (const auto& [id, d] : staff.value()) members[d.value("team", "")]++;
  json out = json::array(), tr = json::array();
  for (const auto& [id, d] : teams.value()) {
    const std::string code = id.substr(5);
    out.push_back({{"code", code}, {"trade", d.value("trade", "")}, {"name", d.value("name", json(code))},
                   {"members", members[code]}});
  }
  for (const auto& [id, d] : trades.value()) tr.push_back({{"code", id.substr(6)}, {"name", d.value("name", json(id.substr(6)))}});
  SendConsoleJson(res, {{"teams", out}, {"trades", tr}});
}

void PutTeam(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  auto body = Body(req, res);
  if (!body) return;
  const std::string code = Str(*body, "code"), trade = Str(*body, "trade");
  static const std::regex kCode("[a-z0-9_]{2,32}");
  if (!std::regex_match(code, kCode))
    return Refuse(res, 400, "team.code", "the team code is 2 to 32 of a-z, 0-9 and _", "code");
  auto names = Names(*body, "name", "team");
  if (!names) return Refuse(res, 400, names.error().code, names.error().message, "name");
  const int64_t now = c.Now();
  auto tx = c.Store().Begin();
  if (!tx) return c.StoreDown(res, tx.error());
  HubTx& t = *tx.value();
  // The trade must be one the hospital has (it routes repair tickets to the team).
  if (trade.empty() || !t.GetMaster("config", "trade:" + trade)) {
    if (!t.ok()) return c.StoreDown(res, Error{"store.tx", "cannot read trades"});
    return Refuse(res, 400, "team.trade", "no trade \"" + trade.substr(0, 32) + "\"", "trade");
  }
  const std::string id = "team:" + code;
  auto before = t.GetMaster("config", id);
  if (before && body->value("create", false)) return Refuse(res, 409, "team.exists", "a team " + code + " exists already", "code");
  json after = before ? *before : json::object();
  after["code"] = code;
  after["trade"] = trade;
  after["name"] = names.value();
  t.PutMaster("config", id, after, "");
  t.AddAudit(AuditRow{0, now, p->user.name, before ? "team.update" : "team.create", code, before ? *before : json(nullptr), after});
  if (auto s = t.Commit(); !s) return c.StoreDown(res, s.error());
  SendConsoleJson(res, {{"code", code}, {"trade", trade}, {"name", names.value()}}, before ? 200 : 201);
}

// ---- console accounts -----------------------------------------------------------------------------
json UserView(const ConsoleUserRow& u, int64_t now) {
  return {{"name", u.name}, {"roles", u.roles}, {"staff_id", u.staff_id}, {"disabled", u.disabled},
          {"locked", u.locked_until_ms > now}, {"created_at", FormatIsoUtcMs(u.created_ms)},
          {"updated_at", FormatIsoUtcMs(u.updated_ms)}};
}

void Users(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  auto rows = c.Store().ListConsoleUsers();
  if (!rows) return c.StoreDown(res, rows.error());
  json out = json::array();
  const int64_t now = c.Now();
  for (const auto& u : rows.value()) out.push_back(UserView(u, now));  // never the hash
  json roles = json::array();
  for (auto r : con::Roles()) roles.push_back(std::string(r));
  SendConsoleJson(res, {{"users", out}, {"roles", roles}, {"min_password", con::kMinPasswordBytes}});
}

// Account errors keep console_auth's codes (user.*, password.*): the page translates problem.<code>.
void AccountError(ConsoleService& c, httplib::Response& res, const Error& e) {
  if (e.code.rfind("store", 0) == 0 || e.code == "password.hash_failed") return c.StoreDown(res, e);
  const int status = e.code == "user.unknown" ? 404 : e.code == "user.exists" ? 409 : 400;
  Refuse(res, status, e.code, e.message);
}

Result<std::vector<std::string>> Roles(const json& b) {
  auto roles = StringSet(b, "roles", 6);
  if (!roles) return Error{"user.bad_role", "roles must be a list of desk, worker, kitchen, dietitian, manager, admin"};
  if (roles->empty()) return Error{"user.no_role", "give the account at least one role"};
  return roles;
}

void NewUser(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  auto body = Body(req, res);
  if (!body) return;
  std::string password = Str(*body, "password");
  (*body)["password"] = "";
  auto roles = Roles(*body);
  Status s = Ok{};
  if (!roles) s = roles.error();
  else s = con::AddUser(c.Store(), Str(*body, "name"), password, roles.value(), Str(*body, "staff_id"), p->user.name, c.Now());
  sodium_memzero(password.data(), password.size());
  if (!s) return AccountError(c, res, s.error());
  auto u = c.Store().LoadConsoleUser(Str(*body, "name"));
  if (!u || !u.value()) return c.StoreDown(res, Error{"store", "the new account cannot be read back"});
  SendConsoleJson(res, UserView(*u.value(), c.Now()), 201);
}

void ChangeUser(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  const std::string name = req.matches[1];
  auto body = Body(req, res);
  if (!body) return;
  // One change per request, so none is half-applied: roles, disabled, or a new password.
  const int asked = body->contains("roles") + body->contains("disabled") + body->contains("password");
  if (asked != 1) return Refuse(res, 400, "user.one_change", "send exactly one of roles, disabled, password");
  const int64_t now = c.Now();
  Status s = Ok{};
  if (body->contains("roles")) {
    auto roles = Roles(*body);
    if (!roles) return AccountError(c, res, roles.error());
    // An administrator cannot take the admin role from themselves: someone must be able to undo mistakes.
    if (name == p->user.name && std::find(roles->begin(), roles->end(), "admin") == roles->end())
      return Refuse(res, 409, "user.self_admin", "you cannot remove your own admin role");
    std::optional<std::string> staff;
    if (body->contains("staff_id")) staff = Str(*body, "staff_id");
    s = con::SetRoles(c.Store(), name, roles.value(), staff, p->user.name, now);
  } else if (body->contains("disabled")) {
    if (!(*body)["disabled"].is_boolean()) return Refuse(res, 400, "bad_json", "disabled must be true or false");
    if (name == p->user.name && (*body)["disabled"].get<bool>())
      return Refuse(res, 409, "user.self_disable", "you cannot disable your own account");
    s = con::SetDisabled(c.Store(), name, (*body)["disabled"].get<bool>(), p->user.name, now);
  } else {
    std::string password = Str(*body, "password");
    (*body)["password"] = "";
    s = con::SetPassword(c.Store(), name, password, p->user.name, now);
    sodium_memzero(password.data(), password.size());
  }
  if (!s) return AccountError(c, res, s.error());
  auto u = c.Store().LoadConsoleUser(name);
  if (!u || !u.value()) return c.StoreDown(res, Error{"store", "the account cannot be read back"});
  SendConsoleJson(res, UserView(*u.value(), now));
}

}  // namespace

Result<json> ValidateDish(const json& b) {
  const std::string id = Str(b, "id");
  static const std::regex kId("[A-Za-z0-9_-]{1,32}");
  if (!std::regex_match(id, kId)) return DishError("id", "the dish id is 1 to 32 of A-Z, a-z, 0-9, _ and -");
  auto names = Names(b, "name", "dish");
  if (!names) return names.error();
  json out = {{"id", id}, {"name", names.value()}};

  auto slots = StringSet(b, "slots", 4);
  if (!slots || slots->empty()) return DishError("slots", "choose at least one meal (breakfast, lunch, dinner, late)");
  for (const auto& s : slots.value())
    if (!meals::ParseSlot(s)) return DishError("slots", "unknown meal \"" + s.substr(0, 20) + "\"");
  out["slots"] = slots.value();

  auto diets = StringSet(b, "diets", 12);
  if (!diets || diets->empty()) return DishError("diet", "choose at least one diet the dish suits");
  for (const auto& d : diets.value())
    if (!meals::IsDietCode(d) || d == meals::kDietNpo) return DishError("diet", "unknown diet \"" + d.substr(0, 20) + "\"");
  out["diets"] = diets.value();

  auto allergens = StringSet(b, "allergens", kMaxAllergens);
  if (!allergens) return DishError(meals::reason::kAllergen, "allergens must be a list of allergen codes");
  for (const auto& a : allergens.value())
    if (std::find(Allergens().begin(), Allergens().end(), a) == Allergens().end())
      return DishError(meals::reason::kAllergen, "unknown allergen \"" + a.substr(0, 20) + "\"");
  out["allergens"] = allergens.value();

  if (b.contains("diet_limits") && !b["diet_limits"].is_null()) {
    if (!b["diet_limits"].is_object()) return DishError(meals::reason::kDietLimit, "diet_limits must be {diet: portions}");
    json limits = json::object();
    for (const auto& [diet, v] : b["diet_limits"].items()) {
      if (std::find(diets->begin(), diets->end(), diet) == diets->end())
        return DishError(meals::reason::kDietLimit, "a portion limit for \"" + diet.substr(0, 20) + "\", which the dish is not for");
      if (!v.is_number_integer() || v.get<int64_t>() < 1 || v.get<int64_t>() > 20)
        return DishError(meals::reason::kDietLimit, "the portion limit for " + diet + " must be 1 to 20");
      limits[diet] = v;
    }
    if (!limits.empty()) out["diet_limits"] = limits;
  }

  if (b.contains("nutrition") && !b["nutrition"].is_null()) {
    if (!b["nutrition"].is_object()) return DishError("nutrition", "nutrition must be {energy_kcal, protein_g, ...}");
    json n = json::object();
    for (const auto& [key, v] : b["nutrition"].items()) {
      const Nutrient* spec = nullptr;
      for (const auto& k : kNutrients)
        if (key == k.key) spec = &k;
      if (!spec) return DishError("nutrition", "unknown nutrient \"" + key.substr(0, 20) + "\"");
      if (v.is_null()) continue;
      if (!v.is_number() || !std::isfinite(v.get<double>()) || v.get<double>() < 0 || v.get<double>() > spec->max)
        return DishError("nutrition", key + " must be a number from 0 to " + std::to_string(static_cast<int>(spec->max)));
      n[key] = std::round(v.get<double>() * 10) / 10;  // one decimal is all a label shows
    }
    if (!n.empty()) out["nutrition"] = n;
  }

  // The kind of dish (the kiosk's card draws its icon when there is no photo); optional.
  if (b.contains("category") && !b["category"].is_null()) {
    const std::string cat = Str(b, "category");
    const auto& cats = meals::DishCategories();
    if (std::find(cats.begin(), cats.end(), cat) == cats.end())
      return DishError("category", "the category is one of staple, porridge, soup, meat, fish, egg, vegetable, tofu, drink, fruit, dessert");
    out["category"] = cat;
  }

  if (b.contains("price_cents") && !b["price_cents"].is_null()) {
    if (!b["price_cents"].is_number_integer() || b["price_cents"].get<int64_t>() < 0 || b["price_cents"].get<int64_t>() > 100000)
      return DishError("price", "the price is 0 to 100000 cents");
    out["price_cents"] = b["price_cents"];
  }
  // The terminals' own reading of the row must accept it (the same rules as kiosk/core/meals.h).
  if (auto d = meals::DishFromJson(out); !d) return DishError("shape", d.error().message);
  return out;
}

void RegisterConsoleCatalogRoutes(httplib::Server& s, ConsoleService& c) {
  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  ConsoleService* cs = &c;
  s.Get("/v1/console/admin/dishes", [cs](Req q, Res r) { Dishes(*cs, q, r); });
  PostCapped(s, "/v1/console/admin/dishes", [cs](Req q, Res r) { PutDish(*cs, q, r); });
  s.Get("/v1/console/admin/teams", [cs](Req q, Res r) { Teams(*cs, q, r); });
  PostCapped(s, "/v1/console/admin/teams", [cs](Req q, Res r) { PutTeam(*cs, q, r); });
  s.Get("/v1/console/admin/users", [cs](Req q, Res r) { Users(*cs, q, r); });
  PostCapped(s, "/v1/console/admin/users", [cs](Req q, Res r) { NewUser(*cs, q, r); });
  PostCapped(s, R"(/v1/console/admin/users/([A-Za-z0-9_.-]{1,64}))", [cs](Req q, Res r) { ChangeUser(*cs, q, r); });
}

}  // namespace onestop::hub
