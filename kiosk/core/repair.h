// Repair, cleaning and complaint drafts (DESIGN §5, §6): what a scanned label plus the local asset
// register pre-fill for the nurse, the rules a draft must pass before it is committed to the outbox,
// and the outbox payload the hub accepts. The UI and `onestop-kiosk report` use exactly these.
// Pure: std + nlohmann only. No SQL, no I/O, no clock reads (callers pass `now`).
#pragma once
#include <cstdint>
#include <nlohmann/json.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/labels.h"
#include "kiosk/core/local_text.h"
#include "kiosk/core/result.h"

namespace onestop::repair {

// Free text limits, in Unicode code points (what a nurse sees as characters), well inside the hub's
// 2000-byte limit even for 4-byte characters.
inline constexpr std::size_t kMaxNoteChars = 200;
inline constexpr std::size_t kMaxComplaintChars = 500;

enum class WarrantyState { kUnknown, kInWarranty, kExpired };
std::string_view WarrantyStateName(WarrantyState s);  // "unknown", "in_warranty", "expired"

// The pulled master entity of an asset class: {code, name, trade, faults: [{code, name}], phrases:
// [{lang: text}]}. The repair form's "what is broken", its fault categories and its quick phrases come
// from it; the hub refuses a repair naming a class it does not have (records::reason::kUnknownAssetClass).
inline constexpr std::string_view kAssetClassEntity = "asset_class";
// True for a code the payload may carry: [a-z0-9_], 1..32 characters (categories, asset classes).
bool IsCode(std::string_view s);

// Wire names accepted for the user-chosen fields (kept as strings in the drafts so that a bad value
// from a script or an old UI is reported by validation instead of being silently replaced).
const std::vector<std::string_view>& Urgencies();          // routine, urgent, emergency
const std::vector<std::string_view>& CleaningTypes();      // cleaning, disinfection
const std::vector<std::string_view>& ComplaintCategories();  // service, meal, cleaning, noise, facility, other

// The asset as the register knows it (from the pulled "asset" entity).
struct AssetInfo {
  std::string id;
  std::string class_code;  // "class"
  LocalText class_name;    // "class_name", empty when the register has none
  std::string trade;       // responsible trade, e.g. "medical_equipment"
  std::string department;
  std::string location;        // where the register says it stands
  std::string warranty_until;  // "YYYY-MM-DD" as stored; empty = unknown
};

// A ticket on the same asset that is not finished yet ("already reported at 14:02 — add to it?").
struct OpenTicket {
  std::string id;
  std::string kind;
  std::string status;
  std::string created_at;     // ISO 8601 UTC as the hub sent it
  int64_t created_at_ms = 0;  // 0 when created_at did not parse
};

struct RepairDraft {
  std::string raw_code;               // the scanned text (or the typed asset id)
  labels::ParsedLabel label;          // what the label says
  std::string asset_key;              // the id/tag/GIAI/serial the lookup used; empty = none on the label
  std::optional<AssetInfo> asset;     // nullopt = not in the local register
  std::string location_code;          // label's L=, else the asset's location; the user may change it
  WarrantyState warranty = WarrantyState::kUnknown;
  std::vector<OpenTicket> open_tickets;  // oldest first
  bool needs_location = false;        // unknown asset (or one without a location): ask where it is
  std::string urgency = "routine";    // one of Urgencies()
  std::string category;               // fault category code, [a-z0-9_], optional
  // What is broken when no label named the asset: a patient picks it from the asset classes at her
  // bed ("television", "call_button"). An asset class code, [a-z0-9_]; empty = not chosen.
  std::string asset_class;
  std::string note;                   // free text, optional for a known asset
};

// Which identifier of a parsed label the asset register is searched by, best first (asset id, tag,
// GIAI, GS1 serial). Empty when the label names only a location.
std::vector<std::string> AssetLookupKeys(const labels::ParsedLabel& label);

// Warranty state of a "YYYY-MM-DD" date at `now_utc_ms`: in warranty through the whole named day
// (UTC); unknown when the date is missing or malformed.
WarrantyState WarrantyAt(std::string_view warranty_until, int64_t now_utc_ms);

// Pure pre-fill. `asset` is the register's JSON for the looked-up asset (nullopt = unknown);
// `tickets` is a JSON array of pulled ticket entities (any asset, any status: filtered here).
RepairDraft BuildRepairDraft(std::string raw_code, const labels::ParsedLabel& label,
                             const std::optional<nlohmann::json>& asset, const nlohmann::json& tickets,
                             int64_t now_utc_ms);

// The rules a draft must pass before it is queued. `bound_location` is the terminal's binding
// (empty = unbound staff tablet): the hub rejects locations outside it, so the kiosk says so first.
// Error codes are "repair.*"; messages say what to fix.
Status ValidateRepairDraft(const RepairDraft& draft, std::string_view bound_location = {});
// The repair_request payload (DESIGN §4): {location, asset?, trade?, description, urgency,
// category?, asset_class?, code, warranty}. Call only with a draft that passed validation.
nlohmann::json RepairPayload(const RepairDraft& draft);

struct CleaningDraft {
  std::string location_code;      // the bound location, or a scanned/typed one
  std::string type = "cleaning";  // one of CleaningTypes()
  std::string note;
};
CleaningDraft BuildCleaningDraft(std::string_view bound_location, const std::optional<labels::ParsedLabel>& label);
Status ValidateCleaningDraft(const CleaningDraft& draft, std::string_view bound_location = {});
// {location, type, description}
nlohmann::json CleaningPayload(const CleaningDraft& draft);

struct ComplaintDraft {
  std::string location_code;
  std::string category = "other";  // one of ComplaintCategories()
  std::string text;                // required
};
Status ValidateComplaintDraft(const ComplaintDraft& draft, std::string_view bound_location = {});
// {location, category, text}
nlohmann::json ComplaintPayload(const ComplaintDraft& draft);

// Checks user free text: valid UTF-8, no control characters, at most `max_chars` code points.
// `field` names it in the message ("note", "complaint text").
Status ValidateFreeText(std::string_view text, std::size_t max_chars, std::string_view field);

void to_json(nlohmann::json& j, const AssetInfo& a);
void to_json(nlohmann::json& j, const OpenTicket& t);
void to_json(nlohmann::json& j, const RepairDraft& d);
void to_json(nlohmann::json& j, const CleaningDraft& d);
void to_json(nlohmann::json& j, const ComplaintDraft& d);

}  // namespace onestop::repair
