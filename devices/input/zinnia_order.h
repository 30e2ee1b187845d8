// Stroke-order-tolerant scoring with a zinnia model file (issue 17). zinnia's classifier is linear
// over features indexed by stroke position, so the same strokes written in another order score as a
// different character. This scorer reads the model file zinnia reads (mmap, read-only), computes
// zinnia's features once per stroke and scores every character under the written order AND under
// block moves of it (a run of strokes written earlier or later), keeping each character's best.
// It draws nothing and keeps no state between calls (safe from several threads).
#pragma once
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/result.h"

namespace onestop::input {

struct ScoredCandidate {
  std::string text;
  float score = 0;
};

struct ZPoint {
  int x = 0, y = 0;
};
using ZStrokes = std::vector<std::vector<ZPoint>>;  // in a kZBox x kZBox box, as zinnia stores them
inline constexpr int kZBox = 1000;

struct OrderTolerance {
  size_t max_block = 0;    // runs of 1..max_block strokes moved anywhere; 0 = none
  size_t front_block = 0;  // the last 2..front_block strokes written first (or the first ones last),
                           // as when an enclosing radical is written before what it encloses
  float penalty = 0;       // subtracted from a character's score under any order but the written one
  size_t max_orders = 0;   // cap on orders scored (cost grows with it); 0 = no cap
  // The best character under the written order stays first: the other orders add candidates behind
  // it but never demote it (a linear model extrapolates on reordered strokes; see docs/benchmarks.md).
  bool written_first = false;
};

class ZinniaOrderScorer {
 public:
  // Errors: "input.zinnia_model" (missing, unreadable or not a zinnia model).
  static Result<std::unique_ptr<const ZinniaOrderScorer>> Open(const std::string& path);
  ~ZinniaOrderScorer();
  ZinniaOrderScorer(const ZinniaOrderScorer&) = delete;
  ZinniaOrderScorer& operator=(const ZinniaOrderScorer&) = delete;

  // Best `n` characters, best first. Empty for no strokes or an empty stroke.
  std::vector<ScoredCandidate> Classify(const ZStrokes& strokes, size_t n, const OrderTolerance& t) const;
  // The orders scored for `strokes` strokes: the written order first, then the distinct block moves
  // `t` allows (shortest blocks first, then the front/back moves), at most t.max_orders in all.
  static std::vector<std::vector<uint16_t>> Orders(size_t strokes, const OrderTolerance& t);
  size_t size() const { return chars_.size(); }

 private:
  struct Weight {
    int32_t index;
    float value;
  };
  struct Char {
    const char* text;  // NUL-terminated within its 16 bytes in the file
    float bias;
    const Weight *begin, *moves, *counts, *end;  // vertex, move and stroke-count weights
  };
  ZinniaOrderScorer() = default;

  void* map_ = nullptr;
  size_t map_size_ = 0;
  std::vector<Char> chars_;
};

}  // namespace onestop::input
