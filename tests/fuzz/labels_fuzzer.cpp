// libFuzzer target for ParseLabel (built with clang++ -fsanitize=fuzzer,address,undefined when
// available, see labels.cmake). Besides "no crash", it checks invariants of every result, so the
// fuzzer also finds logic slips. Must stay deterministic and free of I/O.
#include <cstdint>
#include <cstdlib>
#include <string_view>

#include "tests/fuzz/labels_invariants.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  const std::string_view input(reinterpret_cast<const char*>(data), size);
  if (!onestop::labels::fuzz::CheckInvariants(input)) std::abort();
  return 0;
}
