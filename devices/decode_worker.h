// The decode worker: a child process that owns ZXing, so a library abort costs one frame, not
// the kiosk (DESIGN §5). This header is the wire protocol both sides share and the worker loop.
// The protocol is private to this machine (same binary family, native byte order); the parent
// still validates every length it reads, since a dying child can send anything.
#pragma once
#include <cstdint>
#include <string>
#include <vector>

#include "devices/decode.h"

namespace onestop::devices::wire {

inline constexpr std::uint32_t kRequestMagic = 0x5144534Fu;   // "OSDQ"
inline constexpr std::uint32_t kResponseMagic = 0x5244534Fu;  // "OSDR"
inline constexpr std::uint32_t kMaxSymbols = 64;
inline constexpr std::uint32_t kMaxField = 64 * 1024;

struct RequestHeader {
  std::uint32_t magic = kRequestMagic;
  std::uint32_t seq = 0;
  std::uint32_t width = 0;
  std::uint32_t height = 0;
  std::uint32_t tuning = 0;
  std::uint32_t path_len = 0;  // > 0: an image FILE request (path follows; width/height are 0)
};
// Followed by width*height gray bytes, or by path_len bytes of a file path: image files are
// decoded (stb_image) in the worker too, so a hostile PNG/JPEG cannot crash the caller either.
inline constexpr std::uint32_t kMaxPath = 4096;

// Response: magic, seq, count, then per symbol: 3 length-prefixed strings (format, symbology id,
// text) and 8 int32 corner coordinates; then the image width and height and an error code and
// message (both empty on success; "image.*" when a file could not be loaded).
std::string EncodeResponse(std::uint32_t seq, const std::vector<Symbol>& symbols, int width, int height,
                           const Error& error);

// Blocking helpers on a socket/pipe; false on EOF or error.
bool WriteAll(int fd, const void* data, std::size_t len);
bool ReadAll(int fd, void* data, std::size_t len);

}  // namespace onestop::devices::wire

namespace onestop::devices {

// Serves requests on `fd` (a connected stream socket) until EOF. Returns the process exit code.
// Called from `onestop-kiosk decode-worker` and the standalone `onestop-decode-worker`.
int RunDecodeWorker(int fd);

}  // namespace onestop::devices
