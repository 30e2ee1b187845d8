// Read aloud (see feature.h). Everything said goes through Say(): the session's language picks the
// voice (speech::VoiceFor), the terminal's configured rate applies, and codes are said in words.
#include "kiosk/core/features/read_aloud/feature.h"

#include <cctype>
#include <sstream>

#include "kiosk/core/features/read_aloud/commands.h"
#include "kiosk/core/shell/events.h"
#include "kiosk/core/shell/shell.h"
#include "kiosk/core/shell/views.h"
#include "kiosk/core/speech/spoken_code.h"
#include "kiosk/core/text_edit.h"

namespace onestop::readaloud {

const Feature kFeature;

const State& Get(const AppState& s) { return s.session.slices.Get<State>(); }

namespace {
State& Mut(AppState& s) { return s.session.slices.Get<State>(); }

void AppendUtf8(std::string* out, char32_t cp) {
  if (cp < 0x80) {
    out->push_back(static_cast<char>(cp));
  } else if (cp < 0x800) {
    out->push_back(static_cast<char>(0xC0 | (cp >> 6)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else if (cp < 0x10000) {
    out->push_back(static_cast<char>(0xE0 | (cp >> 12)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  } else {
    out->push_back(static_cast<char>(0xF0 | (cp >> 18)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 12) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | ((cp >> 6) & 0x3F)));
    out->push_back(static_cast<char>(0x80 | (cp & 0x3F)));
  }
}

void Say(AppState& s, std::string text) {
  if (text.empty()) return;
  speech::Utterance u{s.session.lang, std::move(text), s.terminal.speech_rate_wpm};
  if (!speech::ValidateUtterance(u)) return;  // nothing sayable (the view already shows it)
  s.Ask(job::Say{std::move(u)});
}

// A word such as B2-3F-W12-BED07 (capitals, digits, '-', at least one '-') is a code: said in words.
bool LooksLikeCode(const std::string& w) {
  if (w.find('-') == std::string::npos || w.size() > speech::kMaxLocationCodeLength) return false;
  for (char c : w)
    if (!(std::isupper(static_cast<unsigned char>(c)) || std::isdigit(static_cast<unsigned char>(c)) || c == '-')) return false;
  return true;
}

// Icons (private-use code points from the icon font) have no words: they are dropped.
std::string WithoutIcons(const std::string& text) {
  std::string out;
  for (char32_t cp : Utf8Decode(text)) {
    if (cp >= 0xE000 && cp <= 0xF8FF) continue;
    AppendUtf8(&out, cp);
  }
  return out;
}

std::string Spoken(const AppState& s, const std::string& raw) {
  const std::string text = WithoutIcons(raw);
  std::istringstream in(text);
  std::string word, out;
  bool changed = false;
  while (in >> word) {
    if (LooksLikeCode(word))
      if (auto sp = speech::SpokenLocation(*s.i18n, s.session.lang, word); sp) {
        word = sp.value();
        changed = true;
      }
    if (!out.empty()) out += ' ';
    out += word;
  }
  return changed ? out : text;
}

// Text that already ends a sentence gets a space, not a second full stop.
bool EndsSentence(const std::string& text) {
  const auto cps = Utf8Decode(text);
  if (cps.empty()) return false;
  switch (cps.back()) {
    case '.': case '?': case '!': case ':': case 0x3002: case 0xFF1F: case 0xFF01: case 0xFF1A: case 0x2026: return true;
    default: return false;
  }
}

// Announcements of actions the person started: a meal order saved gets its own words.
void AnnounceActions(AppState& s) {
  State& st = Mut(s);
  for (const auto& [tag, p] : s.effects.actions) {
    auto it = st.heard.find(tag);
    if (it != st.heard.end() && it->second == p.state) continue;
    const bool first = it == st.heard.end();
    st.heard[tag] = p.state;
    if (first && p.state == ActionState::kSaving) continue;  // tapped just now: the result is said
    if (p.state == ActionState::kSaving) continue;
    if (p.state == ActionState::kSaved && tag.rfind("meal:", 0) == 0) {
      Say(s, s.Tr("speech.order_saved"));
      continue;
    }
    const ActionText t = DescribeAction(s, tag);
    Say(s, t.detail.empty() ? t.title : t.title + s.Tr("speech.pause") + t.detail);
  }
}
}  // namespace

ToggleView BuildToggle(const AppState& s) { return {s.Tr("speech.read_aloud"), Get(s).on}; }

bool WantsScreen(const AppState& s) {
  const State& st = Get(s);
  return st.on && (st.spoken_screen != s.session.screen.name || s.clock->MonotonicMs() - st.spoken_mono_ms < kRereadWindowMs);
}

bool TapActs(const AppState& s, uint64_t element) { return !Get(s).on || Get(s).armed == element; }

std::string ScreenUtterance(const AppState& s, const std::vector<std::string>& texts) {
  const std::string pause = s.Tr("speech.pause");
  std::vector<std::string> parts;
  for (const auto& t : texts)
    if (!t.empty() && (parts.empty() || parts.back() != t)) parts.push_back(Spoken(s, t));
  const ChromeView chrome = BuildChrome(s);
  const std::string action = chrome.action.empty() ? std::string() : s.TrF("speech.action", {chrome.action_label});
  std::string out;
  const size_t room = speech::kMaxUtteranceBytes - action.size() - pause.size();
  for (const auto& p : parts) {
    if (out.size() + p.size() + pause.size() > room) break;  // the rest is on screen; the action is said
    out += p + (EndsSentence(p) ? std::string(" ") : pause);
  }
  return out + action;
}

std::optional<Intent> Feature::Apply(AppState& s, const Command& c) const {
  State& st = Mut(s);
  if (c.Is<cmd::Toggle>()) {
    st.on = !st.on;
    st.armed = 0;
    st.spoken_screen.clear();  // switched on: the screen is read next
    st.heard.clear();
    for (const auto& [tag, p] : s.effects.actions) st.heard[tag] = p.state;  // only news is announced
    if (st.on) Say(s, s.Tr("speech.read_aloud_on"));
    return Intent::Stay();
  }
  if (auto* sh = c.As<cmd::ScreenShown>()) {
    if (!st.on || sh->screen != s.session.screen.name) return Intent::Stay();
    const int64_t now = s.clock->MonotonicMs();
    if (st.spoken_screen == sh->screen) {
      // The same screen: read again only when its words changed right after it opened (loading → data)
      // and the person has not started on it (a tap read an element): then it is their doing.
      if (now - st.spoken_mono_ms >= kRereadWindowMs || sh->texts == st.spoken_texts || st.armed != 0) {
        st.spoken_texts = sh->texts;
        return Intent::Stay();
      }
    } else {
      st.spoken_mono_ms = now;
    }
    st.spoken_screen = sh->screen;
    st.spoken_texts = sh->texts;
    st.armed = 0;
    Say(s, ScreenUtterance(s, sh->texts));
    return Intent::Stay();
  }
  if (auto* r = c.As<cmd::ReadElement>()) {
    if (!st.on) return Intent::Stay();
    st.armed = r->element;
    Say(s, Spoken(s, r->text));
    return Intent::Stay();
  }
  return std::nullopt;
}

Intent Feature::Tick(AppState& s) const {
  if (!Get(s).on) return {};
  State& st = Mut(s);
  const IdleStatus idle = EvaluateIdle(s.terminal.idle, s.last_input_mono_ms, s.clock->MonotonicMs());
  if (idle.warning && !st.idle_warned) Say(s, s.TrF("idle.countdown", {std::to_string(idle.seconds_left)}));
  st.idle_warned = idle.warning;
  AnnounceActions(s);
  return {};
}

}  // namespace onestop::readaloud
