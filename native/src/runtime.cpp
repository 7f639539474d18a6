// Process-wide libtorch settings: the intra-op thread count. (Seeds go
// through the generator table: generators.cpp.)
#include "ops.h"

#include <ATen/Parallel.h>

namespace tt {
namespace {

Napi::Value SetNumThreads(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (info.Length() < 1 || !info[0].IsNumber()) throw ArgError("setNumThreads(n): expected a number");
    double n = info[0].As<Napi::Number>().DoubleValue();
    if (!(n >= 1 && n <= 1024) || n != static_cast<double>(static_cast<int>(n))) {
      throw ArgError("setNumThreads(n): n must be an integer, at least 1 and at most 1024");
    }
    at::set_num_threads(static_cast<int>(n));
    return info.Env().Undefined();
  });
}

Napi::Value GetNumThreads(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value { return Napi::Number::New(info.Env(), at::get_num_threads()); });
}

}  // namespace

void registerRuntime(Napi::Env env, Napi::Object exports) {
  exports.Set("setNumThreads", Napi::Function::New(env, SetNumThreads));
  exports.Set("getNumThreads", Napi::Function::New(env, GetNumThreads));
}

}  // namespace tt
