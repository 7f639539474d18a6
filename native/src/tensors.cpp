// Tensor I/O and metadata: creation from JS buffers, read-back, shape/dtype/
// device queries, gradient slots, and handle lifetime.
#include "ops.h"

#include <ATen/ops/empty.h>
#include <ATen/ops/_local_scalar_dense.h>
#include <c10/core/GradMode.h>
#include <torch/csrc/autograd/function.h>

#include <cstring>
#include <mutex>
#include <unordered_map>
#include <vector>

namespace tt {
namespace {

const at::Tensor& tensorAt(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i) throw ArgError("expected a tensor argument");
  return table().get(handleArg(info[i], "tensor"));
}

// fromBuffer(typedArray, shape, dtype) -> handle. The typed array's bytes are
// copied; its byte length must be numel * element size of dtype.
Napi::Value FromBuffer(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (info.Length() < 3 || !info[0].IsTypedArray() || !info[2].IsString()) {
      throw ArgError("fromBuffer(data, shape, dtype): expected a typed array, a shape and a dtype");
    }
    Napi::TypedArray data = info[0].As<Napi::TypedArray>();
    std::vector<int64_t> shape = intListArg(info[1], "shape");
    c10::ScalarType dtype = parseDtype(info[2].As<Napi::String>().Utf8Value());
    for (int64_t d : shape) {
      if (d < 0) throw ArgError("shape dimensions must be non-negative");
    }
    at::Tensor t = at::empty(shape, at::TensorOptions().dtype(dtype));
    size_t need = static_cast<size_t>(t.numel()) * c10::elementSize(dtype);
    if (data.ByteLength() != need) {
      throw ArgError("data has " + std::to_string(data.ByteLength()) + " bytes but shape [" +
                     c10::Join(", ", shape) + "] of " + dtypeName(dtype) + " needs " +
                     std::to_string(need));
    }
    if (need > 0) {
      const uint8_t* src = static_cast<const uint8_t*>(data.ArrayBuffer().Data()) + data.ByteOffset();
      std::memcpy(t.data_ptr(), src, need);
    }
    return Napi::Number::New(info.Env(), table().add(std::move(t)));
  });
}

// The most bytes one read-back hands to JS: V8's limit for a typed array.
constexpr double kMaxReadBytes = 4294967295.0;

// toBuffer(handle, raw?) -> ArrayBuffer with the tensor's elements in
// row-major order. float16/bfloat16 come back as float32 and complex32 as
// complex64 (JS has no 16-bit float array) unless `raw` asks for the dtype's
// own bytes (checkpoints). A lazily conjugated or negated tensor is resolved
// first. The bytes live in a libtorch tensor of their own that the
// ArrayBuffer owns: allocating them can fail cleanly (V8 aborts the process
// when it cannot allocate an ArrayBuffer), and the JS side never aliases
// the tensor's memory.
Napi::Value ToBuffer(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    const at::Tensor& original = tensorAt(info, 0);
    if (original.device().type() != c10::DeviceType::CPU) {
      throw ArgError("cannot read the data of a tensor on device '" + original.device().str() +
                     "': move it to 'cpu' first" +
                     (original.is_meta() ? " (meta tensors carry shapes only, no data)" : ""));
    }
    if (original.layout() != c10::Layout::Strided) {
      throw ArgError(std::string("cannot read the data of a ") + layoutName(original.layout()) +
                     " tensor directly: convert it with toDense() first");
    }
    c10::AutoGradMode noGrad(false);
    bool raw = info.Length() > 1 && info[1].IsBoolean() && info[1].As<Napi::Boolean>().Value();
    at::Tensor t = original.resolve_conj().resolve_neg();
    c10::ScalarType st = t.scalar_type();
    if (!raw && (st == c10::ScalarType::Half || st == c10::ScalarType::BFloat16)) t = t.to(c10::ScalarType::Float);
    if (!raw && st == c10::ScalarType::ComplexHalf) t = t.to(c10::ScalarType::ComplexFloat);
    double bytes = static_cast<double>(t.numel()) * static_cast<double>(t.element_size());
    if (bytes > kMaxReadBytes) {
      throw ArgError("the tensor's " + std::to_string(static_cast<int64_t>(bytes)) +
                     " bytes are more than one JS buffer holds (4 GiB): read it in slices (narrow/select)");
    }
    if (bytes == 0) return Napi::ArrayBuffer::New(env, 0);
    t = t.contiguous();
    if (t.storage().unsafeGetStorageImpl() == original.storage().unsafeGetStorageImpl()) t = t.clone();
    auto* owner = new at::Tensor(std::move(t));
    size_t n = static_cast<size_t>(bytes);
    Napi::ArrayBuffer buf = Napi::ArrayBuffer::New(
        env, owner->data_ptr(), n,
        [](Napi::Env e, void*, at::Tensor* held) {
          int64_t total;
          napi_adjust_external_memory(e, -static_cast<int64_t>(held->nbytes()), &total);
          delete held;
        },
        owner);
    int64_t total;
    napi_adjust_external_memory(env, static_cast<int64_t>(n), &total);
    return buf;
  });
}

// item(handle) -> number | boolean. int64 values beyond 2^53 lose precision;
// itemBigInt() is exact.
Napi::Value Item(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    const at::Tensor& t = tensorAt(info, 0);
    if (t.numel() != 1) {
      throw ArgError("item(): a tensor with " + std::to_string(t.numel()) +
                     " elements cannot be converted to a single value");
    }
    c10::AutoGradMode noGrad(false);
    c10::Scalar s = at::_local_scalar_dense(t);
    Napi::Env env = info.Env();
    if (s.isBoolean()) return Napi::Boolean::New(env, s.toBool());
    if (s.isIntegral(false)) {
      if (info.Length() > 1 && info[1].IsBoolean() && info[1].As<Napi::Boolean>().Value()) {
        return Napi::BigInt::New(env, s.toLong());
      }
      return Napi::Number::New(env, static_cast<double>(s.toLong()));
    }
    if (s.isComplex()) throw ArgError("item(): complex values are not supported");
    return Napi::Number::New(env, s.toDouble());
  });
}

Napi::Value Shape(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value { return intVector(info.Env(), tensorAt(info, 0).sizes()); });
}

Napi::Value Strides(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value { return intVector(info.Env(), tensorAt(info, 0).strides()); });
}

Napi::Value LayoutOf(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value { return Napi::String::New(info.Env(), layoutName(tensorAt(info, 0).layout())); });
}

Napi::Value Dtype(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    return Napi::String::New(info.Env(), dtypeName(tensorAt(info, 0).scalar_type()));
  });
}

Napi::Value DeviceOf(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    return Napi::String::New(info.Env(), deviceName(tensorAt(info, 0).device()));
  });
}

Napi::Value Numel(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    return Napi::Number::New(info.Env(), static_cast<double>(tensorAt(info, 0).numel()));
  });
}

Napi::Value RequiresGrad(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    return Napi::Boolean::New(info.Env(), tensorAt(info, 0).requires_grad());
  });
}

Napi::Value SetRequiresGrad(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (info.Length() < 2 || !info[1].IsBoolean()) throw ArgError("setRequiresGrad(t, flag): expected a boolean");
    at::Tensor t = tensorAt(info, 0);
    t.set_requires_grad(info[1].As<Napi::Boolean>().Value());
    return info.Env().Undefined();
  });
}

Napi::Value IsLeaf(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value { return Napi::Boolean::New(info.Env(), tensorAt(info, 0).is_leaf()); });
}

Napi::Value GradFnName(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    const at::Tensor& t = tensorAt(info, 0);
    const auto& fn = t.grad_fn();
    if (!fn) return info.Env().Null();
    return Napi::String::New(info.Env(), fn->name());
  });
}

// grad(handle, cachedGradHandle|null) -> handle|null. When the gradient is
// still the tensor behind the cached handle, that handle is returned, so JS
// can keep one Tensor object per gradient instead of minting one per access.
// A stale cached handle is released here.
Napi::Value Grad(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    const at::Tensor& t = tensorAt(info, 0);
    const at::Tensor& g = t.grad();
    double cached = info.Length() > 1 && info[1].IsNumber() ? info[1].As<Napi::Number>().DoubleValue() : -1;
    if (cached >= 0 && table().isLive(cached)) {
      if (g.defined() && table().get(cached).unsafeGetTensorImpl() == g.unsafeGetTensorImpl()) {
        return Napi::Number::New(env, cached);
      }
      table().release(cached);
    }
    if (!g.defined()) return env.Null();
    return Napi::Number::New(env, table().add(g));
  });
}

Napi::Value SetGrad(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    at::Tensor t = tensorAt(info, 0);
    if (info.Length() < 2 || info[1].IsNull() || info[1].IsUndefined()) {
      t.mutable_grad() = at::Tensor();
    } else {
      const at::Tensor& g = tensorAt(info, 1);
      // As Python's `t.grad = g`: same shape, dtype and device.
      if (!g.sizes().equals(t.sizes())) {
        throw ArgError("assigned grad has shape [" + c10::Join(", ", g.sizes()) +
                       "] but the tensor has shape [" + c10::Join(", ", t.sizes()) + "]");
      }
      if (g.scalar_type() != t.scalar_type()) {
        throw ArgError(std::string("assigned grad has dtype ") + dtypeName(g.scalar_type()) + " but the tensor has dtype " +
                       dtypeName(t.scalar_type()));
      }
      if (g.device() != t.device()) {
        throw ArgError("assigned grad is on device '" + g.device().str() + "' but the tensor is on '" + t.device().str() + "'");
      }
      t.mutable_grad() = g;
    }
    return info.Env().Undefined();
  });
}

Napi::Value RetainGrad(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    tensorAt(info, 0).retain_grad();
    return info.Env().Undefined();
  });
}

// release(handle) -> bool: frees the table slot (false if it was already free).
Napi::Value Release(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    return Napi::Boolean::New(info.Env(), table().release(handleArg(info[0], "release")));
  });
}

Napi::Value IsLive(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    return Napi::Boolean::New(info.Env(), table().isLive(handleArg(info[0], "isLive")));
  });
}

// storageBytes(handle) -> bytes of the storage behind the tensor (0 for meta).
Napi::Value StorageBytes(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    const at::Tensor& t = tensorAt(info, 0);
    double bytes = t.has_storage() && !t.is_meta() ? static_cast<double>(t.storage().nbytes()) : 0;
    return Napi::Number::New(info.Env(), bytes);
  });
}

// releaseQueue() -> Float64Array over the table's release queue (see common.h).
Napi::Value ReleaseQueue(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    constexpr size_t bytes = TensorTable::kReleaseQueueSize * sizeof(double);
    auto buffer = Napi::ArrayBuffer::New(env, table().releaseQueue(), bytes);
    return Napi::Float64Array::New(env, TensorTable::kReleaseQueueSize, buffer, 0);
  });
}

// flushReleases(): frees the queued handles now (guard() drains the queue).
Napi::Value FlushReleases(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value { return info.Env().Undefined(); });
}

Napi::Value Memory(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Napi::Object o = Napi::Object::New(info.Env());
    o.Set("tensors", static_cast<double>(table().liveCount()));
    o.Set("bytes", static_cast<double>(table().liveBytes()));
    return o;
  });
}

// ---------------------------------------------------------------------------
// Hand-off between JS threads. Handles are per thread (common.h), so a tensor
// made in a worker_threads Worker reaches the main thread as a parcel: the
// sender puts the tensors (references, not copies) in this process-wide
// registry under a token it posts as a number; the receiver takes them out
// into its own table. A parcel nobody takes is freed by dropParcel.

struct Parcels {
  std::mutex mutex;
  std::unordered_map<double, std::vector<at::Tensor>> byToken;
  double nextToken = 1;
};

Parcels& parcels() {
  static Parcels registry;
  return registry;
}

// sendTensors(handles) -> token. The sender's handles stay valid (dispose them).
Napi::Value SendTensors(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (info.Length() < 1 || !info[0].IsArray()) throw ArgError("sendTensors(handles): expected an array of tensor handles");
    Napi::Array arr = info[0].As<Napi::Array>();
    std::vector<at::Tensor> tensors;
    tensors.reserve(arr.Length());
    for (uint32_t i = 0; i < arr.Length(); ++i) tensors.push_back(table().get(handleArg(arr.Get(i), "sendTensors")));
    Parcels& p = parcels();
    std::lock_guard<std::mutex> lock(p.mutex);
    double token = p.nextToken++;
    p.byToken.emplace(token, std::move(tensors));
    return Napi::Number::New(info.Env(), token);
  });
}

std::vector<at::Tensor> takeParcel(const Napi::CallbackInfo& info, const char* what) {
  if (info.Length() < 1 || !info[0].IsNumber()) throw ArgError(std::string(what) + "(token): expected the token sendTensors returned");
  double token = info[0].As<Napi::Number>().DoubleValue();
  Parcels& p = parcels();
  std::lock_guard<std::mutex> lock(p.mutex);
  auto found = p.byToken.find(token);
  if (found == p.byToken.end()) {
    throw ArgError(std::string(what) + ": no tensors wait under token " + std::to_string(static_cast<long long>(token)) +
                   " (received already, dropped, or never sent)");
  }
  std::vector<at::Tensor> tensors = std::move(found->second);
  p.byToken.erase(found);
  return tensors;
}

// receiveTensors(token) -> handles in this thread's table, in the order sent.
Napi::Value ReceiveTensors(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    std::vector<at::Tensor> tensors = takeParcel(info, "receiveTensors");
    Napi::Array out = Napi::Array::New(info.Env(), tensors.size());
    for (size_t i = 0; i < tensors.size(); ++i) {
      out.Set(static_cast<uint32_t>(i), Napi::Number::New(info.Env(), table().add(std::move(tensors[i]))));
    }
    return out;
  });
}

// dropParcel(token): frees a parcel that will not be received (a loader closed early).
Napi::Value DropParcel(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    takeParcel(info, "dropParcel");
    return info.Env().Undefined();
  });
}

}  // namespace

void registerTensors(Napi::Env env, Napi::Object exports) {
  exports.Set("sendTensors", Napi::Function::New(env, SendTensors));
  exports.Set("receiveTensors", Napi::Function::New(env, ReceiveTensors));
  exports.Set("dropParcel", Napi::Function::New(env, DropParcel));
  exports.Set("fromBuffer", Napi::Function::New(env, FromBuffer));
  exports.Set("toBuffer", Napi::Function::New(env, ToBuffer));
  exports.Set("item", Napi::Function::New(env, Item));
  exports.Set("shape", Napi::Function::New(env, Shape));
  exports.Set("strides", Napi::Function::New(env, Strides));
  exports.Set("dtype", Napi::Function::New(env, Dtype));
  exports.Set("layout", Napi::Function::New(env, LayoutOf));
  exports.Set("device", Napi::Function::New(env, DeviceOf));
  exports.Set("numel", Napi::Function::New(env, Numel));
  exports.Set("requiresGrad", Napi::Function::New(env, RequiresGrad));
  exports.Set("setRequiresGrad", Napi::Function::New(env, SetRequiresGrad));
  exports.Set("isLeaf", Napi::Function::New(env, IsLeaf));
  exports.Set("gradFnName", Napi::Function::New(env, GradFnName));
  exports.Set("grad", Napi::Function::New(env, Grad));
  exports.Set("setGrad", Napi::Function::New(env, SetGrad));
  exports.Set("retainGrad", Napi::Function::New(env, RetainGrad));
  exports.Set("release", Napi::Function::New(env, Release));
  exports.Set("isLive", Napi::Function::New(env, IsLive));
  exports.Set("storageBytes", Napi::Function::New(env, StorageBytes));
  exports.Set("memory", Napi::Function::New(env, Memory));
  exports.Set("releaseQueue", Napi::Function::New(env, ReleaseQueue));
  exports.Set("flushReleases", Napi::Function::New(env, FlushReleases));
}

}  // namespace tt
