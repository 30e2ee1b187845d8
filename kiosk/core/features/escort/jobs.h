// What the escort feature asks of the app's store reader (kiosk/app/lookups/escort_lookup.cpp).
// Answered by commands.h structs; core never runs a job.
#pragma once
#include <string>

namespace onestop::escort::job {

struct ReadBeds { std::string ward; };  // → cmd::BedsRead: location entities kind=bed of the ward, in code order

}  // namespace onestop::escort::job
