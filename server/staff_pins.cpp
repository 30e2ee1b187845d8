// Staff PIN hashing and the `staff set-pin` operation. The PIN lives only in this call's memory and
// is wiped with sodium_memzero; nothing here logs it.
#include "server/staff_pins.h"

#include <sodium.h>

#include "kiosk/core/staff_session.h"

namespace onestop::hub {

Result<std::string> HashPin(std::string_view pin) {
  if (!staff::IsValidPinFormat(pin))
    return Error{"pin.bad_format", "a PIN must be " + std::to_string(staff::kMinPinDigits) + " to " +
                                       std::to_string(staff::kMaxPinDigits) + " digits"};
  if (sodium_init() < 0) return Error{"pin.hash_failed", "libsodium failed to initialise"};
  char out[crypto_pwhash_STRBYTES];
  if (crypto_pwhash_str(out, pin.data(), pin.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                        crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
    return Error{"pin.hash_failed", "hashing the PIN failed (out of memory?)"};
  return std::string(out);
}

Status SetStaffPin(HubStore& store, const std::string& staff_id, std::string_view pin) {
  auto hash = HashPin(pin);
  if (!hash) return hash.error();
  auto tx = store.Begin();
  if (!tx) return tx.error();
  auto s = tx.value()->GetMaster("staff", staff_id);
  if (!tx.value()->ok()) return Error{"store.tx", "cannot read staff " + staff_id};
  if (!s || !s->is_object()) return Error{"staff.unknown", "no staff member " + staff_id + " in the hub's master data"};
  (*s)["pin_hash"] = hash.value();
  const std::string scope = s->contains("ward") && (*s)["ward"].is_string() ? (*s)["ward"].get<std::string>() : "";
  tx.value()->PutMaster("staff", staff_id, *s, scope);
  return tx.value()->Commit();
}

}  // namespace onestop::hub
