// The rating feature's rules: entering its screens, its commands and its job's answer. What a rating
// must hold and its payload are rating.h's; this file keeps the form and asks for the outbox record.
#include "kiosk/core/features/rating/commands.h"
#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/features/rating/jobs.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/shell/events.h"

namespace onestop::rateui {

const Feature kFeature;

namespace {

const staff::StaffMember* SignedIn(const AppState& s) { return s.terminal.staff ? s.terminal.staff->staff() : nullptr; }

void Load(AppState& s) {
  Get(s).loading = true;
  s.Ask(job::ReadRatingContext{s.terminal.binding});  // the store's enrollment, once there, wins
}

void OnContext(AppState& s, const cmd::RatingContextRead& a) {
  RatingSession& r = Get(s);
  if (!r.loading) return;
  r.loading = false;
  if (!a.ctx) {
    r.error = a.ctx.error().message;
    return;
  }
  r.error.clear();
  // The staff list came with it: someone no longer allowed here is signed out (the shell tells all).
  if (s.terminal.staff) s.terminal.staff->SetDirectory(a.ctx->staff);
  r.ctx = std::make_shared<const RatingContext>(a.ctx.value());
}

Intent PickTicket(AppState& s, const std::string& ticket) {
  RatingSession& r = Get(s);
  if (!r.ctx || !FindTicket(*r.ctx, ticket)) return {};
  if (r.ticket != ticket) {
    r.form = RateForm{};
    s.session.EraseFields("rate.");
    r.submitted_tag.clear();
    r.error_code.clear();
  }
  r.ticket = ticket;
  return Intent::To(screens::kRate);
}

void SendRating(AppState& s) {
  RatingSession& r = Get(s);
  if (!r.ctx || !r.submitted_tag.empty()) return;
  const rating::TicketInfo* t = FindTicket(*r.ctx, r.ticket);
  const std::string rater = Rater(s);
  if (!t) return;
  const rating::RatingDraft d = DraftOf(s);
  const rating::RatingCheck check = rating::CheckRating(d, *t, rater, r.ctx->own);
  if (!check.ok()) {
    r.error_code = check.problems[0].code;
    r.error_text = check.problems[0].message;
    ++r.refusals;
    return;
  }
  r.error_code.clear();
  r.form.keyboard_open = false;
  const staff::StaffMember* who = SignedIn(s);
  r.submitted_tag = "rating:" + protocol::NewUuidV4();
  s.RequestOutbox({r.submitted_tag, "rating", rating::RatingPayload(d, std::max(1, t->round), who ? who->id : "").dump()});
}

bool OnRatingScreen(const AppState& s) { return s.session.screen == screens::kToRate || s.session.screen == screens::kRate; }

}  // namespace

// Nobody rates on a ward kiosk or staff tablet without signing in; patients rate at their bed.
bool NeedsSignIn(const AppState& s) {
  const auto& ctx = Get(s).ctx;
  if (!ctx || SignedIn(s)) return false;
  return rating::RaterFor(ctx->binding, ctx->terminal_id, "").empty();
}

std::string Rater(const AppState& s) {
  const auto& ctx = Get(s).ctx;
  const staff::StaffMember* who = SignedIn(s);
  return ctx ? rating::RaterFor(ctx->binding, ctx->terminal_id, who ? who->id : "") : std::string();
}

rating::RatingDraft DraftOf(const AppState& s) {
  const RatingSession& r = Get(s);
  rating::RatingDraft d;
  d.ticket = r.ticket;
  d.overall = r.form.overall;
  const rating::TicketInfo* t = r.ctx ? FindTicket(*r.ctx, d.ticket) : nullptr;
  if (t)
    for (const auto& dim : rating::Dimensions(t->kind))
      if (auto it = r.form.dimensions.find(std::string(dim.code)); it != r.form.dimensions.end())
        d.dimensions[it->first] = it->second;
  d.tags.assign(r.form.tags.begin(), r.form.tags.end());
  d.comment = s.session.Field("rate.comment");
  d.reopen = r.form.reopen && d.overall > 0 && d.overall <= rating::kLowScore;
  return d;
}

void Feature::OnEnter(AppState& s, ScreenId screen) const {
  if (screen == screens::kToRate) Load(s);
}

std::optional<Intent> Feature::Apply(AppState& s, const Command& c) const {
  RateForm& f = Get(s).form;
  if (auto* x = c.As<cmd::PickTicket>()) return PickTicket(s, x->ticket);
  if (auto* x = c.As<cmd::SetScore>()) {
    if (x->score < 1 || x->score > 5) return Intent::Stay();
    if (x->dimension.empty()) f.overall = x->score;
    else f.dimensions[x->dimension] = x->score;
  } else if (auto* x = c.As<cmd::ToggleTag>()) {
    if (!f.tags.erase(x->code)) f.tags.insert(x->code);
  } else if (auto* x = c.As<cmd::SetReopen>()) f.reopen = x->on;
  else if (c.Is<cmd::ToggleKeyboard>()) f.keyboard_open = !f.keyboard_open;
  else if (c.Is<cmd::SendRating>()) SendRating(s);
  else if (auto* x = c.As<cmd::RatingContextRead>()) OnContext(s, *x);
  else return std::nullopt;
  return Intent::Stay();
}

Intent Feature::OnEvent(AppState& s, const Command& e) const {
  RatingSession& r = Get(s);
  if (e.Is<event::StaffSignedOut>()) {
    // Everything of a signed-in member leaves the screen with them.
    r = RatingSession{};
    s.session.EraseFields("rate.");
    if (OnRatingScreen(s)) return Intent::Home();
  } else if (e.Is<event::TicketsChanged>() && s.session.screen == screens::kToRate && !r.loading) {
    Load(s);  // a service completed since the list was read shows up while the nurse looks at it
  }
  return {};
}

void Feature::AddHomeTiles(const AppState& s, std::vector<HomeTile>& tiles) const {
  tiles.push_back({"rate", s.Tr("home.tile.rate"), s.Tr("home.tile.rate_hint"), screens::kToRate});
}

bool Feature::Pristine(const AppState& s) const { return !Get(s).ctx; }

void Feature::AddChromeAction(const AppState& s, ChromeView& chrome) const {
  if (!(s.session.screen == screens::kRate)) return;
  const RatingSession& r = Get(s);
  if (!r.ctx || !r.submitted_tag.empty()) return;
  const rating::TicketInfo* t = FindTicket(*r.ctx, r.ticket);
  if (!t || rating::FindPrior(t->id, std::max(1, t->round), Rater(s), t->ratings, r.ctx->own)) return;
  chrome.action_label = s.Tr("rating.send");
  chrome.action_id = "rate.send";
  chrome.action = {cmd::SendRating{}};
  chrome.action_enabled = r.form.overall > 0;
}

}  // namespace onestop::rateui
