// Decode worker loop: read a frame, decode it with ZXing, answer. Runs in a child process only;
// it must never be called in the kiosk's own process (an assertion in ZXing aborts the caller).
#include "devices/decode_worker.h"

#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/socket.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <csignal>
#include <cstring>

namespace onestop::devices::wire {
namespace {
void PutU32(std::string& out, std::uint32_t v) { out.append(reinterpret_cast<const char*>(&v), sizeof v); }
void PutStr(std::string& out, const std::string& s) {
  const auto n = static_cast<std::uint32_t>(std::min<std::size_t>(s.size(), kMaxField));
  PutU32(out, n);
  out.append(s.data(), n);
}
}  // namespace

std::string EncodeResponse(std::uint32_t seq, const std::vector<Symbol>& symbols, int width, int height,
                           const Error& error) {
  std::string out;
  PutU32(out, kResponseMagic);
  PutU32(out, seq);
  const auto count = static_cast<std::uint32_t>(std::min<std::size_t>(symbols.size(), kMaxSymbols));
  PutU32(out, count);
  for (std::uint32_t i = 0; i < count; ++i) {
    const auto& s = symbols[i];
    PutStr(out, s.format);
    PutStr(out, s.symbology_id);
    PutStr(out, s.text);
    for (const auto& p : s.corners) {
      PutU32(out, static_cast<std::uint32_t>(p.x));
      PutU32(out, static_cast<std::uint32_t>(p.y));
    }
  }
  PutU32(out, static_cast<std::uint32_t>(width));
  PutU32(out, static_cast<std::uint32_t>(height));
  PutStr(out, error.code);
  PutStr(out, error.message);
  return out;
}

bool WriteAll(int fd, const void* data, std::size_t len) {
  const auto* p = static_cast<const char*>(data);
  while (len > 0) {
    const ssize_t n = ::send(fd, p, len, MSG_NOSIGNAL);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= static_cast<std::size_t>(n);
  }
  return true;
}

bool ReadAll(int fd, void* data, std::size_t len) {
  auto* p = static_cast<char*>(data);
  while (len > 0) {
    const ssize_t n = ::read(fd, p, len);
    if (n < 0 && errno == EINTR) continue;
    if (n <= 0) return false;
    p += n;
    len -= static_cast<std::size_t>(n);
  }
  return true;
}

}  // namespace onestop::devices::wire

namespace onestop::devices {
namespace {

#if defined(__SANITIZE_ADDRESS__)
constexpr bool kUnderAsan = true;  // ASan reserves terabytes of address space: a limit breaks it
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
constexpr bool kUnderAsan = true;
#else
constexpr bool kUnderAsan = false;
#endif
#else
constexpr bool kUnderAsan = false;
#endif

// Bounds everything this process may map (heap, stb's buffers, ZXing's pyramids): a file that makes
// a library ask for gigabytes gets a failed allocation (an error or an abort) in this process,
// which the supervisor survives, instead of memory taken from the kiosk and the ward.
void LimitAddressSpace() {
  if (kUnderAsan) return;
  rlimit cur{};
  if (::getrlimit(RLIMIT_AS, &cur) != 0) return;
  const auto want = static_cast<rlim_t>(kWorkerAddressSpaceBytes);
  if (cur.rlim_max != RLIM_INFINITY && cur.rlim_max < want) return;  // already tighter
  const rlimit lim{want, want};
  ::setrlimit(RLIMIT_AS, &lim);
}

}  // namespace

int RunDecodeWorker(int fd) {
  // Die with the parent, and do not write core files: an expected library abort must be cheap
  // (a core dump of a big process can take seconds and fill the disk of a 24/7 kiosk).
  ::prctl(PR_SET_PDEATHSIG, SIGKILL);
  const rlimit no_core{0, 0};
  ::setrlimit(RLIMIT_CORE, &no_core);
  ::prctl(PR_SET_DUMPABLE, 0);  // also skips a core_pattern pipe helper (systemd-coredump)
  LimitAddressSpace();
  std::vector<std::uint8_t> pixels;
  for (;;) {
    wire::RequestHeader h;
    if (!wire::ReadAll(fd, &h, sizeof h)) return 0;  // parent closed: normal shutdown
    if (h.magic != wire::kRequestMagic || h.tuning > kMaxTuning || h.path_len > wire::kMaxPath)
      return 4;  // protocol violation: exit; the parent restarts a fresh worker
    std::vector<Symbol> symbols;
    int width = static_cast<int>(h.width), height = static_cast<int>(h.height);
    Error error;
    if (h.path_len > 0) {
      std::string path(h.path_len, '\0');
      if (!wire::ReadAll(fd, path.data(), path.size())) return 0;
      auto img = LoadGrayImage(path);
      if (img) {
        width = img->width;
        height = img->height;
        symbols = DecodeInProcess(img->pixels.data(), width, height, static_cast<Tuning>(h.tuning));
      } else {
        width = height = 0;
        error = img.error();
      }
    } else {
      if (h.width == 0 || h.height == 0 || static_cast<std::int64_t>(h.width) * h.height > kMaxPixels) return 4;
      pixels.resize(static_cast<std::size_t>(h.width) * h.height);
      if (!wire::ReadAll(fd, pixels.data(), pixels.size())) return 0;
      symbols = DecodeInProcess(pixels.data(), width, height, static_cast<Tuning>(h.tuning));
    }
    const std::string reply = wire::EncodeResponse(h.seq, symbols, width, height, error);
    if (!wire::WriteAll(fd, reply.data(), reply.size())) return 0;
  }
}

}  // namespace onestop::devices
