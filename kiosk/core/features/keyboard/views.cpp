// What one field's keyboard shows (see feature.h): the engine tabs the language offers, the pinyin
// composition and candidate page, or the pad's ink and the recognised candidates, in words.
#include <algorithm>

#include "kiosk/core/features/keyboard/feature.h"
#include "kiosk/core/input/engine_set.h"

namespace onestop::keyboard {

const State& Get(const AppState& s) { return s.session.slices.Get<State>(); }

std::vector<input::EngineKind> OfferedEngines(const AppState& s) {
  std::vector<input::EngineKind> out;
  for (input::EngineKind k : input::EnginesFor(s.session.lang, s.session.elder))
    if (k == input::EngineKind::kLatin || (s.terminal.input && s.terminal.input->Has(k, s.session.lang))) out.push_back(k);
  return out;
}

input::EngineKind CurrentEngine(const AppState& s, const std::string& field) {
  const auto offered = OfferedEngines(s);
  const auto& fields = Get(s).fields;
  const auto it = fields.find(field);
  if (it != fields.end() && it->second.chosen &&
      std::find(offered.begin(), offered.end(), it->second.engine) != offered.end())
    return it->second.engine;
  return offered.front();
}

namespace {
std::string EngineLabel(const AppState& s, input::EngineKind k) {
  switch (k) {
    case input::EngineKind::kPinyin: return s.Tr("keyboard.engine.pinyin");
    case input::EngineKind::kHandwriting: return s.Tr("keyboard.engine.handwriting");
    case input::EngineKind::kLatin: break;
  }
  return s.Tr("keyboard.engine.latin");
}
}  // namespace

KeyboardView BuildKeyboardView(const AppState& s, const std::string& field) {
  KeyboardView v;
  v.engine = CurrentEngine(s, field);
  v.preparing = s.terminal.input && s.terminal.input->Preparing(v.engine, s.session.lang);
  const auto offered = OfferedEngines(s);
  if (offered.size() > 1)
    for (input::EngineKind k : offered)
      v.engines.push_back({k, std::string("kb.engine.") + input::EngineName(k), EngineLabel(s, k), k == v.engine});
  const auto& fields = Get(s).fields;
  const auto it = fields.find(field);
  if (it != fields.end()) {
    const FieldInput& f = it->second;
    if (v.engine == input::EngineKind::kPinyin && Get(s).composing_field == field && !v.preparing) {
      v.preedit = f.page.preedit;
      v.candidates = f.page.candidates;
      v.has_prev = f.page.page > 0;
      v.has_next = !f.page.last_page;
    } else if (v.engine == input::EngineKind::kHandwriting) {
      v.ink = f.ink.strokes;
      v.pad_w = f.ink.width;
      v.pad_h = f.ink.height;
      v.recognising = f.recognising;
      const size_t begin = f.ink_page * kInkPageSize;
      for (size_t i = begin; i < f.ink_candidates.size() && i < begin + kInkPageSize; ++i)
        v.candidates.push_back(f.ink_candidates[i]);
      v.has_prev = f.ink_page > 0;
      v.has_next = begin + kInkPageSize < f.ink_candidates.size();
    }
    // "Preparing" is said by the candidate row while it lasts, not as a refusal.
    if (!f.error.empty() && !(f.error == "input.preparing" && v.preparing))
      v.error = s.Tr(f.error == "input.field_full" ? "keyboard.full"
                     : f.error == "input.preparing" ? "keyboard.preparing" : "keyboard.refused");
  }
  v.pad_hint = s.Tr("keyboard.pad_hint");
  v.recognising_text = s.Tr("keyboard.recognising");
  v.preparing_text = s.Tr("keyboard.preparing");
  v.prev_label = s.Tr("keyboard.prev_page");
  v.next_label = s.Tr("keyboard.next_page");
  v.clear_pad_label = s.Tr("keyboard.clear_pad");
  return v;
}

}  // namespace onestop::keyboard
