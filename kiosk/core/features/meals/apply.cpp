// The meals feature's rules: entering its screens, its commands and its jobs' answers. Judging is
// meals.h's; this file decides what a tap changes and which outbox records it asks for.
#include "kiosk/core/features/meals/commands.h"
#include "kiosk/core/features/meals/feature.h"
#include "kiosk/core/features/meals/jobs.h"
#include "kiosk/core/features/meals/views.h"
#include "kiosk/core/protocol.h"
#include "kiosk/core/shell/events.h"

namespace onestop::mealui {

const Feature kFeature;

namespace {

void LoadBeds(AppState& s) {
  MealsSession& m = Get(s);
  if (m.beds_loading) return;
  m.beds_loading = true;
  s.Ask(job::ReadWardBeds{s.terminal.binding.location});
}

// Reads what the screen shows: the bed's context (and a ward's beds for a nurse).
void Load(AppState& s) {
  MealsSession& m = Get(s);
  const TerminalBinding& b = s.terminal.binding;
  if (b.role == Role::kBedside) m.bed = b.location;
  else if (!WardNurse(s)) m.bed.clear();
  m.error.clear();
  // The bed grid is read again each time it is shown: it shows what each bed has ordered.
  if (WardNurse(s) && m.bed.empty()) LoadBeds(s);
  if (m.bed.empty()) return;
  m.loading = true;
  s.Ask(job::ReadMealContext{m.bed});
}

// Photos of the dishes on the menus just read that this session has not asked for yet.
void AskPhotos(AppState& s) {
  MealsSession& m = Get(s);
  if (!m.ctx) return;
  job::ReadDishPhotos j;
  for (const auto& slot : m.ctx->slots)
    for (const auto& d : slot.dishes)
      if (m.photos_asked.insert(d.id).second) j.dishes.push_back(d.id);
  if (!j.dishes.empty()) s.Ask(std::move(j));
}

void OnMealContext(AppState& s, cmd::MealContextRead a) {
  MealsSession& m = Get(s);
  if (!m.loading || a.bed != m.bed) return;  // another bed since, or the session was reset
  m.loading = false;
  if (!a.ctx) {
    m.error = a.ctx.error().message;
    return;
  }
  m.error.clear();
  // Keep the chosen meal if it is still orderable (the list is re-read on every visit and pull).
  std::optional<meals::SlotChoice> chosen;
  if (const MealSlotMenu* c = ChosenSlot(s)) chosen = c->choice;
  m.ctx = std::make_shared<const MealContext>(std::move(a.ctx).value());
  AskPhotos(s);
  m.slot = -1;
  if (chosen)
    for (size_t i = 0; i < m.ctx->slots.size(); ++i)
      if (m.ctx->slots[i].choice.slot == chosen->slot && m.ctx->slots[i].choice.date == chosen->date) m.slot = static_cast<int>(i);
  if (m.slot < 0) {
    m.basket.clear();
    m.changing.clear();
    m.adding_to.clear();
  }
}

void PickBed(AppState& s, const std::string& bed) {
  MealsSession& m = Get(s);
  if (!WardNurse(s)) return;
  const std::string& ward = s.terminal.binding.location;
  if (!bed.empty() && (bed == ward || !protocol::LocationWithin(bed, ward))) return;
  if (bed != m.bed) {
    m.ctx.reset();
    m.slot = -1;
    m.basket.clear();
    m.submitted_tag.clear();
    m.changing.clear();
    m.adding_to.clear();
  }
  m.bed = bed;
  Load(s);
}

Intent PickSlot(AppState& s, int index) {
  MealsSession& m = Get(s);
  if (!m.ctx || index < 0 || index >= static_cast<int>(m.ctx->slots.size())) return {};
  if (index != m.slot) m.basket.clear();
  // One order per bed, meal and day: a meal already ordered is changed (patient) or added to (nurse),
  // never ordered twice. Late orders are exempt at the hub, and so here.
  std::string changing, adding_to;
  const meals::SlotChoice& c = m.ctx->slots[static_cast<size_t>(index)].choice;
  if (const MyMeal* live = c.late ? nullptr : m.ctx->LiveOrder(c.slot, c.date)) {
    if (live->status.ticket.empty()) return {};  // not sent yet: there is no ticket to change or add to
    if (WardNurse(s)) adding_to = live->status.ticket;
    else if (!live->can_cancel) return {};       // the kitchen has it: too late to change
    else changing = live->status.ticket;
    if (!changing.empty() && (m.basket.empty() || m.changing != changing)) {
      m.basket.clear();
      for (const auto& it : live->order.items) m.basket[it.menu_item] = it.qty;  // start from what was ordered
    }
  }
  m.changing = changing;
  m.adding_to = adding_to;
  m.slot = index;
  m.error_code.clear();
  m.error_detail.clear();
  m.submitted_tag.clear();
  return Intent::To(screens::kMenu);
}

void SetQty(AppState& s, const std::string& menu_item, int qty) {
  MealsSession& m = Get(s);
  const MealSlotMenu* menu = ChosenSlot(s);
  if (!menu || !m.submitted_tag.empty()) return;
  for (const auto& d : menu->view.dishes) {
    if (d.id != menu_item) continue;
    qty = std::clamp(qty, 0, d.max_qty);  // hidden dishes have max 0: they cannot enter the basket
    if (qty == 0) m.basket.erase(menu_item);
    else m.basket[menu_item] = qty;
    m.error_code.clear();
    m.error_detail.clear();
    return;
  }
}

void PlaceOrder(AppState& s) {
  MealsSession& m = Get(s);
  const MealSlotMenu* menu = ChosenSlot(s);
  if (!menu || !m.submitted_tag.empty()) return;
  meals::MealOrder order;
  order.location = m.bed;
  order.slot = menu->choice.slot;
  order.date = menu->choice.date;
  order.late = menu->choice.late;
  if (m.ctx->diet) {
    order.diet = m.ctx->diet->diet;
    order.allergens = m.ctx->diet->allergens;
  }
  for (const auto& [id, qty] : m.basket) order.items.push_back({id, qty});
  order.replaces = m.changing;
  order.add_to = m.adding_to;
  if (WardNurse(s) && s.terminal.staff->staff()) order.ordered_by = s.terminal.staff->staff()->id;
  meals::OrderContext ctx = m.ctx->OrderContextFor(menu);
  ctx.now_ms = JudgedNowOf(s).now_ms;  // the cut-off is judged now, not when the menu was read
  auto check = meals::ValidateMealOrder(order, ctx);
  if (!check) {
    m.error_code = check.error().code;
    m.error_detail = check.error().message;
    return;
  }
  m.error_code.clear();
  m.error_detail.clear();
  m.submitted_tag = "meal:" + protocol::NewUuidV4();
  s.RequestOutbox({m.submitted_tag, "meal_order", meals::MealOrderPayload(order).dump()});
}

void CancelOrder(AppState& s, const std::string& ticket) {
  MealsSession& m = Get(s);
  m.confirming_cancel.clear();
  if (!m.ctx || ticket.empty() || s.Tracking("cancel:" + ticket)) return;
  for (const auto& o : m.ctx->orders) {
    if (o.status.ticket != ticket || !o.can_cancel || o.cancel_pending) continue;
    // Re-judged at the tap: the list may have been read before the cut-off passed.
    const char* status = o.status.state == meals::OrderState::kApproved ? "accepted" : "received";
    if (!meals::CanCancel(m.ctx->config, m.ctx->tz, o.order, status, JudgedNowOf(s).now_ms, o.status.due_ms)) return;
    s.RequestOutbox({"cancel:" + ticket, "order_cancel", meals::OrderCancelPayload(ticket).dump()});
    return;
  }
}

bool OnMealScreen(const AppState& s) {
  const ScreenId sc = s.session.screen;
  return sc == screens::kMeals || sc == screens::kMenu || sc == screens::kMyMeals;
}

}  // namespace

meals::JudgedNow JudgedNowOf(const AppState& s) {
  const LinkStatus& link = s.terminal.link;
  return meals::JudgeNow(s.clock->NowUtcMs(), link.state == LinkState::kOnline, link.clock_skew_ms);
}

bool WardNurse(const AppState& s) {
  return s.terminal.binding.role == Role::kWard && s.terminal.staff && s.terminal.staff->signed_in();
}

void Feature::OnEnter(AppState& s, ScreenId screen) const {
  MealsSession& m = Get(s);
  if (screen == screens::kMeals) {
    // A new visit after a placed order starts a new basket.
    if (!m.submitted_tag.empty()) {
      m.submitted_tag.clear();
      m.basket.clear();
      m.slot = -1;
      m.changing.clear();
      m.adding_to.clear();
    }
    Load(s);
  } else if (screen == screens::kMyMeals) {
    m.confirming_cancel.clear();
    Load(s);
  }
}

std::optional<Intent> Feature::Apply(AppState& s, const Command& c) const {
  if (auto* x = c.As<cmd::PickMealSlot>()) return PickSlot(s, x->index);
  if (auto* x = c.As<cmd::SetMealQty>()) SetQty(s, x->menu_item, x->qty);
  else if (c.Is<cmd::PlaceMealOrder>()) PlaceOrder(s);
  else if (auto* x = c.As<cmd::AskCancel>()) Get(s).confirming_cancel = x->ticket;
  else if (auto* x = c.As<cmd::CancelMealOrder>()) CancelOrder(s, x->ticket);
  else if (auto* x = c.As<cmd::PickMealBed>()) PickBed(s, x->bed);
  else if (auto* x = c.As<cmd::MealContextRead>()) OnMealContext(s, *x);
  else if (auto* x = c.As<cmd::DishPhotosRead>()) {
    // Kept only for dishes this session asked about (an answer after a reset is not this patient's).
    MealsSession& m = Get(s);
    for (const auto& p : x->pictures)
      if (p && m.photos_asked.count(p->dish)) m.photos[p->dish] = p;
  }
  else if (auto* x = c.As<cmd::WardBedsRead>()) {
    MealsSession& m = Get(s);
    // An answer for another ward (re-enrolled meanwhile) is not this grid's.
    if (m.beds_loading && x->ward == s.terminal.binding.location) m.beds_loading = false, m.beds = x->beds;
  } else return std::nullopt;
  return Intent::Stay();
}

Intent Feature::OnEvent(AppState& s, const Command& e) const {
  MealsSession& m = Get(s);
  if (e.Is<event::TicketsChanged>()) {
    // What the pull brought (an approval, a rejection, a delivery) shows on the screen being looked at.
    // Not on the menu: a placed order's progress stays as it is there.
    const ScreenId sc = s.session.screen;
    if ((sc == screens::kMeals || sc == screens::kMyMeals) && !m.bed.empty() && !m.loading) {
      m.loading = true;
      s.Ask(job::ReadMealContext{m.bed});
    }
    // The nurse's bed grid shows each bed's order state: it follows the pull too.
    if (sc == screens::kMeals && m.bed.empty() && WardNurse(s)) LoadBeds(s);
  } else if (e.Is<event::StaffSignedOut>() && s.terminal.binding.role != Role::kBedside) {
    // On a ward kiosk the meal screens were the nurse's (a bed she chose): they go with her.
    m = MealsSession{};
    if (OnMealScreen(s)) return Intent::Home();
  }
  return {};
}

void Feature::AddHomeTiles(const AppState& s, std::vector<HomeTile>& tiles) const {
  if (s.terminal.binding.role != Role::kStaff)
    tiles.push_back({"meals", s.Tr("home.tile.meals"), s.Tr("home.tile.meals_hint"), screens::kMeals});
}

bool Feature::Pristine(const AppState& s) const { return !Get(s).ctx; }

std::string Feature::UnsentWork(const AppState& s) const {
  const MealsSession& m = Get(s);
  if (m.basket.empty() || !m.submitted_tag.empty()) return {};
  int portions = 0;
  for (const auto& [id, qty] : m.basket) portions += qty;
  return s.TrF("meal.basket_will_be_lost", {std::to_string(portions)});
}

void Feature::AddChromeAction(const AppState& s, ChromeView& chrome) const {
  if (!(s.session.screen == screens::kMenu)) return;
  const MealsSession& m = Get(s);
  if (!ChosenSlot(s) || !m.submitted_tag.empty() || !Problem(s).empty()) return;
  chrome.action_label = !m.changing.empty() ? s.Tr("meal.change_order")
                        : !m.adding_to.empty() ? s.Tr("meal.add_order")
                                               : s.Tr("meal.place_order");
  chrome.action_id = "menu.place";
  chrome.action = {cmd::PlaceMealOrder{}};
  chrome.action_enabled = !m.basket.empty();
}

}  // namespace onestop::mealui
