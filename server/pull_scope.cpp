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

}  // namespace onestop::hub
