// Meal ordering benchmarks (issue 6, Google Benchmark): the rules the menu screen runs every time it
// builds its view — FilterMenu and OrderableSlots on a 60-dish menu — and the latency from a confirmed
// basket (validate + payload) to the committed outbox row through the real offline Store on a file
// (WAL + synchronous=FULL), reported as p50/p99 counters. Not part of ctest; numbers go to
// docs/benchmarks.md ("Meals"). Run: build/<dir>/bench/meals_bench [--benchmark_filter=...]
#include <benchmark/benchmark.h>

#include <algorithm>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <sstream>

#include "kiosk/core/clock.h"
#include "kiosk/core/meals.h"
#include "kiosk/core/protocol.h"
#include "offline/store.h"

using namespace onestop;
using namespace onestop::meals;
using json = nlohmann::json;

namespace {

// The demo dishes, repeated under new ids up to 60 (a large real menu for one slot).
std::vector<Dish> SixtyDishes() {
  std::ifstream in(ONESTOP_ASSETS_DIR "/demo/dishes.json");
  std::stringstream ss;
  ss << in.rdbuf();
  const json j = json::parse(ss.str());
  std::vector<Dish> base;
  for (const auto& d : j.at("dishes")) base.push_back(DishFromJson(d).value());
  std::vector<Dish> out;
  for (int i = 0; out.size() < 60; ++i) {
    Dish d = base[static_cast<size_t>(i) % base.size()];
    d.id = "X" + std::to_string(i);
    d.slots = {Slot::kBreakfast, Slot::kLunch, Slot::kDinner, Slot::kLate};
    out.push_back(d);
  }
  return out;
}

MealConfig DemoConfig() {
  return ParseMealConfig({{"time_zone", "Asia/Shanghai"},
                          {"meal_cutoffs", {{"breakfast", "18:00"}, {"lunch", "09:30"}, {"dinner", "15:00"}}},
                          {"meal_cutoff_day_before", {{"breakfast", true}}},
                          {"late_slot", {{"from", "20:00"}, {"to", "06:00"}}}})
      .value();
}

void BM_FilterMenu60(benchmark::State& state) {
  const auto dishes = SixtyDishes();
  const DietOrder diet{"B", "diabetic", {"egg", "soy"}, "dr"};
  for (auto _ : state) {
    MenuView v = FilterMenu(dishes, &diet, Slot::kLunch);
    benchmark::DoNotOptimize(v);
  }
  state.SetItemsProcessed(state.iterations() * 60);
}
BENCHMARK(BM_FilterMenu60);

void BM_OrderableSlots(benchmark::State& state) {
  const MealConfig cfg = DemoConfig();
  const TimeZone tz = ZoneOf(cfg);
  int64_t now = tz.ToUtcMs(2026, 11, 23, 21, 0);
  for (auto _ : state) {
    auto s = OrderableSlots(cfg, tz, now);
    benchmark::DoNotOptimize(s);
    now += 61000;  // a countdown refresh a minute later: no caching of the same instant
  }
}
BENCHMARK(BM_OrderableSlots);

// Menu view for one slot as the screen builds it: slots + filter + basket problems of a 4-dish basket.
void BM_MenuScreenModel60(benchmark::State& state) {
  const auto dishes = SixtyDishes();
  std::map<std::string, Dish> catalog;
  for (const auto& d : dishes) catalog.emplace(d.id, d);
  const MealConfig cfg = DemoConfig();
  const TimeZone tz = ZoneOf(cfg);
  const DietOrder diet{"B", "regular", {"egg"}, "dr"};
  const int64_t now = tz.ToUtcMs(2026, 11, 23, 8, 0);
  MealOrder o{"B", Slot::kLunch, "2026-11-23", {{"X1", 1}, {"X3", 2}, {"X5", 1}, {"X7", 1}}, false, "regular", {"egg"}, ""};
  for (auto _ : state) {
    auto slots = OrderableSlots(cfg, tz, now);
    MenuView v = FilterMenu(dishes, &diet, slots.front().slot);
    auto p = BasketProblems(o, OrderContext{&cfg, &tz, &catalog, nullptr, &diet, now});
    benchmark::DoNotOptimize(v);
    benchmark::DoNotOptimize(p);
  }
}
BENCHMARK(BM_MenuScreenModel60);

// Confirm tap → committed outbox row: validate, build the payload, Store::Enqueue (durable commit).
void BM_PlaceOrderToOutbox(benchmark::State& state) {
  const auto dir = std::filesystem::temp_directory_path() / ("onestop-meals-bench-" + protocol::NewUuidV4());
  std::filesystem::create_directories(dir);
  SystemClock clock;
  auto store = std::move(offline::Store::Open((dir / "kiosk.db").string(), clock)).value();
  const auto dishes = SixtyDishes();
  std::map<std::string, Dish> catalog;
  for (const auto& d : dishes) catalog.emplace(d.id, d);
  const MealConfig cfg = DemoConfig();
  const TimeZone tz = ZoneOf(cfg);
  const DietOrder diet{"B1-1F-W01-BED01", "regular", {}, "dr"};
  const int64_t now = tz.ToUtcMs(2026, 11, 23, 8, 0);
  const MealOrder o{"B1-1F-W01-BED01", Slot::kLunch, "2026-11-23", {{"X0", 2}, {"X2", 1}}, false, "regular", {}, ""};
  std::vector<double> ms;
  for (auto _ : state) {
    const auto t0 = std::chrono::steady_clock::now();
    auto check = ValidateMealOrder(o, OrderContext{&cfg, &tz, &catalog, nullptr, &diet, now});
    if (!check) state.SkipWithError(check.error().message.c_str());
    auto id = store->Enqueue("meal_order", MealOrderPayload(o).dump());
    if (!id) state.SkipWithError(id.error().message.c_str());
    ms.push_back(std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count());
  }
  std::sort(ms.begin(), ms.end());
  auto at = [&](double q) { return ms.empty() ? 0.0 : ms[std::min(ms.size() - 1, static_cast<size_t>(q * static_cast<double>(ms.size())))]; };
  state.counters["p50_ms"] = at(0.50);
  state.counters["p99_ms"] = at(0.99);
  state.counters["max_ms"] = ms.empty() ? 0.0 : ms.back();
  store.reset();
  std::error_code ec;
  std::filesystem::remove_all(dir, ec);
}
BENCHMARK(BM_PlaceOrderToOutbox)->Iterations(500)->Unit(benchmark::kMillisecond);

}  // namespace

BENCHMARK_MAIN();
