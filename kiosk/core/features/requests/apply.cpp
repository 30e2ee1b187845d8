// The requests feature's rules: entering its screens, its commands and its jobs' answers. Validation
// itself is kiosk/core/repair.h, shared with `onestop-kiosk report`; this file wires it to the slice.
#include <nlohmann/json.hpp>

#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/features/requests/feature.h"
#include "kiosk/core/features/requests/jobs.h"
#include "kiosk/core/labels.h"
#include "kiosk/core/photo.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/shell/events.h"

namespace onestop::requests {

const Feature kFeature;

const char* FormName(Form f) {
  switch (f) {
    case Form::kRepair: return "repair";
    case Form::kCleaning: return "cleaning";
    case Form::kComplaint: return "complaint";
  }
  return "repair";
}

namespace {

using json = nlohmann::json;

repair::RepairDraft LocationOnlyDraft(const AppState& s) {
  repair::RepairDraft d;
  d.location_code = s.terminal.binding.location;
  d.needs_location = d.location_code.empty();
  return d;
}

// A fresh form: its buffers, choices and last error gone; a finished request of it forgotten.
void StartForm(AppState& s, Form form) {
  RequestsSession& rq = Get(s);
  s.session.EraseFields(std::string(FormName(form)) + ".");
  rq.error_code.clear();
  rq.error.clear();
  if (rq.keyboard == form) rq.keyboard.reset();
  if (rq.submitted_form == form) rq.submitted_form.reset(), rq.submitted_tag.clear();
  switch (form) {
    case Form::kRepair:
      rq.photo.clear();
      rq.urgency = "routine";
      rq.fault_category.clear();
      rq.asset_class.clear();
      break;
    case Form::kCleaning:
      rq.cleaning_type = "cleaning";
      rq.cleaning_place.clear();
      break;
    case Form::kComplaint:
      rq.complaint_category = "other";
      rq.complaint_place.clear();
      break;
  }
}

void StartScan(AppState& s) {
  RequestsSession& rq = Get(s);
  rq.photo_mode = false;
  rq.manual = false;
  rq.raw.clear();
  rq.looking_up = false;
  rq.scan_error_code.clear();
  rq.scan_error.clear();
  rq.draft.reset();
  s.session.EraseFields("scan.");
  // Equipment labels are upper case (EQ-2012-001585): the keyboard starts shifted, so the first try
  // types a code the parser knows (issue 16: lower case "eq-…" was "not an equipment label").
  s.session.shifted.insert("scan.code");
}

// What is at this place (asset classes, rooms and beds), read once per binding: the forms offer it.
void LoadHere(AppState& s) {
  RequestsSession& rq = Get(s);
  const std::string& here = s.terminal.binding.location;
  if (here.empty() || rq.here_loading || rq.here.location == here) return;
  rq.here_loading = true;
  s.Ask(job::ReadHere{here});
}

void OnHereRead(AppState& s, cmd::HereRead a) {
  RequestsSession& rq = Get(s);
  // An answer for another binding (re-enrolled meanwhile) is not this place's.
  if (!rq.here_loading || a.here.location != s.terminal.binding.location) return;
  rq.here_loading = false;
  rq.here = std::move(a.here);
}

void LoadList(AppState& s) {
  Get(s).list_loading = true;
  s.Ask(job::ListRequests{s.terminal.binding.location});
}

// A label's text (camera, wedge or typed): parsed here; a good one is looked up by the app.
Intent OnScanCode(AppState& s, const std::string& raw) {
  RequestsSession& rq = Get(s);
  if (rq.looking_up || rq.photo_mode) return {};  // one lookup at a time; no label reads while taking a photo
  auto label = labels::ParseLabel(raw);
  if (!label) {
    rq.scan_error_code = label.error().code;
    rq.scan_error = label.error().message;
    return {};
  }
  StartForm(s, Form::kRepair);
  rq.raw = raw;
  rq.looking_up = true;
  rq.scan_error_code.clear();
  rq.scan_error.clear();
  rq.draft.reset();
  rq.extras = DraftExtras{};
  s.terminal.camera.confirmed_mono_ms = s.clock->MonotonicMs();
  s.Ask(job::LookUpLabel{raw});
  return Intent::To(screens::kRepair);
}

void OnDraftRead(AppState& s, cmd::DraftRead a) {
  RequestsSession& rq = Get(s);
  if (!rq.looking_up || rq.raw != a.raw) return;  // another scan since, or the session was reset
  rq.looking_up = false;
  if (!a.draft) {
    rq.scan_error_code = a.draft.error().code;
    rq.scan_error = a.draft.error().message;
    return;
  }
  rq.draft = std::move(a.draft).value();
  const TerminalBinding& b = s.terminal.binding;
  if (rq.draft->location_code.empty() && !b.location.empty()) {
    // Unknown asset without a place on its label: where the terminal stands is the best guess; the
    // nurse sees it in the form before confirming.
    rq.draft->location_code = b.location;
    if (a.extras.location_name.empty()) a.extras.location_name = b.location_name;
  }
  rq.extras = std::move(a.extras);
}

Intent OnPhotoTaken(AppState& s, const cmd::PhotoTaken& a) {
  RequestsSession& rq = Get(s);
  if (!rq.photo_mode || !rq.draft) return {};
  rq.photo_mode = false;
  rq.capturing = false;
  Status ok = a.jpeg ? photo::ValidatePhoto(a.jpeg.value()) : Status(a.jpeg.error());
  if (ok) {
    rq.photo = a.jpeg.value();
  } else {
    rq.error_code = ok.error().code;
    rq.error = ok.error().message;
  }
  return s.session.screen == screens::kScan ? Intent::Back() : Intent::Stay();
}

void OnRequestsRead(AppState& s, cmd::RequestsRead a) {
  RequestsSession& rq = Get(s);
  if (!rq.list_loading) return;
  rq.list_loading = false;
  rq.list_loaded = true;
  rq.tickets = std::move(a.tickets);
  rq.pending = std::move(a.pending);
}

// Confirm of a form: validated, then queued for the outbox.
void Send(AppState& s, Form form) {
  RequestsSession& rq = Get(s);
  if (!rq.submitted_tag.empty() && rq.submitted_form == form) return;  // a double tap sends once
  const std::string& bound = s.terminal.binding.location;
  Status valid = Ok{};
  json payload;
  std::string kind;
  switch (form) {
    case Form::kRepair: {
      if (!rq.draft || rq.looking_up) return;
      repair::RepairDraft d = *rq.draft;
      d.urgency = rq.urgency;
      d.category = rq.fault_category;
      // A scanned asset names its class already; the choice is only asked without one.
      if (!d.asset) d.asset_class = rq.asset_class;
      d.note = s.session.Field("repair.note");
      valid = repair::ValidateRepairDraft(d, bound);
      if (valid && !rq.photo.empty()) valid = photo::ValidatePhoto(rq.photo);
      if (valid) payload = repair::RepairPayload(d);
      if (valid && !rq.photo.empty()) payload["photo"] = photo::PhotoPayload(rq.photo);
      kind = "repair_request";
      break;
    }
    case Form::kCleaning: {
      repair::CleaningDraft d = repair::BuildCleaningDraft(bound, std::nullopt);
      if (!rq.cleaning_place.empty()) d.location_code = rq.cleaning_place;
      d.type = rq.cleaning_type;
      d.note = s.session.Field("cleaning.note");
      valid = repair::ValidateCleaningDraft(d, bound);
      if (valid) payload = repair::CleaningPayload(d);
      kind = "cleaning_request";
      break;
    }
    case Form::kComplaint: {
      repair::ComplaintDraft d;
      d.location_code = rq.complaint_place.empty() ? bound : rq.complaint_place;
      d.category = rq.complaint_category;
      d.text = s.session.Field("complaint.text");
      valid = repair::ValidateComplaintDraft(d, bound);
      if (valid) payload = repair::ComplaintPayload(d);
      kind = "complaint";
      break;
    }
  }
  if (!valid) {
    rq.error_code = valid.error().code;
    rq.error = valid.error().message;
    return;
  }
  rq.error_code.clear();
  rq.error.clear();
  rq.keyboard.reset();
  rq.submitted_form = form;
  rq.submitted_tag = std::string(FormName(form)) + ":" + protocol::NewUuidV4();
  s.RequestOutbox({rq.submitted_tag, kind, payload.dump()});
}

}  // namespace

void Feature::OnEnter(AppState& s, ScreenId screen) const {
  RequestsSession& rq = Get(s);
  if (screen == screens::kScan) {
    if (rq.photo_mode && rq.draft) return;  // taking a photo for the open repair form: keep the draft
    // Every visit starts a fresh scan: a half-finished draft of someone else must not linger.
    StartScan(s);
  } else if (screen == screens::kRepair) {
    rq.photo_mode = false;  // back from the photo screen (taken or not)
    rq.capturing = false;
    // Reached without a scan (e.g. a patient's broken light): a draft for this place, note required.
    if (rq.looking_up) return;
    if (!rq.draft || rq.submitted_form == Form::kRepair) {
      StartForm(s, Form::kRepair);
      rq.draft = LocationOnlyDraft(s);
      rq.extras = DraftExtras{};
      rq.extras.location_name = s.terminal.binding.location_name;
    }
    // Without a label the form asks what is broken, from the asset classes at this bed.
    if (rq.draft && !rq.draft->asset) LoadHere(s);
  } else if (screen == screens::kCleaning || screen == screens::kComplaint) {
    const Form form = screen == screens::kCleaning ? Form::kCleaning : Form::kComplaint;
    if (rq.submitted_form == form) StartForm(s, form);
    rq.error.clear();
    // A ward kiosk names the room or bed; the ward's places are read once.
    if (s.terminal.binding.role == Role::kWard) LoadHere(s);
  } else if (screen == screens::kRequests) {
    LoadList(s);
  }
}

std::optional<Intent> Feature::Apply(AppState& s, const Command& c) const {
  RequestsSession& rq = Get(s);
  if (auto* x = c.As<onestop::cmd::ScanCode>()) return OnScanCode(s, x->raw);
  if (c.Is<cmd::LookUpTyped>()) return OnScanCode(s, s.session.Field("scan.code"));
  if (auto* x = c.As<cmd::Send>()) Send(s, x->form);
  else if (auto* x = c.As<cmd::SetUrgency>()) rq.urgency = x->code;
  else if (auto* x = c.As<cmd::SetFaultCategory>()) rq.fault_category = x->code;
  else if (auto* x = c.As<cmd::SetCleaningType>()) rq.cleaning_type = x->code;
  else if (auto* x = c.As<cmd::SetComplaintCategory>()) rq.complaint_category = x->code;
  else if (auto* x = c.As<cmd::SetAssetClass>()) {
    // Another class has other fault categories: the one chosen for the last class no longer applies.
    if (x->code != rq.asset_class) rq.fault_category.clear();
    rq.asset_class = x->code;
  } else if (auto* x = c.As<cmd::SetPlace>()) {
    if (x->form == Form::kCleaning) rq.cleaning_place = x->code;
    else if (x->form == Form::kComplaint) rq.complaint_place = x->code;
  }
  else if (auto* x = c.As<cmd::ToggleKeyboard>()) rq.keyboard = rq.keyboard == x->form ? std::nullopt : std::optional(x->form);
  else if (c.Is<cmd::CloseKeyboard>()) rq.keyboard.reset();
  else if (c.Is<cmd::OpenManualEntry>()) rq.manual = true;
  else if (c.Is<cmd::AddPhoto>()) {
    if (!rq.draft) return Intent::Stay();
    rq.photo_mode = true;
    return Intent::To(screens::kScan);
  } else if (c.Is<cmd::TakePhoto>()) {
    if (rq.photo_mode && s.terminal.camera.running && !rq.capturing) {
      rq.capturing = true;
      s.Ask(job::CapturePhoto{});
    }
  } else if (c.Is<cmd::RemovePhoto>()) rq.photo.clear();
  else if (auto* x = c.As<cmd::DraftRead>()) OnDraftRead(s, *x);
  else if (auto* x = c.As<cmd::RequestsRead>()) OnRequestsRead(s, *x);
  else if (auto* x = c.As<cmd::HereRead>()) OnHereRead(s, *x);
  else if (auto* x = c.As<cmd::PhotoTaken>()) return OnPhotoTaken(s, *x);
  else return std::nullopt;
  return Intent::Stay();
}

Intent Feature::OnEvent(AppState& s, const Command& e) const {
  // "My requests" on screen follows what the pull brought.
  if (e.Is<event::TicketsChanged>() && s.session.screen == screens::kRequests && !Get(s).list_loading) LoadList(s);
  return {};
}

void Feature::AddHomeTiles(const AppState& s, std::vector<HomeTile>& tiles) const {
  if (s.terminal.binding.role == Role::kBedside)
    tiles.push_back({"repair", s.Tr("home.tile.repair"), s.Tr("home.tile.repair_hint"), screens::kRepair});
  else
    tiles.push_back({"scan", s.Tr("home.tile.scan"), s.Tr("home.tile.scan_hint"), screens::kScan});
  tiles.push_back({"cleaning", s.Tr("home.tile.cleaning"), s.Tr("home.tile.cleaning_hint"), screens::kCleaning});
  tiles.push_back({"complaint", s.Tr("home.tile.complaint"), s.Tr("home.tile.complaint_hint"), screens::kComplaint});
  tiles.push_back({"requests", s.Tr("home.tile.requests"), s.Tr("home.tile.requests_hint"), screens::kRequests});
}

bool Feature::Pristine(const AppState& s) const {
  if (!s.session.slices.Has<RequestsSession>()) return true;
  const RequestsSession& rq = Get(s);
  const RequestsSession fresh;
  return !rq.draft && !rq.list_loaded && rq.submitted_tag.empty() && !rq.manual && !rq.photo_mode &&
         rq.urgency == fresh.urgency && rq.fault_category == fresh.fault_category && rq.asset_class.empty() &&
         rq.cleaning_place.empty() && rq.complaint_place.empty() &&
         rq.cleaning_type == fresh.cleaning_type && rq.complaint_category == fresh.complaint_category;
}

void Feature::AddChromeAction(const AppState& s, ChromeView& chrome) const {
  std::optional<Form> form;
  if (s.session.screen == screens::kRepair) form = Form::kRepair;
  else if (s.session.screen == screens::kCleaning) form = Form::kCleaning;
  else if (s.session.screen == screens::kComplaint) form = Form::kComplaint;
  if (!form) return;
  const RequestsSession& rq = Get(s);
  if (rq.submitted_form == form && !rq.submitted_tag.empty()) return;
  chrome.action_label = s.Tr("form.send");
  chrome.action_id = std::string(FormName(*form)) + ".send";
  chrome.action = {cmd::Send{*form}};
  chrome.action_enabled = !(form == Form::kRepair && (rq.looking_up || !rq.draft));
}

}  // namespace onestop::requests
