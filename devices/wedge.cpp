// Keyboard-wedge burst detection (wedge.h). The rule: every gap inside the burst and the gap to
// Enter are <= max_gap_ms, and the burst has at least min_length keys. Anything else is typing.
#include "devices/wedge.h"

namespace onestop::devices {

void WedgeDecoder::Flush(std::vector<WedgeOutput>& out) {
  if (!buffer_.empty()) out.push_back({WedgeOutput::Kind::kTyped, std::move(buffer_)});
  buffer_.clear();
  keys_ = 0;
}

std::vector<WedgeOutput> WedgeDecoder::OnKey(std::string_view ch, std::int64_t t_ms) {
  std::vector<WedgeOutput> out;
  if (keys_ > 0 && (t_ms - last_ms_ > options_.max_gap_ms || keys_ >= options_.max_length)) Flush(out);
  buffer_.append(ch);
  ++keys_;
  last_ms_ = t_ms;
  return out;
}

std::vector<WedgeOutput> WedgeDecoder::OnEnter(std::int64_t t_ms) {
  std::vector<WedgeOutput> out;
  if (keys_ >= options_.min_length && t_ms - last_ms_ <= options_.max_gap_ms) {
    out.push_back({WedgeOutput::Kind::kScan, std::move(buffer_)});
    buffer_.clear();
    keys_ = 0;
    return out;
  }
  Flush(out);
  out.push_back({WedgeOutput::Kind::kEnter, {}});
  return out;
}

std::vector<WedgeOutput> WedgeDecoder::Tick(std::int64_t now_ms) {
  std::vector<WedgeOutput> out;
  if (keys_ > 0 && now_ms - last_ms_ > options_.max_gap_ms) Flush(out);
  return out;
}

Status WedgeScanner::Start(Sink sink) {
  std::lock_guard lock(mu_);
  sink_ = std::move(sink);
  return Ok{};
}

void WedgeScanner::Stop() {
  std::lock_guard lock(mu_);
  sink_ = nullptr;
}

std::vector<WedgeOutput> WedgeScanner::Route(std::vector<WedgeOutput> out) {
  std::vector<WedgeOutput> rest;
  for (auto& o : out) {
    if (o.kind == WedgeOutput::Kind::kScan && sink_) {
      Symbol s;
      s.format = "Keyboard";
      s.text = o.text;
      // A scanner that sends FNC1 as a leading GS marks GS1 data; ParseLabel handles that itself.
      sink_(MakeScanEvent("wedge", std::move(s)));
    } else {
      rest.push_back(std::move(o));
    }
  }
  return rest;
}

std::vector<WedgeOutput> WedgeScanner::OnKey(std::string_view ch, std::int64_t t_ms) {
  std::lock_guard lock(mu_);
  return Route(decoder_.OnKey(ch, t_ms));
}
std::vector<WedgeOutput> WedgeScanner::OnEnter(std::int64_t t_ms) {
  std::lock_guard lock(mu_);
  return Route(decoder_.OnEnter(t_ms));
}
std::vector<WedgeOutput> WedgeScanner::Tick(std::int64_t now_ms) {
  std::lock_guard lock(mu_);
  return Route(decoder_.Tick(now_ms));
}

}  // namespace onestop::devices
