// The profiler's collector: a global RecordFunction callback, libtorch's own
// observer machinery (what torch.autograd.profiler and torch.profiler build
// on), records every op the dispatcher runs and every autograd node the
// engine evaluates: its name, scope, thread, start and end (steady clock,
// ns) and, when asked, its inputs' shapes. JS turns the events into self and
// total times, averages by name and Chrome traces (src/profiler/).
#include <ATen/record_function.h>

#include <chrono>
#include <memory>
#include <mutex>
#include <vector>

#include "common.h"
#include "ops.h"

namespace tt {
namespace {

struct Event {
  std::string name;
  int64_t startNs;
  int64_t endNs;
  uint64_t thread;
  int scope;
  std::vector<std::vector<int64_t>> shapes;
};

struct Context : at::ObserverContext {
  int64_t startNs = 0;
  std::vector<std::vector<int64_t>> shapes;
};

std::mutex eventsMutex;
std::vector<Event> events;
bool recordShapes = false;
c10::optional<at::CallbackHandle> callback;

int64_t nowNs() {
  return std::chrono::duration_cast<std::chrono::nanoseconds>(std::chrono::steady_clock::now().time_since_epoch()).count();
}

std::unique_ptr<at::ObserverContext> onStart(const at::RecordFunction& fn) {
  auto ctx = std::make_unique<Context>();
  if (recordShapes) {
    for (const c10::IValue& v : fn.inputs()) {
      ctx->shapes.push_back(v.isTensor() && v.toTensor().defined() ? v.toTensor().sizes().vec() : std::vector<int64_t>{});
    }
  }
  ctx->startNs = nowNs();
  return ctx;
}

void onEnd(const at::RecordFunction& fn, at::ObserverContext* observed) {
  int64_t end = nowNs();
  auto* ctx = static_cast<Context*>(observed);
  std::lock_guard<std::mutex> lock(eventsMutex);
  events.push_back(Event{fn.name(), ctx->startNs, end, fn.threadId(), static_cast<int>(fn.scope()), std::move(ctx->shapes)});
}

// profilerStart(recordShapes): starts collecting (an error if already collecting).
Napi::Value ProfilerStart(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (callback) throw ArgError("the profiler is already running: one profile at a time");
    recordShapes = info.Length() > 0 && info[0].IsBoolean() && info[0].As<Napi::Boolean>().Value();
    {
      std::lock_guard<std::mutex> lock(eventsMutex);
      events.clear();
    }
    callback = at::addGlobalCallback(at::RecordFunctionCallback(onStart, onEnd).needsInputs(recordShapes));
    return Napi::Number::New(info.Env(), static_cast<double>(nowNs()) / 1e3);
  });
}

// profilerStop() -> { events: [[name, startUs, endUs, thread, scope, shapes | null], ...], nowUs: when it stopped }
Napi::Value ProfilerStop(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (!callback) throw ArgError("the profiler is not running");
    at::removeCallback(*callback);
    callback.reset();
    // The end of the profiled run: taken before the events become JS values,
    // which for a long run takes longer than the ops did.
    const int64_t stoppedNs = nowNs();
    Napi::Env env = info.Env();
    std::vector<Event> taken;
    {
      std::lock_guard<std::mutex> lock(eventsMutex);
      taken.swap(events);
    }
    Napi::Array out = Napi::Array::New(env, taken.size());
    for (size_t i = 0; i < taken.size(); ++i) {
      const Event& e = taken[i];
      Napi::Array row = Napi::Array::New(env, 6);
      row.Set(0u, e.name);
      row.Set(1u, static_cast<double>(e.startNs) / 1e3);
      row.Set(2u, static_cast<double>(e.endNs) / 1e3);
      row.Set(3u, static_cast<double>(e.thread));
      row.Set(4u, e.scope);
      if (recordShapes) {
        Napi::Array shapes = Napi::Array::New(env, e.shapes.size());
        for (size_t k = 0; k < e.shapes.size(); ++k) shapes.Set(static_cast<uint32_t>(k), intVector(env, e.shapes[k]));
        row.Set(5u, shapes);
      } else {
        row.Set(5u, env.Null());
      }
      out.Set(static_cast<uint32_t>(i), row);
    }
    Napi::Object result = Napi::Object::New(env);
    result.Set("events", out);
    result.Set("nowUs", static_cast<double>(stoppedNs) / 1e3);
    return result;
  });
}

}  // namespace

void registerProfiler(Napi::Env env, Napi::Object exports) {
  exports.Set("profilerStart", Napi::Function::New(env, ProfilerStart));
  exports.Set("profilerStop", Napi::Function::New(env, ProfilerStop));
}

}  // namespace tt
