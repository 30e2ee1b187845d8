// The one list of the terminal's features (DESIGN §2.1). Adding a feature is one line here, one row
// in ui/screen_table.cpp, its folder, its hub rule and its catalog keys. Nothing else names features.
#include "kiosk/core/features/enroll/feature.h"
#include "kiosk/core/features/escort/feature.h"
#include "kiosk/core/features/foundation/feature.h"
#include "kiosk/core/features/keyboard/feature.h"
#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/features/read_aloud/feature.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/staff/feature.h"
#include "kiosk/core/shell/feature.h"

namespace onestop {

const std::vector<const Feature*>& AllFeatures() {
  // Enrollment first: on a terminal that needs it, its tile leads the home screen.
  static const std::vector<const Feature*> kAll = {
      &enrollui::kFeature, &mealui::kFeature, &requests::kFeature, &rateui::kFeature, &escort::kFeature, &staffui::kFeature,
      &foundation::kFeature, &keyboard::kFeature, &readaloud::kFeature,
  };
  return kAll;
}

}  // namespace onestop
