// Checkpoints in PyTorch's own file format: libtorch's pickle_save writes
// what Python's torch.load reads. (Reading is done in TypeScript, in
// src/nn/checkpoint-reader.ts: libtorch 1.13's pickle_load cannot read the
// OrderedDict that Python's state_dict() is.)
#include "ops.h"

#include <ATen/core/Dict.h>
#include <c10/core/GradMode.h>
#include <torch/csrc/jit/serialization/pickle.h>

#include <fstream>

namespace tt {
namespace {

// saveTensors(path, names, handles): one name -> tensor dictionary.
Napi::Value SaveTensors(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (info.Length() < 3 || !info[0].IsString() || !info[1].IsArray() || !info[2].IsArray()) {
      throw ArgError("saveTensors(path, names, tensors): expected a path and two arrays");
    }
    std::string path = info[0].As<Napi::String>().Utf8Value();
    Napi::Array names = info[1].As<Napi::Array>();
    Napi::Array handles = info[2].As<Napi::Array>();
    if (names.Length() != handles.Length()) throw ArgError("saveTensors: one name per tensor expected");
    c10::AutoGradMode noGrad(false);
    c10::Dict<std::string, at::Tensor> dict;
    for (uint32_t i = 0; i < names.Length(); ++i) {
      Napi::Value n = names.Get(i);
      if (!n.IsString()) throw ArgError("saveTensors: names must be strings");
      const at::Tensor& t = table().get(handleArg(handles.Get(i), "saveTensors"));
      if (t.device().type() != c10::DeviceType::CPU) {
        throw ArgError("saveTensors: '" + n.As<Napi::String>().Utf8Value() + "' is on " + t.device().str() +
                       "; move it to 'cpu' before saving");
      }
      dict.insert(n.As<Napi::String>().Utf8Value(), t.detach());
    }
    std::vector<char> bytes = torch::jit::pickle_save(c10::IValue(dict));
    std::ofstream out(path, std::ios::binary | std::ios::trunc);
    if (!out) throw ArgError("saveTensors: cannot open '" + path + "' for writing");
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    if (!out) throw ArgError("saveTensors: writing '" + path + "' failed");
    return Napi::Number::New(info.Env(), static_cast<double>(bytes.size()));
  });
}

}  // namespace

void registerSerialize(Napi::Env env, Napi::Object exports) {
  exports.Set("saveTensors", Napi::Function::New(env, SaveTensors));
}

}  // namespace tt
