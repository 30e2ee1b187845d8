// The terminal's text input engines for the keyboard feature (issue 17): Latin, librime pinyin
// (Simplified and Traditional sessions, opened on first use) and zinnia handwriting recognised on an
// executor lane. librime's start (a first start deploys its schema, ~2 s) runs on a worker lane and is
// handed to the frame through the MainQueue; until then pinyin is "preparing". An engine whose data
// is not installed is left out (logged once); the keyboard then does not offer it. Candidates' glyphs
// are handed to `bake` before the frame that shows them. It never draws and never touches the
// session's fields.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "devices/input/rime_pinyin.h"
#include "kiosk/app/job_router.h"
#include "kiosk/core/input/engine_set.h"
#include "kiosk/core/main_queue.h"

namespace onestop::app {

struct InputOptions {
  std::string rime_user_dir;  // <data dir>/rime
  std::string zinnia_model;   // empty = the tegaki Simplified Chinese model
  // The seam for librime's start, run on the worker lane; empty = input::RimeRuntime::Start.
  std::function<Result<input::RimeRuntime*>(const input::RimeOptions&)> start_pinyin;
};

// Returns at once: librime starts on `lane` and reaches the engines through `queue` (frame thread).
// `bake` runs on the frame thread (FontManager::AddText in the app).
std::shared_ptr<input::EngineSet> OpenInputEngines(const InputOptions& o, std::function<void(std::string_view)> bake,
                                                   Executor& executor, Executor::Lane lane, MainQueue& queue);
// Answers keyboard::job::RecognizeInk on `lane`; the zinnia model is opened there on the first job.
void RegisterHandwriting(JobRouter& router, Executor::Lane lane, const std::shared_ptr<input::EngineSet>& engines);

}  // namespace onestop::app
