// Widget implementations. Buttons are InvisibleButton + our own drawing so labels are never parsed
// for "##" and long labels wrap; all text is reported to the font manager for glyph coverage.
#include "ui/widgets.h"

#include <imgui_internal.h>

#include <array>

#include "kiosk/core/text_edit.h"
#include "ui/fonts.h"
#include "ui/icons.h"
#include "ui/read_aloud.h"
#include "ui/text_lines.h"
#include "ui/theme.h"

namespace onestop::ui {
namespace {
std::vector<RecordedItem>* g_recorder = nullptr;
std::vector<RecordedText>* g_text_recorder = nullptr;

constexpr float kFar = 1e9f;

void RecordText(const char* id, std::string_view shown, ImVec2 min, ImVec2 max, ImU32 color, const TextLines* lines = nullptr,
                ImVec2 box_min = ImVec2(-kFar, -kFar), ImVec2 box_max = ImVec2(kFar, kFar)) {
  if (!g_text_recorder) return;
  RecordedText r{id, std::string(shown), min, max, color};
  if (lines)
    for (std::string_view l : lines->lines) r.lines.emplace_back(l);
  r.box_min = box_min;
  r.box_max = box_max;
  g_text_recorder->push_back(std::move(r));
}

// Text laid out for a column `width` px wide: its lines (ui/text_lines.h), the font size it is drawn at
// and its extent. A word wider than the whole column (a long code in a narrow one) shrinks the text
// until it fits: cut inside the word it would be unreadable.
struct Laid {
  TextLines lines;
  float size = 0.0f;
  ImVec2 extent{0, 0};
};
Laid Layout(std::string_view text, float width, const ImFont* font, float size) {
  Laid l{BreakLines(text, width, font, size), size, {}};
  if (l.lines.widest > width && width > 1.0f) {
    l.size = std::floor(size * width / l.lines.widest);
    l.lines = BreakLines(text, width, font, l.size);
  }
  l.extent = ImVec2(l.lines.widest, l.size * static_cast<float>(l.lines.lines.size()));
  return l;
}

// Like Layout, with the lines of a centred text made even: the narrowest width that keeps the number of
// lines, so a label never leaves one character alone on its last line (nor splits a two-character
// Chinese word one and one).
Laid Balanced(std::string_view text, float width, const ImFont* font, float size) {
  Laid l = Layout(text, width, font, size);
  const size_t n = l.lines.lines.size();
  if (n < 2 || l.size != size) return l;
  // Two lines: split at a space or after punctuation when one fits, the most even such split
  // (after a full-width colon rather than inside the word after it; Chinese words have no other
  // marked edges).
  if (n == 2) {
    static constexpr std::string_view kAfter[] = {" ", "\xEF\xBC\x9A", "\xEF\xBC\x8C", "\xE3\x80\x81", "/", "\xC2\xB7", ":", ","};
    auto w = [&](std::string_view t) { return font->CalcTextSizeA(size, FLT_MAX, 0.0f, t.data(), t.data() + t.size()).x; };
    auto trim = [](std::string_view t) {
      while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
      while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
      return t;
    };
    float best = FLT_MAX;
    TextLines pick;
    for (std::string_view sep : kAfter)
      for (size_t at = text.find(sep); at != std::string_view::npos; at = text.find(sep, at + 1)) {
        const std::string_view a = trim(text.substr(0, at + sep.size())), b = trim(text.substr(at + sep.size()));
        if (a.empty() || b.empty()) continue;
        // Nor may the second line start with a separator or closing mark ("/ Language").
        bool bad_start = std::string_view("/:,;.)").find(b.front()) != std::string_view::npos;
        for (std::string_view sep2 : kAfter) bad_start |= sep2.size() > 1 && b.substr(0, sep2.size()) == sep2;
        if (bad_start) continue;
        const float wa = w(a), wb = w(b), m = std::max(wa, wb);
        if (m <= width && m < best) best = m, pick.lines = {a, b}, pick.widest = m;
      }
    if (!pick.lines.empty()) return Laid{pick, size, ImVec2(pick.widest, size * 2.0f)};
  }
  float lo = l.lines.widest / static_cast<float>(n), hi = l.lines.widest;
  for (int i = 0; i < 12 && hi - lo > 1.0f; ++i) {
    const float mid = (lo + hi) * 0.5f;
    const TextLines t = BreakLines(text, mid, font, size);
    if (t.lines.size() == n && t.widest <= mid) hi = mid;
    else lo = mid;
  }
  Laid out{BreakLines(text, hi, font, size), size, {}};
  if (out.lines.lines.size() != n || out.lines.widest > width) return l;
  out.extent = ImVec2(out.lines.widest, size * static_cast<float>(n));
  return out;
}

// Draws laid-out lines, each centred in `r` (horizontally; the block vertically); returns the block's
// top-left corner.
ImVec2 DrawCentered(ImDrawList* dl, const Laid& l, const ImRect& r, ImU32 col, const ImFont* font) {
  const ImVec2 at(r.Min.x + (r.GetWidth() - l.extent.x) * 0.5f, r.Min.y + (r.GetHeight() - l.extent.y) * 0.5f);
  float y = at.y;
  for (std::string_view line : l.lines.lines) {
    const float w = font->CalcTextSizeA(l.size, FLT_MAX, 0.0f, line.data(), line.data() + line.size()).x;
    dl->AddText(font, l.size, ImVec2(r.Min.x + (r.GetWidth() - w) * 0.5f, y), col, line.data(), line.data() + line.size());
    y += l.size;
  }
  return at;
}

// The current clip rectangle's sides as a text's box (y unbounded: lists scroll vertically).
std::pair<ImVec2, ImVec2> ClipBoxX() {
  ImDrawList* dl = ImGui::GetWindowDrawList();
  return {ImVec2(dl->GetClipRectMin().x, -kFar), ImVec2(dl->GetClipRectMax().x, kFar)};
}

void Note(std::string_view t) {
  if (auto* fm = ActiveFontManager()) fm->NoteDrawn(t);
  CaptureSpoken(t);  // read aloud: a new screen's words in drawing order
}

struct ToneColors { ImU32 bg, bg_active, text, border; };
ToneColors ColorsFor(Tone tone, bool enabled) {
  const ImGuiStyle& st = ImGui::GetStyle();
  ToneColors c{ImGui::GetColorU32(ImGuiCol_Button), ImGui::GetColorU32(ImGuiCol_ButtonActive),
               ImGui::GetColorU32(ImGuiCol_Text), ImGui::GetColorU32(ImGuiCol_Border)};
  switch (tone) {
    case Tone::kPrimary: c = {color::kPrimary, 0xFF8A4A0D, color::kOnPrimary, color::kPrimary}; break;
    case Tone::kDanger: c = {color::kDanger, 0xFF141C8E, color::kOnPrimary, color::kDanger}; break;
    case Tone::kQuiet: c.bg = ImGui::GetColorU32(ImGuiCol_ChildBg); break;
    case Tone::kNormal: break;
  }
  if (!enabled) {
    c.bg = ImGui::GetColorU32(ImGuiCol_Button, 0.5f);
    c.text = ImGui::GetColorU32(st.Colors[ImGuiCol_TextDisabled]);
    c.border = c.text;
  }
  return c;
}

// `text` in `font` (the current one when null) at its size, for a box `width` px wide.
Laid LayoutIn(std::string_view text, float width, ImFont* font = nullptr) {
  if (!font) font = ImGui::GetFont();
  const float size = font == ImGui::GetFont() ? ImGui::GetFontSize() : font->FontSize;
  return Layout(text, width, font, size);
}

// Draws `text` centred in `r`, broken into lines of its width, and records it under `id`.
void CenteredText(const char* id, ImDrawList* dl, const ImRect& r, std::string_view text, ImU32 col, ImFont* font = nullptr) {
  Note(text);
  if (!font) font = ImGui::GetFont();
  Laid l = Balanced(text, r.GetWidth() - Em(0.6f), font, font == ImGui::GetFont() ? ImGui::GetFontSize() : font->FontSize);
  // More lines than the button is tall (a two-character word on a one-target key in elder mode): a
  // smaller size that fits, rather than words drawn over the button's edge.
  for (int step = 0; step < 10 && l.lines.lines.size() > 1 && l.extent.y > r.GetHeight(); ++step)
    l = Layout(text, r.GetWidth() - Em(0.3f), font, std::floor(l.size * 0.9f));
  const ImVec2 at = DrawCentered(dl, l, r, col, font);
  RecordText(id, text, at, ImVec2(at.x + l.extent.x, at.y + l.extent.y), col, &l.lines, r.Min, r.Max);
}

bool PressArea(const char* id, ImVec2 size, bool enabled, ImRect* rect, bool* held) {
  if (!enabled) ImGui::BeginDisabled();
  const bool pressed = ImGui::InvisibleButton(id, size);
  if (!enabled) ImGui::EndDisabled();
  *rect = ImRect(ImGui::GetItemRectMin(), ImGui::GetItemRectMax());
  *held = enabled && ImGui::IsItemActive();
  if (g_recorder) {
    const ImVec2 c = rect->GetCenter();
    g_recorder->push_back({id, rect->Min, rect->Max, enabled, ImGui::IsRectVisible(c, ImVec2(c.x + 1, c.y + 1))});
  }
  return pressed && enabled;
}

}  // namespace

void SetItemRecorder(std::vector<RecordedItem>* sink) { g_recorder = sink; }
void SetTextRecorder(std::vector<RecordedText>* sink) { g_text_recorder = sink; }

void RecordRegion(const char* id, ImVec2 min, ImVec2 max) { RecordText(id, "", min, max, 0); }

void RecordItem(const char* id, ImVec2 min, ImVec2 max) {
  if (!g_recorder) return;
  const ImVec2 c((min.x + max.x) * 0.5f, (min.y + max.y) * 0.5f);
  g_recorder->push_back({id, min, max, true, ImGui::IsRectVisible(c, ImVec2(c.x + 1, c.y + 1))});
}

// Every label: one line, or (while a wrap position is pushed) the lines of ui/text_lines.h drawn as one
// multi-line text with ImGui's own wrapping off, which would cut a word that does not fit a line.
void LabelImpl(const char* id, std::string_view t) {
  ImGuiWindow* w = ImGui::GetCurrentWindow();
  // A one-line label wider than what is left of its window wraps at the window's edge: the clip would
  // cut it ("Offline: times are judged by this terminal's cl" in portrait elder mode).
  if (w->DC.TextWrapPos < 0.0f && ImGui::CalcTextSize(t.data(), t.data() + t.size()).x > ImGui::GetContentRegionAvail().x + 0.5f) {
    ImGui::PushTextWrapPos(0.0f);
    LabelImpl(id, t);
    ImGui::PopTextWrapPos();
    return;
  }
  Note(t);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  auto [box_min, box_max] = ClipBoxX();
  const ImU32 col = ImGui::GetColorU32(ImGuiCol_Text);
  if (w->DC.TextWrapPos < 0.0f) {
    ImGui::TextUnformatted(t.data(), t.data() + t.size());
    TextLines one;
    one.lines.push_back(t);
    RecordText(id, t, p, ImGui::GetItemRectMax(), col, &one, box_min, box_max);
    return;
  }
  const float width = ImGui::CalcWrapWidthForPos(p, w->DC.TextWrapPos);
  box_max.x = std::min(box_max.x, p.x + width);
  const Laid l = LayoutIn(t, width);
  const std::string joined = JoinLines(l.lines);
  const float scale = w->FontWindowScale;
  if (l.size != ImGui::GetFontSize()) ImGui::SetWindowFontScale(scale * l.size / ImGui::GetFontSize());
  ImGui::PushTextWrapPos(-1.0f);
  ImGui::TextUnformatted(joined.data(), joined.data() + joined.size());
  ImGui::PopTextWrapPos();
  if (w->FontWindowScale != scale) ImGui::SetWindowFontScale(scale);
  RecordText(id, t, p, ImGui::GetItemRectMax(), col, &l.lines, box_min, box_max);
}

void LabelAt(const char* id, std::string_view t) { LabelImpl(id, t); }

void LabelWrappedAt(const char* id, std::string_view t) {
  ImGui::PushTextWrapPos(0.0f);
  LabelImpl(id, t);
  ImGui::PopTextWrapPos();
}

std::string Elide(std::string_view text, float max_px) {
  auto width = [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; };
  if (width(text) <= max_px) return std::string(text);
  static constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // U+2026, always baked
  const float room = max_px - width(kEllipsis);
  // Code point boundaries, then the longest prefix that fits (binary search: widths only grow).
  std::vector<size_t> cuts;
  for (size_t i = 0; i < text.size(); ++i)
    if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) cuts.push_back(i);
  size_t lo = 0, hi = cuts.size();  // prefix of cuts[k] bytes; cuts[0] = 0 always fits
  while (lo + 1 < hi) {
    const size_t mid = (lo + hi) / 2;
    if (width(text.substr(0, cuts[mid])) <= room) lo = mid;
    else hi = mid;
  }
  std::string out(text.substr(0, cuts.empty() ? 0 : cuts[lo]));
  while (!out.empty() && out.back() == ' ') out.pop_back();  // "Ward …" reads worse than "Ward…"
  if (room < 0) return {};
  return out + std::string(kEllipsis);
}

void Label(std::string_view t) { LabelImpl("label", t); }

void LabelMuted(std::string_view t) {
  ImGui::PushStyleColor(ImGuiCol_Text, color::kMuted);
  Label(t);
  ImGui::PopStyleColor();
}

void LabelWrapped(std::string_view t) { LabelWrappedAt("label", t); }

// A title wraps at the window's edge unless its caller set a column (a long screen title in portrait
// elder mode ran off the panel: "Escort a patient to an exami").
void Title(std::string_view t) {
  ImFont* f = ActiveFontManager() ? ActiveFontManager()->title() : nullptr;
  if (f) ImGui::PushFont(f);
  const bool wrap = ImGui::GetCurrentWindow()->DC.TextWrapPos < 0.0f;
  if (wrap) ImGui::PushTextWrapPos(0.0f);
  LabelImpl("title", t);
  if (wrap) ImGui::PopTextWrapPos();
  if (f) ImGui::PopFont();
}

bool BigButton(std::string_view label, const char* id, ImVec2 size, Tone tone, bool enabled, std::string_view spoken) {
  size.x = std::max(size.x, TargetPx());
  size.y = std::max(size.y, TargetPx());
  ImRect r;
  bool held;
  const bool pressed = PressArea(id, size, enabled, &r, &held);
  const ImGuiID item = ImGui::GetItemID();
  const ToneColors c = ColorsFor(tone, enabled);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float rounding = ImGui::GetStyle().FrameRounding;
  dl->AddRectFilled(r.Min, r.Max, held ? c.bg_active : c.bg, rounding);
  dl->AddRect(r.Min, r.Max, c.border, rounding, 0, held ? 3.0f : 1.5f);
  CenteredText("button.label", dl, r, label, c.text);
  return pressed && TapActs(item, spoken.empty() ? label : spoken);  // read aloud: the first tap reads, the second acts
}

namespace {
// A tile's words laid out for its width (see Tile).
struct TileWords {
  ImFont* title_font;
  float title_size, accent, icon_col, between;
  Laid title, subtitle;
  float Height() const { return title.extent.y + between + subtitle.extent.y + Em(0.6f); }
};
TileWords LayTile(std::string_view title, std::string_view subtitle, float width, char16_t icon, float scale = 1.0f) {
  ImFont* tf = ActiveFontManager() ? ActiveFontManager()->title() : nullptr;
  TileWords t{};
  t.title_font = tf ? tf : ImGui::GetFont();
  t.title_size = std::floor((tf ? tf->FontSize : ImGui::GetFontSize()) * scale);
  t.accent = Em(0.3f);  // the coloured bar at the tile's left edge: words start after it
  // The icon in a column of its own at the left, the words centred in what is left.
  t.icon_col = icon ? t.title_size + Em(1.2f) : 0.0f;
  t.between = subtitle.empty() ? 0.0f : Em(0.3f);
  const float wrap = width - t.accent - t.icon_col - Em(0.6f);
  t.title = Balanced(title, wrap, t.title_font, t.title_size);
  if (!subtitle.empty()) t.subtitle = Balanced(subtitle, wrap, ImGui::GetFont(), std::floor(ImGui::GetFontSize() * scale));
  return t;
}
}  // namespace

float TileHeight(std::string_view title, std::string_view subtitle, float width, float min_height, char16_t icon) {
  return std::max(min_height, LayTile(title, subtitle, width, icon).Height());
}

bool Tile(std::string_view title, std::string_view subtitle, const char* id, ImVec2 size, char16_t icon, bool grow) {
  // Title over subtitle as one block centred in the tile, each broken into lines of its width: a title
  // of two lines (large text, portrait) pushes the subtitle down instead of running over it, and the
  // tile grows to hold both (its subtitle used to be cut at the tile's bottom edge).
  // A tile that may not grow (a compact grid that must leave the rest of its form in sight) draws its
  // words smaller until they fit it instead.
  TileWords words = LayTile(title, subtitle, size.x, icon);
  for (float scale = 0.92f; !grow && words.Height() > size.y && scale > 0.5f; scale *= 0.92f)
    words = LayTile(title, subtitle, size.x, icon, scale);
  ImFont* title_font = words.title_font;
  const float title_size = words.title_size, accent = words.accent, icon_col = words.icon_col, between = words.between;
  const Laid& tl = words.title;
  const Laid& sl = words.subtitle;
  size.y = std::max(size.y, words.Height());
  ImRect r;
  bool held;
  const bool pressed = PressArea(id, size, true, &r, &held);
  const ImGuiID item = ImGui::GetItemID();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  const float rounding = Em(0.4f);
  dl->AddRectFilled(r.Min, r.Max, held ? ImGui::GetColorU32(ImGuiCol_ButtonActive) : IM_COL32_WHITE, rounding);
  dl->AddRectFilled(r.Min, ImVec2(r.Min.x + Em(0.3f), r.Max.y), color::kPrimary, rounding, ImDrawFlags_RoundCornersLeft);
  dl->AddRect(r.Min, r.Max, ImGui::GetColorU32(ImGuiCol_Border), rounding, 0, held ? 3.0f : 1.5f);
  ImRect text_r = r;
  text_r.Min.x += accent;
  if (icon) {
    const std::string glyph = icon::Utf8(icon);
    const ImVec2 gs = title_font->CalcTextSizeA(title_size, FLT_MAX, 0.0f, glyph.c_str());
    dl->AddText(title_font, title_size,
                ImVec2(r.Min.x + accent + (icon_col - gs.x) * 0.5f, r.Min.y + (r.GetHeight() - gs.y) * 0.5f),
                color::kPrimary, glyph.c_str());
    text_r.Min.x += icon_col;
  }
  const float y0 = text_r.Min.y + (text_r.GetHeight() - tl.extent.y - between - sl.extent.y) * 0.5f;
  Note(title);
  const ImRect title_r(ImVec2(text_r.Min.x, y0), ImVec2(text_r.Max.x, y0 + tl.extent.y));
  const ImVec2 ta = DrawCentered(dl, tl, title_r, ImGui::GetColorU32(ImGuiCol_Text), title_font);
  RecordText("tile.title", title, ta, ImVec2(ta.x + tl.extent.x, ta.y + tl.extent.y), ImGui::GetColorU32(ImGuiCol_Text),
             &tl.lines, r.Min, r.Max);
  if (!subtitle.empty()) {
    Note(subtitle);
    const ImRect sub_r(ImVec2(text_r.Min.x, title_r.Max.y + between), ImVec2(text_r.Max.x, title_r.Max.y + between + sl.extent.y));
    const ImVec2 sa = DrawCentered(dl, sl, sub_r, color::kMuted, ImGui::GetFont());
    RecordText("tile.subtitle", subtitle, sa, ImVec2(sa.x + sl.extent.x, sa.y + sl.extent.y), color::kMuted, &sl.lines, r.Min, r.Max);
  }
  return pressed && TapActs(item, std::string(title) + " " + std::string(subtitle));
}

void Banner(std::string_view text, ImU32 bg) {
  Note(text);
  const float w = ImGui::GetContentRegionAvail().x;
  const Laid l = LayoutIn(text, w - Em(1.0f));
  const ImVec2 p = ImGui::GetCursorScreenPos();
  const ImVec2 size(w, l.extent.y + Em(0.6f));
  ImDrawList* dl = ImGui::GetWindowDrawList();
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), bg, Em(0.2f));
  const std::string joined = JoinLines(l.lines);
  dl->AddText(ImGui::GetFont(), l.size, ImVec2(p.x + Em(0.5f), p.y + Em(0.3f)), ImGui::GetColorU32(ImGuiCol_Text), joined.data(),
              joined.data() + joined.size());
  RecordText("banner", text, p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(ImGuiCol_Text), &l.lines, p,
             ImVec2(p.x + size.x, p.y + size.y));
  ImGui::Dummy(size);
}

// The end of `text` that fits `max_px` after a leading "…" (a typed value longer than its field keeps
// its last characters and the caret in sight).
std::string ElideFront(std::string_view text, float max_px) {
  auto width = [](std::string_view t) { return ImGui::CalcTextSize(t.data(), t.data() + t.size()).x; };
  if (width(text) <= max_px) return std::string(text);
  static constexpr std::string_view kEllipsis = "\xE2\x80\xA6";
  size_t from = 0;
  while (from < text.size() && width(text.substr(from)) + width(kEllipsis) > max_px) {
    ++from;
    while (from < text.size() && (static_cast<unsigned char>(text[from]) & 0xC0) == 0x80) ++from;
  }
  return std::string(kEllipsis) + std::string(text.substr(from));
}

void TextField(std::string_view value, float width, std::string_view placeholder) {
  const bool hint = value.empty() && !placeholder.empty();
  Note(hint ? placeholder : value);
  const ImVec2 p = ImGui::GetCursorScreenPos();
  ImDrawList* dl = ImGui::GetWindowDrawList();
  // Typed text is followed by the caret; a placeholder is muted and follows the caret at the start,
  // as typing would replace it, so it cannot be mistaken for something already entered. A placeholder
  // longer than the field wraps and the field grows (it was cut inside a word: "below or u").
  const float room = width - Em(0.9f);
  const std::string shown_value = ElideFront(value, room);
  const float text_w = ImGui::CalcTextSize(shown_value.c_str()).x;
  const float caret_x = p.x + Em(0.45f) + text_w;
  const float text_x = hint ? caret_x + Em(0.25f) : p.x + Em(0.4f);
  Laid l;
  if (hint) {
    l = LayoutIn(placeholder, p.x + width - Em(0.4f) - text_x);
  } else {
    l.size = ImGui::GetFontSize();
    l.lines.lines.push_back(shown_value);
    l.extent = ImVec2(text_w, l.size);
  }
  const ImVec2 size(width, std::max(TargetPx() * 0.8f, l.extent.y + Em(0.6f)));
  dl->AddRectFilled(p, ImVec2(p.x + size.x, p.y + size.y), IM_COL32_WHITE, Em(0.2f));
  dl->AddRect(p, ImVec2(p.x + size.x, p.y + size.y), ImGui::GetColorU32(ImGuiCol_Border), Em(0.2f), 0, 2.0f);
  const float ty = p.y + (size.y - l.extent.y) * 0.5f;
  const ImU32 col = hint ? color::kMuted : ImGui::GetColorU32(ImGuiCol_Text);
  const std::string joined = JoinLines(l.lines);
  dl->AddText(ImGui::GetFont(), l.size, ImVec2(text_x, ty), col, joined.data(), joined.data() + joined.size());
  dl->AddLine(ImVec2(caret_x, ty), ImVec2(caret_x, ty + ImGui::GetFontSize()), color::kPrimary, 2.0f);
  RecordText(hint ? "field.placeholder" : "field", hint ? placeholder : value, p, ImVec2(p.x + size.x, p.y + size.y), col,
             &l.lines, p, ImVec2(p.x + size.x, p.y + size.y));
  ImGui::Dummy(size);
}

void FactTable(const char* id, const std::vector<std::pair<std::string, std::string>>& rows, float label_width) {
  if (rows.empty() || !ImGui::BeginTable(id, 2, ImGuiTableFlags_RowBg | ImGuiTableFlags_BordersInnerH)) return;
  // The label column is as wide as its longest label, at most `label_width` and at most 40% of the
  // width, so the values get the rest (a fixed 9 em column left "Asia/Shanghai" 4 em in portrait).
  float widest = 0.0f;
  for (const auto& row : rows) widest = std::max(widest, ImGui::CalcTextSize(row.first.c_str()).x);
  const float cell_pad = ImGui::GetStyle().CellPadding.x * 2.0f;
  label_width = std::min({label_width, widest + cell_pad, ImGui::GetContentRegionAvail().x * 0.4f});
  ImGui::TableSetupColumn("##k", ImGuiTableColumnFlags_WidthFixed, label_width);
  ImGui::TableSetupColumn("##v", ImGuiTableColumnFlags_WidthStretch);
  for (const auto& [label, value] : rows) {
    ImGui::TableNextRow();
    ImGui::TableNextColumn();
    ImGui::PushTextWrapPos(0.0f);
    LabelMuted(label);
    ImGui::PopTextWrapPos();
    ImGui::TableNextColumn();
    LabelWrapped(value);
  }
  ImGui::EndTable();
}

void TextWithClear(const std::string& field, const std::string& value, const std::string& placeholder,
                   const std::string& clear_label, const char* clear_id, Commands& out) {
  const float avail = ImGui::GetContentRegionAvail().x;
  const float clear_w = std::max(TargetPx() * 1.6f, ImGui::CalcTextSize(clear_label.c_str()).x + Em(1.6f));
  const float field_w = avail - clear_w - ImGui::GetStyle().ItemSpacing.x;
  TextField(value, field_w, placeholder);
  ImGui::SameLine();
  if (BigButton(clear_label, clear_id, ImVec2(clear_w, TargetPx()), Tone::kQuiet, !value.empty()))
    out.Push(cmd::SetField{field, ""});
}

void Keypad(const char* field, const std::string& value, size_t max_len, const KeypadLabels& labels,
            const std::vector<Command>& on_ok, Commands& out, float width) {
  ImGui::PushID(field);
  // The phone layout (3 columns, 4 rows) where four rows of touch targets fit the height left;
  // otherwise 4 or 6 columns with tighter gaps (elder mode on a landscape panel), so no key scrolls
  // out of sight. Keys never get smaller than a touch target.
  const ImVec2 style_gap = ImGui::GetStyle().ItemSpacing;
  const ImVec2 tight(std::min(style_gap.x, Em(0.25f)), std::min(style_gap.y, Em(0.25f)));
  const float avail_h = ImGui::GetContentRegionAvail().y;
  // A layout is taken only if it fits whole; if none does (the pad starts below the fold), the phone
  // layout stays and the page scrolls as before.
  int cols = 3;
  ImVec2 gap = style_gap;
  for (int c : {3, 4, 6}) {
    const ImVec2 g = c == 3 ? style_gap : tight;
    const int rows = 12 / c;
    if ((width - static_cast<float>(c - 1) * g.x) / static_cast<float>(c) < TargetPx()) break;  // too narrow
    if (static_cast<float>(rows) * TargetPx() + static_cast<float>(rows - 1) * g.y <= avail_h) {
      cols = c;
      gap = g;
      break;
    }
  }
  ImGui::PushStyleVar(ImGuiStyleVar_ItemSpacing, gap);
  const ImVec2 key((width - static_cast<float>(cols - 1) * gap.x) / static_cast<float>(cols), TargetPx());
  static constexpr std::array<const char*, 10> kDigits = {"1", "2", "3", "4", "5", "6", "7", "8", "9", "0"};
  int n = 0;
  auto next = [&] {
    if (n++ % cols) ImGui::SameLine();
  };
  auto digit = [&](const char* d) {
    next();
    if (BigButton(d, d, key)) {
      std::string v = value;
      if (AppendLimited(&v, d, max_len)) out.Push(cmd::SetField{field, v});
    }
  };
  // A narrow key shows the backspace sign instead of a word it would have to break ("Clea|r").
  const bool clear_fits = ImGui::CalcTextSize(labels.clear.c_str()).x + Em(0.6f) <= key.x;
  const std::string clear_label = clear_fits ? labels.clear : icon::Utf8(icon::kBackspace);
  auto clear = [&] {
    next();
    if (BigButton(clear_label, "clear", key, Tone::kQuiet, true, labels.clear)) {
      std::string v = value;
      Utf8PopBack(&v);
      out.Push(cmd::SetField{field, v});
    }
  };
  for (int i = 0; i < 9; ++i) digit(kDigits[static_cast<size_t>(i)]);
  // Phone order ends "clear 0 OK"; the wider layouts keep 0 after 9.
  if (cols == 3) {
    clear();
    digit("0");
  } else {
    digit("0");
    clear();
  }
  next();
  const bool ok_fits = ImGui::CalcTextSize(labels.ok.c_str()).x + Em(0.6f) <= key.x;
  if (BigButton(ok_fits ? labels.ok : icon::Utf8(icon::kCheckCircle), "ok", key, Tone::kPrimary, !value.empty(), labels.ok))
    for (const auto& c : on_ok) out.Push(c);
  ImGui::PopStyleVar();
  ImGui::PopID();
}

ConfirmChoice ConfirmBar(std::string_view confirm, std::string_view cancel, bool confirm_enabled) {
  const float gap = ImGui::GetStyle().ItemSpacing.x;
  const float w = (ImGui::GetContentRegionAvail().x - gap) / 2.0f;
  ConfirmChoice choice = ConfirmChoice::kNone;
  // Cancel on the left, confirm on the right: the same place on every screen.
  if (BigButton(cancel, "confirmbar.cancel", ImVec2(w, TargetPx()))) choice = ConfirmChoice::kCancel;
  ImGui::SameLine();
  if (BigButton(confirm, "confirmbar.confirm", ImVec2(w, TargetPx()), Tone::kPrimary, confirm_enabled))
    choice = ConfirmChoice::kConfirm;
  return choice;
}

void BeginScrollList(const char* id, ImVec2 size, bool border) {
  // BeginChild needs its EndChild whatever it returns (a skipped child still draws nothing).
  ImGui::BeginChild(id, size, border);
}

void EndScrollList() {
  ImGuiContext& g = *GImGui;
  ImGuiIO& io = g.IO;
  ImGuiWindow* w = g.CurrentWindow;
  // Only a press that started inside this list may scroll it.
  // Inner lists end first: once one has taken this frame's drag, the enclosing ones leave it alone.
  static int consumed_frame = -1;
  if (consumed_frame != ImGui::GetFrameCount() && io.MouseDown[0] && w->Rect().Contains(io.MouseClickedPos[0]) &&
      ImGui::IsMouseDragging(ImGuiMouseButton_Left, io.MouseDragThreshold)) {
    consumed_frame = ImGui::GetFrameCount();
    // Past the threshold this is a drag, not a tap: release whatever item the finger landed on so
    // the eventual release does not click it, and move the content with the finger.
    if (g.ActiveId != 0 && g.ActiveIdWindow == w) ImGui::ClearActiveID();
    if (g.ActiveId == 0) ImGui::SetScrollY(w, w->Scroll.y - io.MouseDelta.y);
  }
  ImGui::EndChild();
}

}  // namespace onestop::ui
