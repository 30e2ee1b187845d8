// Pull scope: which change rows a terminal sees and which staff secrets in them (DESIGN §4). The one
// visibility rule: every storage backend asks it, none writes its own. It must not touch storage or
// HTTP; backends run PullSql with PullParams and feed the rows through a PullPage (redaction, caps).
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

// The pull query, written once for both backends: parameter 1 is the cursor, 2 the row limit (the
// page's limit + 1, to learn whether more exist), 3.. the text values of PullParams. Only the
// placeholder spelling differs (SQLite ?N, PostgreSQL $N); the text depends on AllScopes alone, so a
// backend can keep it prepared. PostgreSQL's scope column must compare bytewise (COLLATE "C").
enum class SqlDialect { kSqlite, kPostgres };
const std::string& PullSql(bool all_scopes, SqlDialect dialect);
std::vector<std::string> PullParams(const Binding& b);

// One pull page being filled from rows in seq order: redacts each row for the binding and stops at
// the count limit or the byte budget (a change that would overflow the budget waits for the next
// page, unless it is the page's first: one change larger than the budget still has to get through).
class PullPage {
 public:
  PullPage(const Binding& b, int limit, size_t max_bytes) : b_(b), limit_(limit), max_bytes_(max_bytes) {}
  // False once the page is full: the offered row is not on it and more visible changes exist.
  bool Offer(ChangeRow row);
  std::vector<ChangeRow> Take(bool* more) {
    *more = full_;
    return std::move(rows_);
  }

 private:
  const Binding& b_;
  int limit_;
  size_t max_bytes_;
  size_t bytes_ = 0;  // data bytes of the page so far (after redaction: what the terminal receives)
  bool full_ = false;
  std::vector<ChangeRow> rows_;
};

}  // namespace onestop::hub
