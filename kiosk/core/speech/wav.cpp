// Little-endian RIFF/WAVE writer: 44-byte header + samples.
// Mono 16-bit only (what espeak-ng produces); it never touches the file system.
#include "kiosk/core/speech/wav.h"

#include <algorithm>
#include <cstdlib>

namespace onestop::speech {
namespace {
void Put(std::string* out, uint32_t v, int bytes) {
  for (int i = 0; i < bytes; ++i) out->push_back(static_cast<char>((v >> (8 * i)) & 0xFF));
}
}  // namespace

std::string EncodeWav(const Pcm& pcm) {
  const uint32_t data_bytes = static_cast<uint32_t>(pcm.samples.size() * 2);
  const uint32_t rate = static_cast<uint32_t>(pcm.sample_rate);
  std::string out;
  out.reserve(44 + data_bytes);
  out += "RIFF";
  Put(&out, 36 + data_bytes, 4);
  out += "WAVEfmt ";
  Put(&out, 16, 4);        // fmt chunk size
  Put(&out, 1, 2);         // PCM
  Put(&out, 1, 2);         // mono
  Put(&out, rate, 4);
  Put(&out, rate * 2, 4);  // byte rate
  Put(&out, 2, 2);         // block align
  Put(&out, 16, 2);        // bits per sample
  out += "data";
  Put(&out, data_bytes, 4);
  for (int16_t s : pcm.samples) Put(&out, static_cast<uint16_t>(s), 2);
  return out;
}

int PeakLevel(const Pcm& pcm) {
  int peak = 0;
  for (int16_t s : pcm.samples) peak = std::max(peak, std::abs(static_cast<int>(s)));
  return peak;
}

}  // namespace onestop::speech
