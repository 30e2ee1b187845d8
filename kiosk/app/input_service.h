// The terminal's text input engines for the keyboard feature (issue 17): Latin, librime pinyin
// (Simplified and Traditional sessions, opened on first use) and zinnia handwriting recognised on an
// executor lane. An engine whose data is not installed is left out (logged once); the keyboard then
// does not offer it. Candidates' glyphs are handed to `bake` before the frame that shows them.
// It never draws and never touches the session's fields.
#pragma once
#include <functional>
#include <memory>
#include <string>

#include "kiosk/app/job_router.h"
#include "kiosk/core/input/engine_set.h"

namespace onestop::app {

struct InputOptions {
  std::string rime_user_dir;  // <data dir>/rime
  std::string zinnia_model;   // empty = the tegaki Simplified Chinese model
};

// Opens the engines; `bake` runs on the frame thread (FontManager::AddText in the app).
std::shared_ptr<input::EngineSet> OpenInputEngines(const InputOptions& o, std::function<void(std::string_view)> bake);
// Answers keyboard::job::RecognizeInk on `lane` with the engines' handwriting model (if any).
void RegisterHandwriting(JobRouter& router, Executor::Lane lane, const std::shared_ptr<input::EngineSet>& engines);

}  // namespace onestop::app
