// The requests feature's typed commands (from its screens) and the answers of its jobs (from the
// app's workers). Only this feature's apply.cpp looks inside them.
#pragma once
#include <string>
#include <vector>

#include "kiosk/core/features/requests/state.h"
#include "kiosk/core/result.h"

namespace onestop::requests::cmd {

struct Send { Form form; };                 // Send on the navigation bar of a form
struct SetUrgency { std::string code; };
struct SetFaultCategory { std::string code; };
struct SetCleaningType { std::string code; };
struct SetComplaintCategory { std::string code; };
struct SetAssetClass { std::string code; };     // "what is broken" on a patient's fault report
struct SetPlace { Form form; std::string code; };  // a ward kiosk's room or bed ("" = the whole ward)
struct ToggleKeyboard { Form form; };
struct CloseKeyboard {};                    // Done on a form's keyboard
struct OpenManualEntry {};                  // "Type the code" on the Scan screen
struct LookUpTyped {};                      // Done on the Scan screen's keyboard: the typed code
struct AddPhoto {};                         // the repair form's "Add a photo": the Scan screen in photo mode
struct TakePhoto {};                        // the Scan screen's shutter in photo mode
struct RemovePhoto {};

// Answers of jobs.h.
struct DraftRead { std::string raw; Result<repair::RepairDraft> draft; DraftExtras extras; };
struct RequestsRead { std::vector<TicketSummary> tickets; std::vector<PendingRequest> pending; };
struct HereRead { HereData here; };
struct PhotoTaken { Result<std::string> jpeg; };  // JPEG bytes, or why the camera could not take it

}  // namespace onestop::requests::cmd
