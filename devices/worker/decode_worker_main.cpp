// onestop-decode-worker: standalone host for the decode worker loop (tests, benchmarks, and any
// program that is not onestop-kiosk). Speaks decode_worker.h on stdin; never prints to stdout.
#include "devices/decode_worker.h"

int main() { return onestop::devices::RunDecodeWorker(0); }
