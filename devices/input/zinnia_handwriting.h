// Handwriting input through zinnia with the tegaki Simplified Chinese model (issue 17). The model is
// loaded once (ZinniaModel, read-only, shareable across threads); each ZinniaHandwriting keeps the
// ink being drawn and its ranked candidates. Recognition tolerates stroke-order variation
// (zinnia_order.h); plain libzinnia on the written order is kept as the measured peer. Recognition
// runs on the caller's thread: the app puts it on a worker. No drawing here.
#pragma once
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "devices/input/zinnia_order.h"
#include "kiosk/core/input/text_input.h"

namespace zinnia {
class Recognizer;
}

namespace onestop::input {

inline constexpr const char* kDefaultZinniaModel = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";

// Chosen on the development set (docs/benchmarks.md, issue 17): any one stroke written earlier or
// later than the standard order, 0.8 taken off such an order's zinnia score, behind the written
// order's winner; at most 150 orders (the nearest moves), so a 20-stroke character stays inside 100 ms.
inline constexpr OrderTolerance kDefaultOrderTolerance{
    .max_block = 1, .front_block = 0, .penalty = 0.8f, .max_orders = 150, .written_first = true};

class ZinniaModel {
 public:
  // Errors: "input.zinnia_model" (missing or unreadable model file).
  static Result<std::shared_ptr<const ZinniaModel>> Open(const std::string& path = kDefaultZinniaModel);
  ~ZinniaModel();
  // Best `n` characters for the ink, best first. Errors: ValidateInk's codes.
  Result<std::vector<ScoredCandidate>> Recognize(const Ink& ink, size_t n,
                                                 const OrderTolerance& t = kDefaultOrderTolerance) const;
  // The peer: libzinnia's own classifier on the written order (same fitting). Opens libzinnia's
  // recogniser on first use (a second mapping of the model). Errors: ValidateInk's, "input.zinnia_model".
  Result<std::vector<ScoredCandidate>> RecognizeWithLibzinnia(const Ink& ink, size_t n) const;

 private:
  ZinniaModel() = default;
  std::string path_;
  std::unique_ptr<const ZinniaOrderScorer> scorer_;
  mutable std::once_flag libzinnia_once_;
  mutable zinnia::Recognizer* libzinnia_ = nullptr;
};

class ZinniaHandwriting final : public TextInput {
 public:
  ZinniaHandwriting(std::shared_ptr<const ZinniaModel> model, size_t page_size = 5, size_t max_candidates = 20)
      : model_(std::move(model)), page_size_(page_size), max_candidates_(max_candidates) {}

  EngineKind kind() const override { return EngineKind::kHandwriting; }
  Result<std::string> FeedKeys(std::string_view keys) override;
  // The whole drawing so far (the pad sends every stroke again): recognised at once.
  Status FeedInk(const Ink& ink) override;
  bool Backspace() override;  // drops the last stroke and recognises again
  CandidatePage Candidates() const override;
  Status ChangePage(bool forward) override;
  Result<std::string> Choose(size_t index) override;
  std::string CommitRaw() override;  // ink has no raw text: commits nothing
  void Reset() override;

 private:
  Status Recognize();

  std::shared_ptr<const ZinniaModel> model_;
  size_t page_size_, max_candidates_;
  Ink ink_;
  std::vector<ScoredCandidate> ranked_;
  size_t page_ = 0;
};

}  // namespace onestop::input
