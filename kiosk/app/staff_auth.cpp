// libsodium PIN verification for the kiosk. The hash string is copied into a NUL-terminated buffer
// of libsodium's fixed size (crypto_pwhash_str_verify reads a C string).
#include "kiosk/app/staff_auth.h"

#include <sodium.h>

#include <array>
#include <cstring>

namespace onestop::app {

bool VerifyPinHash(std::string_view hash, std::string_view pin) {
  static const bool ready = sodium_init() >= 0;
  if (!ready || pin.empty()) return false;
  static constexpr std::string_view kPrefix = "$argon2id$";
  if (hash.size() >= crypto_pwhash_STRBYTES || hash.substr(0, kPrefix.size()) != kPrefix) return false;
  std::array<char, crypto_pwhash_STRBYTES> buf{};
  std::memcpy(buf.data(), hash.data(), hash.size());
  return crypto_pwhash_str_verify(buf.data(), pin.data(), pin.size()) == 0;
}

staff::PinVerifier SodiumPinVerifier() {
  return [](std::string_view hash, std::string_view pin) { return VerifyPinHash(hash, pin); };
}

}  // namespace onestop::app
