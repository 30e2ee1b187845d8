// The escort screen's view model (see views.h): what the slice means in words. Nothing here changes
// state; the words of codes come from the catalogs ("escort.dest.<code>" ...), never from code.
#include "kiosk/core/features/escort/views.h"
#include "kiosk/core/shell/when_text.h"

#include "kiosk/core/features/escort/commands.h"
#include "kiosk/core/features/escort/state.h"

namespace onestop::escort {
namespace {

std::string DestLabel(const AppState& s, std::string_view code) {
  if (code == "ct") return s.Tr("escort.dest.ct");
  if (code == "mri") return s.Tr("escort.dest.mri");
  if (code == "xray") return s.Tr("escort.dest.xray");
  if (code == "ultrasound") return s.Tr("escort.dest.ultrasound");
  if (code == "ecg") return s.Tr("escort.dest.ecg");
  if (code == "endoscopy") return s.Tr("escort.dest.endoscopy");
  if (code == "theatre") return s.Tr("escort.dest.theatre");
  return s.Tr("escort.dest.other");
}

std::string ModeLabel(const AppState& s, std::string_view code) {
  if (code == "bed") return s.Tr("escort.mode.bed");
  if (code == "walking") return s.Tr("escort.mode.walking");
  return s.Tr("escort.mode.wheelchair");
}

std::string WhenLabel(const AppState& s, std::string_view code) {
  if (code == "in_30m") return s.Tr("escort.when.in_30m");
  if (code == "in_1h") return s.Tr("escort.when.in_1h");
  if (code == "in_2h") return s.Tr("escort.when.in_2h");
  return s.Tr("escort.when.now");
}

std::string BedName(const AppState& s, const std::string& code) {
  for (const auto& [c, name] : Get(s).beds)
    if (c == code && !name.empty()) return name.Get(s.session.lang);
  // No name pulled yet: the code without the ward's prefix ("BED07") is what the ward calls it.
  const std::string& ward = s.terminal.binding.location;
  if (!ward.empty() && code.size() > ward.size() + 1 && code.rfind(ward + "-", 0) == 0) return code.substr(ward.size() + 1);
  return code;
}

std::string ErrorText(const AppState& s, const std::string& code, const std::string& message) {
  return s.TrOr("error." + code, message);
}

template <class Set>
EscortChip Chip(const std::string& id_prefix, std::string_view value, std::string label, const std::string& current) {
  return {id_prefix + "." + std::string(value), std::move(label), {Set{std::string(value)}}, value == current};
}

}  // namespace

const std::vector<std::string>& TranslatedErrorCodes() {
  static const std::vector<std::string> k = {"escort.needs_location",  "escort.bad_location", "escort.outside_binding",
                                             "escort.bad_destination", "escort.bad_mode",     "escort.bad_time"};
  return k;
}

EscortView BuildEscortView(const AppState& s) {
  const EscortSession& e = Get(s);
  EscortView v;
  v.title = s.Tr("escort.title");
  v.done_label = s.Tr("form.done");
  v.again_label = s.Tr("escort.again");
  if (!e.submitted_tag.empty()) {
    v.submitted = true;
    const ActionText t = DescribeAction(s, e.submitted_tag);
    v.state = t.state;
    v.progress_title = t.title;
    v.progress_detail = t.detail;
    v.sent_facts = {{s.Tr("escort.bed"), BedName(s, e.sent.location)},
                    {s.Tr("escort.destination"), DestLabel(s, e.sent.destination)},
                    {s.Tr("escort.time"), WhenText(s, e.sent.requested_at_ms)},
                    {s.Tr("escort.mode"), ModeLabel(s, e.sent.mode)}};
    if (!e.sent.note.empty()) v.sent_facts.push_back({s.Tr("escort.note"), e.sent.note});
    return v;
  }
  v.beds.label = s.Tr("escort.bed");
  for (const auto& [code, name] : e.beds) {
    v.beds.chips.push_back({"escort.bed." + code, BedName(s, code), {cmd::PickBed{code}}, code == e.bed});
    auto diet = e.diets.find(code);
    BedTile t = OccupancyTile(s, code, "escort.bed." + code, name, BedName(s, code), diet == e.diets.end() ? nullptr : &diet->second);
    t.selected = code == e.bed;
    v.bed_tiles.push_back(std::move(t));
  }
  if (e.beds.empty()) v.beds_status = e.beds_loaded ? s.Tr("escort.no_beds") : s.Tr("escort.loading_beds");

  v.destination.label = s.Tr("escort.destination");
  for (auto d : Destinations()) v.destination.chips.push_back(Chip<cmd::SetDestination>("escort.dest", d, DestLabel(s, d), e.destination));
  // The clock time the chosen offset means now, so "in 1 h" is checked against the exam slip.
  const int minutes = WhenMinutes(e.when);
  v.when.label = s.TrF("escort.time_at", {WhenText(s, s.clock->NowUtcMs() + (minutes < 0 ? 0 : minutes) * 60000LL)});
  for (const auto& w : WhenChoices()) v.when.chips.push_back(Chip<cmd::SetWhen>("escort.when", w.code, WhenLabel(s, w.code), e.when));
  v.mode.label = s.Tr("escort.mode");
  for (auto m : Modes()) v.mode.chips.push_back(Chip<cmd::SetMode>("escort.mode", m, ModeLabel(s, m), e.mode));

  v.text_label = s.Tr("escort.note_label");
  v.text_field = kNoteField;
  v.text_value = s.session.Field(kNoteField);
  v.text_placeholder = s.Tr("form.text_placeholder");
  v.clear_label = s.Tr("keypad.clear");
  int n = 0;
  for (std::string_view key : {"escort.phrase.0", "escort.phrase.1", "escort.phrase.2", "escort.phrase.3"})
    v.phrases.push_back({"escort.phrase." + std::to_string(n++), s.Tr(key), {}, false});
  v.keyboard_open = e.keyboard;
  v.keyboard_shift = s.session.shifted.count(v.text_field) > 0;
  v.keyboard_toggle = e.keyboard ? s.Tr("form.hide_keyboard") : s.Tr("form.show_keyboard");
  v.key_space = s.Tr("keyboard.space");
  v.key_shift = s.Tr("keyboard.shift");
  v.key_done = s.Tr("keyboard.done");
  if (!e.error.empty()) v.error = ErrorText(s, e.error_code, e.error);
  return v;
}

}  // namespace onestop::escort
