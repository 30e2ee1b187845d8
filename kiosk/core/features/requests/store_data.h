// Store rows → the requests feature's data, for the app's worker (kiosk/app/lookups). Pure functions:
// they parse what was read, they never read the store themselves.
#pragma once
#include <cstdint>
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <vector>

#include "kiosk/core/features/requests/state.h"

namespace onestop::requests {

// A pulled ticket entity; missing fields stay empty. Returns false for a row that is not a ticket.
bool TicketSummaryFromJson(const nlohmann::json& j, TicketSummary* out);
// An outbox record of a request kind; false for other kinds (meal orders, ratings).
bool PendingFromOutbox(const std::string& record_id, const std::string& kind, const std::string& payload_json,
                       int64_t created_ms, PendingRequest* out);
// The service requests (repair, cleaning, complaint) inside `bound_location`, newest first, at most `limit`.
std::vector<TicketSummary> SelectRequests(std::vector<TicketSummary> all, const std::string& bound_location,
                                          size_t limit);
// Fault categories of an asset class from the "faults:<class>" config entity
// ({"class": c, "categories": [{"code", "name": {lang: text}}]}); empty when absent or malformed.
std::vector<FaultCategory> FaultCategoriesFromJson(const nlohmann::json& j);
// A pulled asset class (repair::kAssetClassEntity: {code, name, faults, phrases}); nullopt without a
// valid code. Malformed faults or phrases are left out, never fatal.
std::optional<AssetClassInfo> AssetClassFromJson(const nlohmann::json& j);
// A pulled location as a place a ward kiosk may name (rooms and beds); nullopt for other kinds.
std::optional<Place> PlaceFromJson(const nlohmann::json& j);
// The distinct classes of pulled assets, in the order given (bed first, then room), at most `limit`.
std::vector<std::string> AssetClassCodes(const std::vector<nlohmann::json>& assets, size_t limit);

}  // namespace onestop::requests
