// Rules of repair, cleaning and complaint records (see request_rules.h). Keys, types and sizes were
// checked before (kiosk/core/record_rules.h); what is left is what each kind needs to be worked on.
#include "server/request_rules.h"

#include "kiosk/core/photo.h"
#include "kiosk/core/record_rules.h"

namespace onestop::hub {
namespace {
namespace rs = records::reason;

// Trades that take a kind's tickets when the record names none (the desk may re-route them).
constexpr std::string_view kTradeMaintenance = "general_maintenance";
constexpr std::string_view kTradeServiceDesk = "service_desk";

Error Refuse(std::string_view code, std::string detail) { return Error{std::string(code), std::move(detail)}; }

}  // namespace

Status RepairTicket(const PushedRecord& in, TicketRow& ticket) {
  const nlohmann::json& p = in.record.payload;
  std::string why;
  const std::string* asset = OptString(p, "asset", &why);
  const std::string* trade = OptString(p, "trade", &why);
  const std::string* desc = OptString(p, "description", &why);
  if (!why.empty()) return Refuse(rs::kBadField, why);
  if ((!asset || asset->empty()) && (!desc || desc->empty()))
    return Refuse(rs::kMissingField, "a repair request needs payload.asset or payload.description");
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
