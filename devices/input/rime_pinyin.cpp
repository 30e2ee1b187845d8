// librime wiring: custom patches (schema list, page size, no user dictionary), one deployment,
// sessions with the simplification switch. librime logs through glog: kept at ERROR, to stderr.
#include "devices/input/rime_pinyin.h"

#include <rime_api.h>

#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <mutex>

namespace onestop::input {
namespace {

namespace fs = std::filesystem;

constexpr int kBackSpace = 0xff08, kPageUp = 0xff55, kPageDown = 0xff56;  // X11 keysyms librime uses
constexpr const char* kSchema = "luna_pinyin";

std::mutex g_mu;
std::unique_ptr<RimeRuntime> g_runtime;
// librime keeps the const char* of its traits: they must outlive the process' use of it.
std::string g_shared, g_user, g_log;

RimeApi* Api() { return rime_get_api(); }

// Writes only when the content differs: librime redeploys when a patch file's mtime is newer than
// its build, so rewriting an unchanged file on every start would cost a full deployment each time.
Status WriteFile(const fs::path& path, const std::string& text) {
  {
    std::ifstream in(path, std::ios::binary);
    if (in && std::string(std::istreambuf_iterator<char>(in), {}) == text) return Ok{};
  }
  std::ofstream out(path, std::ios::trunc);
  out << text;
  out.close();
  if (!out) return Status::Fail("input.rime_setup", "cannot write " + path.string());
  return Ok{};
}

// Patches librime applies at deployment. enable_user_dict=false stops phrase learning: a shared
// terminal must not suggest the previous patient's words. The schema list is cut to luna_pinyin so
// deployment builds nothing else.
Status WritePatches(const RimeOptions& o) {
  if (auto s = WriteFile(fs::path(o.user_dir) / "default.custom.yaml",
                         "# Written by onestop-kiosk: only luna_pinyin, fixed page size.\n"
                         "patch:\n  schema_list:\n    - schema: luna_pinyin\n  menu/page_size: " +
                             std::to_string(o.page_size) + "\n");
      !s)
    return s;
  return WriteFile(fs::path(o.user_dir) / "luna_pinyin.custom.yaml",
                   "# Written by onestop-kiosk: shared terminal, so no learning of user phrases.\n"
                   "patch:\n  translator/enable_user_dict: false\n  translator/enable_encoder: false\n"
                   "  translator/encode_commit_history: false\n  menu/page_size: " +
                       std::to_string(o.page_size) + "\n");
}

}  // namespace

Result<RimeRuntime*> RimeRuntime::Start(const RimeOptions& options) {
  std::lock_guard lock(g_mu);
  if (g_runtime) {
    if (g_runtime->options_.user_dir != options.user_dir || g_runtime->options_.page_size != options.page_size)
      return Result<RimeRuntime*>::Fail("input.rime_setup", "librime is already set up with other options");
    return g_runtime.get();
  }
  if (options.user_dir.empty()) return Result<RimeRuntime*>::Fail("input.rime_setup", "no user data dir for librime");
  if (options.page_size < 1 || options.page_size > 10)
    return Result<RimeRuntime*>::Fail("input.rime_setup", "page size must be 1..10");
  std::error_code ec;
  if (!fs::exists(fs::path(options.shared_dir) / (std::string(kSchema) + ".schema.yaml"), ec))
    return Result<RimeRuntime*>::Fail("input.rime_setup", "no " + std::string(kSchema) + " schema in " + options.shared_dir +
                                                              " (install rime-data-luna-pinyin)");
  fs::create_directories(options.user_dir, ec);
  if (ec) return Result<RimeRuntime*>::Fail("input.rime_setup", "cannot create " + options.user_dir + ": " + ec.message());
  fs::permissions(options.user_dir, fs::perms::owner_all, fs::perm_options::replace, ec);
  if (auto s = WritePatches(options); !s) return s.error();

  g_shared = options.shared_dir;
  g_user = options.user_dir;
  g_log = "";  // empty log dir: glog writes to stderr, never litters /tmp
  RimeTraits traits{};
  RIME_STRUCT_INIT(RimeTraits, traits);
  traits.shared_data_dir = g_shared.c_str();
  traits.user_data_dir = g_user.c_str();
  traits.distribution_name = "OneStop";
  traits.distribution_code_name = "onestop";
  traits.distribution_version = ONESTOP_VERSION;
  traits.app_name = "rime.onestop";
  traits.min_log_level = 2;  // ERROR
  traits.log_dir = g_log.c_str();

  const auto t0 = std::chrono::steady_clock::now();
  RimeApi* api = Api();
  api->setup(&traits);
  api->initialize(&traits);
  // full_check=False: rebuild only what changed, so a second start on the same dir is quick.
  if (api->start_maintenance(False)) api->join_maintenance_thread();
  auto runtime = std::make_unique<RimeRuntime>();
  runtime->options_ = options;
  runtime->deploy_ms_ = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
  // Proof the deployment worked: a session must be able to select the schema.
  const RimeSessionId probe = api->create_session();
  const bool selected = probe && api->select_schema(probe, kSchema);
  if (probe) api->destroy_session(probe);
  if (!selected) return Result<RimeRuntime*>::Fail("input.rime_setup", "librime could not deploy " + std::string(kSchema));
  g_runtime = std::move(runtime);
  return g_runtime.get();
}

Result<std::unique_ptr<RimePinyinInput>> RimePinyinInput::Create(RimeRuntime&, Lang lang) {
  RimeApi* api = Api();
  const RimeSessionId s = api->create_session();
  if (!s) return Result<std::unique_ptr<RimePinyinInput>>::Fail("input.rime_session", "librime gave no session");
  if (!api->select_schema(s, kSchema)) {
    api->destroy_session(s);
    return Result<std::unique_ptr<RimePinyinInput>>::Fail("input.rime_session", "cannot select luna_pinyin");
  }
  // luna_pinyin writes Traditional characters; the simplification switch (OpenCC t2s) makes them
  // Simplified for zh-Hans. en sessions get Simplified too (the mainland default).
  api->set_option(s, "simplification", lang == Lang::kZhHant ? False : True);
  api->set_option(s, "ascii_mode", False);
  return std::unique_ptr<RimePinyinInput>(new RimePinyinInput(s));
}

RimePinyinInput::~RimePinyinInput() { Api()->destroy_session(session_); }

std::string RimePinyinInput::TakeCommit() {
  RimeCommit commit{};
  RIME_STRUCT_INIT(RimeCommit, commit);
  std::string out;
  if (Api()->get_commit(session_, &commit)) {
    if (commit.text) out = commit.text;
    Api()->free_commit(&commit);
  }
  return out;
}

std::string RimePinyinInput::RawInput() const {
  const char* in = Api()->get_input(session_);
  return in ? std::string(in) : std::string();
}

Result<std::string> RimePinyinInput::FeedKeys(std::string_view keys) {
  // Checked whole before any key reaches librime, so a refused call changes nothing.
  for (char c : keys)
    if (!((c >= 'a' && c <= 'z') || c == '\''))
      return Result<std::string>::Fail("input.bad_key", "pinyin takes the letters a-z and ' only");
  if (RawInput().size() + keys.size() > kMaxComposeKeys)
    return Result<std::string>::Fail("input.too_long", "at most " + std::to_string(kMaxComposeKeys) +
                                                           " letters at once: choose a candidate first");
  for (char c : keys) Api()->process_key(session_, static_cast<unsigned char>(c), 0);
  return TakeCommit();
}

Status RimePinyinInput::FeedInk(const Ink&) {
  return Status::Fail("input.not_supported", "the pinyin keyboard does not take handwriting");
}

bool RimePinyinInput::Backspace() {
  if (RawInput().empty()) return false;
  Api()->process_key(session_, kBackSpace, 0);
  return true;
}

CandidatePage RimePinyinInput::Candidates() const {
  CandidatePage page;
  RimeContext ctx{};
  RIME_STRUCT_INIT(RimeContext, ctx);
  if (!Api()->get_context(session_, &ctx)) return page;
  if (ctx.composition.preedit) page.preedit = ctx.composition.preedit;
  for (int i = 0; i < ctx.menu.num_candidates; ++i)
    if (ctx.menu.candidates[i].text) page.candidates.emplace_back(ctx.menu.candidates[i].text);
  page.page = ctx.menu.page_no;
  page.last_page = ctx.menu.is_last_page || ctx.menu.num_candidates == 0;
  Api()->free_context(&ctx);
  return page;
}

Status RimePinyinInput::ChangePage(bool forward) {
  if (RawInput().empty()) return Ok{};
  Api()->process_key(session_, forward ? kPageDown : kPageUp, 0);
  return Ok{};
}

Result<std::string> RimePinyinInput::Choose(size_t index) {
  const CandidatePage page = Candidates();
  if (index >= page.candidates.size())
    return Result<std::string>::Fail("input.no_candidate", "there is no candidate " + std::to_string(index + 1) + " on this page");
  if (!Api()->select_candidate_on_current_page(session_, index))
    return Result<std::string>::Fail("input.no_candidate", "librime refused candidate " + std::to_string(index + 1));
  return TakeCommit();
}

std::string RimePinyinInput::CommitRaw() {
  // The preedit, not the raw letters: after a partial choice it reads "<chosen>ren", and the part
  // already chosen must not turn back into letters. Its spaces are only syllable separators.
  std::string out;
  for (char c : Candidates().preedit)
    if (c != ' ') out.push_back(c);
  if (out.empty()) out = RawInput();
  Api()->clear_composition(session_);
  return out;
}

void RimePinyinInput::Reset() { Api()->clear_composition(session_); }

}  // namespace onestop::input
