// Fonts: finds the CJK face for the session's language through fontconfig (Noto Sans CJK SC for
// zh-Hans and English, TC for zh-Hant, WQY Micro Hei as the small fallback) and bakes an atlas with
// only the glyphs in use (catalogs + data seen so far), never the whole CJK range.
// Icons (ui/icons.h) are merged in from Material Icons (fonts-material-design-icons-iconfont).
// It builds the CPU atlas only; the host re-uploads the GPU texture after a rebuild.
#pragma once
#include <set>
#include <string>
#include <string_view>
#include <utility>

#include "kiosk/core/i18n.h"
#include "kiosk/core/result.h"
#include "ui/theme.h"

struct ImFont;
struct ImFontAtlas;

namespace onestop::ui {

struct FontFace {
  std::string file;
  int index = 0;       // face in a .ttc collection (Noto CJK: 2 = SC, 3 = TC)
  std::string family;
};

// fontconfig lookup for a language; `override_file` (config ui.font_file) wins when set.
Result<FontFace> FindFontFace(Lang lang, const std::string& override_file = {});
// The Material Icons face, or an error naming the package to install (icons are then left out:
// every icon sits beside words, so the UI stays usable).
Result<FontFace> FindIconFace();

class FontManager {
 public:
  FontManager(float body_px, std::string override_file) : body_px_(body_px), override_(std::move(override_file)) {}

  // Registers every code point of `text`; a new one makes NeedsRebuild() true.
  void AddText(std::string_view text);
  // Called by the text widgets each time they draw: queues glyphs the atlas lacks (data that
  // arrived after start-up, e.g. a new dish name), so they appear one frame later, not as '?'.
  void NoteDrawn(std::string_view text);
  // Code points drawn (NoteDrawn) while absent from the atlas since the last call: each was shown
  // as "?" for at least a frame. Tests use it to prove text was baked before it was shown.
  std::set<char32_t> TakeDrawnMissing() { return std::exchange(drawn_missing_, {}); }
  void SetLang(Lang lang);
  // Elder mode changes the body size for a session: the next Rebuild bakes at `px`.
  void SetBodyPx(float px);
  float body_px() const { return body_px_; }
  bool NeedsRebuild() const { return dirty_; }
  // Clears `atlas` and bakes body + title fonts for the current language. CPU only.
  Status Rebuild(ImFontAtlas* atlas);

  ImFont* body() const { return body_; }
  ImFont* title() const { return title_; }
  const FontFace& face() const { return face_; }
  bool has_icons() const { return icons_baked_; }

 private:
  float body_px_;
  std::string override_;
  Lang lang_ = Lang::kZhHans;
  bool dirty_ = true;
  bool have_face_for_lang_ = false;
  std::set<char32_t> codepoints_;
  std::set<char32_t> drawn_missing_;
  FontFace face_;
  bool icons_baked_ = false;
  ImFont* body_ = nullptr;
  ImFont* title_ = nullptr;
};

// The session's look, applied between frames: elder mode's metrics and palette (ElderMetrics of
// `base`) or the terminal's own `base`, and the body font size to match (baked on the next Rebuild).
// Returns whether anything changed.
bool ApplySessionLook(const Metrics& base, bool elder, FontManager& fonts);

// The FontManager widgets report drawn text to (one UI thread; set by whoever owns the context).
void SetActiveFontManager(FontManager* fm);
FontManager* ActiveFontManager();

}  // namespace onestop::ui
