// One scale source for the whole UI (DESIGN §2): every size is a multiple of the body font size
// (Em), and the body font size follows from the panel's DPI and the smallest touch target in mm.
// Never use io.FontGlobalScale; never hard-code pixel sizes in screens.
#pragma once

namespace onestop::ui {

// A touch target is kTargetEm body-font heights tall: so the font size fixes the target size.
inline constexpr float kTargetEm = 2.75f;

struct Metrics {
  float font_px = 32.0f;    // body font size in pixels
  float target_px = 88.0f;  // smallest touch target edge
  float px_per_mm = 149.0f / 25.4f;  // the panel's density, kept so elder mode can be derived from it
  bool high_contrast = false;        // elder mode's palette (black on white, dark borders)
  bool operator==(const Metrics&) const = default;
};

// panel_dpi: pixels per inch; min_target_mm: smallest target edge; large: the x1.3 text size step.
Metrics ComputeMetrics(float panel_dpi, float min_target_mm, bool large);

// Elder mode (issue 16): touch targets at least kElderTargetMm and a Latin cap height of at least
// kElderCapMm on this panel, in the high-contrast palette. Never smaller than `base`.
inline constexpr float kElderTargetMm = 16.0f;
inline constexpr float kElderCapMm = 4.8f;
// Cap height ('H') as a share of ImGui's font size (which is ascent - descent, not the em): Noto Sans
// CJK 733 / 1448 = 0.506, WQY Micro Hei ~0.55. The lower one, so the cap height is met on either
// face; the glyph test measures the baked 'H'.
inline constexpr float kCapHeightPerFontPx = 0.5f;
// In elder mode the target follows the millimetres, not kTargetEm: 2.75 em of a 56 px font would be
// 26 mm buttons and half the screens would no longer fit.
inline constexpr float kElderTargetEm = 1.7f;
Metrics ElderMetrics(const Metrics& base);

// Current metrics (set once at start-up by the host; tests set their own).
void SetMetrics(const Metrics& m);
const Metrics& CurrentMetrics();
inline float Em(float n) { return n * CurrentMetrics().font_px; }
inline float TargetPx() { return CurrentMetrics().target_px; }

// Light theme (or the high-contrast one when the metrics ask for it); hover colours equal the idle
// colours so a lifted finger does not leave a "stuck" highlighted button (imgui #1470, #2074).
// Scales style sizes from the metrics. Borders of secondary buttons and fields keep 3:1 against
// every background they sit on (WCAG 1.4.11).
void ApplyTheme();

// WCAG 2.x contrast ratio of two opaque colours (packed ImU32), 1..21.
float ContrastRatio(unsigned a, unsigned b);

// Colours used by widgets beyond ImGui's own (packed ImU32, ABGR).
namespace color {
inline constexpr unsigned kPrimary = 0xFFC06515;     // #1565C0
inline constexpr unsigned kOnPrimary = 0xFFFFFFFF;
inline constexpr unsigned kOk = 0xFF327D2E;          // #2E7D32
inline constexpr unsigned kWarn = 0xFF0051E6;        // #E65100
inline constexpr unsigned kDanger = 0xFF1C28C6;      // #C62828
inline constexpr unsigned kBanner = 0xFF9AE6FF;      // #FFE69A
inline constexpr unsigned kMuted = 0xFF5A5A5A;      // secondary words (7:1 on white)
inline constexpr unsigned kStatusBar = 0xFF3A2A1A;   // #1A2A3A
}  // namespace color

}  // namespace onestop::ui
