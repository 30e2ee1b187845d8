// Pinyin input through librime with rime-data-luna-pinyin (issue 17). RimeRuntime deploys the schema
// once per process into a private user data dir (librime is a process-wide singleton); each
// RimePinyinInput is one librime session, Simplified or Traditional by session language.
// User phrase learning is off (terminals are shared). Not thread-safe: one engine, one thread.
#pragma once
#include <memory>
#include <string>

#include "kiosk/core/i18n.h"
#include "kiosk/core/input/text_input.h"

namespace onestop::input {

struct RimeOptions {
  std::string shared_dir = "/usr/share/rime-data";  // Debian's rime-data-* packages
  std::string user_dir;                              // required: <kiosk data dir>/rime or a temp dir
  int page_size = 5;
};

class RimeRuntime {
 public:
  // Sets up and deploys librime once; a second call returns the same runtime if the options match.
  // Errors: "input.rime_setup" (no schema data, unwritable dir, deployment failed).
  static Result<RimeRuntime*> Start(const RimeOptions& options);
  const RimeOptions& options() const { return options_; }
  double deploy_ms() const { return deploy_ms_; }  // time the one-time deployment took

 private:
  RimeOptions options_;
  double deploy_ms_ = 0;
};

class RimePinyinInput final : public TextInput {
 public:
  // Errors: "input.rime_session".
  static Result<std::unique_ptr<RimePinyinInput>> Create(RimeRuntime& runtime, Lang lang);
  ~RimePinyinInput() override;
  RimePinyinInput(const RimePinyinInput&) = delete;
  RimePinyinInput& operator=(const RimePinyinInput&) = delete;

  EngineKind kind() const override { return EngineKind::kPinyin; }
  Result<std::string> FeedKeys(std::string_view keys) override;
  Status FeedInk(const Ink&) override;
  bool Backspace() override;
  CandidatePage Candidates() const override;
  Status ChangePage(bool forward) override;
  Result<std::string> Choose(size_t index) override;
  std::string CommitRaw() override;
  void Reset() override;

 private:
  explicit RimePinyinInput(uintptr_t session) : session_(session) {}
  std::string TakeCommit();
  std::string RawInput() const;

  uintptr_t session_;
};

}  // namespace onestop::input
