// Shared loading of the issue-17 fixtures (tests/integration/input_data/): expected characters and
// the handwriting strokes. Test-only; keeps Chinese text out of the C++ sources.
#pragma once
#include <fstream>
#include <nlohmann/json.hpp>
#include <stdexcept>
#include <string>

#include "kiosk/core/input/ink.h"

namespace onestop::input::testdata {

inline nlohmann::json Load(const std::string& name) {
  std::ifstream in(std::string(ONESTOP_SOURCE_DIR "/tests/integration/input_data/") + name);
  if (!in) throw std::runtime_error("missing fixture " + name);
  return nlohmann::json::parse(in);
}

inline const nlohmann::json& Expect() {
  static const nlohmann::json j = Load("expect.json");
  return j;
}

struct Sample {
  std::string want;
  Ink ink;
};

inline std::vector<Sample> HandwritingSamples() {
  const nlohmann::json j = Load("handwriting_strokes.json");
  std::vector<Sample> out;
  for (const auto& c : j.at("characters")) {
    Sample s{c.at("char").get<std::string>(), Ink{j.at("width").get<int>(), j.at("height").get<int>(), {}}};
    for (const auto& stroke : c.at("strokes")) {
      InkStroke st;
      for (const auto& p : stroke) st.push_back({p.at(0).get<float>(), p.at(1).get<float>()});
      s.ink.strokes.push_back(std::move(st));
    }
    out.push_back(std::move(s));
  }
  return out;
}

}  // namespace onestop::input::testdata
