// Rating screens' rules and view models (see rating_screens.h). Who may rate, what a rating must hold
// and the payload are rating.h's; sign-in, lockout and auto sign-out are staff_session.h's.
#include "kiosk/core/rating_screens.h"

#include <algorithm>

#include <nlohmann/json.hpp>

#include "kiosk/core/protocol.h"

namespace onestop::rateui {
namespace {

using json = nlohmann::json;

int Score(const AppState& s, const std::string& key) {
  const std::string v = s.session.Field(key);
  return v.size() == 1 && v[0] >= '1' && v[0] <= '5' ? v[0] - '0' : 0;
}

const staff::StaffMember* SignedIn(const AppState& s) { return s.staff ? s.staff->staff() : nullptr; }

// Nobody rates on a ward kiosk or staff tablet without signing in; patients rate at their bed.
bool NeedsSignIn(const AppState& s) {
  const auto& ctx = s.session.rating.ctx;
  if (!ctx || SignedIn(s)) return false;
  return rating::RaterFor(ctx->binding, ctx->terminal_id, "").empty();
}

std::string Rater(const AppState& s) {
  const auto& ctx = s.session.rating.ctx;
  const staff::StaffMember* who = SignedIn(s);
  return ctx ? rating::RaterFor(ctx->binding, ctx->terminal_id, who ? who->id : "") : std::string();
}

std::string KindTitle(const AppState& s, const rating::TicketInfo& t) {
  std::string title = s.TrOr("request.kind." + t.kind, t.kind == "meal" ? s.Tr("meal.title") : t.kind);
  for (const char* k : {"description", "text", "note"})
    if (t.detail.is_object() && t.detail.contains(k) && t.detail[k].is_string() && !t.detail[k].get<std::string>().empty()) {
      title += "  " + protocol::TruncateUtf8(t.detail[k].get<std::string>(), 80);
      break;
    }
  return title;
}

void Load(AppState& s) {
  s.session.rating.loading = true;
  // The binding before enrollment (the store's, once enrolled, wins): {"kind", "location"}.
  s.store_queries.push_back(
      {kQueryRatingContext, json{{"kind", RoleName(s.binding.role)}, {"location", s.binding.location_code}}.dump()});
}

rating::RatingDraft DraftOf(const AppState& s) {
  rating::RatingDraft d;
  d.ticket = s.session.rating.ticket;
  d.overall = Score(s, "rate.overall");
  const rating::TicketInfo* t = s.session.rating.ctx ? FindTicket(*s.session.rating.ctx, d.ticket) : nullptr;
  if (t)
    for (const auto& dim : rating::Dimensions(t->kind))
      if (int v = Score(s, "rate.dim." + std::string(dim.code))) d.dimensions[std::string(dim.code)] = v;
  for (const auto& [k, v] : s.session.fields)
    if (k.rfind("rate.tag.", 0) == 0 && !v.empty()) d.tags.push_back(k.substr(9));
  d.comment = s.session.Field("rate.comment");
  d.reopen = !s.session.Field("rate.reopen").empty() && d.overall > 0 && d.overall <= rating::kLowScore;
  return d;
}

// Everything of a signed-in member leaves the screen with them.
void Wipe(AppState& s) {
  s.session.rating = RatingSession{};
  s.session.EraseFields("rate.");
  s.session.EraseFields("signin.");
  const ScreenId sc = s.session.screen;
  // On a ward kiosk the meal screens were the nurse's (a bed she chose): they go too.
  const bool nurse_meals = s.binding.role != Role::kBedside;
  if (nurse_meals) s.session.meals = MealsSession{};
  if (sc == ScreenId::kToRate || sc == ScreenId::kRate || sc == ScreenId::kSignIn ||
      (nurse_meals && (sc == ScreenId::kMeals || sc == ScreenId::kMenu || sc == ScreenId::kMyMeals))) {
    s.session.back_stack.clear();
    s.session.screen = ScreenId::kHome;
  }
}

}  // namespace

void OnEnterScreen(AppState& s, ScreenId screen) {
  if (screen == ScreenId::kToRate || screen == ScreenId::kSignIn) Load(s);
  if (screen == ScreenId::kSignIn) {
    s.session.EraseFields("signin.");
    s.session.rating.signin_code.clear();
  }
}

void OnRatingContext(AppState& s, Result<RatingContext> ctx) {
  RatingSession& r = s.session.rating;
  if (!r.loading) return;
  r.loading = false;
  if (!ctx) {
    r.error = ctx.error().message;
    return;
  }
  r.error.clear();
  if (s.staff) s.staff->SetDirectory(ctx->staff);  // also signs out someone no longer allowed here
  r.ctx = std::make_shared<const RatingContext>(std::move(ctx).value());
}

void SubmitSignIn(AppState& s, const std::string& field) {
  RatingSession& r = s.session.rating;
  if (!s.staff) return;
  if (field == "signin.number") {
    if (!s.session.Field("signin.number").empty()) s.session.fields["signin.step"] = "pin";
    return;
  }
  if (field != "signin.pin" || r.pin_attempt) return;
  const std::string pin = s.session.Field("signin.pin");
  s.session.fields.erase("signin.pin");  // the PIN leaves the screen's buffers at once
  auto challenge = s.staff->BeginPin(s.session.Field("signin.number"), pin);
  if (!challenge) {
    r.signin_code = challenge.error().code;
    r.signin_text = challenge.error().message;
    return;
  }
  r.pin_attempt = challenge->attempt;
  r.signin_code.clear();
  s.store_queries.push_back(
      {kQueryPinCheck, json{{"attempt", challenge->attempt}, {"hash", challenge->hash}, {"pin", pin}}.dump()});
}

void OnPinChecked(AppState& s, uint64_t attempt, bool verified) {
  RatingSession& r = s.session.rating;
  if (!s.staff || attempt != r.pin_attempt) return;
  r.pin_attempt = 0;
  Status st = s.staff->FinishPin(attempt, verified);
  if (!st) {
    r.signin_code = st.error().code;
    r.signin_text = st.error().message;
    s.session.fields["signin.step"] = "pin";
    return;
  }
  s.session.EraseFields("signin.");
  Apply(s, cmd::Back{});  // to the screen that asked for the sign-in, which reloads for the nurse
}

void SignInWithBadge(AppState& s, const std::string& badge) {
  if (!s.staff) return;
  Status st = s.staff->SignInWithBadge(badge);
  if (!st) {
    s.session.rating.signin_code = st.error().code;
    s.session.rating.signin_text = st.error().message;
    return;
  }
  s.session.EraseFields("signin.");
  Apply(s, cmd::Back{});
}

void SignOut(AppState& s) {
  if (s.staff && s.staff->signed_in()) s.staff->SignOut(staff::SignOutReason::kUser);
  Wipe(s);
}

void Tick(AppState& s) {
  if (s.staff && s.staff->Tick()) Wipe(s);
}

void PickTicket(AppState& s, const std::string& ticket) {
  RatingSession& r = s.session.rating;
  if (!r.ctx || !FindTicket(*r.ctx, ticket)) return;
  if (r.ticket != ticket) {
    s.session.EraseFields("rate.");
    r.submitted_tag.clear();
    r.error_code.clear();
  }
  r.ticket = ticket;
  Apply(s, cmd::Navigate{ScreenId::kRate});
}

void SubmitRating(AppState& s) {
  RatingSession& r = s.session.rating;
  if (!r.ctx || !r.submitted_tag.empty()) return;
  const rating::TicketInfo* t = FindTicket(*r.ctx, r.ticket);
  const std::string rater = Rater(s);
  if (!t) return;
  const rating::RatingDraft d = DraftOf(s);
  const rating::RatingCheck check = rating::CheckRating(d, *t, rater, r.ctx->own);
  if (!check.ok()) {
    r.error_code = check.problems[0].code;
    r.error_text = check.problems[0].message;
    return;
  }
  r.error_code.clear();
  const staff::StaffMember* who = SignedIn(s);
  r.submitted_tag = "rating:" + protocol::NewUuidV4();
  RequestOutbox(s, {r.submitted_tag, "rating", rating::RatingPayload(d, std::max(1, t->round), who ? who->id : "").dump()});
}

void AddChromeAction(const AppState& s, ChromeView& chrome) {
  if (s.session.screen != ScreenId::kRate) return;
  const RatingSession& r = s.session.rating;
  if (!r.ctx || !r.submitted_tag.empty()) return;
  const rating::TicketInfo* t = FindTicket(*r.ctx, r.ticket);
  if (!t || rating::FindPrior(t->id, std::max(1, t->round), Rater(s), t->ratings, r.ctx->own)) return;
  chrome.action_label = s.Tr("rating.send");
  chrome.action_id = "rate.send";
  chrome.action = {cmd::SubmitForm{"rating"}};
  chrome.action_enabled = Score(s, "rate.overall") > 0;
}

// ---- views ----------------------------------------------------------------------------------------
SignInView BuildSignInView(const AppState& s) {
  SignInView v;
  v.title = s.Tr("signin.title");
  v.badge_hint = s.Tr("signin.badge_hint");
  v.clear_label = s.Tr("keypad.clear");
  v.ok_label = s.Tr("keypad.ok");
  v.available = s.staff != nullptr;
  if (!v.available) v.hint = s.Tr("signin.unavailable");
  const bool pin_step = s.session.Field("signin.step") == "pin";
  v.field = pin_step ? "signin.pin" : "signin.number";
  v.field_label = pin_step ? s.Tr("signin.pin") : s.Tr("signin.number");
  v.hint = pin_step ? s.TrF("signin.pin_hint", {s.session.Field("signin.number")}) : s.Tr("signin.number_hint");
  v.value = s.session.Field(v.field);
  v.value_masked = pin_step ? std::string(v.value.size(), '*') : v.value;  // a PIN is never shown
  const RatingSession& r = s.session.rating;
  if (r.pin_attempt) v.error = s.Tr("signin.checking");
  else if (!r.signin_code.empty()) {
    v.error = s.TrOr("error." + r.signin_code, r.signin_text);
    if (r.signin_code == "staff.locked" || r.signin_code == "staff.terminal_locked")
      v.error += "  " + s.TrF("signin.locked_for", {std::to_string(s.staff ? s.staff->LockedSecondsLeft(s.session.Field("signin.number")) : 0)});
  }
  return v;
}

ToRateView BuildToRateView(const AppState& s) {
  const RatingSession& r = s.session.rating;
  ToRateView v;
  v.title = s.Tr("rating.title");
  v.loading_text = s.Tr("requests.loading");
  v.empty_text = s.Tr("rating.empty");
  v.sign_in_label = s.Tr("signin.title");
  v.sign_out_label = s.Tr("signin.sign_out");
  v.loading = r.loading && !r.ctx;
  if (!r.ctx) return v;
  v.needs_sign_in = NeedsSignIn(s);
  if (const staff::StaffMember* who = SignedIn(s)) {
    v.signed_in = true;
    v.who = s.TrF("signin.as", {LocalText::FromJson(who->name).Get(s.session.lang), who->id});
    const staff::SessionView sv = s.staff->View();
    if (sv.warning) v.countdown = s.TrF("signin.countdown", {std::to_string(sv.seconds_left)});
  }
  if (v.needs_sign_in) return v;
  for (const auto& item : RateListFor(*r.ctx, SignedIn(s), s.clock->NowUtcMs())) {
    ToRateView::Row row;
    row.ticket = item.ticket.id;
    row.title = KindTitle(s, item.ticket);
    row.detail = item.ticket.id;
    if (item.ticket.completed_at_ms)
      row.detail += "  " + s.tz.Date(item.ticket.completed_at_ms) + " " + s.tz.HourMinute(item.ticket.completed_at_ms);
    row.rated = item.rated;
    row.status = item.rated && item.mine ? s.TrF("rating.rated", {std::to_string(item.mine->overall)}) : s.Tr("rating.to_rate");
    v.rows.push_back(std::move(row));
  }
  return v;
}

RateView BuildRateView(const AppState& s) {
  const RatingSession& r = s.session.rating;
  RateView v;
  v.done_label = s.Tr("form.done");
  if (!r.ctx) return v;
  const rating::TicketInfo* t = FindTicket(*r.ctx, r.ticket);
  if (!t) return v;
  v.title = KindTitle(s, *t);
  v.detail = t->id;
  if (t->completed_at_ms) v.detail += "  " + s.TrF("rating.completed_at", {s.tz.Date(t->completed_at_ms), s.tz.HourMinute(t->completed_at_ms)});
  if (auto prior = rating::FindPrior(t->id, std::max(1, t->round), Rater(s), t->ratings, r.ctx->own); prior && r.submitted_tag.empty()) {
    v.first = s.TrF("rating.already", {std::to_string(prior->overall)});
    return v;
  }
  for (int i = 1; i <= 5; ++i) v.score_labels.push_back(s.TrOr("rating.score." + std::to_string(i), std::to_string(i)));
  v.overall = {s.Tr("rating.overall"), "rate.overall", Score(s, "rate.overall"), true};
  for (const auto& dim : rating::Dimensions(t->kind)) {
    const std::string code(dim.code);
    v.dimensions.push_back({s.TrOr("rating.dim." + code, code), "rate.dim." + code, Score(s, "rate.dim." + code), dim.required});
  }
  // Praise for a good score, problems for a poor one: the tags that fit what was chosen.
  if (v.overall.value > 0) {
    v.tags_label = s.Tr("rating.tags");
    for (const auto& tag : rating::PresetTags(t->kind))
      if (tag.positive == (v.overall.value >= rating::kSatisfiedScore)) {
        const std::string code(tag.code);
        v.tags.push_back({code, s.TrOr("rating.tag." + code, code)});
        if (!s.session.Field("rate.tag." + code).empty()) v.tags_on.push_back(code);
      }
  }
  v.comment_label = s.Tr("rating.comment");
  v.comment = s.session.Field("rate.comment");
  v.comment_placeholder = s.Tr("form.text_placeholder");
  v.keyboard_open = !s.session.Field("rate.kbd").empty();
  v.keyboard_shift = !s.session.Field("rate.comment#shift").empty();
  v.keyboard_toggle = v.keyboard_open ? s.Tr("form.hide_keyboard") : s.Tr("form.show_keyboard");
  v.key_space = s.Tr("keyboard.space");
  v.key_shift = s.Tr("keyboard.shift");
  v.key_done = s.Tr("keyboard.done");
  v.can_reopen = v.overall.value > 0 && v.overall.value <= rating::kLowScore;
  v.reopen = v.can_reopen && !s.session.Field("rate.reopen").empty();
  v.reopen_label = s.Tr("rating.reopen");
  if (!r.error_code.empty()) v.error = s.TrOr("error." + r.error_code, r.error_text);
  if (!r.submitted_tag.empty()) {
    v.submitted = true;
    const ActionText t = DescribeAction(s, r.submitted_tag);
    v.state = t.state;
    v.progress_title = t.title;
    v.progress_detail = t.detail;
    if (t.state != ActionState::kRejected && t.state != ActionState::kFailed) {
      // Thanks at once; a poor score says what happens next (call-back, or the work redone).
      v.progress_title = s.Tr("rating.thanks");
      if (v.reopen) v.progress_detail = s.Tr("rating.reopened");
      else if (Score(s, "rate.overall") <= rating::kLowScore) v.progress_detail = s.Tr("rating.callback");
    }
  }
  return v;
}

}  // namespace onestop::rateui
