// Camera preview for the screens that read codes (Scan, Enrollment). The render host registers how a gray frame reaches
// the GPU; without a host (headless view tests) there is no texture and the screen draws a
// placeholder. Screens only ask for the texture of the feed they are given; they upload nothing.
#pragma once
#include <imgui.h>

#include <cstdint>
#include <functional>

#include "kiosk/core/shell/shell.h"

namespace onestop::ui {

// Uploads width*height gray bytes, returns the texture to draw (the same one each time is fine).
using PreviewUploader = std::function<ImTextureID(int width, int height, const uint8_t* gray)>;
void SetPreviewUploader(PreviewUploader uploader);

// The texture holding the feed's current frame, uploaded once per frame generation;
// nullptr when the feed has no picture or no uploader is registered.
ImTextureID PreviewTexture(const CameraFeed& feed);

// Draws the camera picture (or a dark placeholder) in the left two thirds of the content region, 16:9,
// with the viewfinder's corner marks (`flash` turns them green for a moment after a read), and leaves
// the cursor to its right; on a panel too narrow for both, the picture spans the width and the cursor
// is left under it. Returns the width of the column beside (or under) it.
float CameraPictureWithColumn(const CameraFeed* feed, bool flash);

}  // namespace onestop::ui
