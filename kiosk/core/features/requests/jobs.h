// What the requests feature asks of the app's workers; each is answered by a commands.h struct.
// The handlers live in kiosk/app/lookups/requests_lookup.cpp (store reads) and the scan service.
#pragma once
#include <string>

namespace onestop::requests::job {

struct LookUpLabel { std::string raw; };           // → cmd::DraftRead: the asset register for a label
struct ListRequests { std::string location; };     // → cmd::RequestsRead: tickets and outbox of the area
struct CapturePhoto {};                            // → cmd::PhotoTaken: the camera's next frame as JPEG
// → cmd::HereRead: the asset classes at a bed and in its room, and the rooms and beds under a ward.
struct ReadHere { std::string location; };

}  // namespace onestop::requests::job
