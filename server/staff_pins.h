// Staff PINs at the hub (issue 7): Argon2id hashes (libsodium crypto_pwhash_str) stored in the
// `staff` master entity as `pin_hash`, pulled by terminals and checked offline there. The hub never
// stores or logs a PIN itself. Limits: OPSLIMIT/MEMLIMIT_INTERACTIVE (2 passes, 64 MiB; ~0.1 s on a
// kiosk CPU) so a sign-in stays quick on the terminal that has to verify it.
#pragma once
#include <string>
#include <string_view>

#include "kiosk/core/result.h"
#include "server/store.h"

namespace onestop::hub {

// Argon2id hash string ("$argon2id$v=19$m=65536,t=2,p=1$..."). Code: pin.bad_format (6-12 digits,
// core staff::IsValidPinFormat), pin.hash_failed (out of memory).
Result<std::string> HashPin(std::string_view pin);

// Sets (replaces) the PIN of staff member `staff_id`: the entity keeps every other field and its
// scope (its `ward` if it has one, so only that ward's terminals and staff tablets receive the hash).
// Codes: pin.bad_format, staff.unknown, store.*.
Status SetStaffPin(HubStore& store, const std::string& staff_id, std::string_view pin);

}  // namespace onestop::hub
