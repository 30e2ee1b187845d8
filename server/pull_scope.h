// Pull scope: which change rows a terminal sees and which staff secrets in them (DESIGN §4). The one
// visibility rule: every storage backend asks it, none writes its own. It must not touch storage or
// HTTP; backends turn VisibleScopes into their query and pass each staff row through RedactForBinding.
#pragma once
#include <string>
#include <vector>

#include "kiosk/core/protocol.h"
#include "server/store.h"

namespace onestop::hub {

// Scopes of change rows a bound terminal sees besides those of its descendants (a row scoped
// "<location>-..." lies inside it): "" (hospital-wide), every ancestor of the location, the location.
// An unbound terminal (staff tablet) sees every scope; AllScopes says so.
std::vector<std::string> VisibleScopes(const Binding& b);
bool AllScopes(const Binding& b);
// The entity an unbound staff tablet does not see (patients' diet orders).
std::string EntityHiddenFromUnbound();

// Staff secrets (pin_hash, badge) reach only terminals where that staff member can sign in
// (staff::StaffAllowedAt: their ward's ward kiosks, staff tablets), never a bedside tablet.
// Removes them from a `staff` change the binding may not sign that member in on; other rows pass.
void RedactForBinding(const Binding& b, ChangeRow& row);

}  // namespace onestop::hub
