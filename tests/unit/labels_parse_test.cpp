// Unit tests for ParseLabel (DESIGN §5): every accepted form, and each rejection with its stable code.
// Pure core logic; must not need images, devices or the kiosk binary.
#include <gtest/gtest.h>

#include <nlohmann/json.hpp>
#include <string>

#include "kiosk/core/labels.h"

namespace onestop::labels {
namespace {

using namespace std::string_literals;

ParsedLabel Ok(std::string_view payload) {
  auto r = ParseLabel(payload);
  EXPECT_TRUE(r.ok()) << "payload: " << payload << " -> " << (r.ok() ? "" : r.error().code + ": " + r.error().message);
  return r.ok() ? r.value() : ParsedLabel{};
}

std::string Code(std::string_view payload) {
  auto r = ParseLabel(payload);
  EXPECT_FALSE(r.ok()) << "payload unexpectedly accepted: " << payload;
  if (r.ok()) return "accepted";
  EXPECT_FALSE(r.error().message.empty());
  return r.error().code;
}

TEST(Gs1CheckDigit, KnownValues) {
  EXPECT_TRUE(Gs1CheckDigitOk("06901234567892"));
  EXPECT_FALSE(Gs1CheckDigitOk("06901234567893"));
  EXPECT_TRUE(Gs1CheckDigitOk("4006381333931"));   // EAN-13 from the GS1 calculator
  EXPECT_TRUE(Gs1CheckDigitOk("00012345600012"));  // GTIN-14 padded
  EXPECT_FALSE(Gs1CheckDigitOk("0"));
  EXPECT_FALSE(Gs1CheckDigitOk("12a4"));
}

TEST(OwnUrl, AssetAndLocation) {
  auto a = Ok("https://any.host/a/EQ-2015-000123");
  EXPECT_EQ(a.form, LabelForm::kOwnUrl);
  EXPECT_EQ(a.asset_id, "EQ-2015-000123");
  EXPECT_FALSE(a.location_code);
  auto l = Ok("https://onestop.example.org:8443/l/B2-3F-W12-BED07/");
  EXPECT_EQ(l.location_code, "B2-3F-W12-BED07");
  EXPECT_FALSE(l.asset_id);
  EXPECT_EQ(Ok("HTTP://host/a/eq-2015-000123").asset_id, "EQ-2015-000123");  // case-normalised
}

TEST(OwnUrl, Rejections) {
  EXPECT_EQ(Code("https://any.host/a/EQ 2015"), "label.bad_asset_id");
  EXPECT_EQ(Code("https://any.host/a/EQ--1"), "label.bad_asset_id");
  EXPECT_EQ(Code("https://any.host/l/-B2"), "label.bad_location_code");
  EXPECT_EQ(Code("https://any.host/a/EQ-1?x=1"), "label.bad_url");
  EXPECT_EQ(Code("https://any.host/a/EQ-1#frag"), "label.bad_url");
  EXPECT_EQ(Code("https://user@evil.example/a/EQ-1"), "label.bad_url");
  EXPECT_EQ(Code("https:///a/EQ-1"), "label.bad_url");
  EXPECT_EQ(Code("https://host:99x/a/EQ-1"), "label.bad_url");
  EXPECT_EQ(Code("https://www.example.com/news/today"), "label.unrelated_url");
  EXPECT_EQ(Code("https://any.host/x/a/EQ-1"), "label.unrelated_url");  // path form is exact
  EXPECT_EQ(Code("ftp://files.example.com/a/EQ-1"), "label.unrelated_url");
  EXPECT_EQ(Code("WIFI:S:ward;T:WPA;P:secret;;"), "label.unrelated_url");
}

TEST(Compact, EitherOrBoth) {
  auto both = Ok("OS1:A=EQ-2015-000123;L=B2-3F-W12-BED07");
  EXPECT_EQ(both.form, LabelForm::kCompact);
  EXPECT_EQ(both.asset_id, "EQ-2015-000123");
  EXPECT_EQ(both.location_code, "B2-3F-W12-BED07");
  auto loc = Ok("OS1:L=B2-3F-W12-BED07;");
  EXPECT_FALSE(loc.asset_id);
  EXPECT_EQ(loc.location_code, "B2-3F-W12-BED07");
  EXPECT_EQ(Ok("OS1:A=EQ-1").asset_id, "EQ-1");
}

TEST(Compact, Rejections) {
  EXPECT_EQ(Code("OS1:A=EQ-1;X=2"), "label.compact_unknown_key");
  EXPECT_EQ(Code("OS1:a=EQ-1"), "label.compact_unknown_key");
  EXPECT_EQ(Code("OS1:"), "label.compact_malformed");
  EXPECT_EQ(Code("OS1:A"), "label.compact_malformed");
  EXPECT_EQ(Code("OS1:=EQ-1"), "label.compact_malformed");
  EXPECT_EQ(Code("OS1:A=EQ-1;;L=B2"), "label.compact_malformed");
  EXPECT_EQ(Code("OS1:A=EQ-1;A=EQ-2"), "label.compact_malformed");
  EXPECT_EQ(Code("OS1:A="), "label.bad_asset_id");
  EXPECT_EQ(Code("OS1:L=B2'--"), "label.bad_location_code");
}

TEST(Gs1, HumanReadableUdi) {
  auto l = Ok("(01)06901234567892(17)281231(10)LOT42(21)SN12345");
  EXPECT_EQ(l.form, LabelForm::kGs1ElementString);
  EXPECT_EQ(l.gtin, "06901234567892");
  EXPECT_EQ(l.expiry, "2028-12-31");
  EXPECT_EQ(l.lot, "LOT42");
  EXPECT_EQ(l.serial, "SN12345");
  ASSERT_EQ(l.gs1.size(), 4u);
  EXPECT_EQ(l.gs1[1], (Gs1Element{"17", "281231"}));
}

TEST(Gs1, RawWithGroupSeparatorsAsZXingReturnsThem) {
  // What ZXing 1.4 returns for a GS1 DataMatrix: symbology id ]d2, GS after variable-length fields.
  auto l = Ok("]d201069012345678921728123110LOT42\x1d" "21SN12345");
  EXPECT_EQ(l.gtin, "06901234567892");
  EXPECT_EQ(l.lot, "LOT42");
  EXPECT_EQ(l.serial, "SN12345");
  auto giai = Ok("]Q380046901234ABC123");
  EXPECT_EQ(giai.giai, "6901234ABC123");
  auto c128 = Ok("]C1010690123456789210LOT42");
  EXPECT_EQ(c128.lot, "LOT42");
  // FNC1 sent as a leading GS by a keyboard-wedge scanner, no symbology id.
  EXPECT_EQ(Ok("\x1d" "8004" "6901234ABC123").giai, "6901234ABC123");
  // Expiry day 00 means the last day of the month (leap year).
  EXPECT_EQ(Ok("(01)06901234567892(17)280200").expiry, "2028-02-29");
}

TEST(Gs1, Rejections) {
  EXPECT_EQ(Code("(01)06901234567893(21)SN1"), "label.gs1_bad_check_digit");
  EXPECT_EQ(Code("(01)0690123456789(21)SN1"), "label.gs1_bad_length");
  EXPECT_EQ(Code("(01)0690123456789A"), "label.gs1_bad_charset");
  EXPECT_EQ(Code("(01)06901234567892(17)281331"), "label.gs1_bad_date");
  EXPECT_EQ(Code("(01)06901234567892(17)230229"), "label.gs1_bad_date");
  EXPECT_EQ(Code("(01)06901234567892(10)LOT 42"), "label.gs1_bad_charset");  // space is not in set 82
  EXPECT_EQ(Code("(01)06901234567892(21)" + std::string(21, 'S')), "label.gs1_bad_length");
  EXPECT_EQ(Code("(01)06901234567892(99)X"), "label.gs1_unknown_ai");
  EXPECT_EQ(Code("(01)06901234567892(21)A(21)B"), "label.gs1_duplicate_ai");
  EXPECT_EQ(Code("(10)LOT42(21)SN1"), "label.gs1_no_identifier");
  EXPECT_EQ(Code("(01"), "label.gs1_malformed_ai");
  EXPECT_EQ(Code("()06901234567892"), "label.gs1_malformed_ai");
  EXPECT_EQ(Code("(8004)ABC123"), "label.gs1_bad_giai");
  EXPECT_EQ(Code("]d20106901234567892\x1d\x1d" "21X"), "label.gs1_malformed_ai");
  EXPECT_EQ(Code("]d2010690123456789221SN1\x1d"), "label.gs1_malformed_ai");
  EXPECT_EQ(Code("]d2XX"), "label.gs1_malformed_ai");
  EXPECT_EQ(Code("]d2990690"), "label.gs1_unknown_ai");
  EXPECT_EQ(Code("]d2010690"), "label.gs1_bad_length");
  EXPECT_EQ(Code("]d2"), "label.empty");
}

TEST(DigitalLink, GtinSerialAndGiai) {
  auto l = Ok("https://id.gs1.org/01/06901234567892/21/SN12345");
  EXPECT_EQ(l.form, LabelForm::kGs1DigitalLink);
  EXPECT_EQ(l.gtin, "06901234567892");
  EXPECT_EQ(l.serial, "SN12345");
  auto g = Ok("https://x.org/8004/6901234ABC123");
  EXPECT_EQ(g.giai, "6901234ABC123");
  // Custom prefix path, GTIN-13 without padding, lot, query AI, resolver hint ignored, %-escape.
  auto q = Ok("https://brand.example/dl/01/6901234567892/10/LOT%2F4/21/S1?17=281231&linkType=gs1:pip");
  EXPECT_EQ(q.gtin, "06901234567892");
  EXPECT_EQ(q.lot, "LOT/4");
  EXPECT_EQ(q.expiry, "2028-12-31");
}

TEST(DigitalLink, Rejections) {
  EXPECT_EQ(Code("https://id.gs1.org/01/06901234567893/21/SN1"), "label.gs1_bad_check_digit");
  EXPECT_EQ(Code("https://id.gs1.org/01/06901234567892/99/X"), "label.gs1_unknown_ai");
  EXPECT_EQ(Code("https://id.gs1.org/01/06901234567892/21/S%ZZ"), "label.bad_url");
  EXPECT_EQ(Code("https://id.gs1.org/01/06901234567892/21/S%0A"), "label.gs1_bad_charset");
  EXPECT_EQ(Code("https://id.gs1.org/01/06901234567892?17"), "label.bad_url");
  EXPECT_EQ(Code("https://id.gs1.org/01/06901234567892?17=281340"), "label.gs1_bad_date");
}

TEST(BareTag, ConservativePattern) {
  auto t = Ok("ZC-2019-0457");
  EXPECT_EQ(t.form, LabelForm::kBareTag);
  EXPECT_EQ(t.tag, "ZC-2019-0457");
  EXPECT_EQ(Ok("]C0ZC-2019-0457").tag, "ZC-2019-0457");  // plain Code 128 symbology id stripped
  for (const char* s : {"HELLO", "12345678", "zc-2019-0457", "ZC--2019", "ZC-2019-", "-ZC-1", "ZC 2019",
                        "Z-1x", "ABC-DEF", "ZC-2019-0457-ZC-2019-0457-ZC-2019"})
    EXPECT_EQ(Code(s), "label.unrecognised") << s;
}

TEST(Hostile, SizeEncodingAndControls) {
  EXPECT_EQ(Code(""), "label.empty");
  EXPECT_EQ(Code(std::string(513, 'A')), "label.too_long");
  EXPECT_EQ(Code("OS1:A=" + std::string(506, 'A')), "label.bad_asset_id");  // exactly 512: length ok, id not
  EXPECT_EQ(Code("ZC-2019-\xff"), "label.invalid_utf8");
  EXPECT_EQ(Code("\xc0\xafZC-1"), "label.invalid_utf8");        // overlong '/'
  EXPECT_EQ(Code("\xed\xa0\x80"), "label.invalid_utf8");         // surrogate
  EXPECT_EQ(Code("\xe4\xb8"), "label.invalid_utf8");             // truncated
  EXPECT_EQ(Code("ZC-2019-0457\r\n"), "label.control_char");
  EXPECT_EQ(Code("ZC-2019\x00-0457"s), "label.control_char");
  EXPECT_EQ(Code("OS1:A=EQ-1\x1d"), "label.control_char");       // GS only in GS1 data
  EXPECT_EQ(Code("ZC-2019\x7f"), "label.control_char");
  EXPECT_EQ(Code("ZC-2019\xc2\x85"), "label.control_char");       // C1 NEL
  EXPECT_EQ(Code("ZC-\xe2\x80\xae" "2019"), "label.control_char");  // right-to-left override
  EXPECT_EQ(Code("\xe8\xae\xbe\xe5\xa4\x87"), "label.unrecognised");  // valid UTF-8 text, not a label
  EXPECT_EQ(Code("'; DROP TABLE assets;--"), "label.unrecognised");
}

TEST(Json, CarriesFormAndFields) {
  nlohmann::json j = Ok("(01)06901234567892(21)SN1");
  EXPECT_EQ(j["form"], "gs1_element_string");
  EXPECT_EQ(j["gtin"], "06901234567892");
  EXPECT_EQ(j["gs1"][1]["ai"], "21");
  EXPECT_FALSE(j.contains("asset_id"));
}

}  // namespace
}  // namespace onestop::labels
