// The function transforms' machinery, from libtorch's functorch (the same
// C++ that Python's torch.func drives through functorch._C): the dynamic
// layer stack (one layer per active grad, jvp or vmap transform), batched
// tensors for vmap, grad wrappers for nested differentiation, and forward-AD
// dual levels. JS pushes and pops layers in try/finally, so the stack always
// unwinds; popLayer checks that the layer it removes is the one expected.
#include "ops.h"

#include <ATen/functorch/BatchedTensorImpl.h>
#include <ATen/functorch/DynamicLayer.h>
#include <ATen/functorch/TensorWrapper.h>
#include <c10/core/AutogradState.h>
#include <c10/core/GradMode.h>
#include <torch/csrc/autograd/forward_grad.h>

namespace tt {
namespace {

using at::functorch::TransformType;

int64_t intArg(const Napi::CallbackInfo& info, size_t i, const char* what) {
  if (info.Length() <= i || !info[i].IsNumber()) throw ArgError(std::string(what) + ": expected an integer");
  double v = info[i].As<Napi::Number>().DoubleValue();
  if (v != static_cast<double>(static_cast<int64_t>(v))) throw ArgError(std::string(what) + ": expected an integer");
  return static_cast<int64_t>(v);
}

const char* transformName(TransformType t) {
  switch (t) {
    case TransformType::Vmap: return "vmap";
    case TransformType::Grad: return "grad";
    case TransformType::Jvp: return "jvp";
    case TransformType::Functionalize: return "functionalize";
    default: return "none";
  }
}

TransformType transformArg(const Napi::CallbackInfo& info, size_t i) {
  if (info.Length() <= i || !info[i].IsString()) throw ArgError("transform: expected 'grad', 'jvp' or 'vmap'");
  std::string s = info[i].As<Napi::String>().Utf8Value();
  if (s == "grad") return TransformType::Grad;
  if (s == "jvp") return TransformType::Jvp;
  if (s == "vmap") return TransformType::Vmap;
  throw ArgError("transform: expected 'grad', 'jvp' or 'vmap', got '" + s + "'");
}

// pushLayer(kind, batchSize?, randomness?) -> level. A grad layer remembers
// the grad mode outside it (so no_grad outside grad() is honoured inside), a
// jvp layer the forward-grad mode.
Napi::Value PushLayer(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    TransformType kind = transformArg(info, 0);
    int64_t level;
    if (kind == TransformType::Vmap) {
      int64_t batchSize = intArg(info, 1, "pushLayer batch size");
      if (batchSize < 0) throw ArgError("vmap: the batch size must not be negative");
      std::string r = info.Length() > 2 && info[2].IsString() ? info[2].As<Napi::String>().Utf8Value() : "error";
      at::functorch::RandomnessType randomness;
      if (r == "error") randomness = at::functorch::RandomnessType::Error;
      else if (r == "same") randomness = at::functorch::RandomnessType::Same;
      else if (r == "different") randomness = at::functorch::RandomnessType::Different;
      else throw ArgError("vmap: randomness must be 'error', 'same' or 'different', got '" + r + "'");
      level = at::functorch::initAndPushDynamicLayer(kind, batchSize, randomness);
    } else if (kind == TransformType::Grad) {
      level = at::functorch::initAndPushDynamicLayer(kind, c10::nullopt, c10::nullopt, c10::GradMode::is_enabled());
    } else {
      bool fwd = c10::AutogradState::get_tls_state().get_fw_grad_mode();
      level = at::functorch::initAndPushDynamicLayer(kind, c10::nullopt, c10::nullopt, c10::nullopt, fwd);
    }
    return Napi::Number::New(info.Env(), static_cast<double>(level));
  });
}

// popLayer(kind, level): removes the innermost layer, which must be `level`.
Napi::Value PopLayer(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    TransformType kind = transformArg(info, 0);
    int64_t level = intArg(info, 1, "popLayer level");
    auto current = at::functorch::maybeCurrentDynamicLayer();
    if (!current.has_value()) throw ArgError("popLayer: no transform is active");
    if (current->layerId() != level || current->key() != kind) {
      throw ArgError(std::string("popLayer: the innermost transform is ") + transformName(current->key()) + " level " +
                     std::to_string(current->layerId()) + ", not " + transformName(kind) + " level " + std::to_string(level));
    }
    at::functorch::popDynamicLayerAndDeleteMetadata();
    return info.Env().Undefined();
  });
}

Napi::Value LayerDepth(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    return Napi::Number::New(info.Env(), static_cast<double>(at::functorch::getDynamicLayerStack().size()));
  });
}

// wrapForGrad(handle, level): the tensor as seen inside the grad layer.
Napi::Value WrapForGrad(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    const at::Tensor& t = table().get(handleArg(info[0], "wrapForGrad"));
    return Napi::Number::New(info.Env(), table().add(at::functorch::makeTensorWrapper(t, intArg(info, 1, "wrapForGrad level"))));
  });
}

// unwrapForGrad(handle, level): the tensor outside the grad layer (itself if
// it is not wrapped at that level: a constant of the function).
Napi::Value UnwrapForGrad(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    const at::Tensor& t = table().get(handleArg(info[0], "unwrapForGrad"));
    int64_t level = intArg(info, 1, "unwrapForGrad level");
    auto* wrapper = at::functorch::maybeGetTensorWrapper(t);
    at::Tensor out = wrapper && wrapper->level().has_value() && *wrapper->level() == level ? wrapper->value() : t;
    return Napi::Number::New(info.Env(), table().add(out));
  });
}

// addBatchDim(handle, dim, level): a batched tensor whose logical view lacks `dim`.
Napi::Value AddBatchDim(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    const at::Tensor& t = table().get(handleArg(info[0], "addBatchDim"));
    int64_t dim = intArg(info, 1, "addBatchDim dim");
    if (dim < 0 || dim >= t.dim()) throw ArgError("addBatchDim: dim " + std::to_string(dim) + " is outside the tensor's " + std::to_string(t.dim()) + " dims");
    return Napi::Number::New(info.Env(), table().add(at::functorch::addBatchDim(t, dim, intArg(info, 2, "addBatchDim level"))));
  });
}

// removeBatchDim(handle, level, batchSize, outDim): the physical tensor with
// the batch dim at outDim; an output that does not depend on the batch (not
// batched at this level) is expanded along it, as functorch does.
Napi::Value RemoveBatchDim(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    const at::Tensor& t = table().get(handleArg(info[0], "removeBatchDim"));
    int64_t level = intArg(info, 1, "removeBatchDim level");
    int64_t batchSize = intArg(info, 2, "removeBatchDim batch size");
    int64_t outDim = intArg(info, 3, "removeBatchDim outDim");
    auto* batched = at::functorch::maybeGetBatchedImpl(t);
    at::Tensor out;
    if (batched && batched->level() == level) {
      const at::Tensor& value = batched->value();
      if (outDim < 0 || outDim >= value.dim()) throw ArgError("vmap: outDims " + std::to_string(outDim) + " is outside the output's " + std::to_string(value.dim()) + " dims");
      out = value.movedim(batched->bdim(), outDim);
    } else {
      if (outDim < 0 || outDim > t.dim()) throw ArgError("vmap: outDims " + std::to_string(outDim) + " is outside the output's " + std::to_string(t.dim() + 1) + " dims");
      std::vector<int64_t> sizes(t.sizes().begin(), t.sizes().end());
      sizes.insert(sizes.begin() + outDim, batchSize);
      out = t.unsqueeze(outDim).expand(sizes);
    }
    return Napi::Number::New(info.Env(), table().add(out));
  });
}

// unwrapIfDead(handle): a tensor of a transform that has ended (vjp's
// results, used after vjp returned) as the plain tensor it now stands for.
Napi::Value UnwrapIfDead(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    at::Tensor t = table().get(handleArg(info[0], "unwrapIfDead"));
    for (;;) {
      at::Tensor inner = at::functorch::unwrapIfDead(t);
      if (inner.unsafeGetTensorImpl() == t.unsafeGetTensorImpl()) break;
      t = inner;
    }
    return Napi::Number::New(info.Env(), table().add(t));
  });
}

// enterDualLevel() -> level; exitDualLevel(level). Forward-mode AD's levels:
// _make_dual / _unpack_dual take the level; leaving it drops its tangents.
Napi::Value EnterDualLevel(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    return Napi::Number::New(info.Env(), static_cast<double>(torch::autograd::ForwardADLevel::get_next_idx()));
  });
}

Napi::Value ExitDualLevel(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    torch::autograd::ForwardADLevel::release_idx(static_cast<uint64_t>(intArg(info, 0, "exitDualLevel level")));
    return info.Env().Undefined();
  });
}

// setFwdGradEnabled(flag) -> previous flag (forward AD on or off, like grad mode for reverse).
Napi::Value SetFwdGradEnabled(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (info.Length() < 1 || !info[0].IsBoolean()) throw ArgError("setFwdGradEnabled: expected a boolean");
    auto& state = c10::AutogradState::get_tls_state();
    bool prev = state.get_fw_grad_mode();
    state.set_fw_grad_mode(info[0].As<Napi::Boolean>().Value());
    return Napi::Boolean::New(info.Env(), prev);
  });
}

// setInplaceRequiresGradAllowed(flag) -> previous: requires_grad_() on a
// wrapper inside grad() is how functorch marks the inputs to differentiate.
Napi::Value SetInplaceRequiresGradAllowed(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (info.Length() < 1 || !info[0].IsBoolean()) throw ArgError("setInplaceRequiresGradAllowed: expected a boolean");
    bool prev = at::functorch::getInplaceRequiresGradAllowed();
    at::functorch::setInplaceRequiresGradAllowed(info[0].As<Napi::Boolean>().Value());
    return Napi::Boolean::New(info.Env(), prev);
  });
}

}  // namespace

void registerFunctorch(Napi::Env env, Napi::Object exports) {
  exports.Set("pushLayer", Napi::Function::New(env, PushLayer));
  exports.Set("popLayer", Napi::Function::New(env, PopLayer));
  exports.Set("layerDepth", Napi::Function::New(env, LayerDepth));
  exports.Set("wrapForGrad", Napi::Function::New(env, WrapForGrad));
  exports.Set("unwrapForGrad", Napi::Function::New(env, UnwrapForGrad));
  exports.Set("unwrapIfDead", Napi::Function::New(env, UnwrapIfDead));
  exports.Set("addBatchDim", Napi::Function::New(env, AddBatchDim));
  exports.Set("removeBatchDim", Napi::Function::New(env, RemoveBatchDim));
  exports.Set("enterDualLevel", Napi::Function::New(env, EnterDualLevel));
  exports.Set("exitDualLevel", Napi::Function::New(env, ExitDualLevel));
  exports.Set("setFwdGradEnabled", Napi::Function::New(env, SetFwdGradEnabled));
  exports.Set("setInplaceRequiresGradAllowed", Napi::Function::New(env, SetInplaceRequiresGradAllowed));
}

}  // namespace tt
