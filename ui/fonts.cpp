// fontconfig face lookup and glyph-range atlas building for ImGui 1.86 (16-bit ImWchar: code points
// above U+FFFF cannot be baked and are shown as the fallback glyph).
#include "ui/fonts.h"

#include <fontconfig/fontconfig.h>
#include <imgui.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <vector>

#include "kiosk/core/text_edit.h"

namespace onestop::ui {
namespace {
FontManager* g_active = nullptr;

// Asks fontconfig for `name` with `lang`; accepts the match only if it really covers CJK
// (fontconfig happily answers DejaVu when no CJK font is installed).
bool Match(const char* name, const char* lang, FontFace* out) {
  FcConfig* cfg = FcInitLoadConfigAndFonts();
  if (!cfg) return false;
  FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>(name));
  FcPatternAddString(pat, FC_LANG, reinterpret_cast<const FcChar8*>(lang));
  FcConfigSubstitute(cfg, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult result;
  FcPattern* m = FcFontMatch(cfg, pat, &result);
  bool ok = false;
  if (m) {
    FcChar8* file = nullptr;
    FcChar8* family = nullptr;
    int index = 0;
    FcCharSet* cs = nullptr;
    if (FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetCharSet(m, FC_CHARSET, 0, &cs) == FcResultMatch &&
        FcCharSetHasChar(cs, 0x81B3) /* meal */ && FcCharSetHasChar(cs, 0x9EDE) /* traditional 'point' */ &&
        FcCharSetHasChar(cs, 'A')) {
      FcPatternGetInteger(m, FC_INDEX, 0, &index);
      FcPatternGetString(m, FC_FAMILY, 0, &family);
      out->file = reinterpret_cast<const char*>(file);
      out->index = index;
      out->family = family ? reinterpret_cast<const char*>(family) : "";
      ok = true;
    }
    FcPatternDestroy(m);
  }
  FcPatternDestroy(pat);
  FcConfigDestroy(cfg);
  return ok;
}
}  // namespace

Result<FontFace> FindFontFace(Lang lang, const std::string& override_file) {
  FontFace f;
  if (!override_file.empty()) {
    f.file = override_file;
    f.family = override_file;
    return f;
  }
  const bool hant = lang == Lang::kZhHant;
  // Han unification: the same code point has SC and TC glyph shapes; pick the face by language.
  if (Match(hant ? "Noto Sans CJK TC" : "Noto Sans CJK SC", hant ? "zh-tw" : "zh-cn", &f) &&
      f.family.find("CJK") != std::string::npos)
    return f;
  if (Match("WenQuanYi Micro Hei", "zh-cn", &f)) return f;
  if (Match("sans-serif", hant ? "zh-tw" : "zh-cn", &f)) return f;
  return Error{"env.no_cjk_font",
               "no font with Chinese glyphs found: install fonts-noto-cjk (or fonts-wqy-microhei), "
               "or set ui.font_file"};
}

void FontManager::AddText(std::string_view text) {
  for (char32_t cp : Utf8Decode(text)) {
    if (cp > 0xFFFF) cp = 0xFFFD;  // 16-bit ImWchar in Debian's build
    if (codepoints_.insert(cp).second) dirty_ = true;
  }
}

void FontManager::NoteDrawn(std::string_view text) {
  if (!body_) return;
  for (char32_t cp : Utf8Decode(text)) {
    if (cp > 0xFFFF || cp < 0x20) continue;
    if (!body_->FindGlyphNoFallback(static_cast<ImWchar>(cp)) && codepoints_.insert(cp).second) dirty_ = true;
  }
}

void FontManager::SetLang(Lang lang) {
  if (lang == lang_ && have_face_for_lang_) return;
  // SC and English share a face; only a switch to or from zh-Hant changes it.
  const bool face_changes = (lang == Lang::kZhHant) != (lang_ == Lang::kZhHant) || !have_face_for_lang_;
  lang_ = lang;
  if (face_changes) {
    have_face_for_lang_ = false;
    dirty_ = true;
  }
}

Status FontManager::Rebuild(ImFontAtlas* atlas) {
  if (!have_face_for_lang_) {
    auto f = FindFontFace(lang_, override_);
    if (!f) return f.error();
    face_ = f.value();
    have_face_for_lang_ = true;
  }
  // Printable ASCII and the replacement/ellipsis glyphs are always present.
  for (char32_t c = 0x20; c < 0x7F; ++c) codepoints_.insert(c);
  codepoints_.insert(0xFFFD);
  codepoints_.insert(0x2026);

  ImFontGlyphRangesBuilder builder;
  for (char32_t cp : codepoints_) builder.AddChar(static_cast<ImWchar>(cp));
  ImVector<ImWchar> ranges;
  builder.BuildRanges(&ranges);

  atlas->Clear();
  ImFontConfig cfg;
  cfg.FontNo = face_.index;
  cfg.OversampleH = 1;  // CJK at 32 px needs no oversampling; 3x would triple the atlas
  cfg.OversampleV = 1;
  cfg.PixelSnapH = true;
  body_ = atlas->AddFontFromFileTTF(face_.file.c_str(), body_px_, &cfg, ranges.Data);
  title_ = body_ ? atlas->AddFontFromFileTTF(face_.file.c_str(), std::floor(body_px_ * 1.4f), &cfg, ranges.Data) : nullptr;
  if (!body_ || !title_) return Error{"env.font_load", "cannot load font " + face_.file};
  // ranges must stay alive until the atlas is built: build now, while they are in scope.
  if (!atlas->Build()) return Error{"env.font_atlas", "font atlas build failed (too many glyphs?)"};
  dirty_ = false;
  spdlog::debug("font atlas: {} glyphs, {}x{}, face {} #{}", codepoints_.size(), atlas->TexWidth,
                atlas->TexHeight, face_.file, face_.index);
  return Ok{};
}

void SetActiveFontManager(FontManager* fm) { g_active = fm; }
FontManager* ActiveFontManager() { return g_active; }

}  // namespace onestop::ui
