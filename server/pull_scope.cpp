// Pull scope rule (see pull_scope.h). Pure: no storage, no HTTP, no clock.
#include "server/pull_scope.h"

#include <nlohmann/json.hpp>

#include "kiosk/core/staff_session.h"

namespace onestop::hub {

std::vector<std::string> VisibleScopes(const Binding& b) {
  std::vector<std::string> out = {""};
  for (size_t i = 0; i < b.location.size(); ++i)
    if (b.location[i] == '-') out.push_back(b.location.substr(0, i));
  if (!b.location.empty()) out.push_back(b.location);
  return out;
}

bool AllScopes(const Binding& b) { return b.location.empty(); }

std::string EntityHiddenFromUnbound() { return "diet_order"; }

void RedactForBinding(const Binding& b, ChangeRow& row) {
  if (row.entity != "staff" || row.data_json.empty()) return;
  static constexpr const char* kSecrets[] = {"pin_hash", "badge", "badge_id"};
  // Cheap exit for the common case: a row without any secret needs no parse.
  bool any = false;
  for (const char* k : kSecrets) any = any || row.data_json.find(std::string("\"") + k + "\"") != std::string::npos;
  if (!any) return;
  nlohmann::json data = nlohmann::json::parse(row.data_json, nullptr, false);
  if (!data.is_object()) return;
  // Where the member may sign in, the terminal needs the secrets to check a badge or PIN offline.
  // A bedside tablet never signs staff in; an inactive member signs in nowhere.
  if (b.role != Role::kBedside)
    if (auto member = staff::StaffFromJson(data); member && staff::StaffAllowedAt(member.value(), b).ok()) return;
  for (const char* k : kSecrets) data.erase(k);
  row.data_json = data.dump(-1, ' ', false, nlohmann::json::error_handler_t::replace);
}

namespace {
// Nine scope slots: "" and the eight nearest levels (location codes are far shallower than that).
constexpr int kScopeSlots = 9;

std::string BuildPullSql(bool all_scopes, SqlDialect d) {
  auto p = [d](int i) { return std::string(d == SqlDialect::kSqlite ? "?" : "$") + std::to_string(i); };
  std::string where;
  if (all_scopes) {
    where = "entity<>" + p(3);
  } else {
    // Visible: the scopes of VisibleScopes, and rows of locations inside the bound one
    // ("B2-3F-W12-" .. "B2-3F-W12." is exactly the descendants, '.' = '-'+1).
    where = "(scope IN (";
    for (int i = 0; i < kScopeSlots; ++i) where += (i ? "," : "") + p(3 + i);
    where += ") OR (scope>" + p(3 + kScopeSlots) + " AND scope<" + p(4 + kScopeSlots) + "))";
  }
  return "SELECT seq,entity,op,id,data FROM changes WHERE seq>" + p(1) + " AND " + where + " ORDER BY seq LIMIT " + p(2);
}
}  // namespace

const std::string& PullSql(bool all_scopes, SqlDialect d) {
  static const std::string texts[2][2] = {
      {BuildPullSql(false, SqlDialect::kSqlite), BuildPullSql(true, SqlDialect::kSqlite)},
      {BuildPullSql(false, SqlDialect::kPostgres), BuildPullSql(true, SqlDialect::kPostgres)}};
  return texts[d == SqlDialect::kPostgres ? 1 : 0][all_scopes ? 1 : 0];
}

std::vector<std::string> PullParams(const Binding& b) {
  if (AllScopes(b)) return {EntityHiddenFromUnbound()};
  std::vector<std::string> scopes = VisibleScopes(b);  // "" first, then ancestors, then the location
  if (scopes.size() > kScopeSlots) scopes.erase(scopes.begin() + 1, scopes.end() - (kScopeSlots - 1));
  while (scopes.size() < kScopeSlots) scopes.push_back(b.location);
  scopes.push_back(b.location + "-");
  scopes.push_back(b.location + ".");
  return scopes;
}

bool PullPage::Offer(ChangeRow row) {
  if (full_) return false;
  if (static_cast<int>(rows_.size()) == limit_) {
    full_ = true;
    return false;
  }
  RedactForBinding(b_, row);
  if (!rows_.empty() && bytes_ + row.data_json.size() > max_bytes_) {
    full_ = true;
    return false;
  }
  bytes_ += row.data_json.size();
  rows_.push_back(std::move(row));
  return true;
}

}  // namespace onestop::hub
