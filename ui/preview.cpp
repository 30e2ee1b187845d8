// Camera preview texture cache: re-uploads only when the feed's generation changes.
// Frame thread only (ImGui and GL are single-threaded here); it never blocks on the camera.
#include "ui/preview.h"

#include <algorithm>
#include <utility>

#include "ui/theme.h"

namespace onestop::ui {
namespace {
PreviewUploader g_uploader;
ImTextureID g_texture = nullptr;
int64_t g_generation = -1;

// Corner marks of the viewfinder: where to hold the label. Green for a moment after a read.
void Viewfinder(ImDrawList* dl, ImVec2 a, ImVec2 b, bool flash) {
  const ImU32 c = flash ? color::kOk : color::kPrimary;
  const float w = b.x - a.x, h = b.y - a.y;
  const float inset = std::min(w, h) * 0.15f, len = std::min(w, h) * 0.14f, t = Em(0.25f);
  const ImVec2 p0(a.x + w * 0.5f - (h - 2 * inset) * 0.5f, a.y + inset), p1(a.x + w * 0.5f + (h - 2 * inset) * 0.5f, b.y - inset);
  const ImVec2 corners[4] = {p0, ImVec2(p1.x, p0.y), ImVec2(p0.x, p1.y), p1};
  for (int i = 0; i < 4; ++i) {
    const float sx = (i % 2 == 0) ? 1.0f : -1.0f, sy = (i < 2) ? 1.0f : -1.0f;
    dl->AddLine(corners[i], ImVec2(corners[i].x + sx * len, corners[i].y), c, t);
    dl->AddLine(corners[i], ImVec2(corners[i].x, corners[i].y + sy * len), c, t);
  }
  if (flash) dl->AddRect(a, b, color::kOk, 0.0f, 0, t * 2);
}

}  // namespace

void SetPreviewUploader(PreviewUploader uploader) {
  g_uploader = std::move(uploader);
  g_texture = nullptr;
  g_generation = -1;
}

ImTextureID PreviewTexture(const CameraFeed& feed) {
  if (!g_uploader || feed.pixels.empty() ||
      feed.pixels.size() != static_cast<size_t>(feed.width) * static_cast<size_t>(feed.height))
    return nullptr;
  if (feed.generation != g_generation) {
    g_texture = g_uploader(feed.width, feed.height, feed.pixels.data());
    g_generation = feed.generation;
  }
  return g_texture;
}

float CameraPictureWithColumn(const CameraFeed* feed, bool flash) {
  const float avail = ImGui::GetContentRegionAvail().x;
  const float gap = Em(0.8f);
  // A narrow panel (portrait, elder mode) has no room for a column of 14 em beside a picture: the
  // picture goes full width above and the column under it, instead of the column running off the left.
  const bool stacked = avail < Em(14.0f) + gap + Em(10.0f);
  const float side_w = stacked ? avail : std::max(Em(14.0f), avail * 0.34f);
  const float width = stacked ? avail : avail - side_w - gap;
  const float height = std::max(Em(4.0f), std::min(width * 9.0f / 16.0f, ImGui::GetContentRegionAvail().y * (stacked ? 0.4f : 1.0f) - Em(1.0f)));
  const ImVec2 a = ImGui::GetCursorScreenPos();
  const ImVec2 b(a.x + width, a.y + height);
  ImDrawList* dl = ImGui::GetWindowDrawList();
  if (ImTextureID tex = feed ? PreviewTexture(*feed) : nullptr) dl->AddImage(tex, a, b);
  else dl->AddRectFilled(a, b, IM_COL32(40, 40, 40, 255));
  Viewfinder(dl, a, b, flash);
  ImGui::Dummy(ImVec2(width, height));
  if (!stacked) ImGui::SameLine(0, gap);
  return side_w;
}

}  // namespace onestop::ui
