// Ink -> fitted 1000x1000 box -> the order-tolerant scorer over zinnia's model (or, for the peer,
// libzinnia's classify). zinnia normalises by the box's width/height; points are integers as it stores them.
#include "devices/input/zinnia_handwriting.h"

#include <zinnia.h>

#include <algorithm>
#include <cmath>
#include <filesystem>

namespace onestop::input {
namespace {

constexpr float kFitSide = static_cast<float>(kZBox), kFitMargin = 0.1f;  // zinnia sees a 1000x1000 box
// The start of a stroke within this distance (in the 1000 box) of its first point is the touch-down:
// a finger's landing wobble, or a brush head in font-derived strokes. zinnia reads it as a direction
// of its own, so those points are dropped (a stroke always keeps its last two points). Chosen on a development set of 502 characters disjoint from the test fixture (Make Me a
// Hanzi medians of the characters in the zh-Hans catalog): top-5 83 % -> 85 %; see docs/benchmarks.md.
constexpr float kEntrySegment = 60.0f;

// Patients write small, large or off-centre on a finger pad; the tegaki model was trained on
// characters that fill their box. So the ink's bounding box is scaled (aspect kept) and centred into
// a fixed square before recognition. A lone dot or line (zero extent) is only centred.
Ink FitToPad(const Ink& ink) {
  float x0 = ink.strokes[0][0].x, x1 = x0, y0 = ink.strokes[0][0].y, y1 = y0;
  for (const auto& s : ink.strokes)
    for (const auto& p : s) {
      x0 = std::min(x0, p.x); x1 = std::max(x1, p.x);
      y0 = std::min(y0, p.y); y1 = std::max(y1, p.y);
    }
  const float extent = std::max(x1 - x0, y1 - y0);
  const float usable = kFitSide * (1 - 2 * kFitMargin);
  const float scale = extent > 0 ? usable / extent : 1.0f;
  const float cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
  Ink out;
  out.width = out.height = static_cast<int>(kFitSide);
  out.strokes.reserve(ink.strokes.size());
  for (const auto& s : ink.strokes) {
    InkStroke fitted;
    fitted.reserve(s.size());
    for (const auto& p : s) fitted.push_back({kFitSide / 2 + (p.x - cx) * scale, kFitSide / 2 + (p.y - cy) * scale});
    size_t skip = 0;
    while (skip + 2 < fitted.size() &&
           std::hypot(fitted[skip + 1].x - fitted[0].x, fitted[skip + 1].y - fitted[0].y) < kEntrySegment)
      ++skip;
    fitted.erase(fitted.begin(), fitted.begin() + static_cast<std::ptrdiff_t>(skip));
    out.strokes.push_back(std::move(fitted));
  }
  return out;
}

// zinnia stores integer points; both recognisers see the same rounding.
ZStrokes ToBox(const Ink& fitted) {
  ZStrokes out;
  out.reserve(fitted.strokes.size());
  for (const auto& s : fitted.strokes) {
    auto& z = out.emplace_back();
    z.reserve(s.size());
    for (const InkPoint& p : s) z.push_back({static_cast<int>(std::lround(p.x)), static_cast<int>(std::lround(p.y))});
  }
  return out;
}

}  // namespace

Result<std::shared_ptr<const ZinniaModel>> ZinniaModel::Open(const std::string& path) {
  std::error_code ec;
  if (!std::filesystem::is_regular_file(path, ec))
    return Result<std::shared_ptr<const ZinniaModel>>::Fail(
        "input.zinnia_model", "no handwriting model at " + path + " (install tegaki-zinnia-simplified-chinese)");
  auto scorer = ZinniaOrderScorer::Open(path);
  if (!scorer) return scorer.error();
  std::shared_ptr<ZinniaModel> model(new ZinniaModel());
  model->path_ = path;
  model->scorer_ = std::move(scorer.value());
  return std::shared_ptr<const ZinniaModel>(std::move(model));
}

ZinniaModel::~ZinniaModel() { delete libzinnia_; }

Result<std::vector<ScoredCandidate>> ZinniaModel::Recognize(const Ink& ink, size_t n, const OrderTolerance& t) const {
  if (auto v = ValidateInk(ink); !v) return v.error();
  return scorer_->Classify(ToBox(FitToPad(ink)), n, t);
}

Result<std::vector<ScoredCandidate>> ZinniaModel::RecognizeWithLibzinnia(const Ink& ink, size_t n) const {
  if (auto v = ValidateInk(ink); !v) return v.error();
  std::call_once(libzinnia_once_, [this] {
    libzinnia_ = zinnia::Recognizer::create();
    if (libzinnia_ && !libzinnia_->open(path_.c_str())) {
      delete libzinnia_;
      libzinnia_ = nullptr;
    }
  });
  if (!libzinnia_) return Result<std::vector<ScoredCandidate>>::Fail("input.zinnia_model", "zinnia cannot open " + path_);
  const ZStrokes box = ToBox(FitToPad(ink));
  std::unique_ptr<zinnia::Character> ch(zinnia::Character::create());
  ch->set_width(static_cast<size_t>(kZBox));
  ch->set_height(static_cast<size_t>(kZBox));
  for (size_t id = 0; id < box.size(); ++id)
    for (const ZPoint& p : box[id]) ch->add(id, p.x, p.y);
  // classify() is const and keeps no state, so one recogniser serves several threads.
  std::unique_ptr<zinnia::Result> result(libzinnia_->classify(*ch, n));
  std::vector<ScoredCandidate> out;
  if (!result) return out;  // zinnia found nothing: an empty list, not an error
  for (size_t i = 0; i < result->size(); ++i)
    if (const char* v = result->value(i)) out.push_back({v, result->score(i)});
  return out;
}

Result<std::string> ZinniaHandwriting::FeedKeys(std::string_view) {
  return Result<std::string>::Fail("input.not_supported", "the writing pad does not take keys");
}

Status ZinniaHandwriting::Recognize() {
  page_ = 0;
  ranked_.clear();
  if (ink_.strokes.empty()) return Ok{};
  auto r = model_->Recognize(ink_, max_candidates_);
  if (!r) return r.error();
  ranked_ = std::move(r.value());
  return Ok{};
}

Status ZinniaHandwriting::FeedInk(const Ink& ink) {
  if (auto v = ValidateInk(ink); !v) return v;
  ink_ = ink;
  return Recognize();
}

bool ZinniaHandwriting::Backspace() {
  if (ink_.strokes.empty()) return false;
  ink_.strokes.pop_back();
  (void)Recognize();  // fewer strokes than before cannot fail validation
  return true;
}

CandidatePage ZinniaHandwriting::Candidates() const {
  CandidatePage page;
  page.page = static_cast<int>(page_);
  const size_t begin = page_ * page_size_;
  for (size_t i = begin; i < ranked_.size() && i < begin + page_size_; ++i) page.candidates.push_back(ranked_[i].text);
  page.last_page = begin + page_size_ >= ranked_.size();
  return page;
}

Status ZinniaHandwriting::ChangePage(bool forward) {
  if (forward && (page_ + 1) * page_size_ < ranked_.size()) ++page_;
  if (!forward && page_ > 0) --page_;
  return Ok{};
}

Result<std::string> ZinniaHandwriting::Choose(size_t index) {
  const size_t i = page_ * page_size_ + index;
  if (index >= page_size_ || i >= ranked_.size())
    return Result<std::string>::Fail("input.no_candidate", "there is no candidate " + std::to_string(index + 1) + " on this page");
  std::string chosen = ranked_[i].text;
  Reset();
  return chosen;
}

std::string ZinniaHandwriting::CommitRaw() {
  Reset();
  return {};
}

void ZinniaHandwriting::Reset() {
  ink_ = Ink{};
  ranked_.clear();
  page_ = 0;
}

}  // namespace onestop::input
