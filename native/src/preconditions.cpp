// Checks that run before a kernel that would crash or hang the process on
// some inputs (Python crashes on them too): a small curated table by
// operator name. Each check costs at most one reduction over an argument,
// and only for the ops and dtypes where the kernel has the problem.
//
// - integer remainder, fmod, floor_divide and rounding div of the minimum
//   value by -1 (SIGFPE in the CPU kernels);
// - as_strided and its variants reaching past the storage (a read or write
//   of foreign memory);
// - SVD-based linear algebra on inputs with Inf or NaN (LAPACK does not
//   return);
// - the special polynomials with a huge or non-finite degree n (their
//   kernels loop n times per element);
// - pixel_shuffle and pixel_unshuffle with a factor whose square overflows;
// - lu_unpack with pivots of the wrong shape or out of range;
// - embedding_bag with indices, offsets or weights that do not fit together;
// - pdist of an empty input that requires grad (its backward crashes);
// - lstm, gru, rnn_tanh and rnn_relu with fewer weights or hidden states
//   than their layers and directions need;
// - native_batch_norm with an empty input, per-channel tensors of the wrong
//   size, or no running statistics in eval mode.
#include "preconditions.h"

#include <ATen/ops/abs.h>
#include <ATen/ops/any.h>
#include <ATen/ops/eq.h>
#include <ATen/ops/diff.h>
#include <ATen/ops/ge.h>
#include <ATen/ops/gt.h>
#include <ATen/ops/select.h>
#include <ATen/ops/lt.h>
#include <ATen/ops/isfinite.h>
#include <ATen/ops/all.h>
#include <ATen/ops/logical_and.h>
#include <ATen/ops/max.h>
#include <ATen/ops/result_type.h>
#include <c10/core/GradMode.h>
#include <c10/core/InferenceMode.h>

#include <cmath>
#include <cstdint>
#include <limits>
#include <unordered_map>
#include <vector>

namespace tt {
namespace {

// Checks compute on the side: never recorded by autograd.
struct Quiet {
  c10::AutoGradMode noGrad{false};
};

[[noreturn]] void refuse(const std::string& op, const std::string& why) {
  throw ArgError(op + ": " + why);
}

bool hasData(const at::Tensor& t) {
  return t.defined() && t.device().is_cpu() && t.layout() == c10::Layout::Strided && t.numel() > 0;
}

c10::ScalarType typeOf(const c10::IValue& v) {
  if (v.isTensor()) return v.toTensor().scalar_type();
  if (v.isInt()) return c10::ScalarType::Long;
  if (v.isDouble()) return c10::ScalarType::Double;
  if (v.isBool()) return c10::ScalarType::Bool;
  return c10::ScalarType::Undefined;
}

int64_t minValue(c10::ScalarType t) {
  switch (t) {
    case c10::ScalarType::Char: return std::numeric_limits<int8_t>::min();
    case c10::ScalarType::Short: return std::numeric_limits<int16_t>::min();
    case c10::ScalarType::Int: return std::numeric_limits<int32_t>::min();
    case c10::ScalarType::Long: return std::numeric_limits<int64_t>::min();
    default: return 0;  // uint8 and bool have no negative minimum
  }
}

// True when some element of `v` (a tensor or a scalar) equals x.
bool anyEquals(const c10::IValue& v, int64_t x) {
  if (v.isTensor()) {
    const at::Tensor& t = v.toTensor();
    return hasData(t) && t.eq(x).any().item<bool>();
  }
  return v.isInt() && v.toInt() == x;
}

// remainder, fmod, floor_divide, div(rounding_mode='floor'|'trunc') on integers:
// the minimum value divided by -1 overflows, and the kernel traps.
void integerDivision(const std::string& op, const torch::jit::Stack& stack, bool roundingModeArg) {
  if (stack.size() < 2) return;
  const c10::IValue& a = stack[0];
  const c10::IValue& b = stack[1];
  if (roundingModeArg && !(stack.size() > 2 && stack[2].isString())) return;  // true division: floating result
  c10::ScalarType ta = typeOf(a);
  c10::ScalarType tb = typeOf(b);
  if (ta == c10::ScalarType::Undefined || tb == c10::ScalarType::Undefined) return;
  if (!c10::isIntegralType(ta, false) || !c10::isIntegralType(tb, false)) return;
  Quiet quiet;
  // The dtype the kernel computes in, with libtorch's rules (a Scalar does not widen a tensor).
  c10::ScalarType common;
  if (a.isTensor() && b.isTensor()) common = at::result_type(a.toTensor(), b.toTensor());
  else if (a.isTensor()) common = at::result_type(a.toTensor(), b.toScalar());
  else if (b.isTensor()) common = at::result_type(a.toScalar(), b.toTensor());
  else common = c10::promoteTypes(ta, tb);
  int64_t low = minValue(common);
  if (low == 0) return;
  bool overflow;
  if (a.isTensor() && b.isTensor()) {
    const at::Tensor& x = a.toTensor();
    const at::Tensor& y = b.toTensor();
    overflow = hasData(x) && hasData(y) && at::logical_and(x.eq(low), y.eq(-1)).any().item<bool>();
  } else {
    overflow = anyEquals(a, low) && anyEquals(b, -1);
  }
  if (overflow) {
    refuse(op, std::string("the minimum ") + dtypeName(common) + " divided by -1 overflows " + dtypeName(common) +
                   " (compute in a wider or floating dtype)");
  }
}

// as_strided(self, size, stride, storage_offset): the view must lie inside self's storage.
void stridedView(const std::string& op, const torch::jit::Stack& stack, size_t first) {
  if (stack.size() < first + 3 || !stack[0].isTensor()) return;
  const at::Tensor& self = stack[0].toTensor();
  if (!self.defined() || self.is_meta() || !self.has_storage()) return;
  auto size = stack[first].toIntVector();
  auto stride = stack[first + 1].toIntVector();
  int64_t offset = stack[first + 2].isNone() ? self.storage_offset() : stack[first + 2].toInt();
  if (size.size() != stride.size()) return;  // libtorch's own check names it
  if (offset < 0) refuse(op, "the storage offset " + std::to_string(offset) + " is negative");
  // The last element the view reaches, in elements of the storage (checked for overflow).
  __int128 last = offset;
  bool empty = false;
  for (size_t i = 0; i < size.size(); ++i) {
    if (size[i] < 0) refuse(op, "size " + std::to_string(size[i]) + " at dim " + std::to_string(i) + " is negative");
    if (stride[i] < 0) refuse(op, "stride " + std::to_string(stride[i]) + " at dim " + std::to_string(i) + " is negative");
    if (size[i] == 0) empty = true;
    last += static_cast<__int128>(size[i] > 0 ? size[i] - 1 : 0) * stride[i];
  }
  int64_t capacity = static_cast<int64_t>(self.storage().nbytes() / self.element_size());
  if (!empty && last >= capacity) {
    refuse(op, "the view reaches element " + std::to_string(static_cast<int64_t>(std::min<__int128>(last, INT64_MAX))) +
                   " of a storage of " + std::to_string(capacity) + " elements");
  }
  if (offset > capacity) refuse(op, "the storage offset " + std::to_string(offset) + " is past the storage's " + std::to_string(capacity) + " elements");
}

// SVD-based ops: LAPACK's SVD does not return on Inf or NaN input.
void finiteInput(const std::string& op, const torch::jit::Stack& stack) {
  if (stack.empty() || !stack[0].isTensor()) return;
  const at::Tensor& a = stack[0].toTensor();
  if (!hasData(a) || !(c10::isFloatingType(a.scalar_type()) || c10::isComplexType(a.scalar_type()))) return;
  Quiet quiet;
  if (!at::isfinite(a).all().item<bool>()) {
    refuse(op, "the input contains Inf or NaN, which the SVD it computes cannot handle");
  }
}

// Special polynomials: the kernels loop n times per element.
constexpr double kMaxPolynomialDegree = 100000;

void polynomialDegree(const std::string& op, const torch::jit::Stack& stack) {
  if (stack.size() < 2) return;
  const c10::IValue& n = stack[1];
  double worst;
  if (n.isTensor()) {
    const at::Tensor& t = n.toTensor();
    if (!hasData(t)) return;
    Quiet quiet;
    if (c10::isFloatingType(t.scalar_type()) && !at::isfinite(t).all().item<bool>()) {
      refuse(op, "the degree n must be finite");
    }
    worst = at::abs(t).max().item<double>();
  } else if (n.isScalar()) {
    worst = std::abs(n.toScalar().toDouble());
    if (!std::isfinite(worst)) refuse(op, "the degree n must be finite");
  } else {
    return;
  }
  if (worst > kMaxPolynomialDegree) {
    refuse(op, "the degree n (" + std::to_string(static_cast<int64_t>(worst)) +
                   ") is larger than 100000; the kernel loops n times per element");
  }
}

// pixel_shuffle(self, factor) / pixel_unshuffle: the kernels compute factor^2
// in int64 (and divide by it): a factor beyond 2^31 overflows to a trap.
void shuffleFactor(const std::string& op, const torch::jit::Stack& stack) {
  if (stack.size() < 2 || !stack[1].isInt()) return;
  int64_t factor = stack[1].toInt();
  if (factor < 1 || factor > (int64_t{1} << 31)) {
    refuse(op, "the factor " + std::to_string(factor) + " must be from 1 to 2^31");
  }
}

// lu_unpack(LU, pivots, ...): the kernel indexes rows by the pivots without
// checking them: pivots must be int32 [..., min(m, n)] with values in [1, m].
void luPivots(const std::string& op, const torch::jit::Stack& stack) {
  if (stack.size() < 2 || !stack[0].isTensor() || !stack[1].isTensor()) return;
  const at::Tensor& lu = stack[0].toTensor();
  const at::Tensor& piv = stack[1].toTensor();
  if (!lu.defined() || !piv.defined() || lu.is_meta() || piv.is_meta()) return;
  if (lu.dim() < 2) refuse(op, "LU_data must have at least 2 dimensions");
  int64_t m = lu.size(-2);
  int64_t k = std::min(m, lu.size(-1));
  std::vector<int64_t> want(lu.sizes().begin(), lu.sizes().end() - 2);
  want.push_back(k);
  if (!piv.sizes().equals(want)) {
    refuse(op, "LU_pivots has shape [" + c10::Join(", ", piv.sizes()) + "], expected [" + c10::Join(", ", want) + "] for LU_data [" +
                   c10::Join(", ", lu.sizes()) + "]");
  }
  if (piv.scalar_type() != c10::ScalarType::Int) refuse(op, "LU_pivots must be int32");
  if (hasData(piv)) {
    Quiet quiet;
    if (piv.lt(1).any().item<bool>() || piv.gt(m).any().item<bool>()) refuse(op, "LU_pivots must lie in [1, " + std::to_string(m) + "]");
  }
}

// embedding_bag(weight, indices, offsets, scale, mode, sparse, per_sample_weights,
// include_last_offset[, padding_idx]): the kernel indexes weight by indices and
// bags by offsets without checking them (Python's F.embedding_bag checks first).
void embeddingBag(const std::string& op, const torch::jit::Stack& stack) {
  if (stack.size() < 5 || !stack[0].isTensor() || !stack[1].isTensor() || !stack[2].isTensor()) return;
  const at::Tensor& weight = stack[0].toTensor();
  const at::Tensor& indices = stack[1].toTensor();
  const at::Tensor& offsets = stack[2].toTensor();
  if (weight.is_meta() || indices.is_meta() || offsets.is_meta()) return;
  if (weight.dim() != 2) refuse(op, "weight must be 2-D [num_embeddings, dim], got [" + c10::Join(", ", weight.sizes()) + "]");
  if (indices.dim() != 1) refuse(op, "indices must be 1-D (bags are given by offsets), got [" + c10::Join(", ", indices.sizes()) + "]");
  if (offsets.dim() != 1) refuse(op, "offsets must be 1-D, got [" + c10::Join(", ", offsets.sizes()) + "]");
  auto isIndex = [](const at::Tensor& t) { return t.scalar_type() == c10::ScalarType::Long || t.scalar_type() == c10::ScalarType::Int; };
  if (!isIndex(indices) || offsets.scalar_type() != indices.scalar_type()) refuse(op, "indices and offsets must both be int64 or both int32");
  int64_t mode = stack[4].isInt() ? stack[4].toInt() : -1;
  if (mode < 0 || mode > 2) refuse(op, "mode must be 0 (sum), 1 (mean) or 2 (max)");
  const c10::IValue* perSample = stack.size() > 6 ? &stack[6] : nullptr;
  if (perSample && perSample->isTensor()) {
    const at::Tensor& w = perSample->toTensor();
    if (!w.sizes().equals(indices.sizes())) refuse(op, "per_sample_weights must have the shape of indices");
    if (mode != 0) refuse(op, "per_sample_weights only go with mode 0 (sum)");
    if (w.scalar_type() != weight.scalar_type()) refuse(op, "per_sample_weights must have weight's dtype");
  }
  Quiet quiet;
  int64_t n = indices.numel();
  if (n > 0 && (indices.lt(0).any().item<bool>() || indices.ge(weight.size(0)).any().item<bool>())) {
    refuse(op, "indices must lie in [0, " + std::to_string(weight.size(0)) + ")");
  }
  if (offsets.numel() > 0) {
    if (offsets.select(0, 0).item<int64_t>() != 0) refuse(op, "offsets must start at 0");
    if (offsets.numel() > 1 && offsets.diff().lt(0).any().item<bool>()) refuse(op, "offsets must not decrease");
    if (offsets.gt(n).any().item<bool>()) refuse(op, "offsets must not pass the number of indices (" + std::to_string(n) + ")");
  }
  if (stack.size() > 8 && stack[8].isInt()) {
    int64_t pad = stack[8].toInt();
    if (pad < -weight.size(0) || pad >= weight.size(0)) refuse(op, "padding_idx must lie in [-" + std::to_string(weight.size(0)) + ", " + std::to_string(weight.size(0)) + ")");
  }
}

// lstm, gru, rnn_tanh, rnn_relu: `.input` (input, hx, params, has_biases,
// num_layers, dropout, train, bidirectional, batch_first) and `.data` (data,
// batch_sizes, hx, params, has_biases, num_layers, dropout, train,
// bidirectional). The kernels take each layer's and direction's weights from
// params and its hidden state from hx by index, without checking that there
// are enough (nn.LSTM & co check this in Python before the call).
void recurrentLayers(const std::string& op, const torch::jit::Stack& stack) {
  size_t p = op.find(".data") != std::string::npos ? 3 : 2;
  if (stack.size() < p + 6 || !stack[p].isTensorList() || !stack[p + 1].isBool() || !stack[p + 2].isInt() || !stack[p + 5].isBool()) return;
  size_t count = stack[p].toTensorList().size();
  bool biases = stack[p + 1].toBool();
  int64_t layers = stack[p + 2].toInt();
  bool bidirectional = stack[p + 5].toBool();
  if (layers < 1) refuse(op, "num_layers must be at least 1, got " + std::to_string(layers));
  int64_t cells = layers * (bidirectional ? 2 : 1);
  bool lstm = op.find("lstm") != std::string::npos;
  int64_t per = biases ? 4 : 2;  // w_ih, w_hh (and b_ih, b_hh) per layer and direction; LSTM projections add w_hr
  bool fits = static_cast<int64_t>(count) == cells * per || (lstm && static_cast<int64_t>(count) == cells * (per + 1));
  if (!fits) {
    refuse(op, "params holds " + std::to_string(count) + " tensors, but num_layers=" + std::to_string(layers) +
                   (bidirectional ? " bidirectional" : "") + " with has_biases=" + (biases ? "true" : "false") + " needs " +
                   std::to_string(cells * per) + " (" + std::to_string(per) + " per layer and direction" +
                   (lstm ? ", " + std::to_string(per + 1) + " with projections)" : ")"));
  }
  const c10::IValue& hx = stack[p - 1];
  std::vector<at::Tensor> states = hx.isTensorList() ? hx.toTensorVector() : std::vector<at::Tensor>{};
  if (hx.isTensor()) states.push_back(hx.toTensor());
  if (lstm && states.size() != 2) refuse(op, "hx must hold two tensors (h0, c0), got " + std::to_string(states.size()));
  for (const at::Tensor& h : states) {
    if (h.dim() != 3 || h.size(0) != cells) {
      refuse(op, "each hidden state must be [num_layers * num_directions = " + std::to_string(cells) + ", batch, hidden], got [" +
                     c10::Join(", ", h.sizes()) + "]");
    }
  }
}

// native_batch_norm(input, weight, bias, running_mean, running_var, training,
// momentum, eps): the CPU kernel divides by the count per channel (an empty
// input traps), indexes the per-channel tensors without checking their size,
// and in eval mode reads the running statistics without checking that they
// are there (batch_norm, the public form, checks all of this first).
void nativeBatchNorm(const std::string& op, const torch::jit::Stack& stack) {
  if (stack.size() < 6 || !stack[0].isTensor()) return;
  const at::Tensor& input = stack[0].toTensor();
  if (!input.defined() || input.is_meta()) return;
  if (input.dim() < 2) refuse(op, "input must have at least 2 dims [N, C, ...], got [" + c10::Join(", ", input.sizes()) + "]");
  if (input.numel() == 0) refuse(op, "input is empty ([" + c10::Join(", ", input.sizes()) + "]): there are no values to normalize");
  int64_t channels = input.size(1);
  const char* names[] = {"weight", "bias", "running_mean", "running_var"};
  for (size_t i = 1; i <= 4; ++i) {
    if (!stack[i].isTensor()) continue;
    const at::Tensor& t = stack[i].toTensor();
    if (t.defined() && (t.dim() != 1 || t.size(0) != channels)) {
      refuse(op, std::string(names[i - 1]) + " must be 1-D with one value per channel [" + std::to_string(channels) + "], got [" + c10::Join(", ", t.sizes()) + "]");
    }
  }
  bool training = stack[5].isBool() && stack[5].toBool();
  bool stats = stack[3].isTensor() && stack[3].toTensor().defined() && stack[4].isTensor() && stack[4].toTensor().defined();
  if (!training && !stats) refuse(op, "in eval mode (training=false) running_mean and running_var are required");
}

// pdist(input, p): the backward kernel of an input with no rows reads out of
// bounds (Python crashes too): refuse it where autograd would record it.
void pdistRows(const std::string& op, const torch::jit::Stack& stack) {
  if (stack.empty() || !stack[0].isTensor()) return;
  const at::Tensor& input = stack[0].toTensor();
  if (input.defined() && input.dim() == 2 && input.size(0) == 0 && input.requires_grad() && at::GradMode::is_enabled()) {
    refuse(op, "an input with no rows ([0, " + std::to_string(input.size(1)) + "]) cannot be differentiated: its backward would crash (call it under noGrad)");
  }
}

using Check = void (*)(const std::string&, const torch::jit::Stack&);

const std::unordered_map<std::string, Check>& checkTable() {
  static const std::unordered_map<std::string, Check> checks = [] {
    std::unordered_map<std::string, Check> m;
    auto division = [](const std::string& op, const torch::jit::Stack& s) { integerDivision(op, s, false); };
    auto rounding = [](const std::string& op, const torch::jit::Stack& s) {
      // div.Tensor_mode / div.Scalar_mode carry rounding_mode; plain div is true division.
      if (op.find("_mode") != std::string::npos) integerDivision(op, s, true);
    };
    for (const char* name : {"remainder", "fmod", "floor_divide", "__rfloordiv__"}) m[name] = division;
    for (const char* name : {"div", "divide"}) m[name] = rounding;
    m["as_strided"] = [](const std::string& op, const torch::jit::Stack& s) { stridedView(op, s, 1); };
    m["as_strided_copy"] = m["as_strided"];
    m["as_strided_scatter"] = [](const std::string& op, const torch::jit::Stack& s) { stridedView(op, s, 2); };
    for (const char* name : {"svd", "linalg_svd", "linalg_svdvals", "_linalg_svd", "linalg_pinv", "pinverse", "linalg_matrix_rank",
                             "nuclear_norm", "linalg_lstsq"}) {
      m[name] = finiteInput;
    }
    // Norms and condition numbers go through the SVD only for ord 2, -2 and 'nuc' (cond: also by default).
    auto svdOrd = [](const std::string& op, const torch::jit::Stack& s) {
      if (s.size() < 2) return;
      const c10::IValue& ord = s[1];
      bool svd = ord.isString() ? ord.toStringRef() == "nuc"
                                : (ord.isNone() ? op.find("linalg_cond") != std::string::npos
                                                : (ord.isScalar() && std::abs(ord.toScalar().toDouble()) == 2));
      if (svd) finiteInput(op, s);
    };
    for (const char* name : {"linalg_matrix_norm", "linalg_norm", "linalg_cond"}) m[name] = svdOrd;
    m["native_batch_norm"] = nativeBatchNorm;
    for (const char* name : {"lstm", "gru", "rnn_tanh", "rnn_relu"}) m[name] = recurrentLayers;
    m["pdist"] = pdistRows;
    m["_pdist_forward"] = pdistRows;
    m["pixel_shuffle"] = shuffleFactor;
    m["lu_unpack"] = luPivots;
    m["embedding_bag"] = embeddingBag;
    m["_embedding_bag"] = embeddingBag;
    m["_embedding_bag_forward_only"] = embeddingBag;
    m["pixel_unshuffle"] = shuffleFactor;
    for (const char* name : {"special_chebyshev_polynomial_t", "special_chebyshev_polynomial_u", "special_chebyshev_polynomial_v",
                             "special_chebyshev_polynomial_w", "special_hermite_polynomial_h", "special_hermite_polynomial_he",
                             "special_laguerre_polynomial_l", "special_legendre_polynomial_p",
                             "special_shifted_chebyshev_polynomial_t", "special_shifted_chebyshev_polynomial_u",
                             "special_shifted_chebyshev_polynomial_v", "special_shifted_chebyshev_polynomial_w"}) {
      m[name] = polynomialDegree;
    }
    return m;
  }();
  return checks;
}

}  // namespace

Precondition preconditionFor(const std::string& qualifiedName) {
  // "aten::remainder_.Scalar" -> "remainder": overloads, in-place and out= forms share a check.
  std::string base = qualifiedName.substr(qualifiedName.find("::") == std::string::npos ? 0 : qualifiedName.find("::") + 2);
  base = base.substr(0, base.find('.'));
  if (base.size() > 1 && base.back() == '_' && base.compare(0, 2, "__") != 0) base.pop_back();
  auto found = checkTable().find(base);
  return found == checkTable().end() ? nullptr : found->second;
}

}  // namespace tt
