// StoreReader: a read connection to the kiosk store, opened on first use by the one executor lane
// that owns it (WAL lets it read beside the sync writer). Never shared between lanes; never writes.
#pragma once
#include <memory>
#include <string>

#include "kiosk/core/clock.h"
#include "kiosk/core/result.h"
#include "offline/store.h"

namespace onestop::app {

class StoreReader {
 public:
  StoreReader(std::string path, const Clock& clock) : path_(std::move(path)), clock_(clock) {}
  Result<offline::Store*> Get() {
    if (!store_) {
      auto s = offline::Store::Open(path_, clock_);
      if (!s) return s.error();
      store_ = std::move(s).value();
    }
    return store_.get();
  }

 private:
  std::string path_;
  const Clock& clock_;
  std::unique_ptr<offline::Store> store_;
};

}  // namespace onestop::app
