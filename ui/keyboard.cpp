// The on-screen keyboard (see keyboard.h). Every key is a full touch target; the candidate bar flows
// onto a second row rather than hide a candidate on a narrow (portrait) panel. The stroke being drawn
// on the pad is the widget's gesture state (like a drag) and is sent whole when the finger lifts.
#include "ui/keyboard.h"

#include <imgui.h>

#include <algorithm>
#include <array>
#include <cmath>

#include "kiosk/core/features/keyboard/commands.h"
#include "kiosk/core/features/keyboard/feature.h"
#include "kiosk/core/text_edit.h"
#include "ui/fonts.h"
#include "ui/icons.h"
#include "ui/theme.h"
#include "ui/widgets.h"

namespace onestop::ui {
namespace {
namespace kb = onestop::keyboard;
using input::EngineKind;

const AppState* g_state = nullptr;
std::vector<input::InkPoint> g_stroke;  // the stroke under the finger now
std::string g_stroke_field;

constexpr std::array<const char*, 4> kRows = {"1234567890", "qwertyuiop", "asdfghjkl-", "zxcvbnm.,/"};

// Pushes the edit of one key: a code field edits its buffer directly, free text goes to the engines.
void TypeKey(const char* field, const std::string& value, const char* s, size_t max_len, KeyboardMode mode, Commands& out) {
  if (mode == KeyboardMode::kText) {
    out.Push(kb::cmd::Key{field, s, max_len});
    return;
  }
  std::string v = value;
  if (AppendLimited(&v, s, max_len)) out.Push(cmd::SetField{field, v});
}

// The keys in rows of `per_row`: QWERTY when ten fit at full touch size (landscape), otherwise the
// same keys in alphabetical order, `per_row` to a row, so no key is ever narrower than a touch target
// or pushed off a portrait or elder-mode panel.
void KeyRows(const char* field, const std::string& value, bool shifted, size_t max_len, KeyboardMode mode, ImVec2 key,
             int per_row, Commands& out) {
  static constexpr std::array<const char*, 3> kCompact = {"1234567890", "abcdefghijklmnopqrstuvwxyz", "-.,/"};
  auto one = [&](char row_ch, bool first) {
    char ch = row_ch;
    if (shifted && ch >= 'a' && ch <= 'z') ch = static_cast<char>(ch - 'a' + 'A');
    const char s[2] = {ch, 0};
    const char id[3] = {'k', row_ch, 0};
    if (!first) ImGui::SameLine();
    if (BigButton(s, id, key)) TypeKey(field, value, s, max_len, mode, out);
  };
  if (per_row >= 10) {
    for (const char* row : kRows)
      for (int i = 0; row[i]; ++i) one(row[i], i == 0);
    return;
  }
  for (const char* group : kCompact)  // each group (digits, letters, marks) starts a row
    for (int i = 0; group[i]; ++i) one(group[i], i % per_row == 0);
}

void Erase(const char* field, const std::string& value, KeyboardMode mode, ImVec2 size, Commands& out) {
  // The erase key's glyph is from the icon font: no CJK or Latin face has U+232B (it showed "?").
  if (!BigButton(icon::Utf8(icon::kBackspace), "backspace", size, Tone::kQuiet)) return;
  if (mode == KeyboardMode::kText) {
    out.Push(kb::cmd::Backspace{field});
    return;
  }
  std::string v = value;
  Utf8PopBack(&v);
  out.Push(cmd::SetField{field, v});
}

void DoneKey(const char* field, size_t max_len, const std::string& label, KeyboardMode mode, ImVec2 size,
             const std::vector<Command>& on_done, Commands& out) {
  if (!BigButton(label, "done", size, Tone::kPrimary)) return;
  if (mode == KeyboardMode::kText) out.Push(kb::cmd::Finish{field, max_len});
  for (const auto& c : on_done) out.Push(c);
}

// One key per engine, `w` wide each, on the current line; the selected one is highlighted.
void EngineTabs(const kb::KeyboardView& v, const char* field, float w, Commands& out) {
  for (size_t i = 0; i < v.engines.size(); ++i) {
    const auto& t = v.engines[i];
    if (i) ImGui::SameLine();
    if (BigButton(t.label, t.id.c_str(), ImVec2(w, TargetPx()), t.selected ? Tone::kPrimary : Tone::kQuiet) && !t.selected)
      out.Push(kb::cmd::Switch{field, t.kind});
  }
}

// Text drawn inside a one-target-tall slot of `w` on the current line (the candidate row's start).
void InlineText(const char* id, std::string_view text, float w, ImU32 col) {
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImGui::Dummy(ImVec2(w, TargetPx()));
  if (auto* fm = ActiveFontManager()) fm->NoteDrawn(text);
  const float fs = ImGui::GetFontSize();
  ImGui::GetWindowDrawList()->AddText(ImVec2(p.x, p.y + (TargetPx() - fs) * 0.5f), col, text.data(), text.data() + text.size());
  RecordRegion(id, p, ImVec2(p.x + w, p.y + TargetPx()));
}

// The end of `text` that fits `max_px`, after "…" when cut: what was written last stays in sight.
std::string Tail(const std::string& text, float max_px) {
  if (ImGui::CalcTextSize(text.c_str()).x <= max_px) return text;
  static constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  size_t i = 0;
  while (i < text.size()) {
    do ++i;
    while (i < text.size() && (static_cast<unsigned char>(text[i]) & 0xC0) == 0x80);
    const std::string t = std::string(kEllipsis) + text.substr(i);
    if (ImGui::CalcTextSize(t.c_str()).x <= max_px) return t;
  }
  return std::string(kEllipsis);
}

// Candidates as large buttons flowing left to right (wrapping), then the page keys.
void CandidateButtons(const kb::KeyboardView& v, const char* field, size_t max_len, float min_w, Commands& out) {
  const float right = ImGui::GetCursorScreenPos().x + ImGui::GetContentRegionAvail().x;
  static constexpr std::array<const char*, 10> kIds = {"kb.cand.0", "kb.cand.1", "kb.cand.2", "kb.cand.3", "kb.cand.4",
                                                       "kb.cand.5", "kb.cand.6", "kb.cand.7", "kb.cand.8", "kb.cand.9"};
  bool first = true;
  auto place = [&](float w) {
    if (!first) {
      ImGui::SameLine();
      if (ImGui::GetCursorScreenPos().x + w > right) ImGui::NewLine();
    }
    first = false;
  };
  for (size_t i = 0; i < v.candidates.size() && i < kIds.size(); ++i) {
    const float w = std::max(min_w, ImGui::CalcTextSize(v.candidates[i].c_str()).x + Em(1.2f));
    place(w);
    if (BigButton(v.candidates[i], kIds[i], ImVec2(w, TargetPx()), i == 0 ? Tone::kPrimary : Tone::kNormal))
      out.Push(kb::cmd::Choose{field, i, max_len});
  }
  if (!v.has_prev && !v.has_next) return;
  const float nav_w = std::max(TargetPx() * 1.4f, ImGui::CalcTextSize(v.next_label.c_str()).x + Em(1.2f));
  place(nav_w);
  if (BigButton(v.prev_label, "kb.prev", ImVec2(nav_w, TargetPx()), Tone::kQuiet, v.has_prev))
    out.Push(kb::cmd::Page{field, false});
  place(nav_w);
  if (BigButton(v.next_label, "kb.next", ImVec2(nav_w, TargetPx()), Tone::kQuiet, v.has_next))
    out.Push(kb::cmd::Page{field, true});
}

// One row: the pinyin being composed (or, while nothing composes, the end of the field's text, so
// what was written stays in sight with the field scrolled away), then the candidates. The row is
// kept while empty so the keys never jump.
void CandidateRow(const kb::KeyboardView& v, const char* field, const std::string& value, size_t max_len, float width,
                  Commands& out) {
  const float text_w = std::min(width * 0.3f, Em(10.0f));
  if (v.preparing) {  // librime's first start: said in words where the candidates will be
    InlineText("kb.preparing", v.preparing_text, width, color::kMuted);
    return;
  }
  if (!v.preedit.empty()) InlineText("kb.preedit", Tail(v.preedit, text_w), text_w, color::kPrimary);
  else InlineText("kb.echo", Tail(value, text_w), text_w, color::kMuted);
  ImGui::SameLine();
  ImGui::BeginGroup();
  CandidateButtons(v, field, max_len, TargetPx(), out);
  ImGui::EndGroup();
}

// The writing pad: a square child window (so a stroke never scrolls the screen around it).
void WritingPad(const kb::KeyboardView& v, const char* field, float side, Commands& out) {
  ImGui::BeginChild("##kbpad", ImVec2(side, side), true, ImGuiWindowFlags_NoScrollbar | ImGuiWindowFlags_NoScrollWithMouse);
  const ImVec2 o = ImGui::GetCursorScreenPos();
  const float inner = std::floor(ImGui::GetContentRegionAvail().x);
  ImGui::InvisibleButton("kb.pad", ImVec2(inner, inner));
  RecordItem("kb.pad", o, ImVec2(o.x + inner, o.y + inner));
  const ImGuiIO& io = ImGui::GetIO();
  if (ImGui::IsItemActive()) {
    if (g_stroke_field != field) g_stroke.clear();
    g_stroke_field = field;
    const input::InkPoint p{std::clamp(io.MousePos.x - o.x, 0.0f, inner), std::clamp(io.MousePos.y - o.y, 0.0f, inner)};
    if (g_stroke.empty() || std::hypot(p.x - g_stroke.back().x, p.y - g_stroke.back().y) >= 1.5f) g_stroke.push_back(p);
  }
  if (ImGui::IsItemDeactivated() && g_stroke_field == field && !g_stroke.empty()) {
    out.Push(kb::cmd::Stroke{field, g_stroke, static_cast<int>(inner), static_cast<int>(inner)});
    g_stroke.clear();
  }
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(o, ImVec2(o.x + inner, o.y + inner), IM_COL32_WHITE);
  // The tian-zi-ge guide (a square quartered by a cross): where a character's centre and halves are.
  const ImU32 guide = color::kMuted & 0x60FFFFFF;
  dl->AddLine(ImVec2(o.x + inner / 2, o.y), ImVec2(o.x + inner / 2, o.y + inner), guide, 1.0f);
  dl->AddLine(ImVec2(o.x, o.y + inner / 2), ImVec2(o.x + inner, o.y + inner / 2), guide, 1.0f);
  const float thick = std::max(3.0f, Em(0.22f));
  auto draw = [&](const input::InkStroke& s, float scale) {
    if (s.size() == 1) dl->AddCircleFilled(ImVec2(o.x + s[0].x * scale, o.y + s[0].y * scale), thick * 0.6f, IM_COL32_BLACK);
    for (size_t i = 1; i < s.size(); ++i)
      dl->AddLine(ImVec2(o.x + s[i - 1].x * scale, o.y + s[i - 1].y * scale), ImVec2(o.x + s[i].x * scale, o.y + s[i].y * scale),
                  IM_COL32_BLACK, thick);
  };
  const float scale = v.pad_w > 0 ? inner / static_cast<float>(v.pad_w) : 1.0f;
  for (const auto& s : v.ink) draw(s, scale);
  if (g_stroke_field == field) draw(g_stroke, 1.0f);
  if (v.ink.empty() && !(g_stroke_field == field && !g_stroke.empty())) {
    ImGui::SetCursorScreenPos(ImVec2(o.x + Em(0.5f), o.y + Em(0.5f)));
    ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + inner - Em(1.0f));
    LabelMuted(v.pad_hint);
    ImGui::PopTextWrapPos();
  }
  ImGui::EndChild();
}

void HandwritingPanel(const kb::KeyboardView& v, const char* field, size_t max_len, float width, ImVec2 key, Commands& out) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float side = std::clamp(width * 0.45f, TargetPx() * 3.0f, TargetPx() * 5.5f);
  WritingPad(v, field, side, out);
  ImGui::SameLine(0, Em(0.8f));
  ImGui::BeginGroup();
  ImGui::PushTextWrapPos(ImGui::GetCursorPosX() + width - side - Em(0.8f));
  if (v.recognising) LabelMuted(v.recognising_text);
  else ImGui::Dummy(ImVec2(1, ImGui::GetFontSize()));
  ImGui::PopTextWrapPos();
  CandidateButtons(v, field, max_len, TargetPx() * 1.4f, out);
  const float w = std::max(key.x * 2 + gap, ImGui::CalcTextSize(v.clear_pad_label.c_str()).x + Em(1.2f));
  if (BigButton(v.clear_pad_label, "kb.clear_pad", ImVec2(w, TargetPx()), Tone::kQuiet, !v.ink.empty()))
    out.Push(kb::cmd::ClearPad{field});
  ImGui::EndGroup();
}

// Shift, the engine keys when they fit here, Space (what is left), erase and Done (2 keys): one row
// of `per_row` keys. Without inline engine keys Shift is 2 keys wide.
void BottomRow(const kb::KeyboardView& v, const char* field, const std::string& value, bool shifted, size_t max_len,
               const KeyboardLabels& labels, KeyboardMode mode, ImVec2 key, int per_row, bool with_shift, bool tabs_inline,
               const std::vector<Command>& on_done, Commands& out) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const ImVec2 wide(key.x * 2 + gap, key.y);
  int used = 3;  // erase + Done
  if (with_shift) {
    const ImVec2 size = tabs_inline ? key : wide;
    if (BigButton(labels.shift, "shift", size, shifted ? Tone::kPrimary : Tone::kQuiet)) out.Push(cmd::SetShift{field, !shifted});
    ImGui::SameLine();
    used += tabs_inline ? 1 : 2;
  }
  if (tabs_inline) {
    EngineTabs(v, field, key.x, out);
    ImGui::SameLine();
    used += static_cast<int>(v.engines.size());
  }
  const int space_keys = std::max(1, per_row - used);
  const ImVec2 space(key.x * static_cast<float>(space_keys) + gap * static_cast<float>(space_keys - 1), key.y);
  // A one-key Space (elder portrait) shows the space-bar icon rather than a word shrunk below the
  // elder cap height, as the numeric pad's OK does.
  const bool space_fits = ImGui::CalcTextSize(labels.space.c_str()).x + Em(0.6f) <= space.x;
  if (BigButton(space_fits ? labels.space : icon::Utf8(icon::kSpaceBar), "space", space, Tone::kNormal, true, labels.space))
    TypeKey(field, value, " ", max_len, mode, out);
  ImGui::SameLine();
  Erase(field, value, mode, key, out);
  ImGui::SameLine();
  DoneKey(field, max_len, labels.done, mode, wide, on_done, out);
}

}  // namespace

void SetKeyboardState(const AppState* s) { g_state = s; }

void OnScreenKeyboard(const char* field, const std::string& value, bool shifted, size_t max_len,
                      const KeyboardLabels& labels, const std::vector<Command>& on_done, Commands& out, float width,
                      KeyboardMode mode) {
  ImGui::PushID(field);
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  // Ten keys a row where ten full touch targets fit; fewer (at least six) on a narrow panel.
  const int per_row = std::clamp(static_cast<int>((width + gap + 0.5f) / (TargetPx() + gap)), 6, 10);
  const ImVec2 key((width - static_cast<float>(per_row - 1) * gap) / static_cast<float>(per_row), TargetPx());
  kb::KeyboardView v;
  if (mode == KeyboardMode::kText && g_state) v = kb::BuildKeyboardView(*g_state, field);
  // The engine keys sit in the bottom row when ten keys fit a row (landscape: the keyboard then fits
  // the screen with its candidate row); on a narrow panel they get a row of their own.
  const bool tabs_inline = !v.engines.empty() && per_row >= 10;
  if (!v.engines.empty() && !tabs_inline) EngineTabs(v, field, 2 * key.x + gap, out);
  if (!v.error.empty()) {
    ImGui::PushStyleColor(ImGuiCol_Text, color::kDanger);
    LabelAt("kb.error", v.error);
    ImGui::PopStyleColor();
  }
  if (v.engine == EngineKind::kHandwriting) {
    HandwritingPanel(v, field, max_len, width, key, out);
    BottomRow(v, field, value, shifted, max_len, labels, mode, key, per_row, false, tabs_inline, on_done, out);
  } else {
    if (v.engine == EngineKind::kPinyin) CandidateRow(v, field, value, max_len, width, out);
    KeyRows(field, value, shifted, max_len, mode, key, per_row, out);
    BottomRow(v, field, value, shifted, max_len, labels, mode, key, per_row, true, tabs_inline, on_done, out);
  }
  ImGui::PopID();
}

}  // namespace onestop::ui
