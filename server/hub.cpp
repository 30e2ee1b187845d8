// Hub routes. For now: liveness. Sync, enrollment and tickets are added behind the same server.
#include "server/hub.h"

#include <httplib.h>
#include <spdlog/spdlog.h>

namespace onestop::hub {

struct Hub::Impl {
  HubOptions opts;
  httplib::Server server;
};

Hub::Hub(HubOptions options) : impl_(std::make_unique<Impl>()) {
  impl_->opts = std::move(options);
  impl_->server.Get("/v1/health", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(R"({"status":"ok"})", "application/json");
  });
}

Hub::~Hub() = default;

int Hub::Bind(std::string* error) {
  int port = impl_->opts.listen_port;
  if (port == 0) {
    port = impl_->server.bind_to_any_port(impl_->opts.listen_host);
  } else if (!impl_->server.bind_to_port(impl_->opts.listen_host, port)) {
    port = -1;
  }
  if (port < 0 && error) *error = "cannot listen on " + impl_->opts.listen_host + ":" + std::to_string(impl_->opts.listen_port);
  return port;
}

void Hub::Serve() { impl_->server.listen_after_bind(); }
void Hub::Stop() { impl_->server.stop(); }

}  // namespace onestop::hub
