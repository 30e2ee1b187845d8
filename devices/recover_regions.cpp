// Candidate symbol regions for the recovery pipeline (recover_ops.h): where in a frame a QR, Data
// Matrix or Code 128 may be, from the gradient texture of 8x8 blocks. Pure image analysis: it calls
// no decoder and allocates only per-block maps (1/64 of the frame), so it may run on any frame the
// worker accepts. It must not assume a symbol size, place or angle: real camera frames vary.
#include <algorithm>
#include <cmath>

#include "devices/recover_ops.h"

namespace onestop::devices::rec {
namespace {

constexpr int B = 8;  // block side (px)

struct Blocks {
  int bw = 0, bh = 0;
  std::vector<float> energy;  // mean |gx| + |gy|, scaled by the local contrast gain when asked
  std::vector<float> raw;     // the same, unscaled: compared with the frame's noise level
  std::vector<float> jxx, jyy, jxy;  // structure tensor sums
  std::size_t size() const { return energy.size(); }
};

// Per 32x32 cell, the gain Normalize would apply (230 levels over the local ink-paper range,
// floored at 40), so block energies can be compared across shadows and faded print.
std::vector<float> ContrastGain(View v, int& cw) {
  const int CB = 32, ch = (v.h + CB - 1) / CB;
  cw = (v.w + CB - 1) / CB;
  std::vector<std::uint8_t> mn(static_cast<std::size_t>(cw) * ch, 255), mx(mn.size(), 0);
  for (int y = 0; y < v.h; y += 2) {
    const std::uint8_t* row = v.p + static_cast<std::size_t>(y) * v.w;
    const std::size_t b0 = static_cast<std::size_t>(y / CB) * cw;
    for (int x = 0; x < v.w; x += 2) {
      const std::size_t bi = b0 + static_cast<std::size_t>(x / CB);
      mn[bi] = std::min(mn[bi], row[x]);
      mx[bi] = std::max(mx[bi], row[x]);
    }
  }
  std::vector<float> gain(mn.size());
  for (int by = 0; by < ch; ++by)
    for (int bx = 0; bx < cw; ++bx) {
      int lo = 255, hi = 0;
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const std::size_t j = static_cast<std::size_t>(std::clamp(by + dy, 0, ch - 1)) * cw +
                                static_cast<std::size_t>(std::clamp(bx + dx, 0, cw - 1));
          lo = std::min<int>(lo, mn[j]);
          hi = std::max<int>(hi, mx[j]);
        }
      gain[static_cast<std::size_t>(by) * cw + bx] = 230.0f / static_cast<float>(std::max(hi - lo, 40));
    }
  return gain;
}

Blocks Measure(View v, bool scale_by_contrast) {
  Blocks m;
  m.bw = v.w / B, m.bh = v.h / B;
  int cw = 0;
  const std::vector<float> gain = scale_by_contrast ? ContrastGain(v, cw) : std::vector<float>{};
  const std::size_t n = static_cast<std::size_t>(m.bw) * m.bh;
  m.energy.resize(n), m.raw.resize(n), m.jxx.resize(n), m.jyy.resize(n), m.jxy.resize(n);
  for (int by = 0; by < m.bh; ++by)
    for (int bx = 0; bx < m.bw; ++bx) {
      float e = 0, a = 0, b = 0, c = 0;
      // Every other pixel of every other row: a quarter of the work, the same block statistics.
      for (int y = by * B + 1; y < by * B + B; y += 2) {
        if (y >= v.h - 1) continue;
        const std::uint8_t* row = v.p + static_cast<std::size_t>(y) * v.w;
        for (int x = bx * B + 1; x < bx * B + B; x += 2) {
          if (x >= v.w - 1) continue;
          const float gx = static_cast<float>(row[x + 1] - row[x - 1]);
          const float gy = static_cast<float>(row[x + v.w] - row[x - v.w]);
          e += std::abs(gx) + std::abs(gy);
          a += gx * gx;
          b += gy * gy;
          c += gx * gy;
        }
      }
      const std::size_t i = static_cast<std::size_t>(by) * m.bw + bx;
      m.raw[i] = m.energy[i] = e / (B * B / 4);
      if (scale_by_contrast) m.energy[i] *= gain[static_cast<std::size_t>(by * B / 32) * cw + static_cast<std::size_t>(bx * B / 32)];
      m.jxx[i] = a, m.jyy[i] = b, m.jxy[i] = c;
    }
  return m;
}

// The texture of the frame's flat parts: the lower quartile of the block energies (most of any
// camera frame is wall, desk or label paper, whatever the clutter). Sensor noise sets it.
float NoiseLevel(const std::vector<float>& raw) {
  std::vector<float> v = raw;
  auto q = v.begin() + static_cast<std::ptrdiff_t>(v.size() / 4);
  std::nth_element(v.begin(), q, v.end());
  return *q;
}

// 3x3 dilation of a block mask.
std::vector<std::uint8_t> Dilate(const std::vector<std::uint8_t>& m, int bw, int bh) {
  std::vector<std::uint8_t> out(m.size());
  for (int by = 0; by < bh; ++by)
    for (int bx = 0; bx < bw; ++bx) {
      bool any = false;
      for (int dy = -1; dy <= 1 && !any; ++dy)
        for (int dx = -1; dx <= 1 && !any; ++dx) {
          const int yy = by + dy, xx = bx + dx;
          any = yy >= 0 && xx >= 0 && yy < bh && xx < bw && m[static_cast<std::size_t>(yy) * bw + xx];
        }
      out[static_cast<std::size_t>(by) * bw + bx] = any;
    }
  return out;
}

// Erosion by a cross (a block stays when its four neighbours are busy too): removes text lines,
// rules and thin stripes (1-2 blocks across) that touch a symbol and would merge into its region.
std::vector<std::uint8_t> ErodeCross(const std::vector<std::uint8_t>& m, int bw, int bh) {
  std::vector<std::uint8_t> out(m.size());
  auto at = [&](int x, int y) { return x >= 0 && y >= 0 && x < bw && y < bh && m[static_cast<std::size_t>(y) * bw + x]; };
  for (int by = 0; by < bh; ++by)
    for (int bx = 0; bx < bw; ++bx)
      out[static_cast<std::size_t>(by) * bw + bx] = at(bx, by) && at(bx - 1, by) && at(bx + 1, by) && at(bx, by - 1) && at(bx, by + 1);
  return out;
}

struct Limits {
  bool tilt_tolerant;  // a symbol at 45° fills only a quarter of its box and may span the frame's height
};

// 8-connected components of `mask`; statistics over the `busy` blocks inside each. A symbol is at
// least ~20 px and not the whole frame; its busy blocks fill much of its box (an outline of a big
// box or a long line does not).
void Components(const Blocks& m, const std::vector<std::uint8_t>& mask, const std::vector<std::uint8_t>& busy, View v,
                const Limits& lim, std::vector<Region>& out) {
  const int bw = m.bw, bh = m.bh;
  std::vector<std::uint8_t> seen(mask.size(), 0);
  std::vector<int> stack, cells;
  for (int start = 0; start < bw * bh; ++start) {
    if (!mask[static_cast<std::size_t>(start)] || seen[static_cast<std::size_t>(start)]) continue;
    int x0 = bw, y0 = bh, x1 = 0, y1 = 0, busy_cells = 0;
    cells.clear();
    double e = 0, a = 0, b = 0, c = 0;
    stack.assign(1, start);
    seen[static_cast<std::size_t>(start)] = 1;
    while (!stack.empty()) {
      const int i = stack.back();
      stack.pop_back();
      const int bx = i % bw, by = i / bw;
      x0 = std::min(x0, bx), x1 = std::max(x1, bx), y0 = std::min(y0, by), y1 = std::max(y1, by);
      const auto k = static_cast<std::size_t>(i);
      if (busy[k]) ++busy_cells, e += m.energy[k], a += m.jxx[k], b += m.jyy[k], c += m.jxy[k], cells.push_back(i);
      for (int dy = -1; dy <= 1; ++dy)
        for (int dx = -1; dx <= 1; ++dx) {
          const int xx = bx + dx, yy = by + dy;
          if (xx < 0 || yy < 0 || xx >= bw || yy >= bh) continue;
          const auto j = static_cast<std::size_t>(yy * bw + xx);
          if (mask[j] && !seen[j]) seen[j] = 1, stack.push_back(static_cast<int>(j));
        }
    }
    const int gw = x1 - x0 + 1, gh = y1 - y0 + 1;
    if (busy_cells < 4) continue;
    if (lim.tilt_tolerant) {
      if ((gw * B > v.w * 9 / 10 && gh * B > v.h * 9 / 10) || busy_cells * 3 > bw * bh) continue;
      if (busy_cells * 5 < gw * gh) continue;
    } else {
      if (gw * B > v.w * 4 / 5 || gh * B > v.h * 4 / 5) continue;
      if (busy_cells < gw * gh / 4) continue;
    }
    Region r;
    r.x = x0 * B, r.y = y0 * B, r.w = gw * B, r.h = gh * B;
    r.angle = 0.5 * std::atan2(2 * c, a - b);
    r.coherence = (a + b) > 0 ? std::sqrt((a - b) * (a - b) + 4 * c * c) / (a + b) : 0;
    // Ranking: the total gradient energy (the first version), except for 2D-like candidates in the
    // second version: dense texture first (mean energy x fill), so a compact symbol beats a large
    // sparse merge of clutter. Bar-like ones keep the total: a real barcode is longer than the
    // stripe patches of packaging and print.
    r.score = lim.tilt_tolerant && !Linearish(r) ? e / busy_cells * std::sqrt(static_cast<double>(busy_cells) / (gw * gh)) : e;
    if (lim.tilt_tolerant) {  // the oriented box: busy block centres projected on the axes
      const double ca = std::cos(r.angle), sa = std::sin(r.angle);
      double u0 = 1e9, u1 = -1e9, w0 = 1e9, w1 = -1e9;
      for (const int i : cells) {
        const double px = (i % bw) * B + B / 2.0, py = (i / bw) * B + B / 2.0;
        const double u = px * ca + py * sa, w = -px * sa + py * ca;
        u0 = std::min(u0, u), u1 = std::max(u1, u), w0 = std::min(w0, w), w1 = std::max(w1, w);
      }
      const double uc = (u0 + u1) / 2, wc = (w0 + w1) / 2;
      r.ocx = uc * ca - wc * sa, r.ocy = uc * sa + wc * ca;
      r.olen = u1 - u0 + B, r.owid = w1 - w0 + B;
    }
    out.push_back(r);
  }
}

bool SameBox(const Region& a, const Region& b) {
  const int ix = std::min(a.x + a.w, b.x + b.w) - std::max(a.x, b.x), iy = std::min(a.y + a.h, b.y + b.h) - std::max(a.y, b.y);
  if (ix <= 0 || iy <= 0) return false;
  const double inter = static_cast<double>(ix) * iy, uni = static_cast<double>(a.w) * a.h + static_cast<double>(b.w) * b.h - inter;
  return inter > 0.7 * uni;
}

}  // namespace

// Candidate regions: 8x8 blocks with strong mean gradient, joined (8-connected, one block of
// closing) into components; kept when dense enough and of symbol size, best first. The structure
// tensor of each component gives its orientation and how bar-like it is. With `split` (the second
// version, RecoveryStage kStageRegions): a block must also stand out of the frame's own noise (a
// faded label on a noisy sensor otherwise turns the whole frame "busy"), symbols may be tilted to
// 45° and span the frame, the components of the opened mask and of the isotropic blocks are
// candidates too, and 2D-like and bar-like candidates share the list.
std::vector<Region> Candidates(View v, std::size_t max_regions, bool scale_by_contrast, bool split) {
  if (v.w / B < 3 || v.h / B < 3) return {};
  const Blocks m = Measure(v, scale_by_contrast);
  const float noise_gate = split ? std::max(6.0f, 2.5f * NoiseLevel(m.raw)) : 0.0f;
  std::vector<std::uint8_t> busy(m.size());
  for (std::size_t i = 0; i < m.size(); ++i) busy[i] = m.energy[i] > 28.0f && m.raw[i] > noise_gate;
  std::vector<Region> out;
  Components(m, Dilate(busy, m.bw, m.bh), busy, v, {split}, out);
  if (!split) {
    std::sort(out.begin(), out.end(), [](const Region& l, const Region& r) { return l.score > r.score; });
    if (out.size() > max_regions) out.resize(max_regions);
    return out;
  }
  // Also: the opened mask (text lines and thin stripes cut off), and the isotropic blocks alone
  // (gradients in every direction, as in a 2D symbol, not bars): a Data Matrix beside a barcode-like
  // stripe patch or a text line becomes a region of its own.
  std::vector<std::uint8_t> iso(m.size());
  for (std::size_t i = 0; i < m.size(); ++i) {
    const double a = m.jxx[i], b = m.jyy[i], c = m.jxy[i];
    iso[i] = busy[i] && (a + b) > 0 && std::sqrt((a - b) * (a - b) + 4 * c * c) < 0.6 * (a + b);
  }
  std::vector<Region> more;
  Components(m, Dilate(ErodeCross(busy, m.bw, m.bh), m.bw, m.bh), busy, v, {true}, more);
  Components(m, Dilate(iso, m.bw, m.bh), iso, v, {true}, more);
  for (const auto& r : more)
    if (std::none_of(out.begin(), out.end(), [&](const Region& o) { return SameBox(o, r); })) out.push_back(r);
  // Best first within each kind, then taken in turn: a frame full of bar-like clutter must not
  // push every 2D candidate off the list, nor text every linear one.
  std::vector<Region> twod, lin;
  for (const auto& r : out) (Linearish(r) ? lin : twod).push_back(r);
  auto by_score = [](const Region& l, const Region& r) { return l.score > r.score; };
  std::sort(twod.begin(), twod.end(), by_score);
  std::sort(lin.begin(), lin.end(), by_score);
  out.clear();
  for (std::size_t i = 0; out.size() < max_regions && (i < twod.size() || i < lin.size()); ++i) {
    if (i < twod.size()) out.push_back(twod[i]);
    if (i < lin.size() && out.size() < max_regions) out.push_back(lin[i]);
  }
  return out;
}

}  // namespace onestop::devices::rec
