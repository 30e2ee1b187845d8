// See input_service.h. librime is a process-wide singleton and not thread-safe: it is started on one
// worker task and then used only on the frame thread (Keys/Apply); the MainQueue hand-over orders the
// two. The zinnia model is read-only and lives on the handwriting lane (opened by its first job).
#include "kiosk/app/input_service.h"

#include <spdlog/spdlog.h>

#include <filesystem>

#include "devices/input/zinnia_handwriting.h"
#include "kiosk/core/features/keyboard/commands.h"
#include "kiosk/core/input/latin_input.h"

namespace onestop::app {
namespace {

class AppEngines final : public input::EngineSet {
 public:
  AppEngines(const InputOptions& o, std::function<void(std::string_view)> bake)
      : bake_(std::move(bake)), model_path_(o.zinnia_model.empty() ? input::kDefaultZinniaModel : o.zinnia_model) {
    std::error_code ec;
    has_model_ = std::filesystem::is_regular_file(model_path_, ec);
    if (!has_model_) spdlog::warn("handwriting input is off: no model at {}", model_path_);
  }

  // Frame thread (a MainQueue task): librime's start finished on the worker.
  void PinyinStarted(Result<input::RimeRuntime*> rt) {
    preparing_ = false;
    if (rt) rime_ = rt.value();
    else spdlog::warn("pinyin input is off: {}", rt.error().message);
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
      case input::EngineKind::kPinyin: return preparing_ || rime_ != nullptr;
      case input::EngineKind::kHandwriting: return has_model_;
    }
    return false;
  }
  bool Preparing(input::EngineKind kind, Lang lang) const override {
    return kind == input::EngineKind::kPinyin && lang != Lang::kEn && preparing_;
  }
  void WillShow(std::string_view text) override {
    if (bake_ && !text.empty()) bake_(text);
  }
  const std::string& model_path() const { return model_path_; }
  bool has_model() const { return has_model_; }

 private:
  std::function<void(std::string_view)> bake_;
  std::string model_path_;
  bool has_model_ = false;
  bool preparing_ = true;
  input::LatinInput latin_;
  input::RimeRuntime* rime_ = nullptr;
  std::unique_ptr<input::RimePinyinInput> hans_, hant_;
};

}  // namespace

std::shared_ptr<input::EngineSet> OpenInputEngines(const InputOptions& o, std::function<void(std::string_view)> bake,
                                                   Executor& executor, Executor::Lane lane, MainQueue& queue) {
  auto engines = std::make_shared<AppEngines>(o, std::move(bake));
  auto start = o.start_pinyin ? o.start_pinyin : [](const input::RimeOptions& r) { return input::RimeRuntime::Start(r); };
  executor.Post(lane, [engines, start = std::move(start), opts = input::RimeOptions{.user_dir = o.rime_user_dir}, &queue] {
    auto rt = start(opts);
    queue.Post([engines, rt = std::move(rt)]() mutable { engines->PinyinStarted(std::move(rt)); });
  });
  return engines;
}

void RegisterHandwriting(JobRouter& router, Executor::Lane lane, const std::shared_ptr<input::EngineSet>& engines) {
  auto* app = dynamic_cast<AppEngines*>(engines.get());
  // Touched only by this lane's tasks, which run one at a time.
  struct Lazy {
    std::string path;
    bool tried = false;
    std::shared_ptr<const input::ZinniaModel> model;
  };
  auto lazy = std::make_shared<Lazy>();
  if (app && app->has_model()) lazy->path = app->model_path();
  router.On<keyboard::job::RecognizeInk>(lane, [lazy](const keyboard::job::RecognizeInk& j) -> std::optional<Command> {
    keyboard::cmd::InkRecognized out{j.field, j.generation, {}, {}};
    if (!lazy->tried && !lazy->path.empty()) {
      lazy->tried = true;
      auto m = input::ZinniaModel::Open(lazy->path);
      if (m) lazy->model = m.value();
      else spdlog::warn("handwriting input is off: {}", m.error().message);
    }
    if (!lazy->model) {
      out.error = "input.zinnia_model";
      return Command(std::move(out));
    }
    auto ranked = lazy->model->Recognize(j.ink, j.candidates);
    if (!ranked) out.error = ranked.error().code;
    else
      for (const auto& c : ranked.value()) out.candidates.push_back(c.text);
    return Command(std::move(out));
  });
}

}  // namespace onestop::app
