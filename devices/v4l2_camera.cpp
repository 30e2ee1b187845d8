// V4L2 camera through libv4l2 (which converts MJPEG/YUYV webcams to a format we ask for). We ask
// for planar YUV 4:2:0 and keep the Y plane: that is the gray frame ZXing wants, with no colour
// conversion. read() emulation keeps this simple; a frame copy per 100 ms is negligible.
#include <fcntl.h>
#include <libv4l2.h>
#include <linux/videodev2.h>
#include <sys/ioctl.h>
#include <sys/select.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>

#include "devices/cameras.h"

namespace onestop::devices {
namespace {

bool CanCapture(int fd) {
  v4l2_capability cap{};
  if (v4l2_ioctl(fd, VIDIOC_QUERYCAP, &cap) != 0) return false;
  const std::uint32_t caps = (cap.capabilities & V4L2_CAP_DEVICE_CAPS) ? cap.device_caps : cap.capabilities;
  return (caps & V4L2_CAP_VIDEO_CAPTURE) && (caps & (V4L2_CAP_READWRITE | V4L2_CAP_STREAMING));
}

}  // namespace

V4l2Camera::V4l2Camera(std::string device, int width, int height)
    : device_(std::move(device)), want_width_(width), want_height_(height) {}

V4l2Camera::~V4l2Camera() { Close(); }

Status V4l2Camera::Open() {
  Close();
  std::vector<std::string> candidates;
  if (!device_.empty()) candidates.push_back(device_);
  else
    for (int i = 0; i < 64; ++i) candidates.push_back("/dev/video" + std::to_string(i));
  std::string tried;
  for (const auto& dev : candidates) {
    const int raw = ::open(dev.c_str(), O_RDWR | O_NONBLOCK | O_CLOEXEC);
    if (raw < 0) {
      if (!device_.empty())
        return Error{"camera.open_failed", "Cannot open camera " + dev + ": " + std::strerror(errno) +
                                               ". Check that it is plugged in and that this user is in the 'video' group."};
      continue;
    }
    const int fd = v4l2_fd_open(raw, 0);
    if (fd < 0 || !CanCapture(fd)) {
      if (fd >= 0) v4l2_close(fd);
      else ::close(raw);
      tried += (tried.empty() ? "" : ", ") + dev;
      continue;
    }
    v4l2_format fmt{};
    fmt.type = V4L2_BUF_TYPE_VIDEO_CAPTURE;
    fmt.fmt.pix.width = static_cast<std::uint32_t>(want_width_);
    fmt.fmt.pix.height = static_cast<std::uint32_t>(want_height_);
    fmt.fmt.pix.pixelformat = V4L2_PIX_FMT_YUV420;
    fmt.fmt.pix.field = V4L2_FIELD_ANY;
    if (v4l2_ioctl(fd, VIDIOC_S_FMT, &fmt) != 0 ||
        (fmt.fmt.pix.pixelformat != V4L2_PIX_FMT_YUV420 && fmt.fmt.pix.pixelformat != V4L2_PIX_FMT_GREY)) {
      v4l2_close(fd);
      tried += (tried.empty() ? "" : ", ") + dev + " (no usable pixel format)";
      continue;
    }
    fd_ = fd;
    opened_device_ = dev;
    width_ = static_cast<int>(fmt.fmt.pix.width);
    height_ = static_cast<int>(fmt.fmt.pix.height);
    pixfmt_ = fmt.fmt.pix.pixelformat;
    bytesperline_ = fmt.fmt.pix.bytesperline ? fmt.fmt.pix.bytesperline : fmt.fmt.pix.width;
    sizeimage_ = fmt.fmt.pix.sizeimage ? fmt.fmt.pix.sizeimage
                                       : static_cast<std::uint32_t>(width_ * height_ * 3 / 2);
    buffer_.resize(sizeimage_);
    return Ok{};
  }
  if (!device_.empty())
    return Error{"camera.unusable", "Camera " + device_ + " cannot deliver video frames (" + tried + ")."};
  return Error{"camera.none", tried.empty() ? "No camera found (no /dev/video* device). Plug in the scanner camera, "
                                              "or use a handheld scanner, or type the asset number."
                                            : "No usable camera found (tried " + tried +
                                                  "). Plug in the scanner camera or type the asset number."};
}

Result<std::optional<GrayImage>> V4l2Camera::NextFrame(std::chrono::milliseconds timeout) {
  if (fd_ < 0) return Error{"camera.not_open", "The camera is not open."};
  fd_set set;
  FD_ZERO(&set);
  FD_SET(fd_, &set);
  timeval tv{static_cast<time_t>(timeout.count() / 1000), static_cast<suseconds_t>((timeout.count() % 1000) * 1000)};
  const int ready = ::select(fd_ + 1, &set, nullptr, nullptr, &tv);
  if (ready == 0 || (ready < 0 && errno == EINTR)) return std::optional<GrayImage>{};
  if (ready < 0) return Error{"camera.io", std::string("Camera wait failed: ") + std::strerror(errno)};
  const ssize_t n = v4l2_read(fd_, buffer_.data(), buffer_.size());
  if (n < 0) {
    if (errno == EAGAIN || errno == EINTR) return std::optional<GrayImage>{};
    return Error{"camera.io", "Reading from " + opened_device_ + " failed: " + std::strerror(errno) +
                                  ". Was the camera unplugged?"};
  }
  const std::size_t need = static_cast<std::size_t>(bytesperline_) * static_cast<std::size_t>(height_);
  if (static_cast<std::size_t>(n) < need) return std::optional<GrayImage>{};  // short frame: skip it
  GrayImage img{width_, height_, std::vector<std::uint8_t>(static_cast<std::size_t>(width_) * height_)};
  // Y plane (or GREY): copy row by row, dropping any line padding.
  for (int y = 0; y < height_; ++y)
    std::memcpy(img.pixels.data() + static_cast<std::size_t>(y) * width_,
                buffer_.data() + static_cast<std::size_t>(y) * bytesperline_, static_cast<std::size_t>(width_));
  return std::optional<GrayImage>(std::move(img));
}

void V4l2Camera::Close() {
  if (fd_ >= 0) v4l2_close(fd_);
  fd_ = -1;
}

}  // namespace onestop::devices
