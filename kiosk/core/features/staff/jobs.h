// What the staff feature asks of the app's workers (kiosk/app/lookups/staff_lookup.cpp).
#pragma once
#include <cstdint>
#include <string>

namespace onestop::staffui::job {

struct ReadDirectory {};  // → cmd::DirectoryRead: the pulled staff list
// → cmd::PinChecked. Argon2id on a worker (≈0.1 s, 64 MiB): the only place a PIN travels, in memory;
// it is never stored or logged.
struct CheckPin { uint64_t attempt = 0; std::string hash, pin; };

}  // namespace onestop::staffui::job
