// Replays the ParseLabel fuzz corpus (tests/fuzz/corpus/labels/*) in ctest with the same
// invariants as the libFuzzer target, so every build checks the inputs the fuzzer kept.
// Fails if the corpus is missing: an empty replay would pass without testing anything.
#include <gtest/gtest.h>

#include <filesystem>
#include <fstream>
#include <iterator>

#include "tests/fuzz/labels_invariants.h"

namespace {

TEST(LabelsFuzzCorpus, EveryInputKeepsTheInvariants) {
  const std::filesystem::path dir = std::filesystem::path(ONESTOP_SOURCE_DIR) / "tests/fuzz/corpus/labels";
  ASSERT_TRUE(std::filesystem::is_directory(dir)) << dir;
  int files = 0, accepted = 0;
  for (const auto& entry : std::filesystem::directory_iterator(dir)) {
    if (!entry.is_regular_file()) continue;
    std::ifstream in(entry.path(), std::ios::binary);
    const std::string data((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    EXPECT_TRUE(onestop::labels::fuzz::CheckInvariants(data)) << entry.path();
    accepted += onestop::labels::ParseLabel(data).ok();
    ++files;
  }
  EXPECT_GE(files, 30);
  // The seeds hold both valid and invalid labels; a parser that rejects (or accepts) everything fails.
  EXPECT_GT(accepted, 5);
  EXPECT_LT(accepted, files - 5);
}

}  // namespace
