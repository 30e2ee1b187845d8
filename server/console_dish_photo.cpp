// Dish photo upload and download (see console_dish_photo.h). Every check runs before the transaction,
// the decoder only after the header said the size is sane; the entity, its one change-log row (older
// rows of the same photo are dropped) and the audit row (size and hash, never the bytes) commit together.
#include "server/console_dish_photo.h"

#include <sodium.h>
#include <stb/stb_image.h>  // the implementation is libstb.so's: never define STB_IMAGE_IMPLEMENTATION

#include <regex>

#include "kiosk/core/clock.h"
#include "kiosk/core/photo.h"
#include "kiosk/core/protocol.h"
#include "server/console_api.h"
#include "server/console_auth.h"
#include "server/request_gate.h"
#include "server/store.h"

namespace onestop::hub {
namespace {
using nlohmann::json;
namespace con = console;

constexpr char kEntity[] = "dish_photo";

void Refuse(httplib::Response& res, int status, const std::string& code, const std::string& detail) {
  SendProblem(res, status, status == 404 ? "not-found" : status == 413 ? "too-large" : "bad-request",
              status == 404 ? "Not Found" : status == 413 ? "Content Too Large" : "Bad Request", detail,
              json{{"code", code}, {"field", "jpeg"}});
}

std::string Sha256Hex(std::string_view bytes) {
  unsigned char h[crypto_hash_sha256_BYTES];
  crypto_hash_sha256(h, reinterpret_cast<const unsigned char*>(bytes.data()), bytes.size());
  static const char* hex = "0123456789abcdef";
  std::string out;
  for (unsigned char c : h) {
    out += hex[c >> 4];
    out += hex[c & 15];
  }
  return out;
}

void Upload(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin});
  if (!p) return;
  const std::string id = req.matches[1];
  auto parsed = protocol::ParseJsonText(req.body.empty() ? "{}" : req.body);
  if (!parsed || !parsed->is_object()) return Refuse(res, 400, "bad_json", "send {\"jpeg\": base64}");
  const json& b = parsed.value();
  if (!b.contains("jpeg") || !b["jpeg"].is_string()) return Refuse(res, 400, "photo.empty", "send the photo as {\"jpeg\": base64}");
  const std::string& text = b["jpeg"].get_ref<const std::string&>();
  // Base64 of the cap plus padding; a longer text is refused before it is decoded.
  if (text.size() > (kMaxDishPhotoBytes + 2) / 3 * 4)
    return Refuse(res, 413, "photo.too_large", "a dish photo is at most 256 KiB");
  std::string jpeg;
  if (!photo::Base64Decode(text, &jpeg)) return Refuse(res, 400, "photo.base64", "the photo is not valid base64");
  auto info = ValidateDishPhoto(jpeg);
  if (!info) return Refuse(res, info.error().code == "photo.too_large" ? 413 : 400, info.error().code, info.error().message);

  const int64_t now = c.Now();
  const std::string sha = Sha256Hex(jpeg);
  json data = {{"id", id}, {"dish", id}, {"mime", "image/jpeg"}, {"bytes", jpeg.size()}, {"width", info->width},
               {"height", info->height}, {"sha256", sha}, {"updated_at", FormatIsoUtcMs(now)},
               {"data", photo::Base64Encode(jpeg)}};
  auto tx = c.Store().Begin();
  if (!tx) return c.StoreDown(res, tx.error());
  HubTx& t = *tx.value();
  const bool dish = t.GetMaster("menu_item", id).has_value();
  if (!t.ok()) return c.StoreDown(res, Error{"store.tx", "cannot read dish " + id});
  if (!dish) return Refuse(res, 404, "dish.unknown", "no dish " + id);
  auto before = t.GetMaster(kEntity, id);
  json before_meta = nullptr;
  if (before) {
    before_meta = *before;
    before_meta.erase("data");
  }
  t.DropChangesOf(kEntity, id);  // terminals get only the newest photo; the old bytes are not kept twice
  t.PutMaster(kEntity, id, data, "");
  json after_meta = data;
  after_meta.erase("data");
  t.AddAudit(AuditRow{0, now, p->user.name, before ? "dish_photo.update" : "dish_photo.create", id, before_meta, after_meta});
  if (auto s = t.Commit(); !s) return c.StoreDown(res, s.error());
  SendConsoleJson(res, after_meta, before ? 200 : 201);
}

void Download(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin, con::kRoleDietitian, con::kRoleKitchen});
  if (!p) return;
  const std::string id = req.matches[1];
  auto rows = c.Store().LoadMasterRows(kEntity, {id});
  if (!rows) return c.StoreDown(res, rows.error());
  std::string jpeg;
  if (rows->empty() || !photo::Base64Decode(rows->front().second.value("data", ""), &jpeg))
    return Refuse(res, 404, "photo.none", "dish " + id + " has no photo");
  SetConsolePageHeaders(res);
  res.set_header("Cache-Control", "private, no-cache");
  res.set_content(jpeg, "image/jpeg");
}

// Which dishes have a photo, and its size (never the bytes).
void List(ConsoleService& c, const httplib::Request& req, httplib::Response& res) {
  auto p = c.Authenticate(req, res, {con::kRoleAdmin, con::kRoleDietitian, con::kRoleKitchen});
  if (!p) return;
  auto rows = c.Store().ListMasterSummaries(kEntity);
  if (!rows) return c.StoreDown(res, rows.error());
  json out = json::array();
  for (const auto& [id, d] : rows.value()) out.push_back(d);
  SendConsoleJson(res, {{"photos", out}, {"max_bytes", kMaxDishPhotoBytes}});
}

}  // namespace

Result<DishPhotoInfo> ValidateDishPhoto(std::string_view jpeg) {
  if (jpeg.empty()) return Error{"photo.empty", "the photo is empty"};
  if (jpeg.size() > kMaxDishPhotoBytes) return Error{"photo.too_large", "a dish photo is at most 256 KiB"};
  auto u = [&](size_t i) { return static_cast<unsigned char>(jpeg[i]); };
  // SOI followed by the next marker's 0xFF: every JPEG starts so, and almost nothing else does.
  if (jpeg.size() < 4 || u(0) != 0xFF || u(1) != 0xD8 || u(2) != 0xFF) return Error{"photo.not_jpeg", "the file is not a JPEG"};
  if (u(jpeg.size() - 2) != 0xFF || u(jpeg.size() - 1) != 0xD9)
    return Error{"photo.truncated", "the JPEG is cut short (no end marker)"};
  const auto* bytes = reinterpret_cast<const stbi_uc*>(jpeg.data());
  const int n = static_cast<int>(jpeg.size());
  int w = 0, h = 0, comp = 0;
  // The header first: a hostile file must not make the decoder allocate for giant dimensions.
  if (!stbi_info_from_memory(bytes, n, &w, &h, &comp)) return Error{"photo.undecodable", "the JPEG cannot be read"};
  if (w < 1 || h < 1 || w > kMaxDishPhotoSide || h > kMaxDishPhotoSide)
    return Error{"photo.dimensions", "a dish photo is at most 2048 x 2048 pixels"};
  stbi_uc* px = stbi_load_from_memory(bytes, n, &w, &h, &comp, 1);
  if (!px) return Error{"photo.undecodable", "the JPEG cannot be decoded"};
  stbi_image_free(px);
  return DishPhotoInfo{w, h};
}

void RegisterConsoleDishPhotoRoutes(httplib::Server& s, ConsoleService& c) {
  using Req = const httplib::Request&;
  using Res = httplib::Response&;
  ConsoleService* cs = &c;
  s.Get("/v1/console/admin/dish-photos", [cs](Req q, Res r) { List(*cs, q, r); });
  s.Get(R"(/v1/console/admin/dishes/([A-Za-z0-9_-]{1,32})/photo)", [cs](Req q, Res r) { Download(*cs, q, r); });
  PostCapped(s, R"(/v1/console/admin/dishes/([A-Za-z0-9_-]{1,32})/photo)", [cs](Req q, Res r) { Upload(*cs, q, r); });
}

}  // namespace onestop::hub
