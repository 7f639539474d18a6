// Random-number generators. JS refers to a generator by id: 0 is libtorch's
// default CPU generator (what torch.manualSeed seeds), other ids are
// generators created from JS (torch.Generator), each with its own stream.
// An op argument of schema type `Generator?` takes such an id.
#include "generators.h"

#include <ATen/CPUGeneratorImpl.h>
#include <ATen/Context.h>

#include <cmath>
#include <mutex>
#include <unordered_map>

namespace tt {
namespace {

std::unordered_map<double, at::Generator>& created() {
  // Per JS thread, as tensor handles are (each worker has its own ids).
  static thread_local std::unordered_map<double, at::Generator> map;
  return map;
}
thread_local double nextId = 1;

uint64_t seedArg(const Napi::Value& v, const char* what) {
  if (v.IsBigInt()) {
    bool lossless;
    uint64_t seed = v.As<Napi::BigInt>().Uint64Value(&lossless);
    if (!lossless) {
      // Negative seeds wrap to uint64 as in PyTorch's Generator.manual_seed.
      int64_t s = v.As<Napi::BigInt>().Int64Value(&lossless);
      if (!lossless) throw ArgError(std::string(what) + ": the seed must fit in 64 bits");
      seed = static_cast<uint64_t>(s);
    }
    return seed;
  }
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    // Beyond 2^53 a number is no longer exact (and casting one beyond int64 is undefined).
    if (!(std::fabs(d) <= 9007199254740992.0) || d != std::floor(d)) {
      throw ArgError(std::string(what) + ": the seed must be an integer (a bigint for seeds beyond 2^53)");
    }
    return static_cast<uint64_t>(static_cast<int64_t>(d));
  }
  throw ArgError(std::string(what) + ": expected an integer seed (number or bigint)");
}

double idArg(const Napi::CallbackInfo& info, const char* what) {
  if (info.Length() < 1 || !info[0].IsNumber()) throw ArgError(std::string(what) + ": expected a generator id");
  return info[0].As<Napi::Number>().DoubleValue();
}

// What one CPU generator holds natively (its Mersenne-Twister state and
// more), reported to V8 so that the garbage collector sees the pressure of
// generators that are never disposed.
constexpr int64_t kGeneratorBytes = static_cast<int64_t>(sizeof(at::CPUGeneratorImpl));

Napi::Value NewGenerator(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    uint64_t seed = info.Length() > 0 && !info[0].IsUndefined() ? seedArg(info[0], "Generator(seed)")
                                                                  : at::default_rng_seed_val;
    double id = nextId++;
    created().emplace(id, at::detail::createCPUGenerator(seed));
    int64_t total;
    napi_adjust_external_memory(info.Env(), kGeneratorBytes, &total);
    return Napi::Number::New(info.Env(), id);
  });
}

Napi::Value ReleaseGenerator(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (created().erase(idArg(info, "releaseGenerator(id)")) > 0) {
      int64_t total;
      napi_adjust_external_memory(info.Env(), -kGeneratorBytes, &total);
    }
    return info.Env().Undefined();
  });
}

// manualSeed(id, seed). For the default generator (id 0, what torch.manualSeed
// seeds) this is at::manual_seed, as Python's torch.manual_seed.
Napi::Value GeneratorManualSeed(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    double id = idArg(info, "manualSeed");
    uint64_t seed = seedArg(info.Length() > 1 ? info[1] : info.Env().Undefined(), "manualSeed(seed)");
    if (id == 0) {
      at::manual_seed(seed);
      return info.Env().Undefined();
    }
    at::Generator gen = generatorById(id);
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_current_seed(seed);
    return info.Env().Undefined();
  });
}

Napi::Value GeneratorInitialSeed(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    at::Generator gen = generatorById(idArg(info, "initialSeed"));
    std::lock_guard<std::mutex> lock(gen.mutex());
    return Napi::BigInt::New(info.Env(), gen.current_seed());
  });
}

// Reseeds from a non-deterministic source and returns the new seed.
Napi::Value GeneratorSeed(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    at::Generator gen = generatorById(idArg(info, "seed"));
    std::lock_guard<std::mutex> lock(gen.mutex());
    return Napi::BigInt::New(info.Env(), gen.seed());
  });
}

// The generator's whole state as a uint8 tensor (a handle), as torch.get_rng_state.
Napi::Value GeneratorGetState(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    at::Generator gen = generatorById(idArg(info, "getState"));
    std::lock_guard<std::mutex> lock(gen.mutex());
    return Napi::Number::New(info.Env(), table().add(gen.get_state()));
  });
}

Napi::Value GeneratorSetState(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    at::Generator gen = generatorById(idArg(info, "setState"));
    const at::Tensor& state = table().get(handleArg(info.Length() > 1 ? info[1] : info.Env().Undefined(),
                                                    "setState(state)"));
    std::lock_guard<std::mutex> lock(gen.mutex());
    gen.set_state(state);
    return info.Env().Undefined();
  });
}

}  // namespace

at::Generator generatorById(double id) {
  if (id == 0) return at::detail::getDefaultCPUGenerator();
  auto found = created().find(id);
  if (found == created().end()) throw ArgError("the generator was released or never existed");
  return found->second;
}

void registerGenerators(Napi::Env env, Napi::Object exports) {
  exports.Set("newGenerator", Napi::Function::New(env, NewGenerator));
  exports.Set("releaseGenerator", Napi::Function::New(env, ReleaseGenerator));
  exports.Set("generatorManualSeed", Napi::Function::New(env, GeneratorManualSeed));
  exports.Set("generatorInitialSeed", Napi::Function::New(env, GeneratorInitialSeed));
  exports.Set("generatorSeed", Napi::Function::New(env, GeneratorSeed));
  exports.Set("generatorGetState", Napi::Function::New(env, GeneratorGetState));
  exports.Set("generatorSetState", Napi::Function::New(env, GeneratorSetState));
}

}  // namespace tt
