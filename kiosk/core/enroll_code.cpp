// Enrollment code forms (see enroll_code.h). Only ASCII letters, digits, '-' and ' ' ever make up a
// code, so what comes out can go into a JSON request or a message without escaping surprises.
#include "kiosk/core/enroll_code.h"

#include <algorithm>

namespace onestop::enroll {
namespace {

bool CodeChar(char c) {
  return (c >= '0' && c <= '9') || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '-';
}

// At least one letter or digit, at most kMaxCodeBytes, only code characters (and spaces when typed).
bool CodeOk(std::string_view code, bool spaces) {
  if (code.empty() || code.size() > kMaxCodeBytes) return false;
  bool alnum = false;
  for (char c : code) {
    if (c == ' ' && spaces) continue;
    if (!CodeChar(c)) return false;
    alnum |= c != '-';
  }
  return alnum;
}

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t' || s.front() == '\r' || s.front() == '\n')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t' || s.back() == '\r' || s.back() == '\n')) s.remove_suffix(1);
  return s;
}

bool StartsWithNoCase(std::string_view s, std::string_view prefix) {
  if (s.size() < prefix.size()) return false;
  for (std::size_t i = 0; i < prefix.size(); ++i) {
    char c = s[i];
    if (c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
    if (c != prefix[i]) return false;
  }
  return true;
}

}  // namespace

// The URL's hub address: everything before the final "/e/<code>" (scheme, host, port, proxy prefix),
// or "" when `text` is not an enrollment URL.
static std::string HubOfEnrollUrl(std::string_view text) {
  text = Trim(text);
  if (!ParseEnrollUrl(text)) return {};
  if (text.back() == '/') text.remove_suffix(1);
  return std::string(text.substr(0, text.rfind("/e/")));
}

Result<std::string> ParseEnrollUrl(std::string_view text) {
  text = Trim(text);
  std::size_t scheme = 0;
  if (StartsWithNoCase(text, "https://")) scheme = 8;
  else if (StartsWithNoCase(text, "http://")) scheme = 7;
  if (!scheme || text.size() > kMaxInputBytes) return Error{"enroll.not_url", "not an enrollment web address"};
  std::string_view rest = text.substr(scheme);
  const std::size_t slash = rest.find('/');
  const std::string_view host = rest.substr(0, slash);
  // Host: name, IPv4, [IPv6] and a port; no user info ("@" could disguise where the code came from).
  if (host.empty() || !std::all_of(host.begin(), host.end(), [](char c) {
        return CodeChar(c) || c == '.' || c == ':' || c == '[' || c == ']';
      }))
    return Error{"enroll.not_url", "not an enrollment web address"};
  if (slash == std::string_view::npos) return Error{"enroll.not_url", "not an enrollment web address"};
  std::string_view path = rest.substr(slash);
  if (path.find_first_of("?#") != std::string_view::npos) return Error{"enroll.not_url", "not an enrollment web address"};
  if (path.size() > 1 && path.back() == '/') path.remove_suffix(1);
  const std::size_t at = path.rfind("/e/");
  // "/e/" must be the last-but-one segment: …/e/<code> (a prefix path is a hub behind a proxy).
  if (at == std::string_view::npos || path.find('/', at + 3) != std::string_view::npos)
    return Error{"enroll.not_url", "not an enrollment web address"};
  const std::string_view code = path.substr(at + 3);
  if (!CodeOk(code, false))
    return Error{"enroll.bad_code", "the enrollment web address does not end in a valid code"};
  return std::string(code);
}

Result<std::string> ParseEnrollInput(std::string_view text) {
  text = Trim(text);
  if (text.size() > kMaxInputBytes) return Error{"enroll.bad_code", "an enrollment code is at most 64 characters"};
  auto url = ParseEnrollUrl(text);
  if (url) return url;
  if (url.error().code == "enroll.bad_code") return url;
  if (!CodeOk(text, true))
    return Error{"enroll.bad_code",
                 "an enrollment code is letters, digits and dashes (e.g. ABCDE-FGHJK) or the web address of its QR code"};
  return std::string(text);
}

Result<EnrollTarget> ResolveEnrollTarget(std::string_view input, std::string_view known_hub) {
  auto code = ParseEnrollInput(input);
  if (!code) return code.error();
  EnrollTarget t{code.value(), std::string(known_hub)};
  if (t.hub_url.empty()) t.hub_url = HubOfEnrollUrl(input);
  if (t.hub_url.empty())
    return Error{"enroll.no_hub", "this terminal knows no hub yet: scan the QR code from the console (it carries the hub's address)"};
  return t;
}

}  // namespace onestop::enroll
