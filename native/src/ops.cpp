// The one generic op path: every aten operator is looked up once by name and
// overload, its schema is digested into argument/return kinds, and each call
// converts JS values to IValues by those kinds and runs callBoxed.
#include <ATen/ScalarOps.h>
#include <unordered_set>

#include "ops.h"

#include "generators.h"
#include "generated/arg_kinds.h"
#include "preconditions.h"

#include <ATen/core/dispatch/Dispatcher.h>
#include <ATen/core/function_schema.h>
#include <ATen/core/ivalue.h>
#include <ATen/core/jit_type.h>

#include <cmath>
#include <limits>
#include <memory>
#include <sstream>
#include <unordered_map>

namespace tt {
namespace {

struct ArgSpec {
  std::string name;
  std::string type;
  Kind kind;
  bool optional;
  int n;  // fixed list size (int[2]), 0 when free
  bool hasDefault;
  bool kwargOnly;
  c10::IValue defaultValue;
  // int[N] whose default is the empty list (pooling's `stride=[]`: "the kernel size").
  bool emptyDefault = false;
  // A Scalar default as a Scalar, for the unboxed path (alpha=1).
  c10::Scalar defaultScalar;
};

struct RetSpec {
  std::string name;
  std::string type;
  Kind kind;
  int writeArg;  // index of the argument this return writes into (in-place / out=), or -1
};

// The C++ signatures of the schema shapes called unboxed.
using UnaryFn = at::Tensor(const at::Tensor&);                                         // (Tensor) -> Tensor
using BinaryFn = at::Tensor(const at::Tensor&, const at::Tensor&);                     // (Tensor, Tensor) -> Tensor
using BinaryScaledFn = at::Tensor(const at::Tensor&, const at::Tensor&, const at::Scalar&);  // add.Tensor's alpha
using TensorScalarFn = at::Tensor(const at::Tensor&, const at::Scalar&);                // (Tensor, Scalar) -> Tensor
enum class Unboxed : uint8_t { None, Unary, Binary, BinaryScaled, TensorScalar };

struct OpEntry {
  explicit OpEntry(c10::OperatorHandle h) : handle(std::move(h)) {}
  c10::OperatorHandle handle;
  std::string fullName;
  std::vector<ArgSpec> args;
  std::vector<RetSpec> rets;
  bool unsupported = false;
  std::string unsupportedWhy;
  bool writesArgs = false;  // some return writes into an argument (in-place, out=)
  Precondition precondition = nullptr;  // a check before the kernel (preconditions.cpp)
  // add/sub/mul/div with a Scalar: libtorch's Scalar overload only wraps the
  // number as a 0-d tensor and calls the Tensor overload, a second trip
  // through the dispatcher. Python's argument parser calls the Tensor
  // overload with the wrapped number directly; so do we (the same kernel,
  // the same result, and Python's grad_fn), when this is set.
  c10::optional<c10::OperatorHandle> tensorTwin;
  // The commonest schema shapes are called unboxed, through their C++
  // signature: no IValue stack is built and no kernel on the way (autograd,
  // the CPU kernel) boxes or unboxes it. Set by classifyUnboxed().
  Unboxed unboxed = Unboxed::None;
  c10::optional<c10::TypedOperatorHandle<UnaryFn>> unaryFn;
  c10::optional<c10::TypedOperatorHandle<BinaryFn>> binaryFn;
  c10::optional<c10::TypedOperatorHandle<BinaryScaledFn>> binaryScaledFn;
  c10::optional<c10::TypedOperatorHandle<TensorScalarFn>> tensorScalarFn;
};

// Per JS thread: each worker's generated layer resolves its own op ids, so
// the table is never read while another thread grows it.
std::vector<std::unique_ptr<OpEntry>>& opTable() {
  static thread_local std::vector<std::unique_ptr<OpEntry>> ops;
  return ops;
}

std::unordered_map<std::string, size_t>& opIndex() {
  static thread_local std::unordered_map<std::string, size_t> index;
  return index;
}

Kind scalarKind(const c10::TypePtr& t) {
  switch (t->kind()) {
    case c10::TypeKind::TensorType: return Kind::Tensor;
    case c10::TypeKind::IntType:
    case c10::TypeKind::SymIntType: return Kind::Int;
    case c10::TypeKind::FloatType: return Kind::Float;
    case c10::TypeKind::BoolType: return Kind::Bool;
    case c10::TypeKind::StringType: return Kind::String;
    case c10::TypeKind::NumberType: return Kind::Scalar;
    case c10::TypeKind::ScalarTypeType: return Kind::ScalarType;
    case c10::TypeKind::LayoutType: return Kind::Layout;
    case c10::TypeKind::MemoryFormatType: return Kind::MemoryFormat;
    case c10::TypeKind::DeviceObjType: return Kind::Device;
    case c10::TypeKind::GeneratorType: return Kind::Generator;
    default: return Kind::Unsupported;
  }
}

// Classifies a schema type; sets *optional for T?.
Kind classify(c10::TypePtr t, bool* optional) {
  *optional = false;
  if (t->kind() == c10::TypeKind::OptionalType) {
    *optional = true;
    t = t->expectRef<c10::OptionalType>().getElementType();
  }
  if (t->kind() == c10::TypeKind::ListType) {
    const c10::TypePtr& elem = t->expectRef<c10::ListType>().getElementType();
    if (elem->kind() == c10::TypeKind::OptionalType &&
        elem->expectRef<c10::OptionalType>().getElementType()->kind() == c10::TypeKind::TensorType) {
      return Kind::OptTensorList;
    }
    switch (scalarKind(elem)) {
      case Kind::Tensor: return Kind::TensorList;
      case Kind::Int: return Kind::IntList;
      case Kind::Float: return Kind::FloatList;
      case Kind::Bool: return Kind::BoolList;
      case Kind::Scalar: return Kind::ScalarList;
      case Kind::String: return Kind::StringList;
      default: return Kind::Unsupported;
    }
  }
  return scalarKind(t);
}

// Whether an op is called unboxed: one plain Tensor returned, arguments that
// are plain (not optional, not written to) Tensors and Scalars in one of the
// shapes above, and nothing that must see the boxed stack (a precondition, a
// Scalar-to-Tensor twin). typed() checks the C++ signature libtorch registered
// and throws on a mismatch, which leaves the op on the boxed path.
void classifyUnboxed(OpEntry& e) {
  if (e.unsupported || e.writesArgs || e.precondition || e.tensorTwin) return;
  if (e.rets.size() != 1 || e.rets[0].kind != Kind::Tensor || e.rets[0].type != "Tensor") return;
  const auto& schemaArgs = e.handle.schema().arguments();
  std::string shape;
  for (size_t i = 0; i < e.args.size(); ++i) {
    const ArgSpec& a = e.args[i];
    const c10::AliasInfo* alias = schemaArgs[i].alias_info();
    if (a.optional || (alias && alias->isWrite())) return;
    if (a.kind == Kind::Tensor && a.type == "Tensor") shape += 'T';
    else if (a.kind == Kind::Scalar) shape += 'S';
    else return;
  }
  try {
    if (shape == "T") {
      e.unaryFn = e.handle.typed<UnaryFn>();
      e.unboxed = Unboxed::Unary;
    } else if (shape == "TT") {
      e.binaryFn = e.handle.typed<BinaryFn>();
      e.unboxed = Unboxed::Binary;
    } else if (shape == "TTS" && e.args[2].hasDefault && e.args[2].defaultValue.isScalar()) {
      e.binaryScaledFn = e.handle.typed<BinaryScaledFn>();
      e.unboxed = Unboxed::BinaryScaled;
    } else if (shape == "TS") {
      e.tensorScalarFn = e.handle.typed<TensorScalarFn>();
      e.unboxed = Unboxed::TensorScalar;
    }
  } catch (const c10::Error&) {
    e.unboxed = Unboxed::None;  // another C++ signature: the boxed path serves it
  }
}

OpEntry& buildEntry(c10::OperatorHandle handle) {
  auto entry = std::make_unique<OpEntry>(handle);
  const c10::FunctionSchema& schema = handle.schema();
  entry->fullName = schema.name() + (schema.overload_name().empty() ? "" : "." + schema.overload_name());
  entry->precondition = preconditionFor(entry->fullName);
  static const std::unordered_set<std::string> kScalarTwins = {
      "aten::add.Scalar", "aten::sub.Scalar", "aten::mul.Scalar", "aten::div.Scalar",
      "aten::add_.Scalar", "aten::sub_.Scalar", "aten::mul_.Scalar", "aten::div_.Scalar"};
  if (kScalarTwins.count(entry->fullName)) {
    entry->tensorTwin = c10::Dispatcher::singleton().findSchema({schema.name(), "Tensor"});
  }
  const auto& args = schema.arguments();
  for (const c10::Argument& a : args) {
    ArgSpec spec;
    spec.name = a.name();
    spec.type = a.real_type()->str();
    spec.kind = classify(a.real_type(), &spec.optional);
    spec.n = a.N() ? *a.N() : 0;
    spec.hasDefault = a.default_value().has_value();
    if (spec.hasDefault) spec.defaultValue = *a.default_value();
    spec.kwargOnly = a.kwarg_only();
    if (spec.hasDefault && spec.defaultValue.isScalar()) spec.defaultScalar = spec.defaultValue.toScalar();
    spec.emptyDefault = spec.hasDefault && spec.defaultValue.isIntList() && spec.defaultValue.toIntList().empty();
    if (spec.kind == Kind::Unsupported && !entry->unsupported) {
      entry->unsupported = true;
      entry->unsupportedWhy = "argument '" + spec.name + "' has type " + spec.type +
                              ", which the JS bridge does not convert";
    }
    entry->args.push_back(std::move(spec));
  }
  for (const c10::Argument& r : schema.returns()) {
    RetSpec spec;
    spec.name = r.name();
    spec.type = r.real_type()->str();
    bool optional;
    spec.kind = classify(r.real_type(), &optional);
    spec.writeArg = -1;
    if (r.alias_info() && r.alias_info()->isWrite()) {
      for (size_t i = 0; i < args.size(); ++i) {
        const c10::AliasInfo* ai = args[i].alias_info();
        if (ai && ai->isWrite() && ai->beforeSets() == r.alias_info()->beforeSets()) {
          spec.writeArg = static_cast<int>(i);
          break;
        }
      }
    }
    if (spec.writeArg >= 0) entry->writesArgs = true;
    entry->rets.push_back(std::move(spec));
  }
  classifyUnboxed(*entry);
  opTable().push_back(std::move(entry));
  return *opTable().back();
}

// ---------------------------------------------------------------------------
// JS -> IValue

[[noreturn]] void badArg(const OpEntry& op, const ArgSpec& a, const std::string& expected) {
  throw ArgError(op.fullName + ": argument '" + a.name + "' (" + a.type + ") expected " + expected);
}

// The smallest int64 that is not a symbolic int in libtorch 1.13 (-2^62).
constexpr int64_t kMinPlainInt = -(int64_t{1} << 62);


// An integer argument: a JS integer or bigint from -2^62 to 2^63-1. Below
// -2^62 libtorch 1.13 would read the value as a symbolic int, wherever the
// kernel turns its int into a size (sum_to_size's int[] does), so no such
// value reaches any int argument. Nothing is cast silently.
int64_t toInt(const OpEntry& op, const ArgSpec& a, const Napi::Value& v) {
  const int64_t low = kMinPlainInt;
  const char* range = "an integer from -2^62 to 2^63-1";
  if (v.IsNumber()) {
    double d = v.As<Napi::Number>().DoubleValue();
    // The number as JS prints it (1e+300, not 1.0000000000000001e+300).
    auto text = [&]() { return v.ToString().Utf8Value(); };
    if (!std::isfinite(d) || d != std::floor(d)) badArg(op, a, "an integer, got " + text());
    // 2^63 itself is not an int64; every double below it is exact there.
    if (!(d >= static_cast<double>(low) && d < 9223372036854775808.0)) badArg(op, a, std::string(range) + ", got " + text());
    return static_cast<int64_t>(d);
  }
  if (v.IsBigInt()) {
    bool lossless;
    int64_t x = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless || x < low) badArg(op, a, std::string(range) + ", got the bigint " + v.As<Napi::BigInt>().ToString().Utf8Value());
    return x;
  }
  badArg(op, a, "an integer");
}

double toFloat(const OpEntry& op, const ArgSpec& a, const Napi::Value& v) {
  if (v.IsNumber()) return v.As<Napi::Number>().DoubleValue();
  if (v.IsBigInt()) {
    bool lossless;
    int64_t x = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) badArg(op, a, "a number (a bigint within int64)");
    return static_cast<double>(x);
  }
  badArg(op, a, "a number");
}

// JS numbers that are integers become integer Scalars (as Python's `2`), others
// floating Scalars; bigint is int64 and boolean is bool.
c10::Scalar scalarFromNumber(double d) {
  if (d == std::floor(d) && std::fabs(d) <= 9007199254740992.0) return c10::Scalar(static_cast<int64_t>(d));
  return c10::Scalar(d);
}

c10::Scalar toScalar(const OpEntry& op, const ArgSpec& a, const Napi::Value& v) {
  if (v.IsNumber()) return scalarFromNumber(v.As<Napi::Number>().DoubleValue());
  if (v.IsBigInt()) {
    bool lossless;
    int64_t x = v.As<Napi::BigInt>().Int64Value(&lossless);
    if (!lossless) badArg(op, a, "a bigint within int64 range");
    return c10::Scalar(x);
  }
  if (v.IsBoolean()) return c10::Scalar(v.As<Napi::Boolean>().Value());
  badArg(op, a, "a number, bigint or boolean");
}

// A tensor handle from JS. The generated layer passes -1 for a disposed
// tensor and NaN for a value that is not a Tensor at all (a number must never
// be taken for a handle), so each gets its own message naming the argument.
const at::Tensor& tensorFromHandle(const OpEntry& op, const ArgSpec& a, double h, const TensorTable& tbl = table()) {
  if (const at::Tensor* t = tbl.find(h)) return *t;
  if (h == -1) throw ArgError(op.fullName + ": argument '" + a.name + "' is a disposed tensor");
  if (std::isnan(h)) badArg(op, a, "a Tensor");
  throw ArgError(op.fullName + ": argument '" + a.name + "' is not a live tensor (a stale or invalid handle)");
}

const at::Tensor& toTensor(const OpEntry& op, const ArgSpec& a, const Napi::Value& v) {
  if (!v.IsNumber()) badArg(op, a, "a Tensor");
  return tensorFromHandle(op, a, v.As<Napi::Number>().DoubleValue());
}

std::string toStr(const OpEntry& op, const ArgSpec& a, const Napi::Value& v) {
  if (!v.IsString()) badArg(op, a, "a string");
  return v.As<Napi::String>().Utf8Value();
}

Napi::Array toArray(const OpEntry& op, const ArgSpec& a, const Napi::Value& v, const char* what) {
  if (!v.IsArray()) badArg(op, a, what);
  return v.As<Napi::Array>();
}

c10::IValue toIValue(const OpEntry& op, const ArgSpec& a, const Napi::Value& v) {
  switch (a.kind) {
    case Kind::Tensor:
      return c10::IValue(toTensor(op, a, v));
    case Kind::TensorList: {
      Napi::Array arr = toArray(op, a, v, "an array of Tensors");
      c10::List<at::Tensor> list;
      list.reserve(arr.Length());
      for (uint32_t i = 0; i < arr.Length(); ++i) list.push_back(toTensor(op, a, arr.Get(i)));
      return c10::IValue(std::move(list));
    }
    case Kind::OptTensorList: {
      Napi::Array arr = toArray(op, a, v, "an array of Tensors or nulls");
      c10::List<c10::optional<at::Tensor>> list;
      list.reserve(arr.Length());
      for (uint32_t i = 0; i < arr.Length(); ++i) {
        Napi::Value e = arr.Get(i);
        if (e.IsNull() || e.IsUndefined()) {
          list.push_back(c10::nullopt);
        } else {
          list.push_back(toTensor(op, a, e));
        }
      }
      return c10::IValue(std::move(list));
    }
    case Kind::Int:
      return c10::IValue(toInt(op, a, v));
    case Kind::IntList: {
      std::vector<int64_t> out;
      if (v.IsNumber() || v.IsBigInt()) {
        // `int[2] stride` given as one number means that number in every slot.
        out.assign(a.n > 0 ? a.n : 1, toInt(op, a, v));
      } else {
        Napi::Array arr = toArray(op, a, v, "an integer or an array of integers");
        out.reserve(arr.Length());
        for (uint32_t i = 0; i < arr.Length(); ++i) out.push_back(toInt(op, a, arr.Get(i)));
        // int[N] (N >= 2): N values. One value stands for all N (as a single
        // number does, and as convolution and pooling read it); the empty
        // list only where it is the default (pooling's stride). Kernels that
        // trust the schema never see a shorter list than it declares.
        if (a.n >= 2 && static_cast<int>(out.size()) != a.n) {
          if (out.size() == 1) {
            out.assign(a.n, out[0]);
          } else if (!(out.empty() && a.emptyDefault)) {
            badArg(op, a, std::to_string(a.n) + " integers (or one for all " + std::to_string(a.n) + "), got " +
                              std::to_string(out.size()));
          }
        }
      }
      return c10::IValue(c10::List<int64_t>(out));
    }
    case Kind::Float:
      return c10::IValue(toFloat(op, a, v));
    case Kind::FloatList: {
      std::vector<double> out;
      if (v.IsNumber()) {
        out.assign(a.n > 0 ? a.n : 1, toFloat(op, a, v));
      } else {
        Napi::Array arr = toArray(op, a, v, "a number or an array of numbers");
        for (uint32_t i = 0; i < arr.Length(); ++i) out.push_back(toFloat(op, a, arr.Get(i)));
        if (a.n >= 2 && static_cast<int>(out.size()) != a.n) {
          if (out.size() != 1) {
            badArg(op, a, std::to_string(a.n) + " numbers (or one for all), got " + std::to_string(out.size()));
          }
          out.assign(a.n, out[0]);
        }
      }
      return c10::IValue(c10::List<double>(out));
    }
    case Kind::Bool:
      if (!v.IsBoolean()) badArg(op, a, "a boolean");
      return c10::IValue(v.As<Napi::Boolean>().Value());
    case Kind::BoolList: {
      Napi::Array arr = toArray(op, a, v, "an array of booleans");
      c10::List<bool> list;
      for (uint32_t i = 0; i < arr.Length(); ++i) {
        Napi::Value e = arr.Get(i);
        if (!e.IsBoolean()) badArg(op, a, "an array of booleans");
        list.push_back(e.As<Napi::Boolean>().Value());
      }
      if (a.n > 0 && static_cast<int>(list.size()) != a.n) {
        badArg(op, a, "exactly " + std::to_string(a.n) + " booleans");
      }
      return c10::IValue(std::move(list));
    }
    case Kind::String:
      return c10::IValue(toStr(op, a, v));
    case Kind::StringList: {
      Napi::Array arr = toArray(op, a, v, "an array of strings");
      c10::List<std::string> list;
      for (uint32_t i = 0; i < arr.Length(); ++i) list.push_back(toStr(op, a, arr.Get(i)));
      return c10::IValue(std::move(list));
    }
    case Kind::Scalar:
      return c10::IValue(toScalar(op, a, v));
    case Kind::ScalarList: {
      Napi::Array arr = toArray(op, a, v, "an array of numbers");
      c10::impl::GenericList list(c10::NumberType::get());
      for (uint32_t i = 0; i < arr.Length(); ++i) list.push_back(c10::IValue(toScalar(op, a, arr.Get(i))));
      return c10::IValue(std::move(list));
    }
    case Kind::ScalarType:
      return c10::IValue(static_cast<int64_t>(parseDtype(toStr(op, a, v))));
    case Kind::Layout:
      return c10::IValue(static_cast<int64_t>(parseLayout(toStr(op, a, v))));
    case Kind::MemoryFormat:
      return c10::IValue(static_cast<int64_t>(parseMemoryFormat(toStr(op, a, v))));
    case Kind::Device:
      return c10::IValue(parseDevice(toStr(op, a, v)));
    case Kind::Generator: {
      if (!v.IsNumber() || std::isnan(v.As<Napi::Number>().DoubleValue())) badArg(op, a, "a torch.Generator or null");
      return c10::IValue(generatorById(v.As<Napi::Number>().DoubleValue()));
    }
    default:
      badArg(op, a, "a type the JS bridge supports");
  }
}

// ---------------------------------------------------------------------------
// IValue -> JS

Napi::Value fromIValue(Napi::Env env, const c10::IValue& v, const RetSpec& r,
                       const at::Tensor* writeTarget, double writeHandle);

Napi::Value tensorToJs(Napi::Env env, const at::Tensor& t, const at::Tensor* writeTarget,
                       double writeHandle) {
  if (!t.defined()) return env.Null();
  // An in-place or out= op returns the tensor it wrote into: hand back the
  // caller's own handle so JS can return the same Tensor object.
  if (writeTarget && writeTarget->unsafeGetTensorImpl() == t.unsafeGetTensorImpl()) {
    return Napi::Number::New(env, writeHandle);
  }
  return Napi::Number::New(env, table().add(t));
}

Napi::Value fromIValue(Napi::Env env, const c10::IValue& v, const RetSpec& r,
                       const at::Tensor* writeTarget, double writeHandle) {
  if (v.isNone()) return env.Null();
  if (v.isTensor()) return tensorToJs(env, v.toTensor(), writeTarget, writeHandle);
  if (v.isInt()) {
    if (r.kind == Kind::ScalarType) {
      return Napi::String::New(env, dtypeName(static_cast<c10::ScalarType>(v.toInt())));
    }
    return Napi::Number::New(env, static_cast<double>(v.toInt()));
  }
  if (v.isDouble()) return Napi::Number::New(env, v.toDouble());
  if (v.isBool()) return Napi::Boolean::New(env, v.toBool());
  if (v.isString()) return Napi::String::New(env, v.toStringRef());
  if (v.isDevice()) return Napi::String::New(env, v.toDevice().str());
  if (v.isTensorList()) {
    auto list = v.toTensorList();
    Napi::Array out = Napi::Array::New(env, list.size());
    for (size_t i = 0; i < list.size(); ++i) {
      out.Set(static_cast<uint32_t>(i), tensorToJs(env, list.get(i), nullptr, 0));
    }
    return out;
  }
  if (v.isList()) {
    auto list = v.toListRef();
    Napi::Array out = Napi::Array::New(env, list.size());
    for (size_t i = 0; i < list.size(); ++i) {
      out.Set(static_cast<uint32_t>(i), fromIValue(env, list[i], r, nullptr, 0));
    }
    return out;
  }
  if (v.isTuple()) {
    const auto& elems = v.toTupleRef().elements();
    Napi::Array out = Napi::Array::New(env, elems.size());
    for (size_t i = 0; i < elems.size(); ++i) {
      out.Set(static_cast<uint32_t>(i), fromIValue(env, elems[i], r, nullptr, 0));
    }
    return out;
  }
  if (v.isComplexDouble()) {
    auto c = v.toComplexDouble();
    Napi::Object o = Napi::Object::New(env);
    o.Set("re", c.real());
    o.Set("im", c.imag());
    return o;
  }
  throw ArgError("return value of type " + v.tagKind() + " is not converted by the JS bridge");
}

class StackLease {
 public:
  StackLease() {
    if (depth_ == pool_.size()) pool_.push_back(std::make_unique<torch::jit::Stack>());
    stack_ = pool_[depth_++].get();
    stack_->clear();
  }
  ~StackLease() {
    stack_->clear();  // drop the arguments' and results' references now
    --depth_;
  }
  StackLease(const StackLease&) = delete;
  StackLease& operator=(const StackLease&) = delete;
  torch::jit::Stack& stack() { return *stack_; }

 private:
  static thread_local std::vector<std::unique_ptr<torch::jit::Stack>> pool_;
  static thread_local size_t depth_;
  torch::jit::Stack* stack_;
};
thread_local std::vector<std::unique_ptr<torch::jit::Stack>> StackLease::pool_;
thread_local size_t StackLease::depth_ = 0;

Napi::Object describeOp(Napi::Env env, size_t id) {
  const OpEntry& op = *opTable()[id];
  Napi::Object o = Napi::Object::New(env);
  o.Set("id", static_cast<double>(id));
  o.Set("name", op.fullName);
  std::ostringstream schema;
  schema << op.handle.schema();
  o.Set("schema", schema.str());
  Napi::Array args = Napi::Array::New(env, op.args.size());
  for (size_t i = 0; i < op.args.size(); ++i) {
    const ArgSpec& a = op.args[i];
    Napi::Object d = Napi::Object::New(env);
    d.Set("name", a.name);
    d.Set("type", a.type);
    d.Set("kind", kindName(a.kind));
    d.Set("optional", a.optional);
    d.Set("n", a.n);
    d.Set("hasDefault", a.hasDefault);
    d.Set("kwargOnly", a.kwargOnly);
    args.Set(static_cast<uint32_t>(i), d);
  }
  o.Set("args", args);
  Napi::Array rets = Napi::Array::New(env, op.rets.size());
  for (size_t i = 0; i < op.rets.size(); ++i) {
    const RetSpec& r = op.rets[i];
    Napi::Object d = Napi::Object::New(env);
    d.Set("name", r.name);
    d.Set("type", r.type);
    d.Set("kind", kindName(r.kind));
    d.Set("writeArg", r.writeArg);
    rets.Set(static_cast<uint32_t>(i), d);
  }
  o.Set("returns", rets);
  if (op.unsupported) o.Set("unsupported", op.unsupportedWhy);
  static const char* const kUnboxedNames[] = {"", "(Tensor)", "(Tensor, Tensor)", "(Tensor, Tensor, Scalar)", "(Tensor, Scalar)"};
  if (op.unboxed != Unboxed::None) o.Set("unboxed", kUnboxedNames[static_cast<int>(op.unboxed)]);
  return o;
}

}  // namespace

// lookupOp(name: string, overload: string) -> description with a numeric id.
Napi::Value LookupOp(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    if (info.Length() < 2 || !info[0].IsString() || !info[1].IsString()) {
      throw ArgError("lookupOp(name, overload): expected two strings");
    }
    std::string name = info[0].As<Napi::String>().Utf8Value();
    std::string overload = info[1].As<Napi::String>().Utf8Value();
    if (name.find("::") == std::string::npos) name = "aten::" + name;
    std::string key = name + "." + overload;
    auto found = opIndex().find(key);
    if (found != opIndex().end()) return describeOp(info.Env(), found->second);
    auto handle = c10::Dispatcher::singleton().findSchema({name, overload});
    if (!handle) {
      throw ArgError("no operator " + name + (overload.empty() ? "" : "." + overload) +
                     " is registered in this libtorch");
    }
    buildEntry(*handle);
    size_t id = opTable().size() - 1;
    opIndex()[key] = id;
    return describeOp(info.Env(), id);
  });
}

// The unboxed call of an op classified by classifyUnboxed(), when the
// arguments are what that path takes: tensor handles, and JS numbers for the
// Scalars (an omitted alpha takes its default). Returns false, having done
// nothing, for anything else (a bigint or boolean Scalar, a value of the wrong
// type), which the boxed path then converts or reports as usual.
bool callUnboxed(const OpEntry& op, napi_env env, const napi_value* argv, size_t given, napi_value* result) {
  const size_t n = op.args.size();
  if (given > n) return false;
  double handles[2];
  const size_t tensors = op.unboxed == Unboxed::Unary || op.unboxed == Unboxed::TensorScalar ? 1 : 2;
  if (given < tensors) return false;
  for (size_t i = 0; i < tensors; ++i) {
    if (napi_get_value_double(env, argv[i], &handles[i]) != napi_ok) return false;
  }
  c10::Scalar scalar;
  if (op.unboxed == Unboxed::BinaryScaled || op.unboxed == Unboxed::TensorScalar) {
    const size_t k = tensors;  // the Scalar's position
    napi_valuetype type = napi_undefined;
    if (k < given) napi_typeof(env, argv[k], &type);
    double d;
    if (type == napi_number && napi_get_value_double(env, argv[k], &d) == napi_ok) {
      scalar = scalarFromNumber(d);
    } else {
      if (type != napi_undefined || !op.args[k].hasDefault) return false;
      scalar = op.args[k].defaultScalar;
    }
  }
  TensorTable& tbl = table();
  const at::Tensor& a = tensorFromHandle(op, op.args[0], handles[0], tbl);
  at::Tensor out;
  try {
    switch (op.unboxed) {
      case Unboxed::Unary: out = op.unaryFn->call(a); break;
      case Unboxed::Binary: out = op.binaryFn->call(a, tensorFromHandle(op, op.args[1], handles[1], tbl)); break;
      case Unboxed::BinaryScaled:
        out = op.binaryScaledFn->call(a, tensorFromHandle(op, op.args[1], handles[1], tbl), scalar);
        break;
      case Unboxed::TensorScalar: out = op.tensorScalarFn->call(a, scalar); break;
      case Unboxed::None: return false;
    }
  } catch (const c10::Error& e) {
    throw TorchFailure(userMessage(e.what_without_backtrace(), op.fullName), e.what());
  }
  if (out.defined()) {
    napi_create_double(env, tbl.add(std::move(out)), result);
  } else {
    napi_get_null(env, result);
  }
  return true;
}

// callOp(id, ...args) -> result (a handle, a value, or an array for several returns).
Napi::Value callOp(Napi::Env env, const napi_value* argv, size_t argc) {
  napi_env rawEnv = env;
  double idValue;
  if (argc < 1 || napi_get_value_double(rawEnv, argv[0], &idValue) != napi_ok) throw ArgError("callOp: expected an op id");
  const auto& ops = opTable();
  if (!(idValue >= 0 && idValue < static_cast<double>(ops.size()))) throw ArgError("callOp: unknown op id");
  const OpEntry& op = *ops[static_cast<size_t>(idValue)];
  if (op.unsupported) throw ArgError(op.fullName + ": " + op.unsupportedWhy);
  size_t given = argc - 1;
  const napi_value* args = argv + 1;
  if (op.unboxed != Unboxed::None) {
    napi_value result;
    if (callUnboxed(op, rawEnv, args, given, &result)) return Napi::Value(env, result);
  }
  if (given > op.args.size()) {
    throw ArgError(op.fullName + ": takes " + std::to_string(op.args.size()) +
                   " arguments but " + std::to_string(given) + " were given");
  }
  // Reused across calls (allocating it is measurable on tiny ops), one per
  // nesting depth: converting an argument can run JS (an array element's
  // getter) that calls an op again, which must not touch this call's stack.
  StackLease lease;
  torch::jit::Stack& stack = lease.stack();
  for (size_t i = 0; i < op.args.size(); ++i) {
    const ArgSpec& a = op.args[i];
    napi_valuetype type = napi_undefined;
    napi_value raw = nullptr;
    if (i < given) {
      raw = args[i];
      napi_typeof(rawEnv, raw, &type);
    }
    if (type == napi_number && a.kind == Kind::Tensor) {
      // The hot case: a tensor handle.
      double h;
      napi_get_value_double(rawEnv, raw, &h);
      stack.emplace_back(tensorFromHandle(op, a, h));
      continue;
    }
    Napi::Value v(env, raw);
    if (type == napi_undefined) {
      if (a.hasDefault) {
        stack.push_back(a.defaultValue);
      } else if (a.optional) {
        stack.emplace_back();
      } else {
        throw ArgError(op.fullName + ": missing required argument '" + a.name + "' (" + a.type + ")");
      }
    } else if (type == napi_null) {
      if (!a.optional) badArg(op, a, "a value, not null");
      stack.emplace_back();
    } else {
      stack.push_back(toIValue(op, a, v));
    }
  }
  // Keep the tensors that returns may write into, to recognise them afterwards.
  std::vector<at::Tensor> writeTargets;
  std::vector<double> writeHandles;
  if (op.writesArgs) {
    writeTargets.resize(op.rets.size());
    writeHandles.resize(op.rets.size(), 0);
    for (size_t r = 0; r < op.rets.size(); ++r) {
      int w = op.rets[r].writeArg;
      if (w >= 0 && stack[w].isTensor()) {
        writeTargets[r] = stack[w].toTensor();
        writeHandles[r] = Napi::Value(env, args[w]).As<Napi::Number>().DoubleValue();
      }
    }
  }
  try {
    if (op.precondition) op.precondition(op.fullName, stack);
    if (op.tensorTwin && stack.size() > 1 && stack[1].isScalar()) {
      stack[1] = at::native::wrapped_scalar_tensor(stack[1].toScalar());
      op.tensorTwin->callBoxed(&stack);
    } else {
      op.handle.callBoxed(&stack);
    }
  } catch (const c10::Error& e) {
    throw TorchFailure(userMessage(e.what_without_backtrace(), op.fullName), e.what());
  }
  if (stack.size() != op.rets.size()) {
    throw ArgError(op.fullName + ": returned " + std::to_string(stack.size()) +
                   " values, schema says " + std::to_string(op.rets.size()));
  }
  auto convert = [&](size_t r) {
    const at::Tensor* target = op.writesArgs && writeTargets[r].defined() ? &writeTargets[r] : nullptr;
    return fromIValue(env, stack[r], op.rets[r], target, op.writesArgs ? writeHandles[r] : 0);
  };
  Napi::Value result;
  if (op.rets.size() == 1 && !op.writesArgs && stack[0].isTensor()) {
    // The common case: one new tensor. Moved, not copied, into the table.
    at::Tensor t = std::move(stack[0]).toTensor();
    result = t.defined() ? Napi::Value(Napi::Number::New(env, table().add(std::move(t)))) : env.Null();
  } else if (op.rets.empty()) {
    result = env.Undefined();
  } else if (op.rets.size() == 1) {
    result = convert(0);
  } else {
    Napi::Array out = Napi::Array::New(env, op.rets.size());
    for (size_t r = 0; r < op.rets.size(); ++r) out.Set(static_cast<uint32_t>(r), convert(r));
    result = out;
  }
  return result;
}

// The N-API entry of callOp, the hottest native call: a plain napi
// callback (node-addon-api's CallbackInfo and wrapper cost as much as a
// third of a tiny op's binding) with the arguments on the C stack.
napi_value CallOpEntry(napi_env rawEnv, napi_callback_info info) {
  constexpr size_t kInline = 24;
  napi_value inlineArgs[kInline];
  size_t argc = kInline;
  std::vector<napi_value> heapArgs;
  const napi_value* argv = inlineArgs;
  Napi::Env env(rawEnv);
  try {
    if (napi_get_cb_info(rawEnv, info, &argc, inlineArgs, nullptr, nullptr) != napi_ok) {
      throw Napi::Error::New(env, "callOp: could not read its arguments");
    }
    if (argc > kInline) {
      heapArgs.resize(argc);
      napi_get_cb_info(rawEnv, info, &argc, heapArgs.data(), nullptr, nullptr);
      argv = heapArgs.data();
    }
    return guardEnv(env, [&]() -> Napi::Value { return callOp(env, argv, argc); });
  } catch (const Napi::Error& e) {
    e.ThrowAsJavaScriptException();
    return nullptr;
  }
}

// listOps() -> every registered operator as "aten::name.overload".
Napi::Value ListOps(const Napi::CallbackInfo& info) {
  return guard(info, [&]() -> Napi::Value {
    auto names = c10::Dispatcher::singleton().getAllOpNames();
    Napi::Array out = Napi::Array::New(info.Env(), names.size());
    for (size_t i = 0; i < names.size(); ++i) {
      const auto& n = names[i];
      out.Set(static_cast<uint32_t>(i), n.name + (n.overload_name.empty() ? "" : "." + n.overload_name));
    }
    return out;
  });
}

void registerOps(Napi::Env env, Napi::Object exports) {
  exports.Set("lookupOp", Napi::Function::New(env, LookupOp));
  napi_value callOpFn;
  NAPI_THROW_IF_FAILED_VOID(env, napi_create_function(env, "callOp", NAPI_AUTO_LENGTH, CallOpEntry, nullptr, &callOpFn));
  exports.Set("callOp", Napi::Value(env, callOpFn));
  exports.Set("listOps", Napi::Function::New(env, ListOps));
}

}  // namespace tt
