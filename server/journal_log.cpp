// spdlog sink to the systemd journal (see journal_log.h). Identifiers are lifted out of the message
// into fields so that `journalctl ONESTOP_TICKET=TK-000042` finds a ticket's lines; the message
// itself is passed on unchanged.
#include "server/journal_log.h"

#include <sys/stat.h>
#include <systemd/sd-journal.h>
#include <syslog.h>

#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <regex>
#include <spdlog/sinks/base_sink.h>
#include <spdlog/sinks/stdout_color_sinks.h>
#include <spdlog/spdlog.h>

namespace onestop::hub {
namespace {

int SyslogPriority(spdlog::level::level_enum l) {
  switch (l) {
    case spdlog::level::trace:
    case spdlog::level::debug: return LOG_DEBUG;
    case spdlog::level::info: return LOG_INFO;
    case spdlog::level::warn: return LOG_WARNING;
    case spdlog::level::err: return LOG_ERR;
    case spdlog::level::critical: return LOG_CRIT;
    default: return LOG_INFO;
  }
}

class JournalSink final : public spdlog::sinks::base_sink<std::mutex> {
 protected:
  void sink_it_(const spdlog::details::log_msg& msg) override {
    const std::string text(msg.payload.data(), msg.payload.size());
    // Ticket ids are TK-<digits>; terminal ids term-<hex/dashes>. Only the first of each is lifted.
    static const std::regex kTicket(R"(\bTK-[0-9]+\b)");
    static const std::regex kTerminal(R"(\bterm-[0-9A-Za-z-]+)");
    std::smatch t, m;
    const bool has_ticket = std::regex_search(text, t, kTicket);
    const bool has_terminal = std::regex_search(text, m, kTerminal);
    const std::string ticket = has_ticket ? "ONESTOP_TICKET=" + t.str() : "ONESTOP_TICKET=";
    const std::string terminal = has_terminal ? "ONESTOP_TERMINAL=" + m.str() : "ONESTOP_TERMINAL=";
    // sd_journal_send takes printf-style fields ended by NULL: a field goes out only when the message
    // names an id, so `journalctl ONESTOP_TICKET=` never matches lines without one.
    const int prio = SyslogPriority(msg.level);
    if (has_ticket && has_terminal)
      sd_journal_send("MESSAGE=%s", text.c_str(), "PRIORITY=%d", prio, "SYSLOG_IDENTIFIER=onestop-hub", "%s",
                      ticket.c_str(), "%s", terminal.c_str(), nullptr);
    else if (has_ticket)
      sd_journal_send("MESSAGE=%s", text.c_str(), "PRIORITY=%d", prio, "SYSLOG_IDENTIFIER=onestop-hub", "%s",
                      ticket.c_str(), nullptr);
    else if (has_terminal)
      sd_journal_send("MESSAGE=%s", text.c_str(), "PRIORITY=%d", prio, "SYSLOG_IDENTIFIER=onestop-hub", "%s",
                      terminal.c_str(), nullptr);
    else
      sd_journal_send("MESSAGE=%s", text.c_str(), "PRIORITY=%d", prio, "SYSLOG_IDENTIFIER=onestop-hub", nullptr);
  }
  void flush_() override {}
};

}  // namespace

bool StderrIsJournal() {
  const char* js = std::getenv("JOURNAL_STREAM");
  if (!js || !*js) return false;
  unsigned long long dev = 0, ino = 0;
  if (std::sscanf(js, "%llu:%llu", &dev, &ino) != 2) return false;
  struct stat st {};
  if (::fstat(2, &st) != 0) return false;
  return static_cast<unsigned long long>(st.st_dev) == dev && static_cast<unsigned long long>(st.st_ino) == ino;
}

bool SetupHubLogging(const std::string& level) {
  std::shared_ptr<spdlog::logger> logger;
  if (StderrIsJournal()) {
    logger = std::make_shared<spdlog::logger>("onestop-hub", std::make_shared<JournalSink>());
  } else {
    // Not registered by name: the config file may call this a second time with its level.
    logger = std::make_shared<spdlog::logger>("onestop-hub", std::make_shared<spdlog::sinks::stderr_color_sink_mt>());
  }
  spdlog::set_default_logger(logger);
  const auto parsed = spdlog::level::from_str(level);
  // from_str answers "off" for anything it does not know; only a literal "off" means off.
  const bool known = parsed != spdlog::level::off || level == "off";
  spdlog::set_level(known ? parsed : spdlog::level::info);
  return known;
}

}  // namespace onestop::hub
