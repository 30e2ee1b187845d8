// Rules of repair, cleaning and complaint records (see request_rules.h). Keys, types and sizes were
// checked before (kiosk/core/record_rules.h); what is left is what each kind needs to be worked on.
#include "server/request_rules.h"

#include "kiosk/core/photo.h"
#include "kiosk/core/record_rules.h"
#include "kiosk/core/repair.h"

namespace onestop::hub {
namespace {
namespace rs = records::reason;
namespace pr = onestop::protocol;

// Trades that take a kind's tickets when the record names none (the desk may re-route them).
constexpr std::string_view kTradeMaintenance = "general_maintenance";
constexpr std::string_view kTradeServiceDesk = "service_desk";

Error Refuse(std::string_view code, std::string detail) { return Error{std::string(code), std::move(detail)}; }

std::string StrOf(const nlohmann::json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "What is broken" of a patient's report (payload.asset_class): a class the hub describes, agreeing
// with the named asset, and a fault category of that class. Fills the trade from the class when the
// record names none, so a TV goes to the electricians without the desk re-routing it.
Status CheckAssetClass(const PushedRecord& in, const std::string& cls, const std::string* asset, TicketRow& ticket) {
  const std::string entity(repair::kAssetClassEntity);
  if (!repair::IsCode(cls))
    return Refuse(rs::kBadField, "payload.asset_class must be a class code ([a-z0-9_], at most 32)");
  auto row = in.tx.GetMaster(entity, cls);
  if (!row) {
    // A hub without asset-class master data (a bare test hub) cannot tell; one with it refuses made-up classes.
    if (in.tx.CountMaster(entity) > 0)
      return Refuse(rs::kUnknownAssetClass, "no asset class " + pr::TruncateUtf8(cls, 32) + " in the hub's master data");
    return Ok{};
  }
  if (asset && !asset->empty())
    if (auto a = in.tx.GetMaster("asset", *asset); a && !StrOf(*a, "class").empty() && StrOf(*a, "class") != cls)
      return Refuse(rs::kBadField, "payload.asset_class " + cls + " is not the class of asset " + pr::TruncateUtf8(*asset, 64));
  const std::string category = StrOf(in.record.payload, "category");
  if (!category.empty() && row->contains("faults") && (*row)["faults"].is_array() && !(*row)["faults"].empty()) {
    bool known = false;
    for (const auto& f : (*row)["faults"]) known = known || (f.is_object() && StrOf(f, "code") == category);
    if (!known)
      return Refuse(rs::kBadField, "payload.category " + pr::TruncateUtf8(category, 32) + " is not a fault of asset class " + cls);
  }
  if (ticket.trade.empty()) ticket.trade = StrOf(*row, "trade");
  return Ok{};
}

}  // namespace

Status RepairTicket(const PushedRecord& in, TicketRow& ticket) {
  const nlohmann::json& p = in.record.payload;
  std::string why;
  const std::string* asset = OptString(p, "asset", &why);
  const std::string* trade = OptString(p, "trade", &why);
  const std::string* desc = OptString(p, "description", &why);
  const std::string* cls = OptString(p, "asset_class", &why);
  if (!why.empty()) return Refuse(rs::kBadField, why);
  if ((!asset || asset->empty()) && (!desc || desc->empty()) && (!cls || cls->empty()))
    return Refuse(rs::kMissingField, "a repair request needs payload.asset, payload.asset_class or payload.description");
  // A photo travels in the record (kept whole in the records table); tickets carry only its size,
  // so pulls of every terminal in the area stay small.
  if (auto ph = p.find("photo"); ph != p.end() && !ph->is_null()) {
    auto jpeg = photo::PhotoFromPayload(*ph);
    if (!jpeg) return Refuse(rs::kBadPhoto, "payload.photo: " + jpeg.error().message);
    ticket.detail.erase("photo");
    ticket.detail["photo_bytes"] = jpeg->size();
  }
  ticket.kind = tickets::KindName(TicketKind::kRepair);
  ticket.asset = asset ? *asset : "";
  ticket.trade = trade && !trade->empty() ? *trade : "";
  // Checked before anything of the ticket is kept: a refusal leaves nothing behind.
  if (cls && !cls->empty())
    if (auto s = CheckAssetClass(in, *cls, asset, ticket); !s) return s;
  if (ticket.trade.empty() && !ticket.asset.empty())
    if (auto a = in.tx.GetMaster("asset", ticket.asset); a && a->contains("trade") && (*a)["trade"].is_string())
      ticket.trade = (*a)["trade"].get<std::string>();
  if (ticket.trade.empty()) ticket.trade = kTradeMaintenance;
  return Ok{};
}

Status CleaningTicket(const PushedRecord&, TicketRow& ticket) {
  // Nothing is required. The cleaning trade is named like the kind.
  ticket.kind = tickets::KindName(TicketKind::kCleaning);
  ticket.trade = tickets::KindName(TicketKind::kCleaning);
  return Ok{};
}

Status ComplaintTicket(const PushedRecord& in, TicketRow& ticket) {
  std::string why;
  const std::string* text = OptString(in.record.payload, "text", &why);
  if (!why.empty()) return Refuse(rs::kBadField, why);
  if (!text || text->empty()) return Refuse(rs::kMissingField, "a complaint needs payload.text");
  ticket.kind = tickets::KindName(TicketKind::kComplaint);
  ticket.trade = kTradeServiceDesk;
  return Ok{};
}

}  // namespace onestop::hub
