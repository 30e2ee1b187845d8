// EngineSet: the input engines a terminal has, as the keyboard feature sees them (issue 17). The app
// supplies the real ones (Latin, librime pinyin per script); tests supply fakes. Handwriting is not
// here: ink is recognised on a worker (keyboard job RecognizeInk), never on the frame thread.
// It must not draw, and it never owns a field's text (the session does).
#pragma once
#include <string_view>
#include <vector>

#include "kiosk/core/i18n.h"
#include "kiosk/core/input/text_input.h"

namespace onestop::input {

class EngineSet {
 public:
  virtual ~EngineSet() = default;
  // The key engine of `kind` for `lang` (pinyin: Simplified for zh-Hans, Traditional for zh-Hant),
  // or null when this terminal does not have it (the keyboard then does not offer it).
  virtual TextInput* Keys(EngineKind kind, Lang lang) = 0;
  // Whether this terminal has `kind` for `lang` (handwriting: a worker answers RecognizeInk).
  virtual bool Has(EngineKind kind, Lang lang) const = 0;
  // Offered but still starting on a worker (pinyin while librime deploys its schema on a first start):
  // the keyboard shows it as preparing and refuses its keys; Keys() is null until it is ready.
  virtual bool Preparing(EngineKind /*kind*/, Lang /*lang*/) const { return false; }
  // Text the keyboard is about to show (candidates): the app bakes its glyphs before the next frame,
  // so a candidate never shows as "?".
  virtual void WillShow(std::string_view text) = 0;
};

// The engines a field offers in a session language, default first: zh-Hans and zh-Hant get pinyin,
// handwriting and Latin; English gets Latin only. `elder` puts handwriting first (many elderly
// patients write characters but cannot use pinyin).
std::vector<EngineKind> EnginesFor(Lang lang, bool elder);

}  // namespace onestop::input
