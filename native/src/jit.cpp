// TorchScript modules (torch.jit): load a module saved by Python's
// torch.jit.script / torch.jit.trace, call its methods, read its parameters
// and buffers, switch train/eval, save it again.
//
// A loaded module lives in a JS External; its finalizer frees it when the JS
// object is collected, and jitDispose frees it earlier. Arguments are
// converted guided by each method's schema (a List[int] becomes an int list,
// an Optional[Tensor] accepts null); TorchScript's own checkAndNormalizeInputs
// then fills defaults and reports mistakes in its words. Tensors cross as
// {__tensorHandle: h} objects, which the JS side makes and unwraps; dicts come
// back as {__dictEntries: [[key, value], ...]}.
#include <torch/csrc/jit/api/module.h>
#include <torch/csrc/jit/serialization/import.h>

#include <cmath>
#include <memory>
#include <sstream>

#include "common.h"
#include "ops.h"

namespace tt {
namespace {

struct ModuleHolder {
  std::unique_ptr<torch::jit::Module> module;
};

constexpr const char* kHandleKey = "__tensorHandle";
constexpr const char* kDictKey = "__dictEntries";

torch::jit::Module& moduleArg(const Napi::Value& v) {
  if (!v.IsExternal()) throw ArgError("expected a loaded TorchScript module");
  ModuleHolder* holder = v.As<Napi::External<ModuleHolder>>().Data();
  if (!holder->module) throw ArgError("the TorchScript module was disposed");
  return *holder->module;
}

std::string describeJs(const Napi::Value& v) {
  if (v.IsNull()) return "null";
  if (v.IsUndefined()) return "undefined";
  if (v.IsBoolean()) return "a boolean";
  if (v.IsNumber()) return "a number";
  if (v.IsBigInt()) return "a bigint";
  if (v.IsString()) return "a string";
  if (v.IsArray()) return "an array";
  if (v.IsObject() && v.As<Napi::Object>().Has(kHandleKey)) return "a tensor";
  return "an object";
}

[[noreturn]] void mismatch(const std::string& where, const c10::TypePtr& type, const Napi::Value& v) {
  throw ArgError(where + ": expected " + type->repr_str() + ", got " + describeJs(v));
}

bool isTensorRef(const Napi::Value& v) { return v.IsObject() && !v.IsArray() && v.As<Napi::Object>().Has(kHandleKey); }

int64_t intOf(const Napi::Value& v, const std::string& where, const c10::TypePtr& type) {
  if (v.IsBigInt()) {
    bool lossless = false;
    int64_t i = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) throw ArgError(where + ": " + v.As<Napi::BigInt>().ToString().Utf8Value() + " does not fit in int64");
    return i;
  }
  if (!v.IsNumber()) mismatch(where, type, v);
  double d = v.As<Napi::Number>().DoubleValue();
  if (d != static_cast<double>(static_cast<int64_t>(d)) || d > 9007199254740991.0 || d < -9007199254740991.0) {
    std::ostringstream text;
    text.precision(17);
    text << d;
    throw ArgError(where + ": expected an integer, got " + text.str() + (std::abs(d) > 9007199254740991.0 ? " (pass a bigint beyond 2^53)" : ""));
  }
  return static_cast<int64_t>(d);
}

// JS -> IValue, as the schema's type says. `where` names the argument for errors.
c10::IValue jsToIValue(const Napi::Value& v, const c10::TypePtr& type, const std::string& where) {
  using c10::TypeKind;
  switch (type->kind()) {
    case TypeKind::OptionalType:
      if (v.IsNull() || v.IsUndefined()) return c10::IValue();
      return jsToIValue(v, type->expectRef<c10::OptionalType>().getElementType(), where);
    case TypeKind::NoneType:
      if (v.IsNull() || v.IsUndefined()) return c10::IValue();
      mismatch(where, type, v);
    case TypeKind::TensorType:
      if (!isTensorRef(v)) mismatch(where, type, v);
      return table().get(handleArg(v.As<Napi::Object>().Get(kHandleKey), where.c_str()));
    case TypeKind::IntType:
      return intOf(v, where, type);
    case TypeKind::FloatType:
      if (!v.IsNumber()) mismatch(where, type, v);
      return v.As<Napi::Number>().DoubleValue();
    case TypeKind::BoolType:
      if (!v.IsBoolean()) mismatch(where, type, v);
      return v.As<Napi::Boolean>().Value();
    case TypeKind::StringType:
      if (!v.IsString()) mismatch(where, type, v);
      return v.As<Napi::String>().Utf8Value();
    case TypeKind::NumberType:
      if (v.IsBigInt()) return intOf(v, where, type);
      if (!v.IsNumber()) mismatch(where, type, v);
      {
        double d = v.As<Napi::Number>().DoubleValue();
        if (d == static_cast<double>(static_cast<int64_t>(d))) return static_cast<int64_t>(d);
        return d;
      }
    case TypeKind::DeviceObjType:
      if (!v.IsString()) mismatch(where, type, v);
      return parseDevice(v.As<Napi::String>().Utf8Value());
    case TypeKind::ListType: {
      if (!v.IsArray()) mismatch(where, type, v);
      const c10::TypePtr& elem = type->expectRef<c10::ListType>().getElementType();
      Napi::Array a = v.As<Napi::Array>();
      c10::impl::GenericList list(elem);
      list.reserve(a.Length());
      for (uint32_t i = 0; i < a.Length(); ++i) list.push_back(jsToIValue(a.Get(i), elem, where + ", item " + std::to_string(i)));
      return list;
    }
    case TypeKind::TupleType: {
      if (!v.IsArray()) mismatch(where, type, v);
      const auto& elems = type->expectRef<c10::TupleType>().elements();
      Napi::Array a = v.As<Napi::Array>();
      if (a.Length() != elems.size()) {
        throw ArgError(where + ": expected " + type->repr_str() + " (" + std::to_string(elems.size()) + " values), got an array of " + std::to_string(a.Length()));
      }
      std::vector<c10::IValue> values;
      for (uint32_t i = 0; i < a.Length(); ++i) values.push_back(jsToIValue(a.Get(i), elems[i], where + ", item " + std::to_string(i)));
      return c10::ivalue::Tuple::create(std::move(values));
    }
    case TypeKind::DictType: {
      const auto& dt = type->expectRef<c10::DictType>();
      c10::impl::GenericDict dict(dt.getKeyType(), dt.getValueType());
      // A Map arrives as its entries (the JS side spreads it); a plain object only for str keys.
      if (v.IsObject() && !v.IsArray() && v.As<Napi::Object>().Has(kDictKey)) {
        Napi::Array entries = v.As<Napi::Object>().Get(kDictKey).As<Napi::Array>();
        for (uint32_t i = 0; i < entries.Length(); ++i) {
          Napi::Array kv = entries.Get(i).As<Napi::Array>();
          dict.insert_or_assign(jsToIValue(kv.Get(0u), dt.getKeyType(), where + " key"), jsToIValue(kv.Get(1u), dt.getValueType(), where + " value"));
        }
        return dict;
      }
      if (!v.IsObject() || v.IsArray() || isTensorRef(v) || dt.getKeyType()->kind() != TypeKind::StringType) mismatch(where, type, v);
      Napi::Object o = v.As<Napi::Object>();
      Napi::Array keys = o.GetPropertyNames();
      for (uint32_t i = 0; i < keys.Length(); ++i) {
        std::string k = keys.Get(i).As<Napi::String>().Utf8Value();
        dict.insert_or_assign(k, jsToIValue(o.Get(k), dt.getValueType(), where + ", key '" + k + "'"));
      }
      return dict;
    }
    default:
      throw ArgError(where + ": arguments of type " + type->repr_str() + " are not converted by the JS bridge");
  }
}

Napi::Value tensorRef(Napi::Env env, const at::Tensor& t) {
  if (!t.defined()) return env.Null();
  Napi::Object o = Napi::Object::New(env);
  o.Set(kHandleKey, Napi::Number::New(env, table().add(t)));
  return o;
}

// IValue -> JS, by the value's own tag.
Napi::Value ivalueToJs(Napi::Env env, const c10::IValue& v) {
  if (v.isNone()) return env.Null();
  if (v.isTensor()) return tensorRef(env, v.toTensor());
  if (v.isInt()) {
    int64_t i = v.toInt();
    if (i > 9007199254740991LL || i < -9007199254740991LL) return Napi::BigInt::New(env, i);
    return Napi::Number::New(env, static_cast<double>(i));
  }
  if (v.isDouble()) return Napi::Number::New(env, v.toDouble());
  if (v.isBool()) return Napi::Boolean::New(env, v.toBool());
  if (v.isString()) return Napi::String::New(env, v.toStringRef());
  if (v.isDevice()) return Napi::String::New(env, deviceName(v.toDevice()));
  if (v.isList()) {
    auto list = v.toListRef();
    Napi::Array out = Napi::Array::New(env, list.size());
    for (size_t i = 0; i < list.size(); ++i) out.Set(static_cast<uint32_t>(i), ivalueToJs(env, list[i]));
    return out;
  }
  if (v.isTuple()) {
    const auto& elems = v.toTupleRef().elements();
    Napi::Array out = Napi::Array::New(env, elems.size());
    for (size_t i = 0; i < elems.size(); ++i) out.Set(static_cast<uint32_t>(i), ivalueToJs(env, elems[i]));
    return out;
  }
  if (v.isGenericDict()) {
    auto dict = v.toGenericDict();
    Napi::Array entries = Napi::Array::New(env, dict.size());
    uint32_t i = 0;
    for (const auto& entry : dict) {
      Napi::Array kv = Napi::Array::New(env, 2);
      kv.Set(0u, ivalueToJs(env, entry.key()));
      kv.Set(1u, ivalueToJs(env, entry.value()));
      entries.Set(i++, kv);
    }
    Napi::Object o = Napi::Object::New(env);
    o.Set(kDictKey, entries);
    return o;
  }
  if (v.isObject()) {
    throw ArgError("the method returned a TorchScript object of class " + v.type()->repr_str() + ", which the JS bridge does not convert");
  }
  throw ArgError("the method returned a value of type " + v.tagKind() + ", which the JS bridge does not convert");
}

Napi::Value JitLoad(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    // The file's bytes, read and checked (zip structure, CRCs) on the JS side, so that libtorch parses only what was verified.
    if (info.Length() < 1 || !info[0].IsBuffer()) throw ArgError("jitLoad(bytes, device?): expected the file's bytes");
    Napi::Buffer<char> bytes = info[0].As<Napi::Buffer<char>>();
    c10::optional<c10::Device> device;
    if (info.Length() > 1 && info[1].IsString()) device = parseDevice(info[1].As<Napi::String>().Utf8Value());
    std::istringstream in(std::string(bytes.Data(), bytes.Length()));
    auto holder = new ModuleHolder{std::make_unique<torch::jit::Module>(torch::jit::load(in, device))};
    return Napi::External<ModuleHolder>::New(info.Env(), holder, [](Napi::Env, ModuleHolder* h) { delete h; });
  });
}

Napi::Value JitMethods(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    torch::jit::Module& m = moduleArg(info[0]);
    Napi::Env env = info.Env();
    auto methods = m.get_methods();
    Napi::Array out = Napi::Array::New(env, methods.size());
    uint32_t i = 0;
    for (const auto& method : methods) {
      const c10::FunctionSchema& schema = method.function().getSchema();
      Napi::Object o = Napi::Object::New(env);
      o.Set("name", method.name());
      std::ostringstream text;
      text << schema;
      o.Set("schema", text.str());
      Napi::Array args = Napi::Array::New(env);
      uint32_t k = 0;
      // Argument 0 is self.
      for (size_t a = 1; a < schema.arguments().size(); ++a) {
        const c10::Argument& arg = schema.arguments()[a];
        Napi::Object d = Napi::Object::New(env);
        d.Set("name", arg.name());
        d.Set("type", arg.type()->annotation_str());
        d.Set("hasDefault", arg.default_value().has_value());
        args.Set(k++, d);
      }
      o.Set("arguments", args);
      Napi::Array returns = Napi::Array::New(env);
      for (size_t r = 0; r < schema.returns().size(); ++r) returns.Set(static_cast<uint32_t>(r), schema.returns()[r].type()->annotation_str());
      o.Set("returns", returns);
      out.Set(i++, o);
    }
    return out;
  });
}

// jitCall(module, name, args[], kwargs{}) -> value
Napi::Value JitCall(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    torch::jit::Module& m = moduleArg(info[0]);
    std::string name = info[1].As<Napi::String>().Utf8Value();
    auto method = m.find_method(name);
    if (!method) throw ArgError("the module has no method '" + name + "'");
    const c10::FunctionSchema& schema = method->function().getSchema();
    const auto& params = schema.arguments();
    Napi::Array args = info[2].As<Napi::Array>();
    if (args.Length() + 1 > params.size()) {
      throw ArgError(name + "() takes " + std::to_string(params.size() - 1) + " argument(s), got " + std::to_string(args.Length()));
    }
    std::vector<c10::IValue> stack;
    for (uint32_t i = 0; i < args.Length(); ++i) {
      const c10::Argument& p = params[i + 1];
      stack.push_back(jsToIValue(args.Get(i), p.type(), name + "(): argument '" + p.name() + "'"));
    }
    torch::jit::Kwargs kwargs;
    if (info.Length() > 3 && info[3].IsObject()) {
      Napi::Object o = info[3].As<Napi::Object>();
      Napi::Array keys = o.GetPropertyNames();
      for (uint32_t i = 0; i < keys.Length(); ++i) {
        std::string k = keys.Get(i).As<Napi::String>().Utf8Value();
        auto index = schema.argumentIndexWithName(k);
        if (!index || *index == 0) {
          std::string known;
          for (size_t a = 1; a < params.size(); ++a) known += (a > 1 ? ", " : "") + params[a].name();
          throw ArgError(name + "() has no argument '" + k + "' (its arguments: " + (known.empty() ? "none" : known) + ")");
        }
        kwargs[k] = jsToIValue(o.Get(k), params[*index].type(), name + "(): argument '" + k + "'");
      }
    }
    c10::IValue result = (*method)(std::move(stack), kwargs);
    return ivalueToJs(info.Env(), result);
  });
}

// jitNamedTensors(module, 'parameters' | 'buffers') -> [[name, {__tensorHandle}], ...]
Napi::Value JitNamedTensors(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    torch::jit::Module& m = moduleArg(info[0]);
    Napi::Env env = info.Env();
    bool buffers = info[1].As<Napi::String>().Utf8Value() == "buffers";
    Napi::Array out = Napi::Array::New(env);
    uint32_t i = 0;
    auto add = [&](const std::string& name, const at::Tensor& t) {
      Napi::Array pair = Napi::Array::New(env, 2);
      pair.Set(0u, name);
      pair.Set(1u, tensorRef(env, t));
      out.Set(i++, pair);
    };
    if (buffers) {
      for (const auto& b : m.named_buffers(true)) add(b.name, b.value);
    } else {
      for (const auto& p : m.named_parameters(true)) add(p.name, p.value);
    }
    return out;
  });
}

Napi::Value JitTrain(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    torch::jit::Module& m = moduleArg(info[0]);
    if (info.Length() > 1 && info[1].IsBoolean()) m.train(info[1].As<Napi::Boolean>().Value());
    return Napi::Boolean::New(info.Env(), m.is_training());
  });
}

Napi::Value JitSave(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    torch::jit::Module& m = moduleArg(info[0]);
    m.save(info[1].As<Napi::String>().Utf8Value());
    return info.Env().Undefined();
  });
}

Napi::Value JitDispose(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (!info[0].IsExternal()) throw ArgError("expected a loaded TorchScript module");
    info[0].As<Napi::External<ModuleHolder>>().Data()->module.reset();
    return info.Env().Undefined();
  });
}

}  // namespace

void registerJit(Napi::Env env, Napi::Object exports) {
  exports.Set("jitLoad", Napi::Function::New(env, JitLoad));
  exports.Set("jitMethods", Napi::Function::New(env, JitMethods));
  exports.Set("jitCall", Napi::Function::New(env, JitCall));
  exports.Set("jitNamedTensors", Napi::Function::New(env, JitNamedTensors));
  exports.Set("jitTrain", Napi::Function::New(env, JitTrain));
  exports.Set("jitSave", Napi::Function::New(env, JitSave));
  exports.Set("jitDispose", Napi::Function::New(env, JitDispose));
}

}  // namespace tt
