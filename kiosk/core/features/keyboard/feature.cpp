// The keyboard's commands applied to a field (see feature.h). Key engines (Latin, pinyin) run here on
// the frame thread through input::Composer (pinyin costs ~0.05 ms a key, bench/input_bench); ink goes
// to a worker as job::RecognizeInk. Text already in a field is never cut or lost: a commit that would
// pass the field's limit is refused whole and said in words.
#include "kiosk/core/features/keyboard/feature.h"

#include <algorithm>
#include <limits>

#include "kiosk/core/features/keyboard/commands.h"
#include "kiosk/core/input/composer.h"
#include "kiosk/core/input/engine_set.h"
#include "kiosk/core/input/latin_input.h"
#include "kiosk/core/text_edit.h"

namespace onestop::keyboard {

const Feature kFeature;

namespace {
using input::EngineKind;

State& Mut(AppState& s) { return s.session.slices.Get<State>(); }

std::string Join(const std::vector<std::string>& v) {
  std::string out;
  for (const auto& t : v) out += t;
  return out;
}

void Shown(AppState& s, const std::vector<std::string>& candidates, const std::string& preedit = {}) {
  if (s.terminal.input) s.terminal.input->WillShow(Join(candidates) + preedit);
}

// The key engine for `field`: the shared pinyin session is reset when another field takes it over.
input::TextInput* KeyEngine(AppState& s, const std::string& field, EngineKind kind) {
  static input::LatinInput latin;  // stateless
  if (kind == EngineKind::kLatin) return &latin;
  if (!s.terminal.input) return nullptr;
  input::TextInput* e = s.terminal.input->Keys(kind, s.session.lang);
  if (!e) return nullptr;
  State& st = Mut(s);
  if (st.composing_field != field) {
    e->Reset();
    st.composing_field = field;
  }
  return e;
}

// Runs `op` on a Composer holding the field's text and writes the text and the candidate page back.
// The limit is never below what the field already holds (a phrase may have filled it): nothing is cut.
template <class Op>
Status WithComposer(AppState& s, const std::string& field, size_t max_len, input::TextInput* e, Op op) {
  std::string& text = s.session.fields[field];
  const size_t limit = max_len ? std::max(max_len, Utf8Length(text)) : std::numeric_limits<size_t>::max();
  input::Composer c(e, limit);
  c.SetText(text);
  const Status st = op(c);
  text = c.text();
  FieldInput& f = Mut(s).fields[field];
  f.page = c.Candidates();
  Shown(s, f.page.candidates, f.page.preedit);
  return st;
}

void ClearInk(FieldInput& f) {
  f.ink.strokes.clear();
  f.ink_candidates.clear();
  f.ink_page = 0;
  f.recognising = false;
  ++f.ink_generation;  // an answer still on its way is for ink that is gone
}

void AskRecognition(AppState& s, const std::string& field, FieldInput& f) {
  ++f.ink_generation;
  if (f.ink.strokes.empty()) {
    ClearInk(f);
    return;
  }
  f.recognising = true;
  s.Ask(job::RecognizeInk{field, f.ink_generation, f.ink, kInkCandidates});
}

Status AppendText(AppState& s, const std::string& field, const std::string& add, size_t max_len) {
  std::string& text = s.session.fields[field];
  const size_t limit = std::max(max_len, Utf8Length(text));
  if (!AppendLimited(&text, add, max_len ? limit : std::numeric_limits<size_t>::max()))
    return Status::Fail("input.field_full", "the text is at its limit");
  return Ok{};
}

bool IsPinyinKey(const std::string& k) { return k.size() == 1 && ((k[0] >= 'a' && k[0] <= 'z') || k[0] == '\''); }

Status OnKey(AppState& s, const cmd::Key& k) {
  const EngineKind kind = CurrentEngine(s, k.field);
  // Letters typed into a pinyin keyboard that is still starting would land as Latin text: refused,
  // and the keyboard says pinyin is getting ready (Latin and handwriting work meanwhile).
  if (kind == EngineKind::kPinyin && s.terminal.input && s.terminal.input->Preparing(kind, s.session.lang))
    return Status::Fail("input.preparing", "pinyin is still getting ready");
  input::TextInput* e = KeyEngine(s, k.field, kind);
  if (kind != EngineKind::kPinyin || !e) return AppendText(s, k.field, k.keys, k.max_len);
  if (IsPinyinKey(k.keys)) return WithComposer(s, k.field, k.max_len, e, [&](input::Composer& c) { return c.Keys(k.keys); });
  const bool composing = !e->Candidates().preedit.empty();
  if (!composing) return AppendText(s, k.field, k.keys, k.max_len);
  // Space while composing takes the first candidate (as every pinyin keyboard does); any other key
  // commits the letters as typed, then itself.
  if (k.keys == " ")
    return WithComposer(s, k.field, k.max_len, e, [&](input::Composer& c) {
      return c.Candidates().candidates.empty() ? c.Finish() : c.Choose(0);
    });
  if (auto st = WithComposer(s, k.field, k.max_len, e, [](input::Composer& c) { return c.Finish(); }); !st) return st;
  return AppendText(s, k.field, k.keys, k.max_len);
}

Status OnChoose(AppState& s, const cmd::Choose& c) {
  const EngineKind kind = CurrentEngine(s, c.field);
  FieldInput& f = Mut(s).fields[c.field];
  if (kind == EngineKind::kHandwriting) {
    const size_t i = f.ink_page * kInkPageSize + c.index;
    if (c.index >= kInkPageSize || i >= f.ink_candidates.size())
      return Status::Fail("input.no_candidate", "no such candidate");
    if (auto st = AppendText(s, c.field, f.ink_candidates[i], c.max_len); !st) return st;
    ClearInk(f);
    return Ok{};
  }
  input::TextInput* e = KeyEngine(s, c.field, kind);
  if (!e) return Status::Fail("input.no_engine", "no engine");
  return WithComposer(s, c.field, c.max_len, e, [&](input::Composer& comp) { return comp.Choose(c.index); });
}

Status OnStroke(AppState& s, const cmd::Stroke& st) {
  FieldInput& f = Mut(s).fields[st.field];
  if (f.ink.strokes.size() >= input::kMaxInkStrokes)
    return Status::Fail("input.ink_too_many_strokes", "too many strokes");
  input::Ink ink = f.ink;
  ink.width = st.pad_w;
  ink.height = st.pad_h;
  ink.strokes.push_back(st.points);
  if (auto v = input::ValidateInk(ink); !v) return v;
  f.ink = std::move(ink);
  AskRecognition(s, st.field, f);
  return Ok{};
}

void OnBackspace(AppState& s, const std::string& field) {
  const EngineKind kind = CurrentEngine(s, field);
  FieldInput& f = Mut(s).fields[field];
  if (kind == EngineKind::kHandwriting && !f.ink.strokes.empty()) {
    f.ink.strokes.pop_back();
    AskRecognition(s, field, f);
    return;
  }
  input::TextInput* e = KeyEngine(s, field, kind);
  if (kind == EngineKind::kPinyin && e) {
    (void)WithComposer(s, field, 0, e, [](input::Composer& c) { c.Backspace(); return Status(Ok{}); });
    return;
  }
  Utf8PopBack(&s.session.fields[field]);
}

void OnPage(AppState& s, const cmd::Page& p) {
  const EngineKind kind = CurrentEngine(s, p.field);
  FieldInput& f = Mut(s).fields[p.field];
  if (kind == EngineKind::kHandwriting) {
    if (p.forward && (f.ink_page + 1) * kInkPageSize < f.ink_candidates.size()) ++f.ink_page;
    if (!p.forward && f.ink_page > 0) --f.ink_page;
    return;
  }
  if (input::TextInput* e = KeyEngine(s, p.field, kind))
    (void)WithComposer(s, p.field, 0, e, [&](input::Composer& c) { return c.ChangePage(p.forward); });
}

void OnSwitch(AppState& s, const cmd::Switch& sw) {
  const EngineKind from = CurrentEngine(s, sw.field);
  // The unfinished composition is not text yet and is dropped; the field's text stays as it is.
  if (from == EngineKind::kPinyin)
    if (input::TextInput* e = KeyEngine(s, sw.field, from)) e->Reset();
  FieldInput& f = Mut(s).fields[sw.field];
  f.page = {};
  ClearInk(f);
  f.chosen = true;
  f.engine = sw.engine;
}

void OnRecognized(AppState& s, const cmd::InkRecognized& r) {
  auto& fields = Mut(s).fields;
  auto it = fields.find(r.field);
  if (it == fields.end() || it->second.ink_generation != r.generation) return;  // older ink
  FieldInput& f = it->second;
  f.recognising = false;
  f.ink_page = 0;
  f.ink_candidates = r.candidates;
  if (!r.error.empty()) f.error = r.error;
  Shown(s, f.ink_candidates);
}

Status OnFinish(AppState& s, const cmd::Finish& fin) {
  const EngineKind kind = CurrentEngine(s, fin.field);
  if (kind == EngineKind::kHandwriting) {
    ClearInk(Mut(s).fields[fin.field]);
    return Ok{};
  }
  input::TextInput* e = KeyEngine(s, fin.field, kind);
  if (kind != EngineKind::kPinyin || !e) return Ok{};
  return WithComposer(s, fin.field, fin.max_len, e, [](input::Composer& c) { return c.Finish(); });
}

// Every keyboard command names its field; a refusal is kept to be said, the next success clears it.
void Note(AppState& s, const std::string& field, const Status& st) {
  Mut(s).fields[field].error = st ? std::string() : st.error().code;
}
}  // namespace

std::optional<Intent> Feature::Apply(AppState& s, const Command& c) const {
  if (auto* k = c.As<cmd::Key>()) Note(s, k->field, OnKey(s, *k));
  else if (auto* b = c.As<cmd::Backspace>()) { OnBackspace(s, b->field); Note(s, b->field, Ok{}); }
  else if (auto* ch = c.As<cmd::Choose>()) Note(s, ch->field, OnChoose(s, *ch));
  else if (auto* p = c.As<cmd::Page>()) OnPage(s, *p);
  else if (auto* sw = c.As<cmd::Switch>()) { OnSwitch(s, *sw); Note(s, sw->field, Ok{}); }
  else if (auto* st = c.As<cmd::Stroke>()) Note(s, st->field, OnStroke(s, *st));
  else if (auto* cp = c.As<cmd::ClearPad>()) ClearInk(Mut(s).fields[cp->field]);
  else if (auto* f = c.As<cmd::Finish>()) Note(s, f->field, OnFinish(s, *f));
  else if (auto* r = c.As<cmd::InkRecognized>()) OnRecognized(s, *r);
  else return std::nullopt;
  return Intent::Stay();
}

void Feature::Reset(AppState& s) const {
  if (!s.terminal.input) return;
  for (Lang l : kAllLangs)
    if (s.terminal.input->Has(EngineKind::kPinyin, l))
      if (input::TextInput* e = s.terminal.input->Keys(EngineKind::kPinyin, l)) e->Reset();
}

}  // namespace onestop::keyboard
