// `rate`: rate completed work headless (DESIGN §3, issue 7), checked by kiosk/core/rating.h exactly as
// the rating screen does, with staff sign-in through the same core StaffSession (badge or number +
// PIN against the pulled Argon2id hash), then committed durably to the outbox; `sync` sends it.
// Never contacts the hub. Exit codes: 0 ok, 1 input (reasons on stderr, {problems, first} on stdout),
// 2 usage, 3 store/environment. Sign-in state (lockouts) lives only as long as the process.
#include <iostream>
#include <memory>

#include "kiosk/app/cli/cli.h"
#include "kiosk/app/config.h"
#include "kiosk/app/lookups/rating_lookup.h"
#include "kiosk/app/spine_service.h"
#include "kiosk/app/staff_auth.h"
#include "kiosk/core/rating.h"
#include "kiosk/core/staff_session.h"

namespace onestop::app {
namespace {

using json = nlohmann::json;

struct RateArgs {
  std::string ticket;
  int overall = 0;
  std::vector<std::string> dims, tags;
  std::string comment;
  bool reopen = false;
  std::string staff, pin, badge;
  bool pin_stdin = false;
};

// A name in the three languages, as the hub sent it ({} when unknown here).
json Names(const LocalText& t) {
  json out = json::object();
  if (!t.empty())
    for (Lang l : kAllLangs) out[LangTag(l)] = t.Get(l);
  return out;
}

int Fail(int code, const std::string& message) {
  std::cerr << "onestop-kiosk rate: " << message << "\n";
  return code;
}

int Refused(const rating::RatingCheck& c, const std::string& hint = "") {
  for (const auto& p : c.problems) std::cerr << "onestop-kiosk rate: " << p.message << " [" << p.code << "]" << hint << "\n";
  json out = {{"problems", c.problems}, {"first", c.first ? json(*c.first) : json(nullptr)}};
  std::cout << out.dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
  return kExitInput;
}

int Run(const GlobalOptions& global, RateArgs a, bool list) {
  auto c = LoadConfig(global);
  if (!c) return Fail(kExitInput, c.error().message);
  const KioskConfig cfg = c.value();
  SetupLogging(cfg.log.level);
  auto opened = OpenSpine(cfg, nullptr);
  if (!opened) return Fail(kExitEnv, opened.error().message);
  Spine& spine = *opened.value();
  Binding fallback{ParseRole(cfg.terminal.role).value_or(Role::kBedside),
                             cfg.terminal.location};
  auto loaded = LoadRatingContext(*spine.store, fallback);
  if (!loaded) return Fail(kExitEnv, loaded.error().message);
  const RatingContext& ctx = loaded.value();

  // Sign-in, by the same state machine as the screen.
  staff::StaffSession session(spine.clock, SodiumPinVerifier(), ctx.binding);
  session.SetDirectory(ctx.staff);
  if (a.pin_stdin && !std::getline(std::cin, a.pin)) a.pin.clear();
  if (!a.pin.empty() && a.pin.back() == '\r') a.pin.pop_back();
  if (!a.badge.empty()) {
    if (auto s = session.SignInWithBadge(a.badge); !s) return Fail(kExitInput, s.error().message + " [" + s.error().code + "]");
  } else if (!a.staff.empty()) {
    if (a.pin.empty()) return Fail(kExitUsage, "--staff needs --pin PIN or --pin-stdin");
    auto s = session.SignInWithPin(a.staff, a.pin);
    a.pin.assign(a.pin.size(), '0');
    if (!s) return Fail(kExitInput, s.error().message + " [" + s.error().code + "]");
  }
  const staff::StaffMember* who = session.staff();
  const std::string rater = rating::RaterFor(ctx.binding, ctx.terminal_id, who ? who->id : "");
  const std::string sign_in_hint = " (sign in with --staff ID --pin PIN, or --badge CODE)";

  if (list) {
    json items = json::array();
    for (const auto& item : RateListFor(ctx, who, spine.clock.NowUtcMs())) {
      // What the rating screen names (issue 16): asset class, place, fault category, trade, worker.
      const TicketNames& n = NamesOf(ctx, item.ticket.id);
      json j = item;
      j["names"] = {{"asset_class", Names(n.asset_class)}, {"place", Names(n.place)}, {"category", Names(n.category)},
                    {"trade", Names(n.trade)}, {"worker", Names(n.worker)}};
      items.push_back(std::move(j));
    }
    const json out = {{"rater", rater}, {"binding", {{"kind", RoleName(ctx.binding.role)}, {"location", ctx.binding.location}}},
                      {"items", items}};
    std::cout << out.dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
    return kExitOk;
  }

  if (a.ticket.empty()) return Fail(kExitUsage, "give --ticket ID (see `rate list`)");
  rating::RatingDraft d;
  d.ticket = a.ticket;
  d.overall = a.overall;
  d.tags = a.tags;
  d.comment = a.comment;
  d.reopen = a.reopen;
  for (const auto& kv : a.dims) {
    const auto eq = kv.find('=');
    const std::string name = kv.substr(0, eq);
    const std::string val = eq == std::string::npos ? "" : kv.substr(eq + 1);
    if (name.empty() || val.size() != 1 || val[0] < '0' || val[0] > '9')
      return Fail(kExitInput, "--dim must be name=score with a score 1..5, e.g. --dim timeliness=4 (got \"" +
                                  protocol::TruncateUtf8(kv, 40) + "\")");
    if (d.dimensions.count(name)) return Fail(kExitInput, "--dim " + name + " is given twice");
    d.dimensions[name] = val[0] - '0';
  }

  const rating::TicketInfo* t = FindTicket(ctx, a.ticket);
  rating::RatingCheck check;
  if (!t || !InRateScope(ctx, who, *t)) {
    check.problems.push_back({"rating.unknown_ticket", "ticket", protocol::TruncateUtf8(a.ticket, 40), 0,
                              "no ticket " + protocol::TruncateUtf8(a.ticket, 40) + " to rate on this terminal" +
                                  (who || ctx.binding.role == Role::kBedside ? std::string(" (sync first?)") : sign_in_hint)});
    return Refused(check);
  }
  check = rating::CheckRating(d, *t, rater, ctx.own);
  if (!check.ok()) return Refused(check, check.problems.front().code == "rating.needs_rater" ? sign_in_hint : "");

  const json payload = rating::RatingPayload(d, t->round, who ? who->id : "");
  auto id = spine.store->Enqueue("rating", payload.dump());
  if (!id) return Fail(id.error().code.rfind("outbox.", 0) == 0 ? kExitInput : kExitEnv, id.error().message);
  // Printed only after the durable commit.
  const json out = {{"record_id", id.value()}, {"kind", "rating"}, {"rater", rater}, {"payload", payload}};
  std::cout << out.dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
  return kExitOk;
}

}  // namespace

void RegisterRateCommands(CLI::App& app, const GlobalOptions& global, Registry& registry) {
  auto a = std::make_shared<RateArgs>();
  auto* cmd = app.add_subcommand("rate", "rate a completed service (validated like the rating screen; `sync` sends "
                                         "it). Prints {record_id, kind, rater, payload}");
  cmd->fallthrough();
  cmd->require_subcommand(0, 1);
  auto* list = cmd->add_subcommand("list", "completed work this terminal (and rater) can rate, newest first, as JSON");
  cmd->add_option("--ticket", a->ticket, "ticket id, e.g. TK-000001");
  cmd->add_option("--overall", a->overall, "overall score 1..5");
  cmd->add_option("--dim", a->dims, "dimension score name=1..5 (repeatable), e.g. --dim timeliness=4");
  cmd->add_option("--tag", a->tags, "preset tag code (repeatable), e.g. --tag on_time");
  cmd->add_option("--comment", a->comment, "short comment (at most 200 characters)");
  cmd->add_flag("--reopen", a->reopen, "ask for the work to be done again (only with --overall 1 or 2)");
  auto* staff = cmd->add_option("--staff", a->staff, "staff number to sign in with (needs --pin or --pin-stdin)");
  auto* pin = cmd->add_option("--pin", a->pin, "PIN for --staff (visible in the process list: prefer --pin-stdin)");
  auto* pin_stdin = cmd->add_flag("--pin-stdin", a->pin_stdin, "read the PIN from the first line of stdin");
  auto* badge = cmd->add_option("--badge", a->badge, "badge code (as the badge reader types it) to sign in with");
  pin->excludes(pin_stdin);
  badge->excludes(staff);
  pin->needs(staff);
  pin_stdin->needs(staff);
  registry.push_back({cmd, [&global, a, list] { return Run(global, *a, list->parsed()); }});
}

}  // namespace onestop::app
