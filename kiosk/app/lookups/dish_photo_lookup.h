// The menu cards' photos (issue 16): the pulled `dish_photo` entities read from the local store and
// decoded (stb_image) and scaled down on a worker lane of their own, answering mealui::job::ReadDishPhotos.
// It never runs on the frame thread, never writes the store and never contacts the hub; a photo that
// does not decode is left out (the card draws its category icon), never an error on screen.
#pragma once
#include <memory>
#include <string>
#include <string_view>

#include "kiosk/app/job_router.h"
#include "kiosk/app/lookups/store_reader.h"
#include "kiosk/core/features/meals/state.h"
#include "offline/store.h"

namespace onestop::app {

// One stored entity's JSON ({dish, sha256, data: base64 JPEG, ...}) decoded to RGBA of at most
// `max_px` on the longer edge. Errors: photo.entity (not the hub's shape), photo.base64, photo.not_jpeg, photo.too_large
// (over 256 KiB or 2048 x 2048, the hub's own limits), photo.undecodable.
Result<mealui::DishPicture> DecodeDishPhoto(std::string_view entity_json, int max_px = mealui::kDishPhotoPx);

void RegisterDishPhotoLookups(JobRouter& router, Executor::Lane lane, std::shared_ptr<StoreReader> store);

}  // namespace onestop::app
