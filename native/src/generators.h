#pragma once
#include "common.h"

#include <ATen/core/Generator.h>

namespace tt {
// The generator a JS id names: 0 is libtorch's default CPU generator.
// Throws ArgError for an id that was released.
at::Generator generatorById(double id);
void registerGenerators(Napi::Env env, Napi::Object exports);
}  // namespace tt
