// View models of the rating feature's screens (see views.h): what the slice means in words.
#include "kiosk/core/features/rating/views.h"

#include <algorithm>

#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/protocol.h"

namespace onestop::rateui {
namespace {

const staff::StaffMember* SignedIn(const AppState& s) { return s.terminal.staff ? s.terminal.staff->staff() : nullptr; }

std::string KindTitle(const AppState& s, const rating::TicketInfo& t) {
  std::string title = s.TrOr("request.kind." + t.kind, t.kind == "meal" ? s.Tr("meal.title") : t.kind);
  for (const char* k : {"description", "text", "note"})
    if (t.detail.is_object() && t.detail.contains(k) && t.detail[k].is_string() && !t.detail[k].get<std::string>().empty()) {
      title += "  " + protocol::TruncateUtf8(t.detail[k].get<std::string>(), 80);
      break;
    }
  return title;
}

}  // namespace

// ---- views ----------------------------------------------------------------------------------------
ToRateView BuildToRateView(const AppState& s) {
  const RatingSession& r = Get(s);
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
    const staff::SessionView sv = s.terminal.staff->View();
    if (sv.warning) v.countdown = s.TrF("signin.countdown", {std::to_string(sv.seconds_left)});
  }
  if (v.needs_sign_in) return v;
  for (const auto& item : RateListFor(*r.ctx, SignedIn(s), s.clock->NowUtcMs())) {
    ToRateView::Row row;
    row.ticket = item.ticket.id;
    row.title = KindTitle(s, item.ticket);
    row.detail = item.ticket.id;
    if (item.ticket.completed_at_ms)
      row.detail += "  " + s.terminal.tz.Date(item.ticket.completed_at_ms) + " " + s.terminal.tz.HourMinute(item.ticket.completed_at_ms);
    row.rated = item.rated;
    row.status = item.rated && item.mine ? s.TrF("rating.rated", {std::to_string(item.mine->overall)}) : s.Tr("rating.to_rate");
    v.rows.push_back(std::move(row));
  }
  return v;
}

RateView BuildRateView(const AppState& s) {
  const RatingSession& r = Get(s);
  RateView v;
  v.done_label = s.Tr("form.done");
  if (!r.ctx) return v;
  const rating::TicketInfo* t = FindTicket(*r.ctx, r.ticket);
  if (!t) return v;
  v.title = KindTitle(s, *t);
  v.detail = t->id;
  if (t->completed_at_ms) v.detail += "  " + s.TrF("rating.completed_at", {s.terminal.tz.Date(t->completed_at_ms), s.terminal.tz.HourMinute(t->completed_at_ms)});
  if (auto prior = rating::FindPrior(t->id, std::max(1, t->round), Rater(s), t->ratings, r.ctx->own); prior && r.submitted_tag.empty()) {
    v.first = s.TrF("rating.already", {std::to_string(prior->overall)});
    return v;
  }
  for (int i = 1; i <= 5; ++i) v.score_labels.push_back(s.TrOr("rating.score." + std::to_string(i), std::to_string(i)));
  const RateForm& f = r.form;
  v.overall = {s.Tr("rating.overall"), "", f.overall, true};
  for (const auto& dim : rating::Dimensions(t->kind)) {
    const std::string code(dim.code);
    auto it = f.dimensions.find(code);
    v.dimensions.push_back({s.TrOr("rating.dim." + code, code), code, it == f.dimensions.end() ? 0 : it->second, dim.required});
  }
  // Praise for a good score, problems for a poor one: the tags that fit what was chosen.
  if (v.overall.value > 0) {
    v.tags_label = s.Tr("rating.tags");
    for (const auto& tag : rating::PresetTags(t->kind))
      if (tag.positive == (v.overall.value >= rating::kSatisfiedScore)) {
        const std::string code(tag.code);
        v.tags.push_back({code, s.TrOr("rating.tag." + code, code)});
        if (f.tags.count(code)) v.tags_on.push_back(code);
      }
  }
  v.comment_label = s.Tr("rating.comment");
  v.comment = s.session.Field(v.comment_field);
  v.comment_placeholder = s.Tr("form.text_placeholder");
  v.keyboard_open = f.keyboard_open;
  v.keyboard_shift = s.session.shifted.count(v.comment_field) > 0;
  v.keyboard_toggle = v.keyboard_open ? s.Tr("form.hide_keyboard") : s.Tr("form.show_keyboard");
  v.key_space = s.Tr("keyboard.space");
  v.key_shift = s.Tr("keyboard.shift");
  v.key_done = s.Tr("keyboard.done");
  v.can_reopen = v.overall.value > 0 && v.overall.value <= rating::kLowScore;
  v.reopen = v.can_reopen && f.reopen;
  v.reopen_label = s.Tr("rating.reopen");
  if (!r.error_code.empty() && r.submitted_tag.empty()) {
    // The refusal is judged again on what the form holds now: fixed = gone; else the problem that remains.
    const rating::RatingCheck now = rating::CheckRating(DraftOf(s), *t, Rater(s), r.ctx->own);
    if (!now.ok()) {
      const rating::Problem& p = now.problems[0];
      v.error = s.TrOr("error." + p.code, p.message);
      v.error_field = p.field;
      v.error_seq = r.refusals;
      if (p.field == "overall") v.overall.missing = true;
      for (auto& d : v.dimensions) d.missing = d.dimension == p.field;
    }
  }
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
      else if (f.overall <= rating::kLowScore) v.progress_detail = s.Tr("rating.callback");
    }
  }
  return v;
}

}  // namespace onestop::rateui
