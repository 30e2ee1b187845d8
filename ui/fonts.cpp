// fontconfig face lookup and glyph-range atlas building for ImGui 1.86 (16-bit ImWchar: code points
// above U+FFFF cannot be baked and are shown as the fallback glyph).
#include "ui/fonts.h"

#include <fontconfig/fontconfig.h>
#include <imgui.h>
#include <spdlog/spdlog.h>

#include <cmath>
#include <utility>
#include <vector>

#include "kiosk/core/text_edit.h"
#include "ui/icons.h"

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

Result<FontFace> FindIconFace() {
  FontFace f;
  FcConfig* cfg = FcInitLoadConfigAndFonts();
  if (!cfg) return Error{"env.no_icon_font", "fontconfig failed to start"};
  FcPattern* pat = FcNameParse(reinterpret_cast<const FcChar8*>("Material Icons"));
  FcConfigSubstitute(cfg, pat, FcMatchPattern);
  FcDefaultSubstitute(pat);
  FcResult result;
  FcPattern* m = FcFontMatch(cfg, pat, &result);
  bool ok = false;
  if (m) {
    FcChar8* file = nullptr;
    FcCharSet* cs = nullptr;
    // fontconfig answers some font for any name: accept it only if it has the icons we draw, and
    // only a TrueType file (the package also ships .woff/.woff2, which stb_truetype cannot read).
    if (FcPatternGetString(m, FC_FILE, 0, &file) == FcResultMatch &&
        FcPatternGetCharSet(m, FC_CHARSET, 0, &cs) == FcResultMatch) {
      f.file = reinterpret_cast<const char*>(file);
      ok = f.file.size() > 4 && f.file.compare(f.file.size() - 4, 4, ".ttf") == 0;
      for (char16_t cp : icon::kAll) ok = ok && FcCharSetHasChar(cs, cp);
      f.family = "Material Icons";
    }
    FcPatternDestroy(m);
  }
  FcPatternDestroy(pat);
  FcConfigDestroy(cfg);
  if (!ok)
    return Error{"env.no_icon_font", "no Material Icons font: install fonts-material-design-icons-iconfont"};
  return f;
}

void FontManager::SetBodyPx(float px) {
  if (px == body_px_) return;
  body_px_ = px;
  dirty_ = true;
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
    if (body_->FindGlyphNoFallback(static_cast<ImWchar>(cp))) continue;
    drawn_missing_.insert(cp);
    if (codepoints_.insert(cp).second) dirty_ = true;
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
  const float title_px = std::floor(body_px_ * 1.4f);
  body_ = atlas->AddFontFromFileTTF(face_.file.c_str(), body_px_, &cfg, ranges.Data);
  title_ = body_ ? atlas->AddFontFromFileTTF(face_.file.c_str(), title_px, &cfg, ranges.Data) : nullptr;
  if (!body_ || !title_) return Error{"env.font_load", "cannot load font " + face_.file};
  // Icons join both fonts (MergeMode): a label can hold an icon and words in one string.
  static ImVector<ImWchar> icon_ranges;
  if (icon_ranges.empty()) {
    ImFontGlyphRangesBuilder ib;
    for (char16_t cp : icon::kAll) ib.AddChar(static_cast<ImWchar>(cp));
    ib.BuildRanges(&icon_ranges);
  }
  static const Result<FontFace> icon_face = FindIconFace();
  icons_baked_ = false;
  if (icon_face) {
    for (auto [f, px] : {std::pair{body_, body_px_}, std::pair{title_, title_px}}) {
      ImFontConfig ic;
      ic.MergeMode = true;
      ic.DstFont = f;
      ic.OversampleH = ic.OversampleV = 1;
      ic.PixelSnapH = true;
      // Material's whole line box is above its baseline (descent 0) while the text's baseline sits at
      // ~0.8 of the line: moved down, the icon shares the text's line box instead of poking above it.
      ic.GlyphOffset = ImVec2(0, px * 0.2f);
      ic.GlyphMinAdvanceX = px;
      icons_baked_ = atlas->AddFontFromFileTTF(icon_face.value().file.c_str(), px, &ic, icon_ranges.Data) != nullptr;
    }
  } else {
    static const bool warned = [] {
      spdlog::warn("{}", icon_face.error().message);
      return true;
    }();
    (void)warned;
  }
  // ranges must stay alive until the atlas is built: build now, while they are in scope.
  if (!atlas->Build()) return Error{"env.font_atlas", "font atlas build failed (too many glyphs?)"};
  dirty_ = false;
  spdlog::debug("font atlas: {} glyphs, {}x{}, face {} #{}", codepoints_.size(), atlas->TexWidth,
                atlas->TexHeight, face_.file, face_.index);
  return Ok{};
}

bool ApplySessionLook(const Metrics& base, bool elder, FontManager& fonts) {
  const Metrics want = elder ? ElderMetrics(base) : base;
  if (want == CurrentMetrics() && fonts.body_px() == want.font_px) return false;
  SetMetrics(want);
  ApplyTheme();
  fonts.SetBodyPx(want.font_px);
  return true;
}

void SetActiveFontManager(FontManager* fm) { g_active = fm; }
FontManager* ActiveFontManager() { return g_active; }

}  // namespace onestop::ui
