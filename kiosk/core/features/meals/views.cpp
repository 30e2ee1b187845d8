// View models of the meals feature's screens (see views.h): what the slice means in words.
#include "kiosk/core/features/meals/views.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include <nlohmann/json.hpp>

#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/protocol.h"

namespace onestop::mealui {
namespace {

using json = nlohmann::json;

bool Has(const AppState& s, const std::string& key) { return s.i18n->catalog(s.session.lang).Has(key); }

// A catalog text for a data code (diet, allergen, slot) with the code itself as the fallback.
std::string CodeText(const AppState& s, const std::string& prefix, const std::string& code) {
  return s.TrOr(prefix + code, code);
}

std::string ParamString(const json& params, const char* key) {
  if (!params.is_object() || !params.contains(key)) return {};
  const json& v = params[key];
  return v.is_string() ? v.get<std::string>() : v.dump();
}

// Why a dish is hidden or limited, in the patient's words.
std::string DishNote(const AppState& s, const meals::DishView& d) {
  if (d.reason.empty()) return {};
  const std::string key = "meal.why." + d.reason;
  if (!Has(s, key)) return CodeText(s, "meal.reason.", d.reason);
  return s.TrF(key, {CodeText(s, "diet.", ParamString(d.params, "diet")),
                     CodeText(s, "allergen.", ParamString(d.params, "allergen")), ParamString(d.params, "max_qty")});
}

// A refusal or rejection ("code: detail" on the wire): translated by code, else the hub's own words.
// The dietitian's rejection carries her own words, which are the point: they are shown with it. A nurse
// ordering for a bed is told about the bed's diet order, not "your" diet order (meal.reason_bed.*).
std::string ReasonText(const AppState& s, const std::string& code, const std::string& detail) {
  if (code == meals::reason::kReviewRejected && !detail.empty()) return s.TrF("meal.rejected_because", {detail});
  if (WardNurse(s) && !code.empty()) {
    const std::string bed_text = s.TrOr("meal.reason_bed." + code, "");
    if (!bed_text.empty()) return bed_text;
  }
  return RefusalText(s, code, detail);
}

// "today" / "tomorrow" / the date, the same words on the chooser and in My meals.
std::string DayText(const AppState& s, const std::string& date, int64_t now_ms, const TimeZone& tz) {
  if (date == tz.Date(now_ms)) return s.Tr("meal.day.today");
  if (date == tz.Date(now_ms + 24 * 3600 * 1000LL)) return s.Tr("meal.day.tomorrow");
  return date;
}

std::string SlotTitle(const AppState& s, const meals::SlotChoice& c, int64_t now_ms, const TimeZone& tz) {
  return CodeText(s, "meal.slot.", std::string(meals::SlotName(c.slot))) + "  " + DayText(s, c.date, now_ms, tz);
}

// "1 × Congee, 2 × Steamed bun" in the reader's language.
std::string ItemsText(const AppState& s, const MealContext& ctx, const meals::MealOrder& o) {
  std::string out;
  for (const auto& it : o.items) {
    auto d = ctx.catalog.find(it.menu_item);
    out += (out.empty() ? "" : ", ") + std::to_string(it.qty) + " × " +
           (d == ctx.catalog.end() ? it.menu_item : d->second.name.Get(s.session.lang));
  }
  return out;
}

std::string Countdown(const AppState& s, int64_t ms) {
  const int64_t min = std::max<int64_t>(0, (ms + 59999) / 60000);
  if (min >= 60) return s.TrF("meal.in_hm", {std::to_string(min / 60), std::to_string(min % 60)});
  return s.TrF("meal.in_m", {std::to_string(min)});
}

std::string SlotSubtitle(const AppState& s, const MealContext& ctx, const meals::SlotChoice& c, int64_t now_ms) {
  if (c.late) return s.TrF("meal.late_promise", {std::to_string(ctx.config.late_promise_min)});
  return s.TrF("meal.order_by", {ctx.tz.HourMinute(c.cutoff_ms), Countdown(s, c.cutoff_ms - now_ms)});
}

// A figure as a label prints it: whole numbers without decimals, others with one.
std::string Figure(double v) {
  char buf[32];
  if (std::abs(v - std::round(v)) < 0.05) std::snprintf(buf, sizeof buf, "%.0f", v);
  else std::snprintf(buf, sizeof buf, "%.1f", v);
  return buf;
}

// The four figures a patient on a diet asks about, those the hub knows, as (label, value with unit).
std::vector<std::pair<std::string, std::string>> NutritionOf(const AppState& s, const meals::Dish& d) {
  std::vector<std::pair<std::string, std::string>> out;
  const auto& n = d.nutrition;
  if (n.energy_kcal) out.push_back({s.Tr("meal.nutrient.energy"), s.TrF("meal.unit.kcal", {Figure(*n.energy_kcal)})});
  if (n.protein_g) out.push_back({s.Tr("meal.nutrient.protein"), s.TrF("meal.unit.g", {Figure(*n.protein_g)})});
  if (n.sodium_mg) out.push_back({s.Tr("meal.nutrient.sodium"), s.TrF("meal.unit.mg", {Figure(*n.sodium_mg)})});
  if (n.carbohydrate_g) out.push_back({s.Tr("meal.nutrient.carbohydrate"), s.TrF("meal.unit.g", {Figure(*n.carbohydrate_g)})});
  return out;
}

std::string Price(const AppState& s, int64_t cents) {
  char buf[32];
  std::snprintf(buf, sizeof buf, "%lld.%02lld", static_cast<long long>(cents / 100), static_cast<long long>(cents % 100));
  return s.TrF("meal.price", {buf});
}

// A bed on the nurse's grid, in words: occupancy and diet, the next meal's order and its state, so she
// sees which beds still need ordering and none is ordered twice (issue 16 item 1).
MealsView::BedTile BedTileOf(const AppState& s, const WardBed& b) {
  MealsView::BedTile t = OccupancyTile(s, b.code, "bed." + b.code, b.name, b.code, b.diet ? &*b.diet : nullptr);
  if (!b.next) {
    if (t.occupied) t.ordered = s.Tr("meal.bed_no_next");
    return t;
  }
  const TimeZone& tz = s.terminal.tz;
  const std::string meal = SlotTitle(s, *b.next, JudgedNowOf(s).now_ms, tz);
  if (b.state) {
    std::string items;
    for (const auto& [name, qty] : b.ordered) items += (items.empty() ? "" : ", ") + std::to_string(qty) + " × " + name.Get(s.session.lang);
    t.ordered = s.TrF("meal.bed_next_ordered", {meal, items});
    t.state = CodeText(s, "meal.state.", std::string(meals::OrderStateName(*b.state)));
    t.has_order = true;
    t.attention = *b.state == meals::OrderState::kOnHold;
  } else if (t.occupied) {
    t.ordered = s.TrF("meal.bed_next_none", {meal});
  }
  return t;
}

}  // namespace

// NPO / no diet order / no bed: the reason nothing can be ordered, never an empty list.
std::string Problem(const AppState& s) {
  const MealsSession& m = Get(s);
  if (m.bed.empty()) return s.terminal.binding.role == Role::kWard ? std::string() : s.Tr("meal.no_bed");
  if (!m.error.empty()) return s.TrF("meal.read_error", {m.error});
  if (!m.ctx) return {};
  if (!m.ctx->diet) return s.Tr("meal.why.no_diet_order");
  if (m.ctx->diet->diet == "npo") return s.Tr("meal.why.npo");
  return {};
}

const MealSlotMenu* ChosenSlot(const AppState& s) {
  const MealsSession& m = Get(s);
  if (!m.ctx || m.slot < 0 || m.slot >= static_cast<int>(m.ctx->slots.size())) return nullptr;
  return &m.ctx->slots[static_cast<size_t>(m.slot)];
}

// ---- views ----------------------------------------------------------------------------------------
MealsView BuildMealsView(const AppState& s) {
  const MealsSession& m = Get(s);
  MealsView v;
  v.title = s.Tr("meal.title");
  v.loading_text = s.Tr("requests.loading");
  v.empty_text = s.Tr("meal.no_slots");
  v.my_meals_label = s.Tr("meal.my_meals");
  v.loading = m.loading && !m.ctx;
  v.problem = Problem(s);
  if (s.terminal.binding.role == Role::kWard) {
    // Nurses order for a bed of their ward: sign in, choose the bed, then the meal as a patient would.
    v.sign_in_label = s.Tr("signin.title");
    v.needs_sign_in = !WardNurse(s);
    if (v.needs_sign_in) {
      v.problem = s.Tr("meal.nurse_sign_in");
      return v;
    }
    v.bed_title = s.Tr("meal.choose_bed");
    v.other_bed_label = s.Tr("meal.other_bed");
    if (m.bed.empty()) {
      for (const auto& b : m.beds) v.beds.push_back(BedTileOf(s, b));
      return v;
    }
    for (const auto& b : m.beds)
      if (b.code == m.bed) v.bed_line = s.TrF("meal.for_bed", {b.name.empty() ? b.code : b.name.Get(s.session.lang)});
    if (v.bed_line.empty()) v.bed_line = s.TrF("meal.for_bed", {m.bed});
  }
  if (!m.ctx) return v;
  const meals::JudgedNow now = JudgedNowOf(s);
  if (m.ctx->diet) {
    const std::string diet = CodeText(s, "diet.", m.ctx->diet->diet);
    v.diet_line = WardNurse(s) ? s.TrF("meal.diet_line_bed", {diet}) : s.TrF("meal.diet_line", {diet});
    std::string allergies;
    for (const auto& a : m.ctx->diet->allergens) allergies += (allergies.empty() ? "" : ", ") + CodeText(s, "allergen.", a);
    if (!allergies.empty()) v.diet_line += "  " + s.TrF("meal.allergy_line", {allergies});
  }
  if (now.source == meals::ClockSource::kLocal) v.clock_note = s.Tr("meal.local_clock");
  if (!v.problem.empty()) return v;
  for (size_t i = 0; i < m.ctx->slots.size(); ++i) {
    const auto& c = m.ctx->slots[i].choice;
    SlotTile t;
    t.index = static_cast<int>(i);
    t.id = "meal.slot." + std::string(meals::SlotName(c.slot)) + "." + c.date;
    t.title = SlotTitle(s, c, now.now_ms, m.ctx->tz);
    t.open = c.cutoff_ms > now.now_ms;
    t.subtitle = t.open ? SlotSubtitle(s, *m.ctx, c, now.now_ms) : s.Tr("meal.reason.past_cutoff");
    if (const MyMeal* live = c.late ? nullptr : m.ctx->LiveOrder(c.slot, c.date)) {
      t.ordered = s.TrF("meal.ordered", {ItemsText(s, *m.ctx, live->order),
                                         CodeText(s, "meal.state.", std::string(meals::OrderStateName(live->status.state)))});
      if (live->status.ticket.empty()) t.ordered_hint = s.Tr("meal.change_after_sent");
      else if (WardNurse(s)) t.ordered_hint = s.Tr("meal.add_hint");
      else if (live->can_cancel) t.ordered_hint = s.Tr("meal.change_hint");
      else t.ordered_hint = s.Tr("meal.no_change");
    }
    v.slots.push_back(std::move(t));
  }
  return v;
}

MenuView BuildMenuView(const AppState& s) {
  const MealsSession& m = Get(s);
  MenuView v;
  v.basket_title = s.Tr("meal.basket");
  v.basket_empty = s.Tr("meal.basket_empty");
  v.minus_label = s.Tr("meal.qty_minus");
  v.plus_label = s.Tr("meal.qty_plus");
  v.done_label = s.Tr("form.done");
  v.my_meals_label = s.Tr("meal.my_meals");
  const MealSlotMenu* menu = ChosenSlot(s);
  v.title = s.Tr("meal.title");
  if (!menu) return v;
  const meals::JudgedNow now = JudgedNowOf(s);
  v.title = SlotTitle(s, menu->choice, now.now_ms, m.ctx->tz);
  v.subtitle = SlotSubtitle(s, *m.ctx, menu->choice, now.now_ms);
  if (!m.changing.empty()) v.change_note = s.Tr("meal.changing_note");
  if (!m.adding_to.empty()) v.change_note = s.Tr("meal.adding_note");
  v.problem = Problem(s);
  if (v.problem.empty() && menu->choice.cutoff_ms <= now.now_ms) v.problem = s.Tr("meal.reason.past_cutoff");
  const Lang lang = s.session.lang;
  int64_t total = 0;
  for (int pass = 0; pass < 2; ++pass) {  // orderable dishes first, then the others with their reason
    for (size_t i = 0; i < menu->dishes.size() && i < menu->view.dishes.size(); ++i) {
      const meals::Dish& d = menu->dishes[i];
      const meals::DishView& dv = menu->view.dishes[i];
      const bool orderable = dv.state != meals::DishState::kHidden;
      if (orderable != (pass == 0)) continue;
      DishCard c;
      c.id = d.id;
      c.name = d.name.Get(lang);
      c.contains_label = s.Tr("meal.contains");
      for (const auto& a : d.allergens) c.allergens.push_back({a, CodeText(s, "allergen.", a)});
      c.nutrition = NutritionOf(s, d);
      c.category = d.category;
      if (auto p = m.photos.find(d.id); p != m.photos.end()) c.photo = p->second;
      if (d.price_cents > 0) c.price = Price(s, d.price_cents);  // free items (e.g. a hospital's set meal) show none
      c.note = DishNote(s, dv);
      c.orderable = orderable && v.problem.empty();
      c.max_qty = dv.max_qty;
      auto q = m.basket.find(d.id);
      c.qty = q == m.basket.end() ? 0 : q->second;
      if (c.qty > 0) {
        v.basket.push_back({std::to_string(c.qty) + " × " + c.name,
                            d.price_cents > 0 ? Price(s, int64_t{d.price_cents} * c.qty) : std::string()});
        total += int64_t{d.price_cents} * c.qty;
      }
      v.cards.push_back(std::move(c));
    }
  }
  if (total > 0) v.total = s.TrF("meal.total", {Price(s, total)});
  if (!m.error_code.empty()) v.error = ReasonText(s, m.error_code, m.error_detail);
  if (!m.submitted_tag.empty()) {
    v.submitted = true;
    const ActionText t = DescribeAction(s, m.submitted_tag);
    v.state = t.state;
    v.progress_title = t.title;
    v.progress_detail = t.detail;
    // A meal's own words where they differ: "order saved / received by the kitchen", coded rejections.
    // A change says what became of the old order at every step: kept until the hub takes the new one.
    const bool change = !m.changing.empty();
    if (t.state == ActionState::kSaved) v.progress_title = change ? s.Tr("meal.change_saved") : s.Tr("meal.placed");
    if (t.state == ActionState::kSent) v.progress_title = change ? s.Tr("meal.changed") : s.Tr("meal.sent");
    if (t.state == ActionState::kRejected) {
      const auto r = meals::ParseReason(t.reason);
      v.progress_title = change ? s.Tr("meal.change_rejected") : s.Tr("meal.rejected");
      v.progress_detail = ReasonText(s, r.code, r.detail);
    }
  }
  return v;
}

MyMealsView BuildMyMealsView(const AppState& s) {
  const MealsSession& m = Get(s);
  MyMealsView v;
  v.title = s.Tr("meal.my_meals");
  v.empty_text = s.Tr("meal.no_orders");
  v.loading_text = s.Tr("requests.loading");
  v.cancel_label = s.Tr("meal.cancel");
  v.confirm_cancel_label = s.Tr("meal.cancel_confirm");
  v.keep_label = s.Tr("meal.keep");
  v.order_again_label = s.Tr("meal.order_again");
  v.loading = m.loading && !m.ctx;
  if (!m.ctx) return v;
  const meals::JudgedNow now = JudgedNowOf(s);
  for (const auto& o : m.ctx->orders) {
    MyMealsView::Row r;
    r.id = o.record_id.empty() ? o.status.ticket : o.record_id;
    r.title = CodeText(s, "meal.slot.", std::string(meals::SlotName(o.order.slot))) + "  " +
              DayText(s, o.order.date, now.now_ms, m.ctx->tz);
    r.items = ItemsText(s, *m.ctx, o.order);
    const std::string state(meals::OrderStateName(o.status.state));
    r.state_text = CodeText(s, "meal.state.", state);
    using meals::OrderState;
    // The dietitian's rejection is its own sentence ("The dietitian did not approve it: <her words>").
    if (o.status.state == OrderState::kRejected && o.status.reason_code == meals::reason::kReviewRejected &&
        !o.status.reason_detail.empty())
      r.state_text = ReasonText(s, o.status.reason_code, o.status.reason_detail);
    else if (o.status.state == OrderState::kRejected || o.status.state == OrderState::kOnHold)
      r.state_text += ": " + ReasonText(s, o.status.reason_code, o.status.reason_detail);
    if (o.status.due_ms > 0 && o.status.state != OrderState::kDelivered && o.status.state != OrderState::kCancelled &&
        o.status.state != OrderState::kRejected)
      r.state_text += "  " + (o.status.overdue ? s.Tr("meal.overdue")
                                               : s.TrF("meal.due", {m.ctx->tz.HourMinute(o.status.due_ms),
                                                                    Countdown(s, o.status.due_ms - now.now_ms)}));
    r.tone = o.status.state == OrderState::kRejected || o.status.overdue ? ActionState::kRejected
             : o.status.state == OrderState::kDelivered                  ? ActionState::kSent
                                                                         : ActionState::kSaved;
    // A cancel this session asked for stays tracked after the hub took it: only a live order is "cancelling".
    const bool closed = o.status.state == OrderState::kCancelled || o.status.state == OrderState::kRejected;
    r.order_again = closed;
    const bool cancelling = !closed && (o.cancel_pending || s.Tracking("cancel:" + o.status.ticket));
    if (cancelling) r.state_text += "  " + s.Tr("meal.cancelling");
    else if (o.can_cancel) {
      r.ticket = o.status.ticket;
      r.confirming = m.confirming_cancel == r.ticket;
    }
    else if (!o.cancel_refusal.empty() && o.status.state != OrderState::kCancelled && o.status.state != OrderState::kRejected &&
             o.status.state != OrderState::kDelivered) {
      const auto why = meals::ParseReason(o.cancel_refusal);
      r.cancel_note = ReasonText(s, why.code, why.detail);
    }
    v.rows.push_back(std::move(r));
  }
  return v;
}

}  // namespace onestop::mealui
