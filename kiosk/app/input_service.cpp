// See input_service.h. librime is a process-wide singleton and not thread-safe: its sessions are used
// only on the frame thread (Apply). The zinnia model is read-only and recognises on a worker lane.
#include "kiosk/app/input_service.h"

#include <spdlog/spdlog.h>

#include "devices/input/rime_pinyin.h"
#include "devices/input/zinnia_handwriting.h"
#include "kiosk/core/features/keyboard/commands.h"
#include "kiosk/core/input/latin_input.h"

namespace onestop::app {
namespace {

class AppEngines final : public input::EngineSet {
 public:
  AppEngines(const InputOptions& o, std::function<void(std::string_view)> bake) : bake_(std::move(bake)) {
    if (auto rt = input::RimeRuntime::Start({.user_dir = o.rime_user_dir}); rt) rime_ = rt.value();
    else spdlog::warn("pinyin input is off: {}", rt.error().message);
    auto m = o.zinnia_model.empty() ? input::ZinniaModel::Open() : input::ZinniaModel::Open(o.zinnia_model);
    if (m) model_ = m.value();
    else spdlog::warn("handwriting input is off: {}", m.error().message);
  }

  input::TextInput* Keys(input::EngineKind kind, Lang lang) override {
    if (kind == input::EngineKind::kLatin) return &latin_;
    if (kind != input::EngineKind::kPinyin || !rime_ || lang == Lang::kEn) return nullptr;
    auto& slot = lang == Lang::kZhHant ? hant_ : hans_;
    if (!slot) {
      auto e = input::RimePinyinInput::Create(*rime_, lang);
      if (!e) {
        spdlog::warn("pinyin session: {}", e.error().message);
        return nullptr;
      }
      slot = std::move(e.value());
    }
    return slot.get();
  }
  bool Has(input::EngineKind kind, Lang lang) const override {
    if (lang == Lang::kEn) return kind == input::EngineKind::kLatin;
    switch (kind) {
      case input::EngineKind::kLatin: return true;
      case input::EngineKind::kPinyin: return rime_ != nullptr;
      case input::EngineKind::kHandwriting: return model_ != nullptr;
    }
    return false;
  }
  void WillShow(std::string_view text) override {
    if (bake_ && !text.empty()) bake_(text);
  }
  std::shared_ptr<const input::ZinniaModel> model() const { return model_; }

 private:
  std::function<void(std::string_view)> bake_;
  input::LatinInput latin_;
  input::RimeRuntime* rime_ = nullptr;
  std::unique_ptr<input::RimePinyinInput> hans_, hant_;
  std::shared_ptr<const input::ZinniaModel> model_;
};

}  // namespace

std::shared_ptr<input::EngineSet> OpenInputEngines(const InputOptions& o, std::function<void(std::string_view)> bake) {
  return std::make_shared<AppEngines>(o, std::move(bake));
}

void RegisterHandwriting(JobRouter& router, Executor::Lane lane, const std::shared_ptr<input::EngineSet>& engines) {
  auto* app = dynamic_cast<AppEngines*>(engines.get());
  std::shared_ptr<const input::ZinniaModel> model = app ? app->model() : nullptr;
  router.On<keyboard::job::RecognizeInk>(lane, [model](const keyboard::job::RecognizeInk& j) -> std::optional<Command> {
    keyboard::cmd::InkRecognized out{j.field, j.generation, {}, {}};
    if (!model) {
      out.error = "input.zinnia_model";
      return Command(std::move(out));
    }
    auto ranked = model->Recognize(j.ink, j.candidates);
    if (!ranked) out.error = ranked.error().code;
    else
      for (const auto& c : ranked.value()) out.candidates.push_back(c.text);
    return Command(std::move(out));
  });
}

}  // namespace onestop::app
