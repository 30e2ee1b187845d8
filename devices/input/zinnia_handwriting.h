// Handwriting input through zinnia with the tegaki Simplified Chinese model (issue 17). The model is
// loaded once (ZinniaModel, read-only, shareable across threads); each ZinniaHandwriting keeps the
// ink being drawn and its ranked candidates. Recognition runs on the caller's thread: the app puts
// it on a worker. No drawing here.
#pragma once
#include <memory>
#include <string>
#include <vector>

#include "kiosk/core/input/text_input.h"

namespace zinnia {
class Recognizer;
}

namespace onestop::input {

inline constexpr const char* kDefaultZinniaModel = "/usr/share/tegaki/models/zinnia/handwriting-zh_CN.model";

struct ScoredCandidate {
  std::string text;
  float score = 0;
};

class ZinniaModel {
 public:
  // Errors: "input.zinnia_model" (missing or unreadable model file).
  static Result<std::shared_ptr<const ZinniaModel>> Open(const std::string& path = kDefaultZinniaModel);
  ~ZinniaModel();
  // Best `n` characters for the ink, best first. Errors: ValidateInk's codes.
  Result<std::vector<ScoredCandidate>> Recognize(const Ink& ink, size_t n) const;

 private:
  ZinniaModel() = default;
  zinnia::Recognizer* recognizer_ = nullptr;
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
