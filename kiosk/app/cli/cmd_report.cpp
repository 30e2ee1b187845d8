// `report`: a repair, cleaning or complaint request headless (DESIGN §3), pre-filled and validated by
// kiosk/core/repair.h exactly as the UI does, then committed durably to the outbox; `sync` sends it.
// Never contacts the hub. Prints one JSON object {record_id, kind, draft, payload} on stdout only
// after the commit. Exit codes: 0 ok, 1 input (reason on stderr), 2 usage, 3 store/environment.
#include <fstream>
#include <iostream>
#include <iterator>
#include <memory>

#include "kiosk/app/cli/cli.h"
#include "kiosk/app/config.h"
#include "kiosk/app/lookups/requests_lookup.h"
#include "kiosk/app/spine_service.h"
#include "kiosk/core/labels.h"
#include "kiosk/core/photo.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/repair.h"

namespace onestop::app {
namespace {

using json = nlohmann::json;

struct ReportArgs {
  std::string kind = "repair";
  std::string code, asset, location, urgency = "routine", category, note, photo;
};

int Fail(int code, const std::string& message) {
  std::cerr << "onestop-kiosk report: " << message << "\n";
  return code;
}

// A missing location is the one failure the command line can fix with a flag: say which.
int Invalid(const Error& e) {
  const bool location = e.code.find("needs_location") != std::string::npos;
  return Fail(kExitInput, e.message + (location ? " Give it with --location CODE (e.g. B2-3F-W12-BED07)." : ""));
}

int Commit(Spine& spine, protocol::RecordKind kind, const json& draft, const json& payload) {
  const std::string kind_name(protocol::RecordKindName(kind));
  auto id = spine.store->Enqueue(kind_name, payload.dump());
  if (!id) {
    const bool input = id.error().code.rfind("outbox.", 0) == 0;
    return Fail(input ? kExitInput : kExitEnv, id.error().message);
  }
  // Printed only after the durable commit: whoever sees this line may count the report as accepted.
  const json out = {{"record_id", id.value()}, {"kind", kind_name}, {"draft", draft}, {"payload", payload}};
  std::cout << out.dump(-1, ' ', false, json::error_handler_t::replace) << std::endl;
  return kExitOk;
}

int RunReport(const GlobalOptions& global, const ReportArgs& a) {
  auto c = LoadConfig(global);
  if (!c) return Fail(kExitInput, c.error().message);
  const KioskConfig cfg = c.value();
  SetupLogging(cfg.log.level);
  auto opened = OpenSpine(cfg, nullptr);
  if (!opened) return Fail(kExitEnv, opened.error().message);
  Spine& spine = *opened.value();
  auto st = spine.store->LoadSyncState();
  if (!st) return Fail(kExitEnv, st.error().message);
  const std::string bound = st->binding ? st->binding->location : std::string();  // empty: unbound (or not enrolled yet)

  // The scanned code goes through the same parser as the camera; a typed asset id through the
  // compact form, so it meets the same character rules.
  std::optional<labels::ParsedLabel> label;
  std::string raw;
  if (!a.code.empty()) {
    auto p = labels::ParseLabel(a.code);
    if (!p) return Fail(kExitInput, "--code: " + p.error().message);
    label = p.value();
    raw = a.code;
  } else if (!a.asset.empty()) {
    auto p = labels::ParseLabel("OS1:A=" + a.asset);
    if (!p || !p->asset_id) return Fail(kExitInput, "--asset: \"" + protocol::TruncateUtf8(a.asset, 64) +
                                                         "\" is not an asset id (" + (p ? "" : p.error().message) + ")");
    label = p.value();
    raw = a.asset;
  }

  if (a.kind == "repair") {
    if (!label) return Fail(kExitInput, "a repair report needs --code CODE (the scanned label) or --asset ID");
    auto built = RepairDraftFromStore(*spine.store, raw, *label, spine.clock.NowUtcMs());
    if (!built) return Fail(kExitEnv, built.error().message);
    repair::RepairDraft d = std::move(built).value();
    if (!a.location.empty()) d.location_code = a.location;
    d.urgency = a.urgency;
    d.category = a.category;
    d.note = a.note;
    if (auto s = repair::ValidateRepairDraft(d, bound); !s) return Invalid(s.error());
    json payload = repair::RepairPayload(d);
    if (!a.photo.empty()) {
      std::ifstream in(a.photo, std::ios::binary);
      if (!in) return Fail(kExitInput, "--photo: cannot read " + a.photo);
      const std::string jpeg((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
      if (auto s = photo::ValidatePhoto(jpeg); !s) return Fail(kExitInput, "--photo: " + s.error().message);
      payload["photo"] = photo::PhotoPayload(jpeg);
    }
    return Commit(spine, protocol::RecordKind::kRepairRequest, d, payload);
  }
  if (a.kind == "cleaning") {
    repair::CleaningDraft d = repair::BuildCleaningDraft(bound, label);
    if (!a.location.empty()) d.location_code = a.location;
    if (!a.category.empty()) d.type = a.category;
    d.note = a.note;
    if (auto s = repair::ValidateCleaningDraft(d, bound); !s) return Invalid(s.error());
    return Commit(spine, protocol::RecordKind::kCleaningRequest, d, repair::CleaningPayload(d));
  }
  // complaint
  repair::ComplaintDraft d;
  d.location_code = !a.location.empty() ? a.location
                    : label && label->location_code ? *label->location_code
                                                     : bound;
  if (!a.category.empty()) d.category = a.category;
  d.text = a.note;
  if (auto s = repair::ValidateComplaintDraft(d, bound); !s) {
    if (s.error().code == "complaint.needs_text") return Fail(kExitInput, s.error().message + " Give it with --note TEXT.");
    return Invalid(s.error());
  }
  return Commit(spine, protocol::RecordKind::kComplaint, d, repair::ComplaintPayload(d));
}

}  // namespace

void RegisterReportCommands(CLI::App& app, const GlobalOptions& global, Registry& registry) {
  auto a = std::make_shared<ReportArgs>();
  auto* cmd = app.add_subcommand("report", "queue a repair, cleaning or complaint report (validated like the UI; "
                                           "`sync` sends it). Prints {record_id, kind, draft, payload}");
  cmd->add_option("--kind", a->kind, "repair, cleaning or complaint")
      ->check(CLI::IsMember({"repair", "cleaning", "complaint"}))
      ->capture_default_str();
  auto* code = cmd->add_option("--code", a->code, "scanned label text (URL, OS1:, GS1, or bare tag)");
  auto* asset = cmd->add_option("--asset", a->asset, "asset id typed instead of scanned");
  code->excludes(asset);
  cmd->add_option("--location", a->location, "location code; required for equipment not in the local register");
  cmd->add_option("--urgency", a->urgency, "repair: routine, urgent or emergency")->capture_default_str();
  cmd->add_option("--category", a->category,
                  "repair: fault category code; cleaning: cleaning or disinfection; complaint: service, meal, "
                  "cleaning, noise, facility or other");
  cmd->add_option("--photo", a->photo, "repair: a JPEG of the fault (at most 150 KiB) to attach");
  cmd->add_option("--note", a->note, "free text (at most 200 characters; for a complaint, its text, at most 500)");
  registry.push_back({cmd, [&global, a] { return RunReport(global, *a); }});
}

}  // namespace onestop::app
