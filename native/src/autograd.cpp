// Autograd entry points and the grad modes (grad mode, inference mode).
#include "ops.h"

#include <c10/core/GradMode.h>
#include <c10/core/InferenceMode.h>
#include <ATen/ops/ones_like.h>
#include <torch/csrc/autograd/autograd.h>

#include <memory>
#include <thread>

namespace tt {
namespace {

std::vector<at::Tensor> tensorList(const Napi::Value& v, const char* what, bool allowNull) {
  if (!v.IsArray()) throw ArgError(std::string(what) + ": expected an array of tensors");
  Napi::Array a = v.As<Napi::Array>();
  std::vector<at::Tensor> out;
  out.reserve(a.Length());
  for (uint32_t i = 0; i < a.Length(); ++i) {
    Napi::Value e = a.Get(i);
    if (allowNull && (e.IsNull() || e.IsUndefined())) {
      out.emplace_back();
    } else {
      out.push_back(table().get(handleArg(e, what)));
    }
  }
  return out;
}

c10::optional<bool> optionalBool(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i || !info[i].IsBoolean()) return c10::nullopt;
  return info[i].As<Napi::Boolean>().Value();
}

bool flag(const Napi::CallbackInfo& info, size_t i) {
  return optionalBool(info, i).value_or(false);
}

// backward(tensors, grads (handle|null each), retainGraph?, createGraph, inputs?)
Napi::Value Backward(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    auto tensors = tensorList(info[0], "backward tensors", false);
    auto grads = info.Length() > 1 && info[1].IsArray() ? tensorList(info[1], "backward grads", true)
                                                        : std::vector<at::Tensor>(tensors.size());
    if (grads.size() != tensors.size()) throw ArgError("backward: one gradient per tensor expected");
    std::vector<at::Tensor> inputs;
    if (info.Length() > 4 && info[4].IsArray()) inputs = tensorList(info[4], "backward inputs", false);
    // The implicit gradient of a scalar output, made as Python's _make_grads makes it (ones_like,
    // preserving the output's format; C++'s backward would make it contiguous), so that the ops
    // a backward runs are Python's, as the profiler shows.
    for (size_t i = 0; i < tensors.size(); ++i) {
      if (!grads[i].defined() && tensors[i].requires_grad()) {
        TORCH_CHECK(tensors[i].numel() == 1, "grad can be implicitly created only for scalar outputs");
        grads[i] = at::ones_like(tensors[i], at::MemoryFormat::Preserve);
      }
    }
    torch::autograd::backward(tensors, grads, optionalBool(info, 2), flag(info, 3), inputs);
    return info.Env().Undefined();
  });
}

// grad(outputs, inputs, gradOutputs, retainGraph?, createGraph, allowUnused) -> (handle|null)[]
Napi::Value Grad(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    auto outputs = tensorList(info[0], "grad outputs", false);
    auto inputs = tensorList(info[1], "grad inputs", false);
    auto gradOutputs = info.Length() > 2 && info[2].IsArray() ? tensorList(info[2], "grad gradOutputs", true)
                                                              : std::vector<at::Tensor>(outputs.size());
    if (gradOutputs.size() != outputs.size()) throw ArgError("grad: one gradOutput per output expected");
    auto result = torch::autograd::grad(outputs, inputs, gradOutputs, optionalBool(info, 3), flag(info, 4),
                                        flag(info, 5));
    Napi::Env env = info.Env();
    Napi::Array out = Napi::Array::New(env, result.size());
    for (size_t i = 0; i < result.size(); ++i) {
      out.Set(static_cast<uint32_t>(i),
              result[i].defined() ? Napi::Value(Napi::Number::New(env, table().add(result[i]))) : env.Null());
    }
    return out;
  });
}

// setGradEnabled(flag) -> previous flag
Napi::Value SetGradEnabled(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    bool prev = c10::GradMode::is_enabled();
    if (info.Length() < 1 || !info[0].IsBoolean()) throw ArgError("setGradEnabled: expected a boolean");
    c10::GradMode::set_enabled(info[0].As<Napi::Boolean>().Value());
    return Napi::Boolean::New(info.Env(), prev);
  });
}

Napi::Value IsGradEnabled(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value { return Napi::Boolean::New(info.Env(), c10::GradMode::is_enabled()); });
}

// Inference-mode guards live on a stack; JS pairs enter/exit with try/finally.
std::vector<std::unique_ptr<c10::InferenceMode>>& inferenceStack() {
  // c10's inference mode is per thread, and so is each JS thread's stack of guards.
  static thread_local std::vector<std::unique_ptr<c10::InferenceMode>> stack;
  return stack;
}

Napi::Value EnterInferenceMode(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    bool enabled = info.Length() < 1 || !info[0].IsBoolean() || info[0].As<Napi::Boolean>().Value();
    inferenceStack().push_back(std::make_unique<c10::InferenceMode>(enabled));
    return Napi::Number::New(info.Env(), static_cast<double>(inferenceStack().size()));
  });
}

// registerHook(handle, fn) -> id. libtorch calls the hook with each gradient
// computed for the tensor; it runs JS on this thread (the autograd engine runs
// CPU graphs on the thread that called backward, which is the JS thread) as
// fn(gradHandle) -> handle | null (null: keep the gradient). A JS exception
// propagates out of the engine to the backward call that ran the hook.
Napi::Value RegisterHook(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    Napi::Env env = info.Env();
    at::Tensor t = table().get(handleArg(info[0], "registerHook"));
    if (!t.requires_grad()) throw ArgError("registerHook: the tensor does not require grad, so no gradient will reach a hook");
    if (info.Length() < 2 || !info[1].IsFunction()) throw ArgError("registerHook: the hook must be a function");
    auto fn = std::make_shared<Napi::FunctionReference>(Napi::Persistent(info[1].As<Napi::Function>()));
    const std::thread::id owner = std::this_thread::get_id();
    unsigned id = t.register_hook([fn, env, owner](const at::Tensor& grad) -> at::Tensor {
      if (std::this_thread::get_id() != owner) {
        throw std::runtime_error("a tensor hook was reached on a thread other than JavaScript's; hooks run only for CPU backward passes");
      }
      Napi::HandleScope scope(env);
      double h = table().add(grad);
      Napi::Value r = fn->Call({Napi::Number::New(env, h)});
      if (r.IsNull() || r.IsUndefined()) return at::Tensor();
      at::Tensor replaced = table().get(handleArg(r, "the hook's result"));
      if (!replaced.sizes().equals(grad.sizes()) || replaced.scalar_type() != grad.scalar_type()) {
        throw std::runtime_error("a hook must return a gradient of the same shape and dtype, [" + c10::Join(", ", grad.sizes()) + "] " +
                                 dtypeName(grad.scalar_type()) + ", or nothing; got [" + c10::Join(", ", replaced.sizes()) + "] " +
                                 dtypeName(replaced.scalar_type()));
      }
      return replaced;
    });
    return Napi::Number::New(env, id);
  });
}

// removeHook(handle, id): unregisters a hook.
Napi::Value RemoveHook(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    at::Tensor t = table().get(handleArg(info[0], "removeHook"));
    t.remove_hook(static_cast<unsigned>(handleArg(info[1], "removeHook id")));
    return info.Env().Undefined();
  });
}

Napi::Value ExitInferenceMode(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (inferenceStack().empty()) throw ArgError("exitInferenceMode: not in inference mode");
    inferenceStack().pop_back();
    return info.Env().Undefined();
  });
}

Napi::Value IsInferenceMode(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    return Napi::Boolean::New(info.Env(), c10::InferenceMode::is_enabled());
  });
}

}  // namespace

void registerAutograd(Napi::Env env, Napi::Object exports) {
  exports.Set("backward", Napi::Function::New(env, Backward));
  exports.Set("registerHook", Napi::Function::New(env, RegisterHook));
  exports.Set("removeHook", Napi::Function::New(env, RemoveHook));
  exports.Set("autogradGrad", Napi::Function::New(env, Grad));
  exports.Set("setGradEnabled", Napi::Function::New(env, SetGradEnabled));
  exports.Set("isGradEnabled", Napi::Function::New(env, IsGradEnabled));
  exports.Set("enterInferenceMode", Napi::Function::New(env, EnterInferenceMode));
  exports.Set("exitInferenceMode", Napi::Function::New(env, ExitInferenceMode));
  exports.Set("isInferenceMode", Napi::Function::New(env, IsInferenceMode));
}

}  // namespace tt
