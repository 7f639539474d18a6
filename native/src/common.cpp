#include "common.h"

#include <c10/core/Storage.h>

#include <cmath>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <unordered_set>

namespace tt {

// ---------------------------------------------------------------------------
// Tensor table

double TensorTable::add(at::Tensor t) {
  uint32_t index;
  if (!free_.empty()) {
    index = free_.back();
    free_.pop_back();
  } else {
    if (slots_.size() >= static_cast<size_t>(kIndexSpan)) {
      throw ArgError("too many live tensors (16,777,216): dispose tensors or use torch.scope()");
    }
    index = static_cast<uint32_t>(slots_.size());
    slots_.emplace_back();
  }
  Slot& slot = slots_[index];
  // Views share their base's storage and are counted again: the figure is a
  // pressure hint for the GC, not an exact account (memory() is exact).
  // unsafe_storage(): a reference, not a refcounted copy (this runs per op).
  const c10::TensorImpl* impl = t.unsafeGetTensorImpl();
  slot.accountedBytes = impl->has_storage() && !impl->is_meta()
                            ? static_cast<int64_t>(impl->unsafe_storage().nbytes())
                            : 0;
  externalDelta_ += slot.accountedBytes;
  slot.tensor = std::move(t);
  ++live_;
  return static_cast<double>((static_cast<uint64_t>(slot.gen) << 24) | index);
}

bool TensorTable::decode(double handle, uint32_t* index) const {
  // Handles are integers below 2^53: index in the low 24 bits, generation above.
  if (!(handle >= 0 && handle < 9007199254740992.0)) return false;
  uint64_t bits = static_cast<uint64_t>(handle);
  if (static_cast<double>(bits) != handle) return false;
  uint64_t idx = bits & 0xFFFFFFu;
  if (idx >= slots_.size()) return false;
  const Slot& s = slots_[idx];
  if ((bits >> 24) != s.gen || !s.tensor.defined()) return false;
  *index = static_cast<uint32_t>(idx);
  return true;
}

const at::Tensor& TensorTable::get(double handle) const {
  uint32_t index;
  if (!decode(handle, &index)) {
    throw ArgError("tensor was disposed (or the handle is invalid): it can no longer be used");
  }
  return slots_[index].tensor;
}

bool TensorTable::isLive(double handle) const {
  uint32_t index;
  return decode(handle, &index);
}

bool TensorTable::release(double handle) {
  uint32_t index;
  if (!decode(handle, &index)) return false;
  Slot& s = slots_[index];
  s.tensor = at::Tensor();
  externalDelta_ -= s.accountedBytes;
  s.accountedBytes = 0;
  // Generations stay below 2^29 so handles remain exact doubles (< 2^53).
  s.gen = s.gen >= (1u << 29) ? 1 : s.gen + 1;
  free_.push_back(index);
  --live_;
  return true;
}

void TensorTable::drainReleaseQueue() {
  size_t n = static_cast<size_t>(releaseQueue_[0]);
  if (n == 0) return;
  if (n >= kReleaseQueueSize) n = kReleaseQueueSize - 1;  // JS never writes past the end
  for (size_t i = 1; i <= n; ++i) release(releaseQueue_[i]);
  releaseQueue_[0] = 0;
}

int64_t TensorTable::liveBytes() const {
  std::unordered_set<const void*> seen;
  int64_t bytes = 0;
  for (const Slot& s : slots_) {
    if (!s.tensor.defined() || !s.tensor.has_storage() || s.tensor.is_meta()) continue;
    const c10::StorageImpl* impl = s.tensor.storage().unsafeGetStorageImpl();
    if (impl == nullptr || !seen.insert(impl).second) continue;
    bytes += static_cast<int64_t>(impl->nbytes());
  }
  return bytes;
}

void reportExternalMemory(Napi::Env env) {
  if (!externalMemoryDue()) return;
  int64_t total;
  napi_adjust_external_memory(env, table().takeExternalDelta(), &total);
}

// ---------------------------------------------------------------------------
// Errors

// The TorchError class of this thread's JS environment (each worker has its
// own). A raw reference, never deleted: the environment frees it when it is
// torn down, which a thread-local destructor would run after.
static thread_local napi_ref errorClassRef = nullptr;

void setErrorClass(Napi::Function ctor) {
  napi_env env = ctor.Env();
  if (errorClassRef != nullptr) napi_delete_reference(env, errorClassRef);
  errorClassRef = nullptr;
  NAPI_THROW_IF_FAILED_VOID(env, napi_create_reference(env, ctor, 1, &errorClassRef));
}


static std::string firstLine(const std::string& text) {
  size_t end = text.find('\n');
  std::string line = end == std::string::npos ? text : text.substr(0, end);
  while (!line.empty() && (line.back() == '\r' || line.back() == ' ')) line.pop_back();
  return line.empty() ? text : line;
}


namespace {

std::string trim(std::string s) {
  while (!s.empty() && (s.back() == ' ' || s.back() == '.' || s.back() == '\n')) s.pop_back();
  size_t start = s.find_first_not_of(' ');
  return start == std::string::npos ? "" : s.substr(start);
}

// A dispatch key as words: 'Meta' -> "on the meta device".
std::string backendWords(const std::string& key) {
  if (key == "Meta") return "tensors on the 'meta' device (shapes only, no data)";
  if (key == "CUDA") return "CUDA tensors (this libtorch is built for the CPU only)";
  if (key.rfind("Sparse", 0) == 0) return "sparse tensors";
  if (key.rfind("Quantized", 0) == 0) return "quantized tensors";
  if (key == "CPU") return "dense CPU tensors";
  return "'" + key + "' tensors";
}

}  // namespace

std::string userMessage(const std::string& what, const std::string& op) {
  std::string line = firstLine(what);
  // "[enforce fail at alloc_cpu.cpp:75] err == 0. DefaultCPUAllocator: can't allocate memory: ..."
  if (line.rfind("[enforce fail at ", 0) == 0) {
    size_t close = line.find("] ");
    size_t sentence = close == std::string::npos ? std::string::npos : line.find(". ", close);
    if (sentence != std::string::npos) line = line.substr(sentence + 2);
  }
  const std::string who = op.empty() ? "" : op + ": ";
  // "Could not run 'aten::x' with arguments from the 'Meta' backend. This could be because ..."
  const std::string couldNot = "Could not run '";
  if (line.rfind(couldNot, 0) == 0) {
    size_t nameEnd = line.find('\'', couldNot.size());
    size_t keyStart = line.find("from the '", nameEnd);
    if (nameEnd != std::string::npos && keyStart != std::string::npos) {
      keyStart += 10;
      size_t keyEnd = line.find('\'', keyStart);
      std::string name = line.substr(couldNot.size(), nameEnd - couldNot.size());
      std::string key = line.substr(keyStart, keyEnd - keyStart);
      bool same = !op.empty() && op.substr(0, op.find('.')) == name;
      return (op.empty() || same ? "" : who) + name + " is not available for " + backendWords(key);
    }
  }
  // "0 INTERNAL ASSERT FAILED at "file":655, please report a bug to PyTorch. <explanation>"
  size_t assertAt = line.find("INTERNAL ASSERT FAILED");
  if (assertAt != std::string::npos) {
    size_t why = line.find("please report a bug to PyTorch.");
    std::string explanation = why == std::string::npos ? "" : trim(line.substr(why + 31));
    return who + "libtorch cannot handle these arguments" + (explanation.empty() ? "" : ": " + explanation);
  }
  // "Expected x.dim() == 2 to be true, but got false.  (Could this error message be improved?  ...)"
  size_t expected = line.find("to be true, but got false.");
  if (line.rfind("Expected ", 0) == 0 && expected != std::string::npos) {
    return who + "libtorch expected " + trim(line.substr(9, expected - 9)) + ", which does not hold for these arguments";
  }
  size_t improved = line.find("(Could this error message be improved?");
  if (improved != std::string::npos) return who + trim(line.substr(0, improved));
  return line;
}

Napi::Value makeTorchError(Napi::Env env, const std::string& message, const std::string& detail) {
  std::string line = firstLine(message);
  napi_value ctor = nullptr;
  if (errorClassRef == nullptr || napi_get_reference_value(env, errorClassRef, &ctor) != napi_ok || ctor == nullptr) {
    return Napi::Error::New(env, line).Value();
  }
  Napi::Object err = Napi::Function(env, ctor).New({Napi::String::New(env, line)});
  err.Set("detail", Napi::String::New(env, detail));
  return err;
}

void throwTorchError(Napi::Env env, const std::string& message, const std::string& detail) {
  throw Napi::Error(env, makeTorchError(env, message, detail));
}

// ---------------------------------------------------------------------------
// Warnings

thread_local bool warningsPending = false;

namespace {

class CollectingHandler : public c10::WarningHandler {
 public:
  void process(const c10::SourceLocation&, const std::string& msg, const bool) override {
    std::lock_guard<std::mutex> lock(mutex_);
    if (seen_.insert(msg).second) {
      pending_.push_back(msg);
      warningsPending = true;
    }
  }
  std::vector<std::string> take() {
    std::lock_guard<std::mutex> lock(mutex_);
    std::vector<std::string> out;
    out.swap(pending_);
    warningsPending = false;
    return out;
  }
  bool any() const { return warningsPending; }

 private:
  std::mutex mutex_;
  std::vector<std::string> pending_;
  std::unordered_set<std::string> seen_;  // each distinct warning once, as Python's default filter
};

CollectingHandler& warnings() {
  // c10's warning handler is per thread, as are the warnings JS is handed.
  static thread_local CollectingHandler handler;
  return handler;
}

}  // namespace

void installWarningHandler() {
  c10::Warning::set_warning_handler(&warnings());
}

void flushWarnings(Napi::Env env) {
  if (!warnings().any()) return;
  Napi::Object process = env.Global().Get("process").As<Napi::Object>();
  Napi::Value emit = process.Get("emitWarning");
  if (!emit.IsFunction()) return;
  for (const std::string& msg : warnings().take()) {
    emit.As<Napi::Function>().Call(process, {Napi::String::New(env, msg), Napi::String::New(env, "TorchWarning")});
  }
}

// ---------------------------------------------------------------------------
// Enum names

namespace {
struct DtypeName {
  const char* name;
  c10::ScalarType type;
};
// Canonical names first: dtypeName() returns the first match.
const DtypeName kDtypes[] = {
    {"float32", c10::ScalarType::Float},     {"float64", c10::ScalarType::Double},
    {"float16", c10::ScalarType::Half},      {"bfloat16", c10::ScalarType::BFloat16},
    {"int8", c10::ScalarType::Char},         {"int16", c10::ScalarType::Short},
    {"int32", c10::ScalarType::Int},         {"int64", c10::ScalarType::Long},
    {"uint8", c10::ScalarType::Byte},        {"bool", c10::ScalarType::Bool},
    {"complex64", c10::ScalarType::ComplexFloat},
    {"complex128", c10::ScalarType::ComplexDouble},
    {"complex32", c10::ScalarType::ComplexHalf},
    {"float", c10::ScalarType::Float},       {"double", c10::ScalarType::Double},
    {"half", c10::ScalarType::Half},         {"long", c10::ScalarType::Long},
    {"int", c10::ScalarType::Int},
};
}  // namespace

c10::ScalarType parseDtype(const std::string& name) {
  for (const auto& d : kDtypes) {
    if (name == d.name) return d.type;
  }
  throw ArgError("unknown dtype '" + name +
                 "' (expected one of float32, float64, float16, bfloat16, int8, int16, "
                 "int32, int64, uint8, bool, complex32, complex64, complex128)");
}

const char* dtypeName(c10::ScalarType t) {
  for (const auto& d : kDtypes) {
    if (d.type == t) return d.name;
  }
  // A dtype the JS side has no name for (quantized types): never handed to JS as if it were one.
  throw ArgError(std::string("a tensor of dtype ") + c10::toString(t) + ", which typed-torch does not support");
}

// Python's names without the `torch.` prefix (torch.sparse_coo is "sparse_coo").
c10::Layout parseLayout(const std::string& name) {
  if (name == "strided") return c10::Layout::Strided;
  if (name == "sparse_coo" || name == "sparse") return c10::Layout::Sparse;
  if (name == "sparse_csr") return c10::Layout::SparseCsr;
  if (name == "sparse_csc") return c10::Layout::SparseCsc;
  if (name == "sparse_bsr") return c10::Layout::SparseBsr;
  if (name == "sparse_bsc") return c10::Layout::SparseBsc;
  throw ArgError("unknown layout '" + name +
                 "' (expected strided, sparse_coo, sparse_csr, sparse_csc, sparse_bsr or sparse_bsc)");
}

const char* layoutName(c10::Layout l) {
  switch (l) {
    case c10::Layout::Strided: return "strided";
    case c10::Layout::Sparse: return "sparse_coo";
    case c10::Layout::SparseCsr: return "sparse_csr";
    case c10::Layout::SparseCsc: return "sparse_csc";
    case c10::Layout::SparseBsr: return "sparse_bsr";
    case c10::Layout::SparseBsc: return "sparse_bsc";
    default:
      // mkldnn tensors: never created through the public API.
      throw ArgError(std::string("a tensor of layout ") + c10::toString(l) + ", which typed-torch does not support");
  }
}

c10::MemoryFormat parseMemoryFormat(const std::string& name) {
  if (name == "contiguous_format" || name == "contiguous") return c10::MemoryFormat::Contiguous;
  if (name == "preserve_format" || name == "preserve") return c10::MemoryFormat::Preserve;
  if (name == "channels_last") return c10::MemoryFormat::ChannelsLast;
  if (name == "channels_last_3d") return c10::MemoryFormat::ChannelsLast3d;
  throw ArgError("unknown memory format '" + name +
                 "' (expected contiguous_format, preserve_format, channels_last or channels_last_3d)");
}

// The devices typed-torch knows: cpu, meta, cuda and cuda:N (c10 parses more
// names, Caffe2's among them, which libtorch then cannot dispatch to).
c10::Device parseDevice(const std::string& name) {
  bool known = name == "cpu" || name == "meta" || name == "cuda" || name.rfind("cuda:", 0) == 0;
  if (known) {
    try {
      return c10::Device(name);
    } catch (const c10::Error&) {
    }
  }
  throw ArgError("unknown device '" + name + "' (expected 'cpu', 'meta', 'cuda' or 'cuda:N')");
}

std::string deviceName(const c10::Device& d) {
  return d.str();
}

// ---------------------------------------------------------------------------
// JS helpers

double handleArg(const Napi::Value& v, const char* what) {
  if (!v.IsNumber()) throw ArgError(std::string(what) + ": expected a tensor");
  return v.As<Napi::Number>().DoubleValue();
}

std::vector<int64_t> intListArg(const Napi::Value& v, const char* what) {
  if (!v.IsArray()) throw ArgError(std::string(what) + ": expected an array of integers");
  Napi::Array a = v.As<Napi::Array>();
  std::vector<int64_t> out(a.Length());
  for (uint32_t i = 0; i < a.Length(); ++i) {
    Napi::Value e = a.Get(i);
    double d;
    if (e.IsNumber()) {
      d = e.As<Napi::Number>().DoubleValue();
    } else if (e.IsBigInt()) {
      bool lossless;
      out[i] = e.As<Napi::BigInt>().Int64Value(&lossless);
      if (!lossless) {
        throw ArgError(std::string(what) + ": element " + std::to_string(i) + " (" +
                       e.As<Napi::BigInt>().ToString().Utf8Value() + "n) is beyond int64");
      }
      continue;
    } else {
      throw ArgError(std::string(what) + ": element " + std::to_string(i) + " is not a number");
    }
    if (d != std::floor(d) || !std::isfinite(d)) {
      throw ArgError(std::string(what) + ": element " + std::to_string(i) + " (" +
                     std::to_string(d) + ") is not an integer");
    }
    if (!(d >= -9223372036854775808.0 && d < 9223372036854775808.0)) {
      throw ArgError(std::string(what) + ": element " + std::to_string(i) + " is beyond int64");
    }
    out[i] = static_cast<int64_t>(d);
  }
  return out;
}

Napi::Array intVector(Napi::Env env, c10::IntArrayRef values) {
  Napi::Array a = Napi::Array::New(env, values.size());
  for (size_t i = 0; i < values.size(); ++i) {
    a.Set(static_cast<uint32_t>(i), Napi::Number::New(env, static_cast<double>(values[i])));
  }
  return a;
}

}  // namespace tt
