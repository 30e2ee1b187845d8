// Session: everything about the person at the screen now. Idle timeout or a bed change resets it by
// assignment (`session = Session{defaults}`), so nothing of one patient survives to the next.
// It must hold no long-lived terminal state (binding, master data, outbox): that lives in AppState.
#pragma once
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "kiosk/core/commands.h"
#include "kiosk/core/i18n.h"
#include "kiosk/core/requests_model.h"

namespace onestop {

struct Session {
  Lang lang = Lang::kZhHans;
  ScreenId screen = ScreenId::kHome;
  std::vector<ScreenId> back_stack;
  std::map<std::string, std::string> fields;  // app-owned text buffers edited by keypad/keyboard
  RequestsSession requests;                   // scan, repair/cleaning/complaint forms, my requests
};

}  // namespace onestop
