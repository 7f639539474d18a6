// Shared pieces of the addon: the tensor handle table, error plumbing, and the
// tables that translate between JS names and libtorch enums.
#pragma once

#include <napi.h>

#include <ATen/core/Tensor.h>
#include <c10/core/Device.h>
#include <c10/core/Layout.h>
#include <c10/core/MemoryFormat.h>
#include <c10/core/ScalarType.h>
#include <c10/util/Exception.h>

#include <cstdint>
#include <stdexcept>
#include <string>
#include <vector>

namespace tt {

// An error in how JS called us (wrong argument type, stale handle, ...).
// Reported to JS as a TorchError just like libtorch's own errors.
struct ArgError : std::runtime_error {
  using std::runtime_error::runtime_error;
};

// ---------------------------------------------------------------------------
// Tensor table. JS holds handles: a double whose low 24 bits index a slot and
// whose upper bits carry the slot's generation at the time the handle was
// issued. Freeing a slot bumps its generation, so a stale handle can never
// reach the tensor that later reuses the slot.
class TensorTable {
 public:
  static constexpr double kIndexSpan = 16777216.0;  // 2^24

  double add(at::Tensor t);
  const at::Tensor& get(double handle) const;
  // Frees the slot; false when the handle was already stale (double dispose).
  bool release(double handle);
  bool isLive(double handle) const;
  // The live tensor of a handle, or nullptr (one decode, for the per-op path).
  const at::Tensor* find(double handle) const {
    uint32_t index;
    return decode(handle, &index) ? &slots_[index].tensor : nullptr;
  }

  // dispose() in JS does not cross into native code: it appends the handle to
  // this queue, shared with JS as a Float64Array (slot 0 holds the count), and
  // every native entry point drains it first. Freeing is thus deferred at most
  // until the next call into libtorch (or the next turn of the event loop).
  static constexpr size_t kReleaseQueueSize = 1024;
  double* releaseQueue() { return releaseQueue_; }
  void drainReleaseQueue();
  size_t liveCount() const { return live_; }
  // Bytes of the distinct storages that live tensors hold.
  int64_t liveBytes() const;
  // Storage bytes added (+) or released (-) since the last call: reported to
  // V8 as external memory so that the garbage collector, whose finalizers are
  // the safety net for tensors never disposed, sees the real memory pressure.
  int64_t pendingExternalDelta() const { return externalDelta_; }
  int64_t takeExternalDelta() {
    int64_t d = externalDelta_;
    externalDelta_ = 0;
    return d;
  }

 private:
  struct Slot {
    at::Tensor tensor;
    uint32_t gen = 1;
    int64_t accountedBytes = 0;
  };
  bool decode(double handle, uint32_t* index) const;
  std::vector<Slot> slots_;
  std::vector<uint32_t> free_;
  size_t live_ = 0;
  int64_t externalDelta_ = 0;
  double releaseQueue_[kReleaseQueueSize] = {0};
};

// One table per JS thread (the main thread and each worker_threads Worker
// run on threads of their own): handles are local to the thread that made
// them, as its JS objects are. Tensors cross between threads only through
// the hand-off registry (tensors.cpp: sendTensors / receiveTensors).
// Inline: every op looks it up at least twice.
inline TensorTable& table() {
  static thread_local TensorTable instance;
  return instance;
}

// ---------------------------------------------------------------------------
// Errors. Every exported function runs inside guard(): libtorch's c10::Error
// and any std::exception become a JS TorchError instead of aborting node.
void setErrorClass(Napi::Function ctor);
[[noreturn]] void throwTorchError(Napi::Env env, const std::string& message,
                                  const std::string& detail);
// The same error as a value, for rejecting a promise (async work).
Napi::Value makeTorchError(Napi::Env env, const std::string& message, const std::string& detail);

// libtorch's messages for users: its internal-assert, bare-check and
// missing-kernel texts become a sentence naming the op (`op`, when known);
// other messages keep their first line. The full text stays on .detail.
std::string userMessage(const std::string& what, const std::string& op);

// A libtorch error already turned into its message for users; `detail` keeps libtorch's full text.
struct TorchFailure : std::runtime_error {
  TorchFailure(const std::string& message, std::string full) : std::runtime_error(message), detail(std::move(full)) {}
  std::string detail;
};

void reportExternalMemory(Napi::Env env);
// External memory is reported in steps of at least 4 MB: the GC needs the
// trend, not every byte. Checked inline after every native call.
constexpr int64_t kExternalMemoryStep = int64_t{4} << 20;
inline bool externalMemoryDue(const TensorTable& tbl = table()) {
  int64_t d = tbl.pendingExternalDelta();
  return d >= kExternalMemoryStep || d <= -kExternalMemoryStep;
}

// libtorch's warnings (TORCH_WARN) are collected instead of printed, and
// each distinct one is handed to JS once, as process.emitWarning(message,
// 'TorchWarning'), after the native call that raised it.
void installWarningHandler();
void flushWarnings(Napi::Env env);
// Set while this thread's warnings wait to be handed to JS (read after every native call).
extern thread_local bool warningsPending;

template <typename F>
Napi::Value guardEnv(Napi::Env env, F&& body) {
  try {
    TensorTable& tbl = table();  // one thread-local lookup for the checks around the call
    if (tbl.releaseQueue()[0] != 0) tbl.drainReleaseQueue();
    Napi::Value result = body();
    if (externalMemoryDue(tbl)) reportExternalMemory(env);
    if (warningsPending) flushWarnings(env);
    return result;
  } catch (const Napi::Error&) {
    throw;
  } catch (const TorchFailure& e) {
    flushWarnings(env);
    throwTorchError(env, e.what(), e.detail);
  } catch (const c10::Error& e) {
    throwTorchError(env, userMessage(e.what_without_backtrace(), ""), e.what());
  } catch (const std::exception& e) {
    throwTorchError(env, e.what(), e.what());
  } catch (...) {
    throwTorchError(env, "unknown native error", "unknown native error");
  }
}

template <typename F>
Napi::Value guard(const Napi::CallbackInfo& info, F&& body) {
  return guardEnv(info.Env(), std::forward<F>(body));
}

// ---------------------------------------------------------------------------
// Enum names as the JS API spells them.
c10::ScalarType parseDtype(const std::string& name);
const char* dtypeName(c10::ScalarType t);
c10::Layout parseLayout(const std::string& name);
const char* layoutName(c10::Layout l);
c10::MemoryFormat parseMemoryFormat(const std::string& name);
c10::Device parseDevice(const std::string& name);
std::string deviceName(const c10::Device& d);

// Small JS helpers.
double handleArg(const Napi::Value& v, const char* what);
std::vector<int64_t> intListArg(const Napi::Value& v, const char* what);
Napi::Array intVector(Napi::Env env, c10::IntArrayRef values);

}  // namespace tt
