// enroll, sync, status (and the hidden test helper enqueue): the offline spine on the command line
// (DESIGN §3). Results go to stdout (JSON or ids), progress and errors to stderr. Payload contents
// are never printed or logged here. Exit codes: 0 ok, 1 input, 2 usage, 3 environment.
#include <atomic>
#include <chrono>
#include <csignal>
#include <iostream>
#include <memory>
#include <thread>

#include "kiosk/app/cli/cli.h"
#include "kiosk/app/config.h"
#include "kiosk/app/spine_service.h"
#include "kiosk/core/enroll_code.h"
#include "kiosk/core/protocol.h"

namespace onestop::app {
namespace {

using json = nlohmann::json;

std::atomic<bool> g_stop{false};
void OnStopSignal(int) { g_stop = true; }

int Fail(int code, const std::string& message) {
  std::cerr << "onestop-kiosk: " << message << "\n";
  return code;
}

// Loads config, sets up logging and opens the spine; on failure prints why and returns an exit code.
int Prepare(const GlobalOptions& global, KioskConfig* cfg, std::unique_ptr<Spine>* spine) {
  auto c = LoadConfig(global);
  if (!c) return Fail(kExitInput, c.error().message);
  *cfg = c.value();
  SetupLogging(cfg->log.level);
  auto s = OpenSpine(*cfg, nullptr);
  if (!s) return Fail(kExitEnv, s.error().message);
  *spine = std::move(s).value();
  return kExitOk;
}

json TimeOrNull(int64_t ms) { return ms > 0 ? json(FormatIsoUtcMs(ms)) : json(nullptr); }

int RunEnroll(const GlobalOptions& global, const std::string& code) {
  KioskConfig cfg;
  std::unique_ptr<Spine> spine;
  if (int rc = Prepare(global, &cfg, &spine)) return rc;
  // Enrollment goes to the hub named now (--hub or [hub] url), never to a previously stored one;
  // without one, to the hub the console's …/e/<code> address names (as on the enrollment screen).
  auto target = enroll::ResolveEnrollTarget(code, cfg.hub.url);
  if (!target && target.error().code == "enroll.no_hub")
    return Fail(kExitUsage, "enroll needs the hub: --hub http://HOST:PORT (or [hub] url), or the .../e/<code> address");
  if (!target) return Fail(kExitInput, target.error().message);
  offline::CurlTransport transport(TransportOptionsFor(cfg, target->hub_url));
  protocol::DeviceInfo device{DeviceSerial(cfg), cfg.terminal.role, ONESTOP_VERSION};
  auto r = offline::Enroll(transport, *spine->store, target->hub_url, target->code, device);
  if (!r) {
    const bool env = r.error().code == "enroll.unreachable" || r.error().code == "enroll.hub_error";
    return Fail(env ? kExitEnv : kExitInput, r.error().message);
  }
  json out = {{"terminal_id", r->terminal_id},
              {"binding", {{"kind", RoleName(r->binding.role)}, {"location", r->binding.location}}},
              {"hub", target->hub_url}};
  std::cout << out.dump() << std::endl;
  return kExitOk;
}

int RunSync(const GlobalOptions& global, bool once) {
  KioskConfig cfg;
  std::unique_ptr<Spine> spine;
  if (int rc = Prepare(global, &cfg, &spine)) return rc;
  spine->engine->SetProgress([](const std::string& line) { std::cerr << line << std::endl; });
  if (once) {
    const auto r = spine->engine->SyncOnce();
    std::cerr << "sync: " << LinkStateName(r.state) << ", pushed " << r.pushed << ", rejected " << r.rejected
              << ", pulled " << r.pulled << " in " << r.pages << " page(s), outbox " << spine->store->OutboxDepth()
              << (r.error.empty() ? "" : " -- " + r.error) << std::endl;
    if (r.ok) return kExitOk;
    if (r.state == LinkState::kNotEnrolled || r.state == LinkState::kUnauthorized) return kExitInput;
    return kExitEnv;
  }
  std::signal(SIGINT, OnStopSignal);
  std::signal(SIGTERM, OnStopSignal);
  spine->engine->Start([](const LinkStatus& s) {
    std::cerr << "link: " << LinkStateName(s.state) << ", outbox " << s.outbox_depth << ", dead letters "
              << s.dead_letters << ", skew " << s.clock_skew_ms << " ms"
              << (s.detail.empty() ? "" : " -- " + s.detail) << std::endl;
  });
  while (!g_stop) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  spine->engine->Stop();
  return kExitOk;
}

int RunStatus(const GlobalOptions& global) {
  KioskConfig cfg;
  std::unique_ptr<Spine> spine;
  if (int rc = Prepare(global, &cfg, &spine)) return rc;
  auto st = spine->store->LoadSyncState();
  if (!st) return Fail(kExitEnv, st.error().message);
  json dead = json::array();
  if (auto list = spine->store->ListDeadLetters(50)) {
    for (const auto& d : list.value())  // no payloads: they may hold patient data
      dead.push_back({{"id", d.id}, {"kind", d.kind}, {"reason", d.reason}, {"failed_at", TimeOrNull(d.failed_at_ms)}});
  }
  const bool enrolled = !st->token.empty();
  json out = {
      {"enrolled", enrolled},
      {"state", enrolled ? (st->unauthorized ? "unauthorized" : "enrolled") : "not_enrolled"},
      {"terminal_id", st->terminal_id.empty() ? json(nullptr) : json(st->terminal_id)},
      {"hub", spine->hub_url.empty() ? json(nullptr) : json(spine->hub_url)},
      {"binding", enrolled ? protocol::ToJson(st->binding.value_or(Binding{})) : json(nullptr)},
      {"outbox_depth", spine->store->OutboxDepth()},
      {"dead_letters", spine->store->DeadLetterCount()},
      {"dead_letter_list", dead},
      {"last_push", TimeOrNull(st->last_push_ms)},
      {"last_pull", TimeOrNull(st->last_pull_ms)},
      {"cursor", st->cursor.empty() ? "0" : st->cursor},
      {"clock_skew_ms", st->clock_skew_ms},
      {"store", spine->store->path()},
      {"schema_version", spine->store->SchemaVersion()},
  };
  std::cout << out.dump(2) << std::endl;
  return kExitOk;
}

int RunEnqueue(const GlobalOptions& global, const std::string& kind, const std::string& payload) {
  KioskConfig cfg;
  std::unique_ptr<Spine> spine;
  if (int rc = Prepare(global, &cfg, &spine)) return rc;
  auto id = spine->store->Enqueue(kind, payload);
  if (!id) {
    const bool input = id.error().code.rfind("outbox.", 0) == 0;
    return Fail(input ? kExitInput : kExitEnv, id.error().message);
  }
  // Printed only after the durable commit: a test that sees this line may count the record as accepted.
  std::cout << id.value() << std::endl;
  return kExitOk;
}

}  // namespace

void RegisterSpineCommands(CLI::App& app, const GlobalOptions& global, Registry& registry) {
  auto code = std::make_shared<std::string>();
  auto* enroll = app.add_subcommand("enroll", "exchange a one-time code for a device token and binding (--hub URL, or the console QR code's .../e/<code> address)");
  enroll->add_option("--code", *code, "one-time enrollment code from the hub, or the .../e/<code> address of its QR code")->required();
  registry.push_back({enroll, [&global, code] { return RunEnroll(global, *code); }});

  auto once = std::make_shared<bool>(false);
  auto* sync = app.add_subcommand("sync", "run the sync engine (progress on stderr); Ctrl-C stops");
  sync->add_flag("--once", *once, "one round: push the whole outbox, pull until up to date, then exit");
  registry.push_back({sync, [&global, once] { return RunSync(global, *once); }});

  auto* status = app.add_subcommand("status", "JSON: enrollment, binding, outbox, dead letters, last push/pull, cursor, skew");
  registry.push_back({status, [&global] { return RunStatus(global); }});

  // Hidden helper for tests and scripts; the real order/report/rate commands use the same Enqueue.
  auto kind = std::make_shared<std::string>(), payload = std::make_shared<std::string>();
  auto* enqueue = app.add_subcommand("enqueue", "queue a raw outbox record (testing)");
  enqueue->group("");
  enqueue->add_option("--kind", *kind, "record kind, e.g. rating")->required();
  enqueue->add_option("--payload", *payload, "JSON object")->required();
  registry.push_back({enqueue, [&global, kind, payload] { return RunEnqueue(global, *kind, *payload); }});
}

}  // namespace onestop::app
