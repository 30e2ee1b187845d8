// Invariants every ParseLabel result must satisfy; shared by the libFuzzer target and the corpus
// replay test. Header-only, no gtest, no I/O.
#pragma once
#include <string_view>

#include "kiosk/core/labels.h"

namespace onestop::labels::fuzz {

inline bool CheckInvariants(std::string_view input) {
  const auto r = ParseLabel(input);
  if (!r.ok()) {
    const auto& e = r.error();
    return e.code.rfind("label.", 0) == 0 && !e.message.empty();
  }
  const ParsedLabel& l = r.value();
  if (input.size() > kMaxPayloadBytes) return false;
  if (!l.asset_id && !l.location_code && !l.tag && !l.giai && !l.gtin) return false;
  if (l.gtin && (l.gtin->size() != 14 || !Gs1CheckDigitOk(*l.gtin))) return false;
  if (l.expiry && l.expiry->size() != 10) return false;
  // Nothing we hand on may contain control characters (they would reach the UI and logs).
  for (const auto* f : {&l.asset_id, &l.location_code, &l.tag, &l.giai, &l.serial, &l.lot})
    if (*f)
      for (char c : **f)
        if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) return false;
  return true;
}

}  // namespace onestop::labels::fuzz
