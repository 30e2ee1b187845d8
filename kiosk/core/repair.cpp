// Repair/cleaning/complaint drafts: pre-fill from label + register, validation, outbox payloads.
// Everything here is pure and total: hostile JSON from the store (wrong types, missing fields) yields
// an "unknown" field, never an exception. No SQL, no I/O, no clock reads.
#include "kiosk/core/repair.h"

#include <algorithm>
#include <array>

#include "kiosk/core/clock.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/tickets/ticket.h"

namespace onestop::repair {
namespace {

using json = nlohmann::json;

Status Fail(std::string code, std::string message) { return Error{std::move(code), std::move(message)}; }

std::string Str(const json& j, const char* key) {
  if (!j.is_object()) return "";
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : "";
}

bool OneOf(std::string_view v, const std::vector<std::string_view>& set) {
  return std::find(set.begin(), set.end(), v) != set.end();
}

std::string JoinNames(const std::vector<std::string_view>& set) {
  std::string out;
  for (auto s : set) out += (out.empty() ? "" : ", ") + std::string(s);
  return out;
}

// Location codes are dash-separated ASCII (DESIGN §4); anything else cannot be a code the hub knows,
// and checking here keeps typed garbage out of the outbox.
bool ValidLocationCode(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  return std::all_of(s.begin(), s.end(), [](char c) {
    return (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-' || c == '_';
  });
}

// Category codes are identifiers (the UI maps them to text), never free text.
bool ValidCode(std::string_view s) {
  if (s.empty() || s.size() > 32) return false;
  return std::all_of(s.begin(), s.end(), [](char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_'; });
}

// The shared location rule of every kind: present, well-formed, inside the binding.
Status CheckLocation(std::string_view location, std::string_view bound_location, std::string_view prefix) {
  const std::string p(prefix);
  if (location.empty())
    return Fail(p + ".needs_location", "No location: choose the room or bed this is about.");
  if (!ValidLocationCode(location))
    return Fail(p + ".bad_location", "\"" + protocol::TruncateUtf8(location, 64) +
                                         "\" is not a location code (letters, digits and dashes, e.g. B2-3F-W12-BED07).");
  if (!protocol::LocationWithin(location, bound_location))
    return Fail(p + ".outside_binding", "Location " + std::string(location) + " is outside this terminal's area (" +
                                            std::string(bound_location) + "); report it from a terminal there.");
  return Ok{};
}

}  // namespace

bool IsCode(std::string_view s) { return ValidCode(s); }

std::string_view WarrantyStateName(WarrantyState s) {
  switch (s) {
    case WarrantyState::kInWarranty: return "in_warranty";
    case WarrantyState::kExpired: return "expired";
    case WarrantyState::kUnknown: break;
  }
  return "unknown";
}

const std::vector<std::string_view>& Urgencies() {
  static const std::vector<std::string_view> k = {"routine", "urgent", "emergency"};
  return k;
}
const std::vector<std::string_view>& CleaningTypes() {
  static const std::vector<std::string_view> k = {"cleaning", "disinfection"};
  return k;
}
const std::vector<std::string_view>& ComplaintCategories() {
  static const std::vector<std::string_view> k = {"service", "meal", "cleaning", "noise", "facility", "other"};
  return k;
}

std::vector<std::string> AssetLookupKeys(const labels::ParsedLabel& label) {
  std::vector<std::string> keys;
  for (const auto* v : {&label.asset_id, &label.tag, &label.giai, &label.serial})
    if (*v && !(*v)->empty() && std::find(keys.begin(), keys.end(), **v) == keys.end()) keys.push_back(**v);
  return keys;
}

WarrantyState WarrantyAt(std::string_view warranty_until, int64_t now_utc_ms) {
  const auto days = DaysFromIsoDate(warranty_until);
  if (!days) return WarrantyState::kUnknown;
  // Covered through the whole named day: the end is the next midnight, exclusive.
  const int64_t end_ms = (*days + 1) * 86400000LL;
  return now_utc_ms < end_ms ? WarrantyState::kInWarranty : WarrantyState::kExpired;
}

RepairDraft BuildRepairDraft(std::string raw_code, const labels::ParsedLabel& label,
                             const std::optional<json>& asset, const json& tickets, int64_t now_utc_ms) {
  RepairDraft d;
  d.raw_code = std::move(raw_code);
  d.label = label;
  const auto keys = AssetLookupKeys(label);
  d.asset_key = keys.empty() ? "" : keys.front();
  if (asset && asset->is_object() && !Str(*asset, "id").empty()) {
    AssetInfo a;
    a.id = Str(*asset, "id");
    a.class_code = Str(*asset, "class");
    if (auto it = asset->find("class_name"); it != asset->end()) a.class_name = LocalText::FromJson(*it);
    a.trade = Str(*asset, "trade");
    a.department = Str(*asset, "department");
    a.location = Str(*asset, "location");
    a.warranty_until = Str(*asset, "warranty_until");
    d.warranty = WarrantyAt(a.warranty_until, now_utc_ms);
    d.asset = std::move(a);
  }
  // A location printed on the label wins: it is where the nurse stands; the register may be stale.
  if (label.location_code && !label.location_code->empty()) d.location_code = *label.location_code;
  else if (d.asset) d.location_code = d.asset->location;
  d.needs_location = !d.asset || d.location_code.empty();

  const std::string match = d.asset ? d.asset->id : label.asset_id.value_or("");
  if (!match.empty() && tickets.is_array()) {
    for (const auto& j : tickets) {
      auto t = tickets::ParseTicket(j);
      if (!t || t->asset != match || tickets::IsClosed(t->status)) continue;
      d.open_tickets.push_back({t->id, t->kind, t->status, t->created_ms > 0 ? FormatIsoUtcMs(t->created_ms) : "", t->created_ms});
    }
    std::sort(d.open_tickets.begin(), d.open_tickets.end(), [](const OpenTicket& a, const OpenTicket& b) {
      return a.created_at_ms != b.created_at_ms ? a.created_at_ms < b.created_at_ms : a.id < b.id;
    });
  }
  return d;
}

Status ValidateFreeText(std::string_view text, std::size_t max_chars, std::string_view field) {
  const std::string f(field);
  std::size_t chars = 0;
  for (std::size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    uint32_t cp = 0;
    std::size_t len = 0;
    if (c < 0x80) { cp = c; len = 1; }
    else if ((c & 0xE0) == 0xC0) { cp = c & 0x1F; len = 2; }
    else if ((c & 0xF0) == 0xE0) { cp = c & 0x0F; len = 3; }
    else if ((c & 0xF8) == 0xF0) { cp = c & 0x07; len = 4; }
    else return Fail("text.invalid_utf8", "The " + f + " contains bytes that are not text (invalid UTF-8); retype it.");
    if (i + len > text.size()) return Fail("text.invalid_utf8", "The " + f + " ends in the middle of a character; retype it.");
    for (std::size_t k = 1; k < len; ++k) {
      const auto cc = static_cast<unsigned char>(text[i + k]);
      if ((cc & 0xC0) != 0x80) return Fail("text.invalid_utf8", "The " + f + " contains bytes that are not text (invalid UTF-8); retype it.");
      cp = (cp << 6) | (cc & 0x3F);
    }
    // Overlong forms, surrogates and values past U+10FFFF are not text either.
    static constexpr std::array<uint32_t, 5> kMin = {0, 0, 0x80, 0x800, 0x10000};
    if (cp < kMin[len] || (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
      return Fail("text.invalid_utf8", "The " + f + " contains bytes that are not text (invalid UTF-8); retype it.");
    // Control characters (C0 incl. line breaks and tabs, DEL, C1) would garble the desk's one-line
    // ticket view and printed slips.
    if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F))
      return Fail("text.control_char", "The " + f + " contains a control character (such as a line break or tab) at position " +
                                           std::to_string(chars + 1) + "; use plain text on one line.");
    ++chars;
    i += len;
  }
  if (chars > max_chars)
    return Fail("text.too_long", "The " + f + " is " + std::to_string(chars) + " characters long; at most " +
                                     std::to_string(max_chars) + " are allowed.");
  return Ok{};
}

Status ValidateRepairDraft(const RepairDraft& d, std::string_view bound_location) {
  if (d.location_code.empty() && d.needs_location)
    return Fail("repair.needs_location",
                d.asset ? "The register has no location for " + d.asset->id + ": choose the room or bed where it stands."
                        : "This equipment is not in the local register: choose the room or bed where it stands.");
  if (auto s = CheckLocation(d.location_code, bound_location, "repair"); !s) return s;
  if (!OneOf(d.urgency, Urgencies()))
    return Fail("repair.bad_urgency", "Urgency \"" + protocol::TruncateUtf8(d.urgency, 32) + "\" is not one of " +
                                          JoinNames(Urgencies()) + ".");
  if (!d.category.empty() && !ValidCode(d.category))
    return Fail("repair.bad_category", "Fault category \"" + protocol::TruncateUtf8(d.category, 32) +
                                           "\" is not a category code (lower-case letters, digits and _, at most 32).");
  if (!d.asset_class.empty() && !ValidCode(d.asset_class))
    return Fail("repair.bad_asset_class", "Equipment kind \"" + protocol::TruncateUtf8(d.asset_class, 32) +
                                              "\" is not a class code (lower-case letters, digits and _, at most 32).");
  if (auto s = ValidateFreeText(d.note, kMaxNoteChars, "note"); !s) return s;
  // A label that names only a place says nothing about what is broken; a chosen asset class does.
  if (!d.asset && d.asset_key.empty() && d.asset_class.empty() && d.note.empty())
    return Fail("repair.needs_note", "This label names only a place, not equipment: describe what is broken in the note.");
  return Ok{};
}

json RepairPayload(const RepairDraft& d) {
  json p = {{"location", d.location_code}, {"urgency", d.urgency}, {"code", d.raw_code},
            {"warranty", WarrantyStateName(d.warranty)}};
  // Only ids the register knows, or that the label states as an asset id, become the ticket's asset:
  // a tag or serial is not an asset id, and the hub's register may know an id ours has not pulled yet.
  const std::string asset = d.asset ? d.asset->id : d.label.asset_id.value_or("");
  if (!asset.empty()) p["asset"] = asset;
  if (d.asset && !d.asset->trade.empty()) p["trade"] = d.asset->trade;
  if (!d.category.empty()) p["category"] = d.category;
  if (!d.asset_class.empty()) p["asset_class"] = d.asset_class;
  // The hub needs an asset, an asset class or a description; without any, the raw code is what the
  // desk can act on.
  p["description"] = !d.note.empty() || !asset.empty() || !d.asset_class.empty() ? d.note : d.raw_code;
  return p;
}

CleaningDraft BuildCleaningDraft(std::string_view bound_location, const std::optional<labels::ParsedLabel>& label) {
  CleaningDraft d;
  if (label && label->location_code && !label->location_code->empty()) d.location_code = *label->location_code;
  else d.location_code = std::string(bound_location);
  return d;
}

Status ValidateCleaningDraft(const CleaningDraft& d, std::string_view bound_location) {
  if (auto s = CheckLocation(d.location_code, bound_location, "cleaning"); !s) return s;
  if (!OneOf(d.type, CleaningTypes()))
    return Fail("cleaning.bad_type", "Cleaning type \"" + protocol::TruncateUtf8(d.type, 32) + "\" is not one of " +
                                         JoinNames(CleaningTypes()) + ".");
  return ValidateFreeText(d.note, kMaxNoteChars, "note");
}

json CleaningPayload(const CleaningDraft& d) {
  json p = {{"location", d.location_code}, {"type", d.type}};
  if (!d.note.empty()) p["description"] = d.note;
  return p;
}

Status ValidateComplaintDraft(const ComplaintDraft& d, std::string_view bound_location) {
  if (auto s = CheckLocation(d.location_code, bound_location, "complaint"); !s) return s;
  if (!OneOf(d.category, ComplaintCategories()))
    return Fail("complaint.bad_category", "Complaint category \"" + protocol::TruncateUtf8(d.category, 32) +
                                              "\" is not one of " + JoinNames(ComplaintCategories()) + ".");
  if (d.text.empty()) return Fail("complaint.needs_text", "A complaint needs a text: say what went wrong.");
  return ValidateFreeText(d.text, kMaxComplaintChars, "complaint text");
}

json ComplaintPayload(const ComplaintDraft& d) {
  return {{"location", d.location_code}, {"category", d.category}, {"text", d.text}};
}

void to_json(json& j, const AssetInfo& a) {
  json name = json::object();
  if (!a.class_name.empty())
    for (Lang l : kAllLangs)
      if (!a.class_name.text[static_cast<size_t>(l)].empty()) name[LangTag(l)] = a.class_name.text[static_cast<size_t>(l)];
  j = {{"id", a.id},          {"class", a.class_code},         {"class_name", a.class_name.empty() ? json(nullptr) : name},
       {"trade", a.trade},    {"department", a.department},    {"location", a.location},
       {"warranty_until", a.warranty_until.empty() ? json(nullptr) : json(a.warranty_until)}};
}

void to_json(json& j, const OpenTicket& t) {
  j = {{"id", t.id}, {"kind", t.kind}, {"status", t.status}, {"created_at", t.created_at}};
}

void to_json(json& j, const RepairDraft& d) {
  j = {{"raw_code", d.raw_code},
       {"label", d.label},
       {"asset_key", d.asset_key.empty() ? json(nullptr) : json(d.asset_key)},
       {"asset", d.asset ? json(*d.asset) : json(nullptr)},
       {"location", d.location_code.empty() ? json(nullptr) : json(d.location_code)},
       {"warranty", WarrantyStateName(d.warranty)},
       {"open_tickets", d.open_tickets},
       {"needs_location", d.needs_location},
       {"urgency", d.urgency},
       {"category", d.category.empty() ? json(nullptr) : json(d.category)},
       {"asset_class", d.asset_class.empty() ? json(nullptr) : json(d.asset_class)},
       {"note", d.note}};
}

void to_json(json& j, const CleaningDraft& d) {
  j = {{"location", d.location_code}, {"type", d.type}, {"note", d.note}};
}

void to_json(json& j, const ComplaintDraft& d) {
  j = {{"location", d.location_code}, {"category", d.category}, {"text", d.text}};
}

}  // namespace onestop::repair
