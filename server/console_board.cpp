// The desk board's view of tickets (see console_board.h): columns, SLA clocks, names, search.
// It reads master data through HubStore and builds JSON; it answers no request and changes nothing.
#include "server/console_board.h"

#include <algorithm>
#include <cctype>
#include <set>

#include "kiosk/core/clock.h"
#include "kiosk/core/repair.h"

namespace onestop::hub::board {
namespace {
using nlohmann::json;
}  // namespace

// Board columns. A followed-up ticket stays on the board only while its call-back is open.
constexpr std::string_view kColumnCallback = "callback";
const std::vector<std::string>& BoardStatuses() {
  static const std::vector<std::string> k =
      tickets::StatusNames({TicketStatus::kReceived, TicketStatus::kAccepted, TicketStatus::kDispatched,
                            TicketStatus::kInProgress, TicketStatus::kCompleted, TicketStatus::kFollowedUp});
  return k;
}

static Sla DefaultSla(const std::string& urgency) {
  if (urgency == "emergency") return {5, 60};
  if (urgency == "urgent") return {15, 240};
  return {60, 1440};
}
int UrgencyRank(const std::string& u) { return u == "emergency" ? 0 : u == "urgent" ? 1 : 2; }

static std::string Urgency(const TicketRow& t) {
  const auto& all = repair::Urgencies();
  const std::string u = t.detail.is_object() ? t.detail.value("urgency", "") : "";
  return std::find(all.begin(), all.end(), u) != all.end() ? u : std::string(all.front());
}

static std::string Column(const TicketRow& t) {
  if (t.callback == tickets::kCallbackOpen && (t.status == TicketStatus::kFollowedUp || t.status == TicketStatus::kCompleted)) return std::string(kColumnCallback);
  return t.status;
}

bool OnBoard(const TicketRow& t) {
  if (t.status == TicketStatus::kFollowedUp) return t.callback == tickets::kCallbackOpen;
  const auto& s = BoardStatuses();
  return std::find(s.begin(), s.end(), t.status) != s.end();
}

// Location codes are paths ("B1-1F-W01-BED01"): every '-' prefix is an ancestor.
static std::vector<std::string> LocationChain(const std::string& code) {
  std::vector<std::string> out;
  for (size_t i = 0; i < code.size(); ++i)
    if (code[i] == '-') out.push_back(code.substr(0, i));
  if (!code.empty()) out.push_back(code);
  return out;
}


Result<Names> LoadNames(HubStore& store, const std::vector<TicketRow>& tickets) {
  std::set<std::string> locs, assets, teams, staff;
  for (const auto& t : tickets) {
    for (auto& c : LocationChain(t.location)) locs.insert(c);
    if (!t.asset.empty()) assets.insert(t.asset);
    if (!t.team.empty()) teams.insert("team:" + t.team);
    if (!t.worker.empty()) staff.insert(t.worker);
  }
  teams.insert("hub");
  Names n;
  auto load = [&](const char* entity, const std::set<std::string>& ids, std::map<std::string, json>* out) -> Status {
    if (ids.empty()) return Ok{};
    auto rows = store.LoadMasterRows(entity, std::vector<std::string>(ids.begin(), ids.end()));
    if (!rows) return rows.error();
    for (auto& [id, data] : rows.value()) (*out)[id] = std::move(data);
    return Ok{};
  };
  std::map<std::string, json> config;
  if (auto s = load("location", locs, &n.loc); !s) return s.error();
  if (auto s = load("asset", assets, &n.asset); !s) return s.error();
  if (auto s = load("config", teams, &config); !s) return s.error();
  if (auto s = load("staff", staff, &n.staff); !s) return s.error();
  for (auto& [id, data] : config)
    if (id.rfind("team:", 0) == 0) n.team[id.substr(5)] = data;
  for (const auto& u : repair::Urgencies()) {
    Sla s = DefaultSla(std::string(u));
    if (auto hub = config.find("hub"); hub != config.end() && hub->second.contains("sla") && hub->second["sla"].is_object()) {
      const json& c = hub->second["sla"].value(std::string(u), json::object());
      if (c.is_object()) {
        if (c.contains("response_min") && c["response_min"].is_number_integer()) s.response_min = c["response_min"];
        if (c.contains("completion_min") && c["completion_min"].is_number_integer()) s.completion_min = c["completion_min"];
      }
    }
    n.sla[std::string(u)] = s;
  }
  return n;
}

Sla SlaFor(const TicketRow& t, const Names& n) {
  const std::string urgency = Urgency(t);
  return n.sla.count(urgency) ? n.sla.at(urgency) : DefaultSla(urgency);
}

// The ticket as the board shows it. Names are kept as the master data has them ({lang: text} or a
// string): the page picks the language.
json TicketView(const TicketRow& t, const Names& n, int64_t now) {
  const std::string urgency = Urgency(t);
  const Sla sla = n.sla.count(urgency) ? n.sla.at(urgency) : DefaultSla(urgency);
  json path = json::array();
  for (const auto& c : LocationChain(t.location)) {
    auto it = n.loc.find(c);
    if (it == n.loc.end()) continue;
    const std::string kind = it->second.value("kind", "");
    if (kind == "campus" || kind == "floor") continue;  // building, ward, room, bed say where
    path.push_back({{"code", c}, {"kind", kind}, {"name", it->second.value("name", json(c))}});
  }
  json asset = nullptr;
  if (auto it = n.asset.find(t.asset); it != n.asset.end())
    asset = {{"id", t.asset}, {"class_name", it->second.value("class_name", json(nullptr))}};
  else if (!t.asset.empty())
    asset = {{"id", t.asset}, {"class_name", nullptr}};
  const bool responding = t.status == TicketStatus::kReceived;
  const bool working = tickets::IsAwaitingWork(t.status) || tickets::IsInWork(t.status);
  const int64_t response_due = t.created_ms + sla.response_min * 60000;
  const int64_t completion_due = t.created_ms + sla.completion_min * 60000;
  const bool response_breached = responding && now > response_due;
  const bool completion_breached = working && now > completion_due;
  std::string summary;
  if (t.detail.is_object())
    for (const char* k : {"description", "text", "note", "category", "type"})
      if (t.detail.contains(k) && t.detail[k].is_string() && !t.detail[k].get_ref<const std::string&>().empty()) {
        summary = t.detail[k].get<std::string>();
        break;
      }
  json team = nullptr;
  if (auto it = n.team.find(t.team); it != n.team.end()) team = {{"code", t.team}, {"name", it->second.value("name", json(t.team))}};
  else if (!t.team.empty()) team = {{"code", t.team}, {"name", t.team}};
  json worker = nullptr;
  if (auto it = n.staff.find(t.worker); it != n.staff.end()) worker = {{"id", t.worker}, {"name", it->second.value("name", json(t.worker))}};
  else if (!t.worker.empty()) worker = {{"id", t.worker}, {"name", t.worker}};
  return {{"id", t.id},
          {"kind", t.kind},
          {"trade", t.trade},
          {"status", t.status},
          {"column", Column(t)},
          {"urgency", urgency},
          {"location", t.location},
          {"location_path", path},
          {"asset", asset},
          {"team", team},
          {"worker", worker},
          {"callback", t.callback.empty() ? json(nullptr) : json(t.callback)},
          {"summary", summary},
          {"created_at", FormatIsoUtcMs(t.created_ms)},
          {"updated_at", FormatIsoUtcMs(t.updated_ms)},
          {"age_s", std::max<int64_t>(0, (now - t.created_ms) / 1000)},
          {"sla",
           {{"response_min", sla.response_min},
            {"completion_min", sla.completion_min},
            {"response_due_at", FormatIsoUtcMs(response_due)},
            {"completion_due_at", FormatIsoUtcMs(completion_due)},
            {"running", working},
            {"responding", responding},
            {"response_breached", response_breached},
            {"completion_breached", completion_breached},
            {"breached", response_breached || completion_breached}}}};
}

static std::string Lower(std::string s) {
  std::transform(s.begin(), s.end(), s.begin(), [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
  return s;
}

// Text search over what the desk sees on a card (ids, codes, names in every language, the request text).
bool Matches(const json& view, const std::string& q) {
  if (q.empty()) return true;
  const std::string hay = Lower(view.dump(-1, ' ', false, json::error_handler_t::replace));
  return hay.find(Lower(q)) != std::string::npos;
}


}  // namespace onestop::hub::board
