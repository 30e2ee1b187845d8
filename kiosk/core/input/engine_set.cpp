// Which engines a session language offers (see engine_set.h). Pure table: no engine is touched.
#include "kiosk/core/input/engine_set.h"

namespace onestop::input {

std::vector<EngineKind> EnginesFor(Lang lang, bool elder) {
  if (lang == Lang::kEn) return {EngineKind::kLatin};
  if (elder) return {EngineKind::kHandwriting, EngineKind::kPinyin, EngineKind::kLatin};
  return {EngineKind::kPinyin, EngineKind::kHandwriting, EngineKind::kLatin};
}

}  // namespace onestop::input
