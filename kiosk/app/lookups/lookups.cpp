// The list of the features' lookups (see lookups.h): a feature with store reads adds one line here.
#include "kiosk/app/lookups/lookups.h"

#include "kiosk/app/lookups/escort_lookup.h"

namespace onestop::app {

void RegisterLookups(JobRouter& router, Executor::Lane lane, std::shared_ptr<StoreReader> store, const Clock& clock) {
  RegisterRequestLookups(router, lane, store, clock);
  RegisterMealLookups(router, lane, store, clock);
  RegisterRatingLookups(router, lane, store);
  RegisterStaffLookups(router, lane, store);
  RegisterEscortLookups(router, lane, store);
}

}  // namespace onestop::app
