// Module entry: exports the op path, tensor I/O, and autograd functions.
#include "generators.h"
#include "ops.h"

namespace tt {
// init({TorchError}) wires the JS error class that native errors are thrown as.
static Napi::Value Init(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (info.Length() < 1 || !info[0].IsFunction()) {
      throw ArgError("init(TorchError): expected the error class");
    }
    setErrorClass(info[0].As<Napi::Function>());
    installWarningHandler();
    return info.Env().Undefined();
  });
}

Napi::Object Register(Napi::Env env, Napi::Object exports) {
  exports.Set("init", Napi::Function::New(env, Init));
  registerOps(env, exports);
  registerTensors(env, exports);
  registerAutograd(env, exports);
  registerRuntime(env, exports);
  registerGenerators(env, exports);
  registerFunctorch(env, exports);
  registerJit(env, exports);
  registerProfiler(env, exports);
  registerDistributed(env, exports);
  return exports;
}

}  // namespace tt

static Napi::Object RegisterModule(Napi::Env env, Napi::Object exports) {
  return tt::Register(env, exports);
}

NODE_API_MODULE(typed_torch, RegisterModule)
