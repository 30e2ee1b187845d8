// rtnetlink listener for LinkWatcher: subscribes to link, IPv4/IPv6 address and route groups and
// counts any message as "the network changed". It reads only; a full socket buffer (ENOBUFS) also
// means something changed, which is the safe answer.
#include "offline/link_watcher.h"

#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>

namespace onestop::offline {

std::unique_ptr<LinkWatcher> LinkWatcher::Open() {
  const int fd = ::socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC | SOCK_NONBLOCK, NETLINK_ROUTE);
  if (fd < 0) return nullptr;
  sockaddr_nl addr{};
  addr.nl_family = AF_NETLINK;
  addr.nl_groups = RTMGRP_LINK | RTMGRP_IPV4_IFADDR | RTMGRP_IPV4_ROUTE | RTMGRP_IPV6_IFADDR | RTMGRP_IPV6_ROUTE;
  if (::bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    ::close(fd);
    return nullptr;
  }
  return std::unique_ptr<LinkWatcher>(new LinkWatcher(fd));
}

LinkWatcher::~LinkWatcher() {
  if (fd_ >= 0) ::close(fd_);
}

bool LinkWatcher::Changed() {
  bool changed = false;
  alignas(nlmsghdr) char buf[8192];
  for (int i = 0; i < 64; ++i) {  // bounded: a flapping link must not keep the worker here
    const ssize_t n = ::recv(fd_, buf, sizeof buf, MSG_DONTWAIT);
    if (n > 0) {
      changed = true;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && errno == ENOBUFS) {
      changed = true;  // we missed messages: assume a change
      continue;
    }
    break;  // EAGAIN: drained
  }
  return changed;
}

}  // namespace onestop::offline
