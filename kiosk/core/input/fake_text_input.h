// FakeTextInput: a scripted engine for unit and view tests. Candidates come from a table keyed by
// the composed keys (or by the number of strokes drawn), and every call is recorded so a test can
// assert what the keyboard asked. Never used by the running terminal.
#pragma once
#include <map>
#include <string>
#include <vector>

#include "kiosk/core/input/text_input.h"

namespace onestop::input {

class FakeTextInput final : public TextInput {
 public:
  explicit FakeTextInput(EngineKind kind = EngineKind::kPinyin, size_t page_size = 5)
      : kind_(kind), page_size_(page_size) {}

  // keys typed so far -> all candidates (paged by page_size); for handwriting the key is "ink:N"
  // with N the number of strokes drawn.
  std::map<std::string, std::vector<std::string>> table;
  std::vector<std::string> calls;  // "keys:ni", "ink:3", "choose:0", "page:+", "reset", "raw", "back"

  EngineKind kind() const override { return kind_; }
  Result<std::string> FeedKeys(std::string_view keys) override {
    calls.push_back("keys:" + std::string(keys));
    if (kind_ == EngineKind::kHandwriting) return Result<std::string>::Fail("input.not_supported", "fake handwriting");
    for (char c : keys)
      if (c < 'a' || c > 'z') return Result<std::string>::Fail("input.bad_key", "letters a-z only");
    if (composing_.size() + keys.size() > kMaxComposeKeys) return Result<std::string>::Fail("input.too_long", "too long");
    composing_ += keys;
    page_ = 0;
    return std::string();
  }
  Status FeedInk(const Ink& ink) override {
    calls.push_back("ink:" + std::to_string(ink.strokes.size()));
    if (kind_ != EngineKind::kHandwriting) return Status::Fail("input.not_supported", "fake keys engine");
    composing_ = "ink:" + std::to_string(ink.strokes.size());
    page_ = 0;
    return Ok{};
  }
  bool Backspace() override {
    calls.push_back("back");
    if (composing_.empty()) return false;
    if (kind_ == EngineKind::kHandwriting) composing_.clear();
    else composing_.pop_back();
    return true;
  }
  CandidatePage Candidates() const override {
    CandidatePage p;
    if (kind_ != EngineKind::kHandwriting) p.preedit = composing_;
    const auto it = table.find(composing_);
    if (composing_.empty() || it == table.end()) return p;
    const size_t begin = static_cast<size_t>(page_) * page_size_;
    for (size_t i = begin; i < it->second.size() && i < begin + page_size_; ++i) p.candidates.push_back(it->second[i]);
    p.page = page_;
    p.last_page = begin + page_size_ >= it->second.size();
    return p;
  }
  Status ChangePage(bool forward) override {
    calls.push_back(forward ? "page:+" : "page:-");
    const CandidatePage p = Candidates();
    if (forward && !p.last_page) ++page_;
    if (!forward && page_ > 0) --page_;
    return Ok{};
  }
  Result<std::string> Choose(size_t index) override {
    calls.push_back("choose:" + std::to_string(index));
    const CandidatePage p = Candidates();
    if (index >= p.candidates.size()) return Result<std::string>::Fail("input.no_candidate", "no such candidate");
    composing_.clear();
    page_ = 0;
    return p.candidates[index];
  }
  std::string CommitRaw() override {
    calls.push_back("raw");
    std::string out = kind_ == EngineKind::kHandwriting ? std::string() : composing_;
    composing_.clear();
    return out;
  }
  void Reset() override {
    calls.push_back("reset");
    composing_.clear();
    page_ = 0;
  }

 private:
  EngineKind kind_;
  size_t page_size_;
  std::string composing_;
  int page_ = 0;
};

}  // namespace onestop::input
