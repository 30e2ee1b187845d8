// See zinnia_order.h. The features are zinnia 0.06's (Features::read): each stroke is split
// recursively at its farthest point into a binary tree of segments; every segment, and every pen move
// between strokes, gives 12 numbers (length, angle, end points...) at an index fixed by stroke
// position and tree node. A character's score is bias + weights . features, so it splits into a sum
// over (position, stroke) and (position, previous stroke, stroke) terms: each term is computed once
// and every order is scored by adding n of them, not by classifying again.
#include "devices/input/zinnia_order.h"

#include <fcntl.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <unistd.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <map>
#include <set>
#include <tuple>

namespace onestop::input {
namespace {

constexpr int32_t kMoveBase = 100000, kCountBase = 2000000, kStride = 1000, kSegStride = 20;
constexpr size_t kBasic = 13;  // a segment's features sit at offsets 1..12
// zinnia uses tree nodes 0..50, but node 50's features (offset 1000..1012) land on the next stroke's
// node 0: a collision inside zinnia. Nodes from 50 on are dropped (they need 5 levels of splits).
constexpr size_t kMaxTreeNode = 50;
constexpr size_t kMaxReorderStrokes = 24;

struct NodeF {
  float x, y;
};

// Features::getVertex: the segment tree of one stroke, as (first, last) node indices by tree id.
void Split(const std::vector<NodeF>& nd, size_t f, size_t l, size_t id, std::vector<std::pair<int, int>>& out) {
  if (id >= kMaxTreeNode) return;  // deeper nodes only have larger ids
  if (out.size() <= id) out.resize(id + 1, {-1, -1});
  out[id] = {static_cast<int>(f), static_cast<int>(l)};
  if (f == l) return;
  const float a = nd[l].x - nd[f].x, b = nd[l].y - nd[f].y, c = nd[l].y * nd[f].x - nd[l].x * nd[f].y;
  float max = -1;
  size_t best = f;
  for (size_t i = f; i != l; ++i) {
    const float d = std::fabs(a * nd[i].y - b * nd[i].x + c);
    if (d > max) max = d, best = i;
  }
  // A closed stroke (first == last) gives 0/0 = NaN here, which zinnia never splits: kept as is.
  const float dist = max * max / (a * a + b * b);
  if (dist > 0.001f) {
    Split(nd, f, best, id * 2 + 1, out);
    Split(nd, best, l, id * 2 + 2, out);
  }
}

// Features::makeBasicFeature: out[1..12] for the segment p -> q (coordinates in 0..1).
void Basic(const NodeF& p, const NodeF& q, float* out) {
  const auto centre = [](const NodeF& n) { return std::sqrt((n.x - 0.5f) * (n.x - 0.5f) + (n.y - 0.5f) * (n.y - 0.5f)); };
  out[1] = 10 * std::sqrt((q.x - p.x) * (q.x - p.x) + (q.y - p.y) * (q.y - p.y));
  out[2] = std::atan2(q.y - p.y, q.x - p.x);
  out[3] = 10 * (p.x - 0.5f);
  out[4] = 10 * (p.y - 0.5f);
  out[5] = 10 * (q.x - 0.5f);
  out[6] = 10 * (q.y - 0.5f);
  out[7] = std::atan2(p.y - 0.5f, p.x - 0.5f);
  out[8] = std::atan2(q.y - 0.5f, q.x - 0.5f);
  out[9] = 10 * centre(p);
  out[10] = 10 * centre(q);
  out[11] = 5 * (q.x - p.x);
  out[12] = 5 * (q.y - p.y);
}

}  // namespace

Result<std::unique_ptr<const ZinniaOrderScorer>> ZinniaOrderScorer::Open(const std::string& path) {
  using R = Result<std::unique_ptr<const ZinniaOrderScorer>>;
  const int fd = ::open(path.c_str(), O_RDONLY | O_CLOEXEC);
  if (fd < 0) return R::Fail("input.zinnia_model", "cannot open handwriting model " + path);
  struct stat st {};
  const bool sized = ::fstat(fd, &st) == 0 && st.st_size > 12;
  void* map = sized ? ::mmap(nullptr, static_cast<size_t>(st.st_size), PROT_READ, MAP_PRIVATE, fd, 0) : MAP_FAILED;
  ::close(fd);
  if (map == MAP_FAILED) return R::Fail("input.zinnia_model", "cannot map handwriting model " + path);
  std::unique_ptr<ZinniaOrderScorer> s(new ZinniaOrderScorer());
  s->map_ = map;
  s->map_size_ = static_cast<size_t>(st.st_size);
  // Layout (zinnia's Recognizer::open): magic, version, count, then per character 16 bytes of UTF-8,
  // a float bias and (index, value) pairs ending at index -1. Little-endian, as zinnia writes it.
  const char* p = static_cast<const char*>(map);
  const char* end = p + s->map_size_;
  uint32_t version = 0, count = 0;
  std::memcpy(&version, p + 4, 4);
  std::memcpy(&count, p + 8, 4);
  p += 12;
  const auto broken = [&] { return R::Fail("input.zinnia_model", "not a zinnia model: " + path); };
  if (version != 1) return broken();
  s->chars_.reserve(count);
  for (uint32_t i = 0; i < count; ++i) {
    if (end - p < 20 || p[15] != '\0') return broken();
    Char c{};
    c.text = p;
    std::memcpy(&c.bias, p + 16, 4);
    p += 20;
    if (reinterpret_cast<uintptr_t>(p) % alignof(Weight) != 0) return broken();
    const auto* w = reinterpret_cast<const Weight*>(p);
    const auto* wend = w;
    while (reinterpret_cast<const char*>(wend + 1) <= end && wend->index != -1) ++wend;
    if (reinterpret_cast<const char*>(wend + 1) > end) return broken();
    c.begin = w;
    c.moves = std::lower_bound(w, wend, kMoveBase, [](const Weight& x, int32_t v) { return x.index < v; });
    c.counts = std::lower_bound(c.moves, wend, kCountBase, [](const Weight& x, int32_t v) { return x.index < v; });
    c.end = wend;
    s->chars_.push_back(c);
    p = reinterpret_cast<const char*>(wend + 1);
  }
  if (p != end) return broken();
  return std::unique_ptr<const ZinniaOrderScorer>(std::move(s));
}

ZinniaOrderScorer::~ZinniaOrderScorer() {
  if (map_) ::munmap(map_, map_size_);
}

std::vector<std::vector<uint16_t>> ZinniaOrderScorer::Orders(size_t n, const OrderTolerance& t) {
  std::vector<std::vector<uint16_t>> out;
  std::vector<uint16_t> base(n);
  for (size_t i = 0; i < n; ++i) base[i] = static_cast<uint16_t>(i);
  out.push_back(base);
  std::set<std::vector<uint16_t>> seen{base};
  const auto add = [&](std::vector<uint16_t> o) {
    if (t.max_orders && out.size() >= t.max_orders) return;
    if (seen.insert(o).second) out.push_back(std::move(o));
  };
  // Block [i, i + len) taken out and put back before the j-th remaining stroke.
  const auto moved = [&](size_t i, size_t len, size_t j) {
    std::vector<uint16_t> rest(base.begin(), base.begin() + static_cast<std::ptrdiff_t>(i));
    rest.insert(rest.end(), base.begin() + static_cast<std::ptrdiff_t>(i + len), base.end());
    std::vector<uint16_t> o(rest.begin(), rest.begin() + static_cast<std::ptrdiff_t>(j));
    o.insert(o.end(), base.begin() + static_cast<std::ptrdiff_t>(i), base.begin() + static_cast<std::ptrdiff_t>(i + len));
    o.insert(o.end(), rest.begin() + static_cast<std::ptrdiff_t>(j), rest.end());
    return o;
  };
  // Nearest moves first (strokes moved x places), so a cap on long characters keeps the likeliest.
  std::vector<std::pair<size_t, std::vector<uint16_t>>> moves;
  for (size_t len = 1; len <= t.max_block && len < n; ++len)
    for (size_t i = 0; i + len <= n; ++i)
      for (size_t j = 0; j <= n - len; ++j)
        if (j != i) moves.emplace_back(len * (j > i ? j - i : i - j), moved(i, len, j));
  std::stable_sort(moves.begin(), moves.end(), [](const auto& a, const auto& b) { return a.first < b.first; });
  for (auto& m : moves) add(std::move(m.second));
  for (size_t len = 2; len <= t.front_block && len < n; ++len) {
    add(moved(n - len, len, 0));  // the last strokes first
    add(moved(0, len, n - len));  // the first strokes last
  }
  return out;
}

std::vector<ScoredCandidate> ZinniaOrderScorer::Classify(const ZStrokes& strokes, size_t want,
                                                         const OrderTolerance& t) const {
  const size_t n = strokes.size();
  if (n == 0 || want == 0 || n >= kStride / 10) return {};  // zinnia's indices allow < 100 strokes
  for (const auto& s : strokes)
    if (s.empty()) return {};

  // Per stroke: vertex features F[rel * n + s]; per ordered pair: the pen move G[(a * n + b) * 13 + k].
  std::vector<NodeF> first(n), last(n);
  std::vector<float> F(static_cast<size_t>(kStride) * n, 0.0f);
  std::vector<std::pair<int, int>> tree;
  std::vector<NodeF> nodes;
  float seg[kBasic];
  for (size_t s = 0; s < n; ++s) {
    nodes.clear();
    for (const ZPoint& p : strokes[s])
      nodes.push_back({static_cast<float>(1.0 * p.x / kZBox), static_cast<float>(1.0 * p.y / kZBox)});
    tree.clear();
    Split(nodes, 0, nodes.size() - 1, 0, tree);
    for (size_t id = 0; id < tree.size(); ++id) {
      if (tree[id].first < 0) continue;
      Basic(nodes[static_cast<size_t>(tree[id].first)], nodes[static_cast<size_t>(tree[id].second)], seg);
      for (size_t k = 1; k < kBasic; ++k) F[(id * kSegStride + k) * n + s] = seg[k];
    }
    first[s] = nodes.front();
    last[s] = nodes.back();
  }
  std::vector<float> G(n * n * kBasic, 0.0f);
  for (size_t a = 0; a < n; ++a)
    for (size_t b = 0; b < n; ++b)
      if (a != b) Basic(last[a], first[b], &G[(a * n + b) * kBasic]);

  // Longer characters are scored as written: the cost grows with strokes x orders, and the model has
  // no weights past stroke 29 anyway.
  const auto orders = n <= kMaxReorderStrokes ? Orders(n, t) : Orders(n, OrderTolerance{});
  const bool reorder = orders.size() > 1;
  // Each order as n stroke ids and n - 1 junction ids; a junction is (position, previous, stroke).
  // Junction ids follow position order, so a character whose move weights stop at position q only
  // computes the junctions before junction_start[q] (the rest are 0 for it).
  std::map<std::tuple<size_t, size_t, size_t>, uint32_t> junction_ids;
  for (const auto& o : orders)
    for (size_t p = 1; p < n; ++p) junction_ids.emplace(std::make_tuple(p, size_t{o[p - 1]}, size_t{o[p]}), 0);
  std::vector<std::tuple<size_t, size_t, size_t>> junctions;
  std::vector<uint32_t> junction_start(n + 1, 0);
  for (auto& [key, id] : junction_ids) {
    id = static_cast<uint32_t>(junctions.size());
    junctions.push_back(key);
  }
  for (size_t q = 0, j = 0; q <= n; ++q) {
    while (j < junctions.size() && std::get<0>(junctions[j]) < q) ++j;
    junction_start[q] = static_cast<uint32_t>(j);
  }
  std::vector<uint32_t> order_junctions;
  order_junctions.reserve(orders.size() * n);
  for (const auto& o : orders)
    for (size_t p = 1; p < n; ++p) order_junctions.push_back(junction_ids.at(std::make_tuple(p, size_t{o[p - 1]}, size_t{o[p]})));

  std::vector<float> V(n * n), MW(n * kBasic), J(junctions.size());
  std::vector<std::pair<float, uint32_t>> scored(chars_.size());
  float written_best = -1e30f;
  size_t written_char = 0;
  for (size_t ci = 0; ci < chars_.size(); ++ci) {
    const Char& c = chars_[ci];
    float constant = c.bias;
    const Weight* w = c.begin;
    if (w != c.moves && w->index == 0) constant += (w++)->value;  // zinnia's bias feature (value 1)
    std::fill(V.begin(), V.end(), 0.0f);
    for (; w != c.moves; ++w) {
      const size_t pos = static_cast<size_t>(w->index / kStride), rel = static_cast<size_t>(w->index % kStride);
      if (pos >= n) break;
      const float* f = &F[rel * n];
      float* v = &V[pos * n];
      if (!reorder) v[pos] += w->value * f[pos];  // only stroke p at position p is ever summed
      else
        for (size_t s = 0; s < n; ++s) v[s] += w->value * f[s];
    }
    std::fill(MW.begin(), MW.end(), 0.0f);
    size_t move_end = 0;  // 1 + the last position with a move weight
    for (w = c.moves; w != c.counts; ++w) {
      const int32_t q = w->index - kMoveBase;
      const size_t pos = static_cast<size_t>(q / kStride), rel = static_cast<size_t>(q % kStride);
      if (pos >= n) break;
      if (rel < kBasic) MW[pos * kBasic + rel] = w->value, move_end = pos + 1;
    }
    for (w = c.counts; w != c.end; ++w) {
      if (w->index == kCountBase) constant += w->value * static_cast<float>(n);
      else if (w->index == kCountBase + static_cast<int32_t>(n)) constant += w->value * 10;
    }
    const size_t computed = junction_start[move_end];
    std::fill(J.begin() + static_cast<std::ptrdiff_t>(computed), J.end(), 0.0f);
    for (size_t j = 0; j < computed; ++j) {
      const auto [pos, a, b] = junctions[j];
      const float* m = &MW[pos * kBasic];
      const float* g = &G[(a * n + b) * kBasic];
      float sum = 0;
      for (size_t k = 1; k < kBasic; ++k) sum += m[k] * g[k];
      J[j] = sum;
    }
    float best = -1e30f;
    for (size_t k = 0; k < orders.size(); ++k) {
      if (k == 1 && best > written_best) written_best = best, written_char = ci;
      const auto& o = orders[k];
      const uint32_t* jid = order_junctions.data() + k * (n - 1);
      float sum = constant - (k == 0 ? 0.0f : t.penalty);
      for (size_t p = 0; p < n; ++p) sum += V[p * n + o[p]];
      for (size_t p = 0; p + 1 < n; ++p) sum += J[jid[p]];
      best = std::max(best, sum);
    }
    if (orders.size() == 1 && best > written_best) written_best = best, written_char = ci;
    scored[ci] = {best, static_cast<uint32_t>(ci)};
  }
  want = std::min(want, scored.size());
  const size_t sorted = std::min(want + 1, scored.size());  // one more: the written-order winner may be among them
  std::partial_sort(scored.begin(), scored.begin() + static_cast<std::ptrdiff_t>(sorted), scored.end(),
                    [](const auto& a, const auto& b) { return a.first > b.first; });
  std::vector<ScoredCandidate> out;
  out.reserve(want);
  if (t.written_first) out.push_back({chars_[written_char].text, written_best});
  for (size_t i = 0; i < sorted && out.size() < want; ++i)
    if (!t.written_first || scored[i].second != written_char) out.push_back({chars_[scored[i].second].text, scored[i].first});
  return out;
}

}  // namespace onestop::input
