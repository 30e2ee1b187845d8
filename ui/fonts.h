// Fonts: finds the CJK face for the session's language through fontconfig (Noto Sans CJK SC for
// zh-Hans and English, TC for zh-Hant, WQY Micro Hei as the small fallback) and bakes an atlas with
// only the glyphs in use (catalogs + data seen so far), never the whole CJK range.
// It builds the CPU atlas only; the host re-uploads the GPU texture after a rebuild.
#pragma once
#include <set>
#include <string>
#include <string_view>

#include "kiosk/core/i18n.h"
#include "kiosk/core/result.h"

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

class FontManager {
 public:
  FontManager(float body_px, std::string override_file) : body_px_(body_px), override_(std::move(override_file)) {}

  // Registers every code point of `text`; a new one makes NeedsRebuild() true.
  void AddText(std::string_view text);
  // Called by the text widgets each time they draw: queues glyphs the atlas lacks (data that
  // arrived after start-up, e.g. a new dish name), so they appear one frame later, not as '?'.
  void NoteDrawn(std::string_view text);
  void SetLang(Lang lang);
  bool NeedsRebuild() const { return dirty_; }
  // Clears `atlas` and bakes body + title fonts for the current language. CPU only.
  Status Rebuild(ImFontAtlas* atlas);

  ImFont* body() const { return body_; }
  ImFont* title() const { return title_; }
  const FontFace& face() const { return face_; }

 private:
  float body_px_;
  std::string override_;
  Lang lang_ = Lang::kZhHans;
  bool dirty_ = true;
  bool have_face_for_lang_ = false;
  std::set<char32_t> codepoints_;
  FontFace face_;
  ImFont* body_ = nullptr;
  ImFont* title_ = nullptr;
};

// The FontManager widgets report drawn text to (one UI thread; set by whoever owns the context).
void SetActiveFontManager(FontManager* fm);
FontManager* ActiveFontManager();

}  // namespace onestop::ui
