// View models of the rating feature's screens (see views.h): what the slice means in words.
#include "kiosk/core/features/rating/views.h"

#include <algorithm>
#include <initializer_list>

#include <nlohmann/json.hpp>

#include "kiosk/core/features/rating/feature.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/shell/when_text.h"

namespace onestop::rateui {
namespace {

const staff::StaffMember* SignedIn(const AppState& s) { return s.terminal.staff ? s.terminal.staff->staff() : nullptr; }

constexpr const char* kDot = " \xC2\xB7 ";  // U+00B7 middle dot, as places are named
constexpr size_t kSummaryBytes = 120;        // a line or two; the whole text is the requester's, not the rater's

std::string Str(const nlohmann::json& j, const char* key) {
  auto it = j.is_object() ? j.find(key) : j.end();
  return j.is_object() && it != j.end() && it->is_string() ? it->get<std::string>() : std::string();
}

// "a · b" of the non-empty parts.
std::string Joined(std::initializer_list<std::string> parts) {
  std::string out;
  for (const auto& p : parts)
    if (!p.empty()) out += (out.empty() ? "" : kDot) + p;
  return out;
}

Subject SubjectOf(const AppState& s, const RatingContext& ctx, const rating::TicketInfo& t) {
  const Lang lang = s.session.lang;
  const TicketNames& n = NamesOf(ctx, t.id);
  Subject o;
  // What was done: the kind, with the fault category (hub data, else the catalog's generic words),
  // the cleaning type or the complaint's topic.
  std::string kind_words = s.TrOr("request.kind." + t.kind, t.kind);
  std::string sub;
  if (t.kind == "repair") {
    const std::string cat = Str(t.detail, "category");
    sub = !n.category.empty() ? n.category.Get(lang) : cat.empty() ? "" : s.TrOr("fault." + cat, cat);
  } else if (t.kind == "cleaning") {
    const std::string type = Str(t.detail, "type");
    sub = type.empty() ? "" : s.TrOr("cleaning.type." + type, type);
  } else if (t.kind == "complaint") {
    const std::string cat = Str(t.detail, "category");
    sub = cat.empty() ? "" : s.TrOr("complaint.cat." + cat, cat);
  }
  o.what = Joined({kind_words, sub == kind_words ? std::string() : sub});  // not "Cleaning · Cleaning"
  for (const char* k : {"description", "text", "note"})
    if (std::string d = Str(t.detail, k); !d.empty()) {
      o.summary = protocol::TruncateUtf8(d, kSummaryBytes);
      if (o.summary.size() < d.size()) o.summary += "\xE2\x80\xA6";  // …
      break;
    }
  const std::string cls = n.asset_class.Get(lang);
  o.asset = cls.empty() ? t.asset : t.asset.empty() ? cls : cls + "  " + t.asset;
  o.place = n.place.empty() ? t.location : n.place.Get(lang);
  o.worker = n.worker.Get(lang);
  o.trade = n.trade.empty() ? "" : n.trade.Get(lang);
  if (t.completed_at_ms) o.completed = WhenText(s, t.completed_at_ms);
  return o;
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
    row.subject = SubjectOf(s, *r.ctx, item.ticket);
    const Subject& sub = row.subject;
    row.title = sub.summary.empty() ? sub.what : sub.what + kDot + sub.summary;
    row.rated = item.rated;
    row.status = item.rated && item.mine ? s.TrF("rating.rated", {std::to_string(item.mine->overall)}) : s.Tr("rating.to_rate");
    const std::string by = sub.worker.empty() ? "" : s.TrF("rating.row_done", {sub.worker});
    const std::string when = sub.completed.empty() ? "" : s.TrF("rating.row_completed", {sub.completed});
    for (const std::string& line : {Joined({sub.asset, sub.place}), Joined({by, when, row.status})})
      if (!line.empty()) row.detail += (row.detail.empty() ? "" : "\n") + line;
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
  v.subject = SubjectOf(s, *r.ctx, *t);
  v.title = v.subject.what;
  v.detail = v.subject.summary;
  auto fact = [&v, &s](const char* key, const std::string& value) {
    if (!value.empty()) v.facts.push_back({s.Tr(key), value});
  };
  fact("rating.fact.asset", v.subject.asset);
  fact("rating.fact.place", v.subject.place);
  fact("rating.fact.worker", Joined({v.subject.worker, v.subject.trade}));
  fact("rating.fact.completed", v.subject.completed);
  fact("rating.fact.request", t->id);
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
