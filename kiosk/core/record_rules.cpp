// Record rules shared by kiosk and hub: the per-kind payload whitelist, size caps and the created_at
// window. Must stay free of I/O and clock reads, and must never throw on hostile JSON.
#include "kiosk/core/record_rules.h"

#include <algorithm>

#include "kiosk/core/clock.h"

namespace onestop::records {
namespace {
using nlohmann::json;
using protocol::RecordKind;

constexpr std::size_t kSmall = 32;            // integers and booleans: only the type matters
constexpr std::size_t kMaxPhotoJson = 210000; // base64 of photo::kMaxPhotoBytes (150 KiB) plus its keys
constexpr std::size_t kMaxListJson = 2048;    // items, tags, dimensions, diet

Error Fail(std::string_view code, std::string message) { return Error{std::string(code), std::move(message)}; }

std::string_view TypeWord(FieldType t) {
  switch (t) {
    case FieldType::kString: return "a string";
    case FieldType::kInteger: return "an integer";
    case FieldType::kBoolean: return "true or false";
    case FieldType::kObject: return "an object";
    case FieldType::kArray: return "an array";
  }
  return "?";
}

bool HasType(const json& v, FieldType t) {
  switch (t) {
    case FieldType::kString: return v.is_string();
    case FieldType::kInteger: return v.is_number_integer();
    case FieldType::kBoolean: return v.is_boolean();
    case FieldType::kObject: return v.is_object();
    case FieldType::kArray: return v.is_array();
  }
  return false;
}

// Bytes a value takes in the record: a string's own bytes, else its JSON text.
std::size_t ValueBytes(const json& v) {
  if (v.is_string()) return v.get_ref<const std::string&>().size();
  return v.dump(-1, ' ', false, json::error_handler_t::replace).size();
}

std::size_t JsonBytes(const json& v) { return v.dump(-1, ' ', false, json::error_handler_t::replace).size(); }

std::string Quote(std::string_view key) { return "\"" + protocol::TruncateUtf8(key, 40) + "\""; }

Status CheckSubKeys(const FieldRule& f, const json& obj, std::string_view kind) {
  if (f.sub_keys.empty() || !obj.is_object()) return Ok{};
  for (const auto& [k, v] : obj.items()) {
    (void)v;
    if (std::find(f.sub_keys.begin(), f.sub_keys.end(), k) == f.sub_keys.end())
      return Fail(reason::kUnknownKey, std::string(kind) + " payload." + std::string(f.key) + " has no key " + Quote(k) +
                                           "; this terminal's software does not match the hub");
  }
  return Ok{};
}

}  // namespace

const std::vector<std::string_view>& AllReasonCodes() {
  static const std::vector<std::string_view> k = {
      reason::kBadRecord,  reason::kBadTime,       reason::kTimeOutOfWindow, reason::kUnknownKey,
      reason::kBadField,   reason::kMissingField,  reason::kFieldTooLong,    reason::kRecordTooLarge,
      reason::kBadPhoto,   reason::kUnknownLocation, reason::kOutOfScope, reason::kUnknownAssetClass};
  return k;
}

bool IsReasonCode(std::string_view code) {
  const auto& all = AllReasonCodes();
  return std::find(all.begin(), all.end(), code) != all.end();
}

const std::vector<FieldRule>& PayloadFields(RecordKind kind) {
  using T = FieldType;
  // Keys as the kiosk writes them: repair.cpp (Repair/Cleaning/ComplaintPayload), photo.cpp, meals.cpp
  // (MealOrderPayload, OrderCancelPayload), rating.cpp (RatingPayload).
  static const std::vector<FieldRule> repair = {
      {"location", T::kString, kMaxLocationBytes}, {"urgency", T::kString, kMaxCodeBytes},
      {"code", T::kString, kMaxLabelBytes},        {"warranty", T::kString, kMaxCodeBytes},
      {"asset", T::kString, kMaxIdBytes},          {"trade", T::kString, kMaxIdBytes},
      {"category", T::kString, kMaxCodeBytes},     {"description", T::kString, kMaxTextBytes},
      {"photo", T::kObject, kMaxPhotoJson, {"mime", "bytes", "data"}},
      // What is broken, when no label named the asset (issue 16): an asset class code.
      {"asset_class", T::kString, kMaxCodeBytes}};
  static const std::vector<FieldRule> cleaning = {{"location", T::kString, kMaxLocationBytes},
                                                  {"type", T::kString, kMaxCodeBytes},
                                                  {"description", T::kString, kMaxTextBytes}};
  static const std::vector<FieldRule> complaint = {{"location", T::kString, kMaxLocationBytes},
                                                   {"category", T::kString, kMaxCodeBytes},
                                                   {"text", T::kString, kMaxTextBytes}};
  static const std::vector<FieldRule> meal = {
      {"location", T::kString, kMaxLocationBytes}, {"slot", T::kString, kMaxCodeBytes},
      {"date", T::kString, kMaxCodeBytes},         {"items", T::kArray, kMaxListJson, {"menu_item", "qty"}},
      {"late", T::kBoolean, kSmall},               {"diet", T::kObject, kMaxListJson, {"code", "allergens"}},
      {"note", T::kString, kMaxTextBytes},
      // One order per bed and meal (meals.h): a change names the order it replaces, a nurse's addition
      // the order it adds to and who she is.
      {"replaces", T::kString, kMaxIdBytes},       {"add_to", T::kString, kMaxIdBytes},
      {"ordered_by", T::kString, kMaxIdBytes}};
  static const std::vector<FieldRule> cancel = {{"ticket", T::kString, kMaxIdBytes}};
  static const std::vector<FieldRule> rating = {
      {"ticket", T::kString, kMaxIdBytes},     {"round", T::kInteger, kSmall},
      {"overall", T::kInteger, kSmall},        {"dimensions", T::kObject, kMaxListJson},
      {"tags", T::kArray, kMaxListJson},       {"comment", T::kString, kMaxTextBytes},
      {"reopen", T::kBoolean, kSmall},         {"rater", T::kString, kMaxIdBytes}};
  // features/escort/rules.cpp (EscortPayload).
  static const std::vector<FieldRule> escort = {
      {"location", T::kString, kMaxLocationBytes}, {"destination", T::kString, kMaxCodeBytes},
      {"mode", T::kString, kMaxCodeBytes},         {"requested_at", T::kString, kMaxCodeBytes},
      {"note", T::kString, kMaxTextBytes}};
  switch (kind) {
    case RecordKind::kRepairRequest: return repair;
    case RecordKind::kCleaningRequest: return cleaning;
    case RecordKind::kComplaint: return complaint;
    case RecordKind::kMealOrder: return meal;
    case RecordKind::kOrderCancel: return cancel;
    case RecordKind::kRating: return rating;
    case RecordKind::kEscortRequest: return escort;
  }
  return cancel;
}

Status CheckPayload(RecordKind kind, const json& payload) {
  const std::string kname(protocol::RecordKindName(kind));
  if (!payload.is_object()) return Fail(reason::kBadRecord, kname + " payload must be a JSON object");
  const auto& fields = PayloadFields(kind);
  std::size_t total = 2;  // {}
  for (const auto& [key, value] : payload.items()) {
    auto f = std::find_if(fields.begin(), fields.end(), [&](const FieldRule& r) { return r.key == key; });
    // Refused, not dropped: a terminal sending keys the hub does not know runs the wrong build, and
    // only a refusal tells it so (a dropped key would silently lose what the user typed).
    if (f == fields.end())
      return Fail(reason::kUnknownKey,
                  kname + " payload has no key " + Quote(key) + "; this terminal's software does not match the hub");
    const std::size_t bytes = ValueBytes(value);
    // The record's size is its JSON text: escaped control characters count six bytes each.
    if (key != "photo") total += key.size() + 4 + (value.is_string() ? JsonBytes(value) : bytes);
    if (value.is_null()) continue;  // absent
    if (!HasType(value, f->type))
      return Fail(reason::kBadField, "payload." + key + " must be " + std::string(TypeWord(f->type)) + ", got " +
                                         value.type_name());
    if (bytes > f->max_bytes)
      return Fail(reason::kFieldTooLong, "payload." + key + " has " + std::to_string(bytes) + " bytes, at most " +
                                             std::to_string(f->max_bytes) + " are allowed");
    if (f->type == FieldType::kObject) {
      if (auto s = CheckSubKeys(*f, value, kname); !s) return s;
    } else if (f->type == FieldType::kArray) {
      for (const json& e : value)
        if (auto s = CheckSubKeys(*f, e, kname); !s) return s;
    }
  }
  if (total > kMaxPayloadBytes)
    return Fail(reason::kRecordTooLarge, kname + " payload has about " + std::to_string(total) +
                                             " bytes of JSON besides a photo, at most " +
                                             std::to_string(kMaxPayloadBytes) + " are allowed");
  return Ok{};
}

Status CheckCreatedAt(int64_t created_at_ms, int64_t now_ms) {
  if (created_at_ms < now_ms - kMaxRecordAgeMs)
    return Fail(reason::kTimeOutOfWindow, "created_at " + FormatIsoUtcMs(created_at_ms) +
                                              " is more than 31 days before the hub's time " + FormatIsoUtcMs(now_ms));
  if (created_at_ms > now_ms + kMaxRecordAheadMs)
    return Fail(reason::kTimeOutOfWindow, "created_at " + FormatIsoUtcMs(created_at_ms) +
                                              " is more than 24 hours after the hub's time " + FormatIsoUtcMs(now_ms) +
                                              "; check the terminal's clock");
  return Ok{};
}

std::string FormatReason(const Error& e) { return e.code + ": " + e.message; }

}  // namespace onestop::records
