// Debian's libtorch-dev 1.13 ships c10d/reducer.hpp but not the distributed
// autograd header it includes. The reducer's header only names two things
// from it: the gradient callback type (checked equal to its own by a
// static_assert) and the context pointer type it stores. Both are declared
// here as libtorch defines them; the context itself (RPC's distributed
// autograd) is never used by DistributedDataParallel's Reducer here, so its
// body is left out: the reducer only holds a shared_ptr to it and a raw
// pointer, whose layout does not depend on the class.
#pragma once

#include <ATen/core/Tensor.h>

#include <functional>
#include <memory>

namespace torch {
namespace distributed {
namespace autograd {

class DistAutogradContext {
 public:
  using GradCallback = std::function<bool(at::Tensor&)>;
};

using ContextPtr = std::shared_ptr<DistAutogradContext>;

}  // namespace autograd
}  // namespace distributed
}  // namespace torch
