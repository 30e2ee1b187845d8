// Equipment and location label parsing (DESIGN §5): turns the text of one scanned code into a
// ParsedLabel, or a rejection with a stable code and a message a nurse understands.
// Pure and dependency-free apart from nlohmann-json: no ZXing, no I/O, no SQL. Never throws and
// never trusts its input (it is fuzzed); lookups in the asset register happen elsewhere.
#pragma once
#include <nlohmann/json_fwd.hpp>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "kiosk/core/result.h"

namespace onestop::labels {

inline constexpr std::size_t kMaxPayloadBytes = 512;

enum class LabelForm {
  kOwnUrl,          // https://any.host/a/<asset> or /l/<location>
  kCompact,         // OS1:A=<asset>;L=<location>
  kGs1ElementString,  // (01)...(21)... or raw with FNC1/GS separators
  kGs1DigitalLink,  // https://id.gs1.org/01/<gtin>/21/<serial>
  kBareTag,         // ZC-2019-0457 (legacy labels, often Code 128)
};
const char* ToString(LabelForm form);

struct Gs1Element {
  std::string ai;     // application identifier, e.g. "01"
  std::string value;  // as encoded (digits or GS1 set-82 characters)
  bool operator==(const Gs1Element&) const = default;
};

struct ParsedLabel {
  LabelForm form = LabelForm::kBareTag;
  // What the label identifies. At least one of asset_id, location_code, giai, gtin, tag is set.
  std::optional<std::string> asset_id;       // own URL /a/ or compact A=
  std::optional<std::string> location_code;  // own URL /l/ or compact L=
  std::optional<std::string> tag;            // bare legacy tag
  std::optional<std::string> giai;           // GS1 AI 8004
  std::optional<std::string> gtin;           // GS1 AI 01 (14 digits, check digit verified)
  std::optional<std::string> serial;         // GS1 AI 21
  std::optional<std::string> lot;            // GS1 AI 10
  std::optional<std::string> expiry;         // GS1 AI 17 as ISO date YYYY-MM-DD
  std::vector<Gs1Element> gs1;               // every GS1 element in label order
};

// Parses one decoded payload. Accepts an AIM symbology identifier prefix ("]d2", "]Q3", "]C1",
// "]e0", "]J1" mark GS1 data whose fields are separated by GS, 0x1D, as ZXing and many HID
// scanners return them; other identifiers are stripped). Error codes are "label.*".
Result<ParsedLabel> ParseLabel(std::string_view payload);

// GS1 mod-10 check digit over all but the last digit of `digits` (all ASCII digits, length >= 2).
bool Gs1CheckDigitOk(std::string_view digits);

// JSON for the CLI and logs: {"form": ..., "asset_id": ..., ..., "gs1": [{"ai","value"}]}.
void to_json(nlohmann::json& j, const ParsedLabel& label);

}  // namespace onestop::labels
