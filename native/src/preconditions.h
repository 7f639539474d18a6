#pragma once
#include "common.h"

#include <ATen/core/stack.h>

namespace tt {
// A check run on an op's converted arguments before its kernel; throws ArgError.
using Precondition = void (*)(const std::string& op, const torch::jit::Stack& args);
// The check for an operator ('aten::remainder_.Scalar'), or nullptr when it needs none.
Precondition preconditionFor(const std::string& qualifiedName);
}  // namespace tt
