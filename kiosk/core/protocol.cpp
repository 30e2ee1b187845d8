// Sync protocol v1 codecs. Every decoder checks types before reading (nlohmann's typed getters
// throw, and operator[] on a const object with a missing key is undefined), so nothing here throws.
// Must not do I/O or know about HTTP.
#include "kiosk/core/protocol.h"

#include <array>
#include <cctype>
#include <limits>
#include <random>

#include "kiosk/core/clock.h"
#include "kiosk/core/record_rules.h"

namespace onestop::protocol {
using nlohmann::json;

namespace {

// The one spelling of each wire name; offline/ and server/ print lists from these (kAllRecordKinds).
constexpr std::array<std::string_view, kAllRecordKinds.size()> kRecordKindNames = {"meal_order",       "order_cancel", "repair_request",
                                                              "cleaning_request", "complaint",    "rating",
                                                              "escort_request"};
constexpr std::array<std::string_view, 3> kPushStatusNames = {"accepted", "duplicate", "rejected"};
constexpr std::array<std::string_view, 2> kChangeOpNames = {"upsert", "delete"};

template <class E, size_t N>
std::optional<E> FindName(const std::array<std::string_view, N>& names, std::string_view name) {
  for (size_t i = 0; i < N; ++i)
    if (names[i] == name) return static_cast<E>(i);
  return std::nullopt;
}

std::string TypeName(const json* v) { return v ? std::string(v->type_name()) : std::string("missing"); }

// Reads typed fields of one JSON object; the first problem wins and names the field path.
class Fields {
 public:
  Fields(const json& j, std::string what) : j_(j), what_(std::move(what)) {
    if (!j_.is_object()) Fail("", "must be a JSON object, got " + std::string(j_.type_name()));
  }
  bool ok() const { return !failed_; }
  Error error() const { return Error{"protocol.bad_message", message_}; }

  const json* Get(const char* key) const {
    if (failed_) return nullptr;
    auto it = j_.find(key);
    return it == j_.end() ? nullptr : &*it;
  }
  std::string Str(const char* key, bool required = true) {
    const json* v = Get(key);
    if (failed_) return {};
    if (v == nullptr || v->is_null()) {
      if (required) Fail(key, "is required (string)");
      return {};
    }
    if (!v->is_string()) {
      Fail(key, "must be a string, got " + TypeName(v));
      return {};
    }
    return v->get_ref<const std::string&>();
  }
  std::string NonEmptyStr(const char* key) {
    std::string s = Str(key);
    if (ok() && s.empty()) Fail(key, "must not be empty");
    return s;
  }
  int64_t Int(const char* key, bool required = true, int64_t fallback = 0) {
    const json* v = Get(key);
    if (failed_) return fallback;
    if (v == nullptr || v->is_null()) {
      if (required) Fail(key, "is required (integer)");
      return fallback;
    }
    if (v->is_number_unsigned()) {
      const auto u = v->get<uint64_t>();
      if (u > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) {
        Fail(key, "is out of range");
        return fallback;
      }
      return static_cast<int64_t>(u);
    }
    if (!v->is_number_integer()) {
      Fail(key, "must be an integer, got " + TypeName(v));
      return fallback;
    }
    return v->get<int64_t>();
  }
  bool Bool(const char* key, bool required = true) {
    const json* v = Get(key);
    if (failed_) return false;
    if (v == nullptr || v->is_null()) {
      if (required) Fail(key, "is required (boolean)");
      return false;
    }
    if (!v->is_boolean()) {
      Fail(key, "must be true or false, got " + TypeName(v));
      return false;
    }
    return v->get<bool>();
  }
  int64_t Time(const char* key, bool required = true) {
    std::string s = Str(key, required);
    if (!ok() || s.empty()) return 0;
    int64_t ms = 0;
    if (!ParseIsoUtcMs(s, &ms)) Fail(key, "must be a UTC ISO 8601 time like 2026-11-22T19:22:56.123Z");
    return ms;
  }
  const json* Array(const char* key) {
    const json* v = Get(key);
    if (failed_) return nullptr;
    if (v == nullptr || !v->is_array()) {
      Fail(key, "must be an array, got " + TypeName(v));
      return nullptr;
    }
    return v;
  }
  template <class E, size_t N>
  E Enum(const char* key, const std::array<std::string_view, N>& names) {
    std::string s = Str(key);
    if (!ok()) return E{};
    auto e = FindName<E>(names, s);
    if (!e) {
      std::string allowed;
      for (auto n : names) allowed += (allowed.empty() ? "" : ", ") + std::string(n);
      Fail(key, "unknown value \"" + TruncateUtf8(s, 40) + "\" (expected one of: " + allowed + ")");
      return E{};
    }
    return *e;
  }
  void Fail(std::string_view key, const std::string& msg) {
    if (failed_) return;
    failed_ = true;
    message_ = what_;
    if (!key.empty()) message_ += "." + std::string(key);
    message_ += " " + msg;
  }

 private:
  const json& j_;
  std::string what_;
  bool failed_ = false;
  std::string message_;
};

std::string Lower(std::string s) {
  for (auto& c : s) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return s;
}

}  // namespace

// ---- enum names ---------------------------------------------------------------------------------
std::string_view RecordKindName(RecordKind k) { return kRecordKindNames.at(static_cast<size_t>(k)); }
std::optional<RecordKind> ParseRecordKind(std::string_view n) { return FindName<RecordKind>(kRecordKindNames, n); }
std::string_view PushStatusName(PushStatus s) { return kPushStatusNames.at(static_cast<size_t>(s)); }
std::optional<PushStatus> ParsePushStatus(std::string_view n) { return FindName<PushStatus>(kPushStatusNames, n); }
std::string_view ChangeOpName(ChangeOp op) { return kChangeOpNames.at(static_cast<size_t>(op)); }
std::optional<ChangeOp> ParseChangeOp(std::string_view n) { return FindName<ChangeOp>(kChangeOpNames, n); }

// ---- text ---------------------------------------------------------------------------------------
Result<json> ParseJsonText(std::string_view text, int max_depth) {
  // Iterative pre-scan: nesting depth outside strings. Cheap, and keeps recursive code
  // (dump, comparisons) away from adversarially deep documents.
  int depth = 0;
  bool in_string = false, escaped = false;
  for (char c : text) {
    if (in_string) {
      if (escaped) escaped = false;
      else if (c == '\\') escaped = true;
      else if (c == '"') in_string = false;
      continue;
    }
    if (c == '"') in_string = true;
    else if (c == '[' || c == '{') {
      if (++depth > max_depth)
        return Error{"protocol.too_deep", "JSON nested deeper than " + std::to_string(max_depth) + " levels"};
    } else if (c == ']' || c == '}') --depth;
  }
  try {
    json j = json::parse(text.begin(), text.end(), nullptr, /*allow_exceptions=*/false);
    if (j.is_discarded()) {
      std::string start(text.substr(0, 20));
      for (auto& c : start)
        if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) >= 0x7f) c = '?';
      return Error{"protocol.not_json", "body is not valid JSON (starts with \"" + start + "\")"};
    }
    return j;
  } catch (const std::exception& e) {
    return Error{"protocol.not_json", std::string("body is not valid JSON: ") + e.what()};
  }
}

// ---- encoders -----------------------------------------------------------------------------------
json ToJson(const Binding& v) {
  json j = json::object();
  j["kind"] = RoleName(v.role);
  j["location"] = v.location.empty() ? json(nullptr) : json(v.location);
  return j;
}
json ToJson(const DeviceInfo& v) { return {{"serial", v.serial}, {"kind", v.kind}, {"app_version", v.app_version}}; }
json ToJson(const EnrollRequest& v) { return {{"code", v.code}, {"device", ToJson(v.device)}}; }
json ToJson(const EnrollResponse& v) {
  return {{"terminal_id", v.terminal_id}, {"token", v.token}, {"binding", ToJson(v.binding)}};
}
json ToJson(const PushRecord& v) {
  return {{"id", v.id},
          {"kind", RecordKindName(v.kind)},
          {"created_at", FormatIsoUtcMs(v.created_at_ms)},
          {"payload", v.payload}};
}
json ToJson(const PushRequest& v) {
  json recs = json::array();
  for (const auto& r : v.records) recs.push_back(ToJson(r));
  return {{"terminal_id", v.terminal_id}, {"records", std::move(recs)}};
}
json ToJson(const PushResult& v) {
  json j = {{"id", v.id}, {"status", PushStatusName(v.status)}};
  if (!v.ref.empty()) j["ref"] = v.ref;
  if (!v.reason.empty()) j["reason"] = v.reason;
  return j;
}
json ToJson(const PushResponse& v) {
  json res = json::array();
  for (const auto& r : v.results) res.push_back(ToJson(r));
  return {{"results", std::move(res)}, {"server_time", FormatIsoUtcMs(v.server_time_ms)}};
}
json ToJson(const Change& v) {
  return {{"seq", v.seq}, {"entity", v.entity}, {"op", ChangeOpName(v.op)}, {"id", v.id}, {"data", v.data}};
}
json ToJson(const PullResponse& v) {
  json ch = json::array();
  for (const auto& c : v.changes) ch.push_back(ToJson(c));
  return {{"changes", std::move(ch)}, {"next_cursor", v.next_cursor}, {"more", v.more}};
}
json ToJson(const Problem& v) {
  json j = {{"type", v.type}, {"title", v.title}, {"status", v.status}};
  if (!v.detail.empty()) j["detail"] = v.detail;
  return j;
}

// ---- decoders -----------------------------------------------------------------------------------
Result<Binding> BindingFromJson(const json& j) {
  Fields f(j, "binding");
  Binding b;
  b.role = f.Enum<Role>("kind", kRoleNames);
  b.location = f.Str("location", /*required=*/false);
  if (!f.ok()) return f.error();
  return b;
}

Result<EnrollRequest> EnrollRequestFromJson(const json& j) {
  Fields f(j, "enroll");
  EnrollRequest r;
  r.code = f.NonEmptyStr("code");
  if (const json* d = f.Get("device"); f.ok() && d != nullptr && !d->is_null()) {
    Fields df(*d, "enroll.device");
    r.device.serial = df.Str("serial", false);
    r.device.kind = df.Str("kind", false);
    r.device.app_version = df.Str("app_version", false);
    if (!df.ok()) return df.error();
  }
  if (!f.ok()) return f.error();
  return r;
}

Result<EnrollResponse> EnrollResponseFromJson(const json& j) {
  Fields f(j, "enroll_response");
  EnrollResponse r;
  r.terminal_id = f.NonEmptyStr("terminal_id");
  r.token = f.NonEmptyStr("token");
  const json* b = f.Get("binding");
  if (f.ok() && b == nullptr) f.Fail("binding", "is required");
  if (!f.ok()) return f.error();
  auto binding = BindingFromJson(*b);
  if (!binding) return binding.error();
  r.binding = std::move(binding.value());
  return r;
}

Result<PushRecord> PushRecordFromJson(const json& j) {
  Fields f(j, "record");
  PushRecord r;
  r.id = Lower(f.NonEmptyStr("id"));
  if (f.ok() && !IsUuid(r.id)) f.Fail("id", "must be a UUID like 123e4567-e89b-42d3-a456-426614174000");
  r.kind = f.Enum<RecordKind>("kind", kRecordKindNames);
  const json* created = f.Get("created_at");
  const json* p = f.Get("payload");
  if (f.ok() && (p == nullptr || !p->is_object())) f.Fail("payload", "must be a JSON object, got " + TypeName(p));
  // The hub answers these messages as the record's reason: coded like every other refusal
  // (kiosk/core/record_rules.h), so the terminal can show what is wrong with its build or clock.
  if (!f.ok()) {
    Error e = f.error();
    return Error{std::string(records::reason::kBadRecord), std::string(records::reason::kBadRecord) + ": " + e.message};
  }
  // Strict: an empty or sloppy time would otherwise be stored as 1970 or as some other day.
  if (created == nullptr || !created->is_string() ||
      !ParseRfc3339UtcMs(created->get_ref<const std::string&>(), &r.created_at_ms)) {
    const std::string got = created == nullptr ? "missing"
                            : created->is_string() ? "\"" + TruncateUtf8(created->get_ref<const std::string&>(), 40) + "\""
                                                   : TypeName(created);
    return Error{std::string(records::reason::kBadTime),
                 std::string(records::reason::kBadTime) +
                     ": record.created_at must be a UTC time like 2026-11-22T19:22:56.123Z, got " + got};
  }
  r.payload = *p;
  return r;
}

Result<PushRequest> PushRequestFromJson(const json& j) {
  Fields f(j, "push");
  PushRequest r;
  r.terminal_id = f.Str("terminal_id", false);
  const json* recs = f.Array("records");
  if (!f.ok()) return f.error();
  r.records.reserve(recs->size());
  for (size_t i = 0; i < recs->size(); ++i) {
    auto rec = PushRecordFromJson((*recs)[i]);
    if (!rec) return Error{rec.error().code, "records[" + std::to_string(i) + "]: " + rec.error().message};
    r.records.push_back(std::move(rec.value()));
  }
  return r;
}

Result<PushResult> PushResultFromJson(const json& j) {
  Fields f(j, "result");
  PushResult r;
  r.id = f.Str("id");  // empty when the pushed record had no readable id (see PushResult)
  r.status = f.Enum<PushStatus>("status", kPushStatusNames);
  r.ref = f.Str("ref", false);
  r.reason = f.Str("reason", false);
  if (!f.ok()) return f.error();
  return r;
}

Result<PushResponse> PushResponseFromJson(const json& j) {
  Fields f(j, "push_response");
  PushResponse r;
  const json* res = f.Array("results");
  r.server_time_ms = f.Time("server_time");
  if (!f.ok()) return f.error();
  for (size_t i = 0; i < res->size(); ++i) {
    auto one = PushResultFromJson((*res)[i]);
    if (!one) return Error{one.error().code, "results[" + std::to_string(i) + "]: " + one.error().message};
    r.results.push_back(std::move(one.value()));
  }
  return r;
}

Result<Change> ChangeFromJson(const json& j) {
  Fields f(j, "change");
  Change c;
  c.seq = f.Int("seq");
  if (f.ok() && c.seq <= 0) f.Fail("seq", "must be positive");
  c.entity = f.NonEmptyStr("entity");
  c.op = f.Enum<ChangeOp>("op", kChangeOpNames);
  c.id = f.NonEmptyStr("id");
  const json* d = f.Get("data");
  if (!f.ok()) return f.error();
  c.data = d ? *d : json(nullptr);
  if (c.op == ChangeOp::kUpsert && !c.data.is_object())
    return Error{"protocol.bad_message", "change.data must be an object for an upsert, got " + TypeName(d)};
  return c;
}

Result<PullResponse> PullResponseFromJson(const json& j) {
  Fields f(j, "pull_response");
  PullResponse r;
  const json* ch = f.Array("changes");
  r.next_cursor = f.Int("next_cursor");
  r.more = f.Bool("more");
  if (f.ok() && r.next_cursor < 0) f.Fail("next_cursor", "must not be negative");
  if (!f.ok()) return f.error();
  int64_t last = 0;
  for (size_t i = 0; i < ch->size(); ++i) {
    auto one = ChangeFromJson((*ch)[i]);
    if (!one) return Error{one.error().code, "changes[" + std::to_string(i) + "]: " + one.error().message};
    // The kiosk relies on order to apply a page; a hub that breaks it must be noticed.
    if (one->seq <= last) return Error{"protocol.bad_message", "changes are not in increasing seq order"};
    last = one->seq;
    r.changes.push_back(std::move(one.value()));
  }
  return r;
}

Result<Problem> ProblemFromJson(const json& j) {
  Fields f(j, "problem");
  Problem p;
  p.type = f.Str("type", false);
  if (p.type.empty()) p.type = "about:blank";
  p.title = f.Str("title", false);
  p.status = static_cast<int>(f.Int("status", false));
  p.detail = f.Str("detail", false);
  if (!f.ok()) return f.error();
  return p;
}

namespace {
template <class T>
Result<T> Decode(std::string_view body, Result<T> (*from)(const json&)) {
  auto j = ParseJsonText(body);
  if (!j) return j.error();
  return from(j.value());
}
}  // namespace

Result<EnrollRequest> DecodeEnrollRequest(std::string_view b) { return Decode(b, &EnrollRequestFromJson); }
Result<EnrollResponse> DecodeEnrollResponse(std::string_view b) { return Decode(b, &EnrollResponseFromJson); }
Result<PushRequest> DecodePushRequest(std::string_view b) { return Decode(b, &PushRequestFromJson); }
Result<PushResponse> DecodePushResponse(std::string_view b) { return Decode(b, &PushResponseFromJson); }
Result<PullResponse> DecodePullResponse(std::string_view b) { return Decode(b, &PullResponseFromJson); }
Result<Problem> DecodeProblem(std::string_view b) { return Decode(b, &ProblemFromJson); }

// ---- helpers ------------------------------------------------------------------------------------
std::string NewUuidV4() {
  thread_local std::mt19937_64 rng = [] {
    std::random_device rd;
    std::seed_seq seq{rd(), rd(), rd(), rd(), rd(), rd(), rd(), rd()};
    return std::mt19937_64(seq);
  }();
  uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;  // version 4
  lo = (lo & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;  // variant 10xx
  static constexpr char kHex[] = "0123456789abcdef";
  std::string s(36, '-');
  int pos = 0;
  auto put = [&](uint64_t v, int nibbles) {
    for (int i = nibbles - 1; i >= 0; --i) {
      if (pos == 8 || pos == 13 || pos == 18 || pos == 23) ++pos;
      s[static_cast<size_t>(pos++)] = kHex[(v >> (i * 4)) & 0xf];
    }
  };
  put(hi, 16);
  put(lo, 16);
  return s;
}

bool IsUuid(std::string_view s) {
  if (s.size() != 36) return false;
  for (size_t i = 0; i < 36; ++i) {
    if (i == 8 || i == 13 || i == 18 || i == 23) {
      if (s[i] != '-') return false;
    } else if (!std::isxdigit(static_cast<unsigned char>(s[i]))) {
      return false;
    }
  }
  return true;
}

std::string TruncateUtf8(std::string_view s, size_t max_bytes) {
  if (s.size() <= max_bytes) return std::string(s);
  size_t n = max_bytes;
  // Step back over continuation bytes (10xxxxxx) so the cut lands before a lead byte.
  while (n > 0 && (static_cast<unsigned char>(s[n]) & 0xC0) == 0x80) --n;
  return std::string(s.substr(0, n));
}

bool LocationWithin(std::string_view inner, std::string_view outer) {
  if (outer.empty()) return true;
  if (inner.size() < outer.size() || inner.substr(0, outer.size()) != outer) return false;
  return inner.size() == outer.size() || inner[outer.size()] == '-';
}

std::string NormalizeEnrollCode(std::string_view code) {
  std::string out;
  out.reserve(code.size());
  for (char c : code) {
    if (c == '-' || c == ' ') continue;
    out += (c >= 'a' && c <= 'z') ? static_cast<char>(c - 'a' + 'A') : c;
  }
  return out;
}

bool ParseRfc3339UtcMs(std::string_view s, int64_t* utc_ms) {
  // Fixed positions first: sscanf would accept signs, spaces and short fields.
  static constexpr std::string_view kShape = "dddd-dd-ddTdd:dd:dd";
  if (s.size() < kShape.size() + 1 || s.back() != 'Z') return false;
  for (size_t i = 0; i < kShape.size(); ++i) {
    const bool digit = s[i] >= '0' && s[i] <= '9';
    if (kShape[i] == 'd' ? !digit : s[i] != kShape[i]) return false;
  }
  size_t i = kShape.size();
  if (s[i] == '.') {
    const size_t start = ++i;
    while (i < s.size() && s[i] >= '0' && s[i] <= '9') ++i;
    if (i == start || i - start > 9) return false;
  }
  if (i != s.size() - 1) return false;
  auto num = [&](size_t at, size_t n) {
    int v = 0;
    for (size_t k = 0; k < n; ++k) v = v * 10 + (s[at + k] - '0');
    return v;
  };
  const int y = num(0, 4), mo = num(5, 2), d = num(8, 2), h = num(11, 2), mi = num(14, 2), sec = num(17, 2);
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  const bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;
  if (mo < 1 || mo > 12 || d < 1 || d > kDays[mo - 1] + (mo == 2 && leap ? 1 : 0) || h > 23 || mi > 59 || sec > 59)
    return false;
  return ParseIsoUtcMs(std::string(s), utc_ms);  // the same arithmetic as every other wire time
}

std::string PullPath(int64_t cursor, int limit, int wait_s) {
  std::string p = "/v1/sync/pull?cursor=" + std::to_string(cursor) + "&limit=" + std::to_string(limit);
  if (wait_s > 0) p += "&wait=" + std::to_string(wait_s);
  return p;
}

}  // namespace onestop::protocol
