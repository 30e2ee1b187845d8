// View models of the requests feature's screens (see views.h): what the slice means in words.
// Nothing here changes state; the commands a view pushes are the ones carried in the models.
#include "kiosk/core/features/requests/views.h"
#include "kiosk/core/shell/when_text.h"

#include <algorithm>

#include "kiosk/core/clock.h"
#include "kiosk/core/features/requests/commands.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/tickets/ticket.h"

namespace onestop::requests {
namespace {

constexpr size_t kMaxRows = 100;  // a bed or ward has far fewer open requests; the screen stays light

// The translated text of an error code when the catalogs have one, else the core's own message.
std::string ErrorText(const AppState& s, const std::string& code, const std::string& message) {
  const std::string key = "error." + code;
  // Rarer label rejections: a translated headline, the parser's precise reason after it.
  const std::string fallback = code.rfind("label.", 0) == 0 ? s.Tr("error.label.other") + "  (" + message + ")" : message;
  return s.TrOr(key, fallback);
}

// A pending record names its record kind ("repair_request"), a pulled ticket its ticket kind
// ("repair"): both find the catalog text "request.kind.<ticket kind>", so a new kind needs only its key.
std::string KindLabel(const AppState& s, std::string kind) {
  constexpr std::string_view kSuffix = "_request";
  if (kind.size() > kSuffix.size() && kind.compare(kind.size() - kSuffix.size(), kSuffix.size(), kSuffix) == 0)
    kind.resize(kind.size() - kSuffix.size());
  return s.TrOr("request.kind." + kind, kind);
}

std::string StatusLabel(const AppState& s, const std::string& status) {
  return s.TrOr("status." + status, status);
}

std::string When(const AppState& s, int64_t ms) { return ms <= 0 ? std::string() : WhenText(s, ms); }

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
      "repair.bad_urgency",       "repair.bad_category",     "repair.bad_asset_class",     "cleaning.needs_location", "cleaning.bad_location",
      "cleaning.outside_binding", "cleaning.bad_type",       "complaint.needs_location", "complaint.bad_location",
      "complaint.outside_binding", "complaint.needs_text",   "complaint.bad_category", "text.too_long",
      "text.control_char",        "text.invalid_utf8",       "label.empty",            "label.too_long",
      "label.unrelated_url",      "label.unrecognised",      "label.gs1_bad_check_digit", "label.control_char",
      "label.invalid_utf8",       "label.other",
  };
  return k;
}

// ---- view models ------------------------------------------------------------------------------
ScanView BuildScanView(const AppState& s) {
  const RequestsSession& rq = Get(s);
  ScanView v;
  v.title = s.Tr("scan.title");
  v.hint = s.Tr("scan.hint");
  v.camera = &s.terminal.camera;
  if (rq.looking_up) {
    v.status = s.Tr("scan.looking_up");
  } else if (!rq.scan_error.empty()) {
    v.status = ErrorText(s, rq.scan_error_code, rq.scan_error);
    v.status_is_error = true;
  } else if (!s.terminal.camera.error_code.empty()) {
    v.status = NoCameraText(s);
    v.status_is_error = true;
  } else if (!s.terminal.camera.running) {
    v.status = s.Tr("scan.starting");
  }
  v.flash = s.terminal.camera.confirmed_mono_ms > 0 && s.clock->MonotonicMs() - s.terminal.camera.confirmed_mono_ms < 800;
  v.photo_mode = rq.photo_mode;
  v.take_photo_label = s.Tr("scan.take_photo");
  v.can_take = s.terminal.camera.running && !rq.capturing;
  if (v.photo_mode) {
    v.title = s.Tr("scan.photo_title");
    v.hint = s.Tr("scan.photo_hint");
  }
  v.manual = !v.photo_mode && (rq.manual || !s.terminal.camera.error_code.empty());
  v.manual_label = s.Tr("scan.manual_label");
  v.manual_toggle = s.Tr("scan.manual_toggle");
  v.code_field = "scan.code";
  v.code_value = s.session.Field(v.code_field);
  v.code_placeholder = s.Tr("scan.code_placeholder");
  v.key_space = s.Tr("keyboard.space");
  v.key_shift = s.Tr("keyboard.shift");
  v.key_done = s.Tr("keypad.ok");
  v.keyboard_shift = s.session.shifted.count(v.code_field) > 0;
  return v;
}

namespace {

void AddPhrases(const AppState& s, RequestFormView& v, const std::vector<std::string_view>& keys) {
  int n = 0;
  for (auto key : keys) v.phrases.push_back({v.form + ".phrase." + std::to_string(n++), s.Tr(key), {}, false});
}

// Phrases from hub data (an asset class's own); the same widget ids as the catalogs' phrases.
void AddPhrases(const AppState& s, RequestFormView& v, const std::vector<LocalText>& phrases) {
  int n = 0;
  for (const auto& p : phrases) v.phrases.push_back({v.form + ".phrase." + std::to_string(n++), p.Get(s.session.lang), {}, false});
}

// The class a patient picked, while the hub still describes it.
const AssetClassInfo* ChosenClass(const RequestsSession& rq) {
  for (const auto& c : rq.here.classes)
    if (c.code == rq.asset_class) return &c;
  return nullptr;
}

ChoiceGroup Group(std::string label) { return {std::move(label), {}}; }

// A chip of a choice: `id_prefix.value` is its widget id; tapping it sends `Set{value}`.
template <class Set>
void AddChip(ChoiceGroup& g, const std::string& id_prefix, const std::string& value, std::string label,
             const std::string& current) {
  g.chips.push_back({id_prefix + "." + value, std::move(label), {Set{value}}, value == current});
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
  const RequestsSession& rq = Get(s);
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
  ChoiceGroup urgency = Group(s.Tr("repair.urgency"));
  for (auto u : repair::Urgencies())
    AddChip<cmd::SetUrgency>(urgency, "repair.urgency", std::string(u), UrgencyLabel(s, u), rq.urgency);
  v.groups.push_back(std::move(urgency));
  // Without a label: what is broken, from the asset classes at this bed and in its room (hub data).
  // The categories and phrases then follow the class, so a bed is not offered "alarm keeps sounding".
  const bool ask_class = !d.asset && !rq.here.classes.empty();
  const AssetClassInfo* chosen = ask_class ? ChosenClass(rq) : nullptr;
  if (ask_class) {
    ChoiceGroup what = Group(s.Tr("repair.what_broken"));
    for (const auto& c : rq.here.classes)
      AddChip<cmd::SetAssetClass>(what, "repair.class", c.code, c.name.Get(lang), rq.asset_class);
    v.groups.insert(v.groups.begin(), std::move(what));
  }
  const std::vector<FaultCategory>& own = d.asset ? rq.extras.categories
                                          : chosen ? chosen->categories : rq.extras.categories;
  ChoiceGroup cat = Group(s.Tr("repair.category"));
  const std::string& cur_c = rq.fault_category;
  if (!own.empty()) {
    for (const auto& c : own) AddChip<cmd::SetFaultCategory>(cat, "repair.category", c.code, c.name.Get(lang), cur_c);
  } else {
    for (const char* c : {"not_working", "damaged", "noise", "leak", "alarm", "other"})
      AddChip<cmd::SetFaultCategory>(cat, "repair.category", c, FaultLabel(s, c), cur_c);
  }
  // Until she says what is broken, categories of no particular thing would only distract.
  if (!ask_class || chosen) v.groups.push_back(std::move(cat));
  v.has_photo = !rq.photo.empty();
  v.photo_label = v.has_photo ? s.Tr("repair.photo_remove") : s.Tr("repair.photo_add");
  if (v.has_photo) v.facts.push_back({s.Tr("repair.photo"), s.TrF("repair.photo_size", {std::to_string((rq.photo.size() + 1023) / 1024)})});
  const bool note_required = !d.asset && d.asset_key.empty() && !chosen;
  v.text_label = note_required ? s.Tr("repair.note_required") : s.Tr("repair.note");
  v.text_field = "repair.note";
  const std::vector<LocalText>& phrases = d.asset ? rq.extras.phrases : chosen ? chosen->phrases : rq.extras.phrases;
  if (!phrases.empty()) AddPhrases(s, v, phrases);
  else AddPhrases(s, v, {"phrase.repair.0", "phrase.repair.1", "phrase.repair.2", "phrase.repair.3", "phrase.repair.4"});
}

const Place* FindPlace(const RequestsSession& rq, const std::string& code) {
  for (const auto& p : rq.here.places)
    if (p.code == code) return &p;
  return nullptr;
}

// Where the form's request is for, in words: the chosen room or bed (a bed with its room), else the
// terminal's own place.
std::string PlaceWords(const AppState& s, const std::string& chosen) {
  const RequestsSession& rq = Get(s);
  const Lang lang = s.session.lang;
  if (const Place* p = chosen.empty() ? nullptr : FindPlace(rq, chosen)) {
    const Place* room = FindPlace(rq, p->parent);
    return room ? room->name.Get(lang) + " · " + p->name.Get(lang) : p->name.Get(lang);
  }
  if (!chosen.empty()) return chosen;
  const TerminalBinding& b = s.terminal.binding;
  const std::string where = b.location_name.empty() ? b.location : b.location_name.Get(lang);
  return where.empty() ? s.Tr("terminal.none") : where;
}

// A ward kiosk's "where": the whole ward or a room, then (for a room) the whole room or one of its
// beds. Two short rows instead of 34 chips; ids carry the location code, not its name.
void AddPlaceGroups(const AppState& s, RequestFormView& v, Form form, const std::string& chosen) {
  const RequestsSession& rq = Get(s);
  if (s.terminal.binding.role != Role::kWard || rq.here.places.empty()) return;
  const Lang lang = s.session.lang;
  auto chip = [&](const std::string& code, std::string label, bool selected) {
    return Chip{v.form + ".place." + (code.empty() ? std::string("ward") : code), std::move(label),
                {cmd::SetPlace{form, code}}, selected};
  };
  // Top level: places whose parent is not itself a listed place (rooms; beds of a ward without rooms).
  const Place* picked = FindPlace(rq, chosen);
  const Place* top = picked && FindPlace(rq, picked->parent) ? FindPlace(rq, picked->parent) : picked;
  ChoiceGroup where = Group(s.Tr("place.where"));
  where.chips.push_back(chip("", s.Tr("place.whole_ward"), chosen.empty()));
  for (const auto& p : rq.here.places)
    if (!FindPlace(rq, p.parent)) where.chips.push_back(chip(p.code, p.name.Get(lang), top == &p));
  v.groups.push_back(std::move(where));
  if (!top) return;
  ChoiceGroup beds = Group(s.Tr("place.which_bed"));
  for (const auto& p : rq.here.places)
    if (p.parent == top->code) beds.chips.push_back(chip(p.code, p.name.Get(lang), picked == &p));
  if (beds.chips.empty()) return;
  beds.chips.insert(beds.chips.begin(), chip(top->code, s.Tr("place.whole_room"), picked == top));
  v.groups.push_back(std::move(beds));
}

void FillCleaning(const AppState& s, RequestFormView& v) {
  v.title = s.Tr("cleaning.title");
  v.facts.push_back({s.Tr("repair.location"), PlaceWords(s, Get(s).cleaning_place)});
  ChoiceGroup type = Group(s.Tr("cleaning.type"));
  const std::string& cur = Get(s).cleaning_type;
  AddChip<cmd::SetCleaningType>(type, "cleaning.type", "cleaning", s.Tr("cleaning.type.cleaning"), cur);
  AddChip<cmd::SetCleaningType>(type, "cleaning.type", "disinfection", s.Tr("cleaning.type.disinfection"), cur);
  v.groups.push_back(std::move(type));
  // What is needed first (one short row), then where: the room and bed rows may run below the fold.
  AddPlaceGroups(s, v, Form::kCleaning, Get(s).cleaning_place);
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
  v.facts.push_back({s.Tr("repair.location"), PlaceWords(s, Get(s).complaint_place)});
  ChoiceGroup cat = Group(s.Tr("complaint.category"));
  for (auto c : repair::ComplaintCategories())
    AddChip<cmd::SetComplaintCategory>(cat, "complaint.category", std::string(c), ComplaintCategoryLabel(s, c),
                                       Get(s).complaint_category);
  v.groups.push_back(std::move(cat));
  AddPlaceGroups(s, v, Form::kComplaint, Get(s).complaint_place);
  v.text_label = s.Tr("complaint.text");
  v.text_field = "complaint.text";
  AddPhrases(s, v, {"phrase.complaint.0", "phrase.complaint.1", "phrase.complaint.2", "phrase.complaint.3"});
}

}  // namespace

RequestFormView BuildRequestFormView(const AppState& s, Form form) {
  const RequestsSession& rq = Get(s);
  RequestFormView v;
  v.form_id = form;
  v.form = FormName(form);
  switch (form) {
    case Form::kRepair: FillRepair(s, v); break;
    case Form::kCleaning: FillCleaning(s, v); break;
    case Form::kComplaint: FillComplaint(s, v); break;
  }
  v.text_value = s.session.Field(v.text_field);
  v.text_placeholder = s.Tr("form.text_placeholder");
  v.keyboard_open = rq.keyboard == form;
  v.keyboard_shift = s.session.shifted.count(v.text_field) > 0;
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

RequestsListView BuildRequestsListView(const AppState& s) {
  const RequestsSession& rq = Get(s);
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
    r.status_text = s.terminal.link.state == LinkState::kOnline ? s.Tr("progress.saved") : s.Tr("progress.saved_offline");
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
