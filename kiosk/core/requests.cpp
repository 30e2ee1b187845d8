// Service-request rules and view models (see requests.h). Validation itself is kiosk/core/repair.h,
// shared with `onestop-kiosk report`; this file only wires it to the session and the screens.
#include "kiosk/core/requests.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "kiosk/core/clock.h"
#include "kiosk/core/labels.h"
#include "kiosk/core/photo.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/tickets/ticket.h"
#include "kiosk/core/views.h"

namespace onestop::requests {
namespace {

using json = nlohmann::json;

constexpr size_t kMaxRows = 100;  // a bed or ward has far fewer open requests; the screen stays light

// The translated text of an error code when the catalogs have one, else the core's own message.
std::string ErrorText(const AppState& s, const std::string& code, const std::string& message) {
  const std::string key = "error." + code;
  // Rarer label rejections: a translated headline, the parser's precise reason after it.
  const std::string fallback = code.rfind("label.", 0) == 0 ? s.Tr("error.label.other") + "  (" + message + ")" : message;
  return s.TrOr(key, fallback);
}

std::string Str(const json& j, const char* key) {
  auto it = j.find(key);
  return it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// What a request says in its own words: description, complaint text or note.
std::string PayloadSummary(const json& p) {
  for (const char* k : {"description", "text", "note"})
    if (std::string v = Str(p, k); !v.empty()) return v;
  return {};
}

bool IsRequestKind(const std::string& ticket_kind) {
  return ticket_kind == "repair" || ticket_kind == "cleaning" || ticket_kind == "complaint";
}

std::string KindLabel(const AppState& s, const std::string& kind) {
  if (kind == "repair" || kind == "repair_request") return s.Tr("request.kind.repair");
  if (kind == "cleaning" || kind == "cleaning_request") return s.Tr("request.kind.cleaning");
  if (kind == "complaint") return s.Tr("request.kind.complaint");
  return kind;
}

std::string StatusLabel(const AppState& s, const std::string& status) {
  return s.TrOr("status." + status, status);
}

std::string When(const AppState& s, int64_t ms) {
  if (ms <= 0) return {};
  const std::string day = s.tz.Date(ms), today = s.tz.Date(s.clock->NowUtcMs());
  return day == today ? s.tz.HourMinute(ms) : day.substr(5) + " " + s.tz.HourMinute(ms);
}

repair::RepairDraft LocationOnlyDraft(const AppState& s) {
  repair::RepairDraft d;
  d.location_code = s.binding.location_code;
  d.needs_location = d.location_code.empty();
  return d;
}

void StartForm(AppState& s, const std::string& form) {
  RequestsSession& rq = s.session.requests;
  s.session.EraseFields(form + ".");
  rq.error_code.clear();
  rq.error.clear();
  if (rq.submitted_form == form) rq.submitted_form.clear(), rq.submitted_tag.clear();
  if (form == "repair") rq.photo.clear();
}

bool PhotoMode(const AppState& s) { return !s.session.Field("scan.photo").empty(); }

}  // namespace

const std::vector<std::string>& StatusSteps() {
  using tickets::TicketStatus;
  static const std::vector<std::string> k = tickets::StatusNames(
      {TicketStatus::kReceived, TicketStatus::kAccepted, TicketStatus::kDispatched, TicketStatus::kInProgress, TicketStatus::kCompleted});
  return k;
}

const std::vector<std::string>& TranslatedErrorCodes() {
  static const std::vector<std::string> k = {
      "repair.needs_location",    "repair.bad_location",     "repair.outside_binding", "repair.needs_note",
      "repair.bad_urgency",       "repair.bad_category",     "cleaning.needs_location", "cleaning.bad_location",
      "cleaning.outside_binding", "cleaning.bad_type",       "complaint.needs_location", "complaint.bad_location",
      "complaint.outside_binding", "complaint.needs_text",   "complaint.bad_category", "text.too_long",
      "text.control_char",        "text.invalid_utf8",       "label.empty",            "label.too_long",
      "label.unrelated_url",      "label.unrecognised",      "label.gs1_bad_check_digit", "label.control_char",
      "label.invalid_utf8",       "label.other",
  };
  return k;
}

// ---- hooks ------------------------------------------------------------------------------------
void OnEnterScreen(AppState& s, ScreenId screen) {
  RequestsSession& rq = s.session.requests;
  switch (screen) {
    case ScreenId::kHome:
      s.session.fields.erase("scan.photo");
      break;
    case ScreenId::kScan:
      if (PhotoMode(s) && rq.draft) break;  // taking a photo for the open repair form: keep the draft
      s.session.fields.erase("scan.photo");
      // Every visit starts a fresh scan: a half-finished draft of someone else must not linger.
      rq.raw.clear();
      rq.looking_up = false;
      rq.scan_error_code.clear();
      rq.scan_error.clear();
      rq.draft.reset();
      s.session.EraseFields("scan.");
      break;
    case ScreenId::kRepair:
      s.session.fields.erase("scan.photo");  // back from the photo screen (taken or not)
      // Reached without a scan (e.g. a patient's broken light): a draft for this place, note required.
      if (rq.looking_up) break;
      if (!rq.draft || rq.submitted_form == "repair") {
        rq.draft = LocationOnlyDraft(s);
        rq.extras = DraftExtras{};
        rq.extras.location_name = s.binding.location_name;
        StartForm(s, "repair");
      }
      break;
    case ScreenId::kCleaning:
      if (s.session.requests.submitted_form == "cleaning") StartForm(s, "cleaning");
      rq.error.clear();
      break;
    case ScreenId::kComplaint:
      if (s.session.requests.submitted_form == "complaint") StartForm(s, "complaint");
      rq.error.clear();
      break;
    case ScreenId::kRequests:
      rq.list_loading = true;
      s.store_queries.push_back({kQueryMyRequests, s.binding.location_code});
      break;
    default:
      break;
  }
}

void OnScanCode(AppState& s, const std::string& raw) {
  RequestsSession& rq = s.session.requests;
  if (rq.looking_up || PhotoMode(s)) return;  // one lookup at a time; no label reads while taking a photo
  auto label = labels::ParseLabel(raw);
  if (!label) {
    rq.scan_error_code = label.error().code;
    rq.scan_error = label.error().message;
    return;
  }
  rq.raw = raw;
  rq.looking_up = true;
  rq.scan_error_code.clear();
  rq.scan_error.clear();
  rq.draft.reset();
  rq.extras = DraftExtras{};
  s.camera.confirmed_mono_ms = s.clock->MonotonicMs();
  StartForm(s, "repair");
  s.store_queries.push_back({kQueryRepairDraft, raw});
  if (s.session.screen != ScreenId::kRepair) Apply(s, cmd::Navigate{ScreenId::kRepair});
}

void OnRepairDraft(AppState& s, const std::string& raw, Result<repair::RepairDraft> draft, DraftExtras extras) {
  RequestsSession& rq = s.session.requests;
  if (!rq.looking_up || rq.raw != raw) return;
  rq.looking_up = false;
  if (!draft) {
    rq.scan_error_code = draft.error().code;
    rq.scan_error = draft.error().message;
    return;
  }
  rq.draft = std::move(draft).value();
  if (rq.draft->location_code.empty() && !s.binding.location_code.empty()) {
    // Unknown asset without a place on its label: where the terminal stands is the best guess; the
    // nurse sees it in the form before confirming.
    rq.draft->location_code = s.binding.location_code;
    if (extras.location_name.empty()) extras.location_name = s.binding.location_name;
  }
  rq.extras = std::move(extras);
}

void OnPhoto(AppState& s, Result<std::string> jpeg) {
  RequestsSession& rq = s.session.requests;
  if (!PhotoMode(s) || !rq.draft) return;
  s.session.fields.erase("scan.photo");
  Status ok = jpeg ? photo::ValidatePhoto(jpeg.value()) : Status(jpeg.error());
  if (ok) {
    rq.photo = std::move(jpeg).value();
  } else {
    rq.error_code = ok.error().code;
    rq.error = ok.error().message;
  }
  if (s.session.screen == ScreenId::kScan) Apply(s, cmd::Back{});
}

void OnRequestsList(AppState& s, std::vector<TicketSummary> tickets, std::vector<PendingRequest> pending) {
  RequestsSession& rq = s.session.requests;
  if (!rq.list_loading) return;
  rq.list_loading = false;
  rq.list_loaded = true;
  rq.tickets = std::move(tickets);
  rq.pending = std::move(pending);
}

void Submit(AppState& s, const std::string& form) {
  RequestsSession& rq = s.session.requests;
  if (!rq.submitted_tag.empty() && rq.submitted_form == form) return;  // a double tap sends once
  const std::string& bound = s.binding.location_code;
  Status valid = Ok{};
  json payload;
  std::string kind;
  if (form == "repair") {
    if (!rq.draft || rq.looking_up) return;
    repair::RepairDraft d = *rq.draft;
    d.urgency = s.session.Field("repair.urgency", "routine");
    d.category = s.session.Field("repair.category");
    d.note = s.session.Field("repair.note");
    valid = repair::ValidateRepairDraft(d, bound);
    if (valid && !rq.photo.empty()) valid = photo::ValidatePhoto(rq.photo);
    if (valid) payload = repair::RepairPayload(d);
    if (valid && !rq.photo.empty()) payload["photo"] = photo::PhotoPayload(rq.photo);
    kind = "repair_request";
  } else if (form == "photo") {  // "Take photo" on the Scan screen in photo mode
    if (PhotoMode(s) && s.camera.running) s.camera.capture_requested = true;
    return;
  } else if (form == "photo_remove") {
    rq.photo.clear();
    return;
  } else if (form == "cleaning") {
    repair::CleaningDraft d = repair::BuildCleaningDraft(bound, std::nullopt);
    d.type = s.session.Field("cleaning.type", "cleaning");
    d.note = s.session.Field("cleaning.note");
    valid = repair::ValidateCleaningDraft(d, bound);
    if (valid) payload = repair::CleaningPayload(d);
    kind = "cleaning_request";
  } else if (form == "complaint") {
    repair::ComplaintDraft d;
    d.location_code = bound;
    d.category = s.session.Field("complaint.category", "other");
    d.text = s.session.Field("complaint.text");
    valid = repair::ValidateComplaintDraft(d, bound);
    if (valid) payload = repair::ComplaintPayload(d);
    kind = "complaint";
  } else {
    return;
  }
  if (!valid) {
    rq.error_code = valid.error().code;
    rq.error = valid.error().message;
    return;
  }
  rq.error_code.clear();
  rq.error.clear();
  rq.submitted_form = form;
  rq.submitted_tag = form + ":" + protocol::NewUuidV4();
  RequestOutbox(s, {rq.submitted_tag, kind, payload.dump()});
}

// ---- store data → summaries -------------------------------------------------------------------
bool TicketSummaryFromJson(const json& j, TicketSummary* out) {
  auto tk = tickets::ParseTicket(j);
  if (!tk) return false;
  TicketSummary t;
  t.id = tk->id;
  t.kind = tk->kind;
  t.status = tk->status;
  t.location = tk->location;
  t.asset = tk->asset;
  t.created_ms = tk->created_ms;
  t.updated_ms = tk->updated_ms;
  t.summary = PayloadSummary(tk->detail);
  for (auto& step : tickets::Steps(tk.value())) t.steps.emplace_back(std::move(step.status), step.at_ms);
  *out = std::move(t);
  return true;
}

bool PendingFromOutbox(const std::string& record_id, const std::string& kind, const std::string& payload_json,
                       int64_t created_ms, PendingRequest* out) {
  if (kind != "repair_request" && kind != "cleaning_request" && kind != "complaint") return false;
  PendingRequest p{record_id, kind, {}, created_ms};
  if (auto j = protocol::ParseJsonText(payload_json); j && j->is_object()) p.summary = PayloadSummary(j.value());
  *out = std::move(p);
  return true;
}

std::vector<TicketSummary> SelectRequests(std::vector<TicketSummary> all, const std::string& bound_location,
                                          size_t limit) {
  std::vector<TicketSummary> out;
  for (auto& t : all)
    if (IsRequestKind(t.kind) && protocol::LocationWithin(t.location, bound_location)) out.push_back(std::move(t));
  std::stable_sort(out.begin(), out.end(), [](const TicketSummary& a, const TicketSummary& b) {
    return a.created_ms != b.created_ms ? a.created_ms > b.created_ms : a.id > b.id;
  });
  if (out.size() > limit) out.resize(limit);
  return out;
}

std::vector<FaultCategory> FaultCategoriesFromJson(const json& j) {
  std::vector<FaultCategory> out;
  if (!j.is_object()) return out;
  auto c = j.find("categories");
  if (c == j.end() || !c->is_array()) return out;
  for (const auto& e : *c) {
    const std::string code = e.is_object() ? Str(e, "code") : std::string();
    // Codes travel in the payload; the core's validation accepts [a-z0-9_] only.
    if (code.empty() || code.size() > 32 ||
        !std::all_of(code.begin(), code.end(), [](char ch) { return (ch >= 'a' && ch <= 'z') || (ch >= '0' && ch <= '9') || ch == '_'; }))
      continue;
    out.push_back({code, e.contains("name") ? LocalText::FromJson(e["name"]) : LocalText::Same(code)});
  }
  return out;
}

// ---- view models ------------------------------------------------------------------------------
ScanView BuildScanView(const AppState& s) {
  const RequestsSession& rq = s.session.requests;
  ScanView v;
  v.title = s.Tr("scan.title");
  v.hint = s.Tr("scan.hint");
  v.camera = &s.camera;
  if (rq.looking_up) {
    v.status = s.Tr("scan.looking_up");
  } else if (!rq.scan_error.empty()) {
    v.status = ErrorText(s, rq.scan_error_code, rq.scan_error);
    v.status_is_error = true;
  } else if (!s.camera.error.empty()) {
    v.status = s.TrF("scan.no_camera", {s.camera.error});
    v.status_is_error = true;
  } else if (!s.camera.running) {
    v.status = s.Tr("scan.starting");
  }
  v.flash = s.camera.confirmed_mono_ms > 0 && s.clock->MonotonicMs() - s.camera.confirmed_mono_ms < 800;
  v.photo_mode = PhotoMode(s);
  v.take_photo_label = s.Tr("scan.take_photo");
  v.can_take = s.camera.running && !s.camera.capture_requested;
  if (v.photo_mode) {
    v.title = s.Tr("scan.photo_title");
    v.hint = s.Tr("scan.photo_hint");
  }
  v.manual = !v.photo_mode && (!s.session.Field("scan.manual").empty() || !s.camera.error.empty());
  v.manual_label = s.Tr("scan.manual_label");
  v.manual_toggle = s.Tr("scan.manual_toggle");
  v.code_value = s.session.Field("scan.code");
  v.code_placeholder = s.Tr("scan.code_placeholder");
  v.key_space = s.Tr("keyboard.space");
  v.key_shift = s.Tr("keyboard.shift");
  v.key_done = s.Tr("keypad.ok");
  v.keyboard_shift = !s.session.Field("scan.code#shift").empty();
  return v;
}

namespace {

void AddPhrases(const AppState& s, RequestFormView& v, const std::vector<std::string_view>& keys) {
  int n = 0;
  for (auto key : keys) v.phrases.push_back({v.form + ".phrase." + std::to_string(n++), s.Tr(key), {}, false});
}

ChoiceGroup Group(std::string label, std::string field) { return {std::move(label), std::move(field), {}}; }

void AddChip(ChoiceGroup& g, const std::string& value, std::string label, const std::string& current) {
  g.chips.push_back({g.field + "." + value, std::move(label), value, value == current});
}

std::string UrgencyLabel(const AppState& s, std::string_view u) {
  if (u == "urgent") return s.Tr("urgency.urgent");
  if (u == "emergency") return s.Tr("urgency.emergency");
  return s.Tr("urgency.routine");
}

std::string FaultLabel(const AppState& s, std::string_view code) {
  if (code == "not_working") return s.Tr("fault.not_working");
  if (code == "damaged") return s.Tr("fault.damaged");
  if (code == "noise") return s.Tr("fault.noise");
  if (code == "leak") return s.Tr("fault.leak");
  if (code == "alarm") return s.Tr("fault.alarm");
  return s.Tr("fault.other");
}

void FillRepair(const AppState& s, RequestFormView& v) {
  const RequestsSession& rq = s.session.requests;
  v.title = s.Tr("repair.title");
  if (rq.looking_up || !rq.draft) {
    v.loading = true;
    v.loading_text = rq.scan_error.empty() ? s.Tr("scan.looking_up") : ErrorText(s, rq.scan_error_code, rq.scan_error);
    return;
  }
  const repair::RepairDraft& d = *rq.draft;
  const Lang lang = s.session.lang;
  if (d.asset) {
    std::string what = d.asset->class_name.empty() ? d.asset->class_code : d.asset->class_name.Get(lang);
    v.facts.push_back({s.Tr("repair.equipment"), what + "  " + d.asset->id});
  } else if (!d.raw_code.empty()) {
    v.facts.push_back({s.Tr("repair.equipment"), s.TrF("repair.unknown_asset", {d.raw_code})});
  }
  std::string where = rq.extras.location_name.empty() ? d.location_code
                                                      : rq.extras.location_name.Get(lang) + "  (" + d.location_code + ")";
  v.facts.push_back({s.Tr("repair.location"), where.empty() ? s.Tr("terminal.none") : where});
  if (d.asset) {
    v.facts.push_back({s.Tr("repair.trade"), rq.extras.trade_name.empty() ? d.asset->trade : rq.extras.trade_name.Get(lang)});
    std::string w;
    switch (d.warranty) {
      case repair::WarrantyState::kInWarranty: w = s.TrF("repair.warranty_in", {d.asset->warranty_until}); break;
      case repair::WarrantyState::kExpired: w = s.TrF("repair.warranty_out", {d.asset->warranty_until}); break;
      case repair::WarrantyState::kUnknown: w = s.Tr("repair.warranty_unknown"); break;
    }
    v.facts.push_back({s.Tr("repair.warranty"), w});
  }
  if (!d.open_tickets.empty()) {
    const repair::OpenTicket& t = d.open_tickets.back();  // the newest
    v.notice = s.TrF("repair.already_reported", {When(s, t.created_at_ms), t.id, StatusLabel(s, t.status)});
  }
  ChoiceGroup urgency = Group(s.Tr("repair.urgency"), "repair.urgency");
  const std::string cur_u = s.session.Field("repair.urgency", "routine");
  for (auto u : repair::Urgencies()) AddChip(urgency, std::string(u), UrgencyLabel(s, u), cur_u);
  v.groups.push_back(std::move(urgency));
  ChoiceGroup cat = Group(s.Tr("repair.category"), "repair.category");
  const std::string cur_c = s.session.Field("repair.category");
  if (!rq.extras.categories.empty()) {
    for (const auto& c : rq.extras.categories) AddChip(cat, c.code, c.name.Get(lang), cur_c);
  } else {
    for (const char* c : {"not_working", "damaged", "noise", "leak", "alarm", "other"}) AddChip(cat, c, FaultLabel(s, c), cur_c);
  }
  v.groups.push_back(std::move(cat));
  v.has_photo = !rq.photo.empty();
  v.photo_label = v.has_photo ? s.Tr("repair.photo_remove") : s.Tr("repair.photo_add");
  if (v.has_photo) v.facts.push_back({s.Tr("repair.photo"), s.TrF("repair.photo_size", {std::to_string((rq.photo.size() + 1023) / 1024)})});
  const bool note_required = !d.asset && d.asset_key.empty();
  v.text_label = note_required ? s.Tr("repair.note_required") : s.Tr("repair.note");
  v.text_field = "repair.note";
  AddPhrases(s, v, {"phrase.repair.0", "phrase.repair.1", "phrase.repair.2", "phrase.repair.3", "phrase.repair.4"});
}

void FillCleaning(const AppState& s, RequestFormView& v) {
  v.title = s.Tr("cleaning.title");
  const std::string where = s.binding.location_name.empty() ? s.binding.location_code
                                                            : s.binding.location_name.Get(s.session.lang);
  v.facts.push_back({s.Tr("repair.location"), where.empty() ? s.Tr("terminal.none") : where});
  ChoiceGroup type = Group(s.Tr("cleaning.type"), "cleaning.type");
  const std::string cur = s.session.Field("cleaning.type", "cleaning");
  AddChip(type, "cleaning", s.Tr("cleaning.type.cleaning"), cur);
  AddChip(type, "disinfection", s.Tr("cleaning.type.disinfection"), cur);
  v.groups.push_back(std::move(type));
  v.text_label = s.Tr("cleaning.note");
  v.text_field = "cleaning.note";
  AddPhrases(s, v, {"phrase.cleaning.0", "phrase.cleaning.1", "phrase.cleaning.2", "phrase.cleaning.3"});
}

std::string ComplaintCategoryLabel(const AppState& s, std::string_view c) {
  if (c == "service") return s.Tr("complaint.cat.service");
  if (c == "meal") return s.Tr("complaint.cat.meal");
  if (c == "cleaning") return s.Tr("complaint.cat.cleaning");
  if (c == "noise") return s.Tr("complaint.cat.noise");
  if (c == "facility") return s.Tr("complaint.cat.facility");
  return s.Tr("complaint.cat.other");
}

void FillComplaint(const AppState& s, RequestFormView& v) {
  v.title = s.Tr("complaint.title");
  const std::string where = s.binding.location_name.empty() ? s.binding.location_code
                                                            : s.binding.location_name.Get(s.session.lang);
  v.facts.push_back({s.Tr("repair.location"), where.empty() ? s.Tr("terminal.none") : where});
  ChoiceGroup cat = Group(s.Tr("complaint.category"), "complaint.category");
  const std::string cur = s.session.Field("complaint.category", "other");
  for (auto c : repair::ComplaintCategories()) AddChip(cat, std::string(c), ComplaintCategoryLabel(s, c), cur);
  v.groups.push_back(std::move(cat));
  v.text_label = s.Tr("complaint.text");
  v.text_field = "complaint.text";
  AddPhrases(s, v, {"phrase.complaint.0", "phrase.complaint.1", "phrase.complaint.2", "phrase.complaint.3"});
}

}  // namespace

RequestFormView BuildRequestFormView(const AppState& s, const std::string& form) {
  const RequestsSession& rq = s.session.requests;
  RequestFormView v;
  v.form = form;
  if (form == "repair") FillRepair(s, v);
  else if (form == "cleaning") FillCleaning(s, v);
  else FillComplaint(s, v);
  v.text_value = s.session.Field(v.text_field);
  v.text_placeholder = s.Tr("form.text_placeholder");
  v.keyboard_open = !s.session.Field(form + ".kbd").empty();
  v.keyboard_shift = !s.session.Field(v.text_field + "#shift").empty();
  v.keyboard_toggle = v.keyboard_open ? s.Tr("form.hide_keyboard") : s.Tr("form.show_keyboard");
  v.clear_label = s.Tr("keypad.clear");
  v.key_space = s.Tr("keyboard.space");
  v.key_shift = s.Tr("keyboard.shift");
  v.key_done = s.Tr("keyboard.done");
  if (!rq.error.empty()) v.error = ErrorText(s, rq.error_code, rq.error);
  v.done_label = s.Tr("form.done");
  v.list_label = s.Tr("requests.title");
  if (rq.submitted_form == form && !rq.submitted_tag.empty()) {
    v.submitted = true;
    const ActionText t = DescribeAction(s, rq.submitted_tag);
    v.state = t.state;
    v.progress_title = t.title;
    v.progress_detail = t.detail;
  }
  return v;
}

void AddChromeAction(const AppState& s, ChromeView& chrome) {
  const char* form = nullptr;
  switch (s.session.screen) {
    case ScreenId::kRepair: form = "repair"; break;
    case ScreenId::kCleaning: form = "cleaning"; break;
    case ScreenId::kComplaint: form = "complaint"; break;
    default: return;
  }
  const RequestsSession& rq = s.session.requests;
  if (rq.submitted_form == form && !rq.submitted_tag.empty()) return;
  chrome.action_label = s.Tr("form.send");
  chrome.action_id = std::string(form) + ".send";
  chrome.action = {cmd::SubmitForm{form}};
  chrome.action_enabled = !(std::string_view(form) == "repair" && (rq.looking_up || !rq.draft));
}

RequestsListView BuildRequestsListView(const AppState& s) {
  const RequestsSession& rq = s.session.requests;
  RequestsListView v;
  v.title = s.Tr("requests.title");
  v.empty_text = s.Tr("requests.empty");
  v.loading_text = s.Tr("requests.loading");
  v.loading = rq.list_loading && !rq.list_loaded;
  for (const auto& step : StatusSteps()) v.step_labels.push_back(StatusLabel(s, step));
  auto title = [&](const std::string& kind, const std::string& summary) {
    std::string t = KindLabel(s, kind);
    if (!summary.empty()) t += "  " + protocol::TruncateUtf8(summary, 120);
    return t;
  };
  for (const auto& p : rq.pending) {
    RequestsListView::Row r;
    r.id = "pending." + p.record_id;
    r.title = title(p.kind, p.summary);
    r.detail = When(s, p.created_ms);
    r.status_text = s.link.state == LinkState::kOnline ? s.Tr("progress.saved") : s.Tr("progress.saved_offline");
    v.rows.push_back(std::move(r));
  }
  const auto& steps = StatusSteps();
  for (const auto& t : rq.tickets) {
    RequestsListView::Row r;
    r.id = "ticket." + t.id;
    r.title = title(t.kind, t.summary);
    r.detail = t.id + "  " + When(s, t.created_ms);
    r.status_text = StatusLabel(s, t.status);
    auto it = std::find(steps.begin(), steps.end(), t.status);
    if (it != steps.end()) r.step = static_cast<int>(it - steps.begin());
    else if (tickets::IsDone(t.status)) r.step = static_cast<int>(steps.size()) - 1;  // followed_up, assessed
    else {
      r.ended_early = true;
      // How far it got before it ended: the last main-line step in its history.
      for (const auto& [st, at] : t.steps)
        if (auto f = std::find(steps.begin(), steps.end(), st); f != steps.end()) r.step = static_cast<int>(f - steps.begin());
    }
    v.rows.push_back(std::move(r));
  }
  if (v.rows.size() > kMaxRows) v.rows.resize(kMaxRows);
  return v;
}

}  // namespace onestop::requests
