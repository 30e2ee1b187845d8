// Snapshot reading: binding from the sync state, "ward · bed" names from the location master data,
// notices from the notice entities the hub scoped to this terminal.
#include "kiosk/app/terminal_snapshot.h"

#include <nlohmann/json.hpp>
#include <spdlog/spdlog.h>

#include <set>

#include "kiosk/core/text_edit.h"

namespace onestop::app {
namespace {
using json = nlohmann::json;

json Entity(offline::Store& store, const std::string& kind, const std::string& id) {
  if (id.empty()) return nullptr;
  auto r = store.GetEntity(kind, id);
  if (!r || !r.value()) return nullptr;
  return json::parse(*r.value(), nullptr, false);
}

void CollectStrings(const json& j, std::set<char32_t>* out) {
  if (j.is_string()) {
    for (char32_t cp : Utf8Decode(j.get_ref<const std::string&>()))
      if (cp >= 0x80) out->insert(cp);
  } else if (j.is_structured()) {
    for (const auto& v : j) CollectStrings(v, out);
  }
}

void AppendUtf8(char32_t cp, std::string* s) {
  if (cp < 0x800) {
    *s += static_cast<char>(0xC0 | (cp >> 6));
  } else if (cp < 0x10000) {
    *s += static_cast<char>(0xE0 | (cp >> 12));
    *s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  } else {
    *s += static_cast<char>(0xF0 | (cp >> 18));
    *s += static_cast<char>(0x80 | ((cp >> 12) & 0x3F));
    *s += static_cast<char>(0x80 | ((cp >> 6) & 0x3F));
  }
  *s += static_cast<char>(0x80 | (cp & 0x3F));
}

LocalText NameOf(const json& loc) {
  return loc.is_object() && loc.contains("name") ? LocalText::FromJson(loc["name"]) : LocalText{};
}
}  // namespace

std::string CollectGlyphText(offline::Store& store) {
  // Every kind that carries words people read. Assets carry codes only (their names come from their
  // asset_class, with its faults and phrases); dish photos are pictures.
  static constexpr const char* kKinds[] = {"location", "part", "menu", "menu_item", "diet_order",
                                           "staff", "ticket", "notice", "config", "asset_class"};
  std::set<char32_t> cps;
  for (const char* kind : kKinds) {
    auto rows = store.ListEntities(kind, 1 << 30);
    if (!rows) continue;
    for (const auto& text : rows.value()) CollectStrings(json::parse(text, nullptr, false), &cps);
  }
  std::string out;
  for (char32_t cp : cps) AppendUtf8(cp, &out);
  return out;
}

TerminalSnapshot ReadTerminalSnapshot(offline::Store& store) {
  TerminalSnapshot s;
  auto st = store.LoadSyncState();
  if (!st) return s;
  s.enrolled = !st->token.empty();
  s.binding.terminal_id = st->terminal_id;
  if (st->binding) static_cast<Binding&>(s.binding) = *st->binding;
  const json loc = Entity(store, "location", s.binding.location);
  if (loc.is_object()) {
    const LocalText own = NameOf(loc);
    // A bed is shown with its ward ("Cardiology Ward 1 · Bed 7"); a ward by its own name.
    const json ward = loc.value("kind", "") == "bed" ? Entity(store, "location", loc.value("ward", "")) : json();
    const LocalText ward_name = NameOf(ward);
    for (Lang l : kAllLangs) {
      const size_t i = static_cast<size_t>(l);
      s.binding.location_name.text[i] =
          ward_name.empty() ? own.Get(l) : ward_name.Get(l) + " \xC2\xB7 " + own.Get(l);  // U+00B7 middle dot
    }
  }
  auto notices = store.ListEntities("notice", 20);
  if (notices) {
    for (const auto& text : notices.value()) {
      const json n = json::parse(text, nullptr, false);
      if (!n.is_object()) continue;
      Notice out;
      out.id = n.value("id", "");
      out.text = LocalText::FromJson(n.contains("text") ? n["text"] : json());
      int64_t t = 0;
      if (n.contains("starts_at") && n["starts_at"].is_string() && ParseIsoUtcMs(n["starts_at"], &t)) out.starts_utc_ms = t;
      if (n.contains("ends_at") && n["ends_at"].is_string() && ParseIsoUtcMs(n["ends_at"], &t)) out.ends_utc_ms = t;
      if (!out.text.empty()) s.notices.push_back(std::move(out));
    }
  }
  s.glyph_text = CollectGlyphText(store);
  return s;
}

void SnapshotReader::Refresh() {
  if (queued_.exchange(true)) return;  // a read is already waiting: it will see the newest data
  executor_.Post(lane_, [this] {
    queued_ = false;
    auto store = store_->Get();
    if (!store) {
      spdlog::warn("cannot read the local store: {}", store.error().message);
      return;
    }
    queue_.Post([this, snap = ReadTerminalSnapshot(*store.value())]() mutable { deliver_(std::move(snap)); });
  });
}

}  // namespace onestop::app
