// Offline PIN check for staff sign-in (issue 7): libsodium's crypto_pwhash_str_verify against the
// Argon2id hash pulled with the `staff` entity. This is the PinVerifier the core StaffSession takes.
// Slow on purpose (~0.1 s, 64 MiB): call it off the frame thread. Never logs or keeps a PIN.
#pragma once
#include <string_view>

#include "kiosk/core/staff_session.h"

namespace onestop::app {

// True only for a well-formed "$argon2id$..." hash that matches `pin`. Other algorithms (argon2i,
// scrypt) are refused: the hub issues Argon2id only, so anything else is not ours.
bool VerifyPinHash(std::string_view hash, std::string_view pin);

// VerifyPinHash as a staff::PinVerifier.
staff::PinVerifier SodiumPinVerifier();

}  // namespace onestop::app
