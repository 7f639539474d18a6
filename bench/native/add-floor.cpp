// The floor under bench/overhead's tiny add: libtorch's own at::add on two
// 1-element tensors, called from C++ in a loop with nothing around it (no
// binding, no interpreter). Neither node nor Python can go below this; the
// difference between it and their figures is what each binding costs.
//
// Built and run by bench/overhead.ts (g++ against Debian's libtorch-dev):
//   add-floor THREADS N  -> prints {"us": best-of-5 microseconds per call}
#include <ATen/ATen.h>
#include <ATen/Parallel.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>

int main(int argc, char** argv) {
  const int threads = argc > 1 ? std::atoi(argv[1]) : 1;
  const long n = argc > 2 ? std::atol(argv[2]) : 200000;
  at::set_num_threads(threads);
  const at::Tensor x = at::ones({1});
  const at::Tensor y = at::ones({1});
  for (int i = 0; i < 20000; ++i) at::add(x, y);  // warm-up, as both benchmarks do
  double best = 1e300;
  for (int r = 0; r < 5; ++r) {
    const auto t0 = std::chrono::steady_clock::now();
    for (long i = 0; i < n; ++i) {
      at::Tensor z = at::add(x, y);  // freed at the end of each iteration, as `z = x + y` in Python
    }
    const auto t1 = std::chrono::steady_clock::now();
    best = std::min(best, std::chrono::duration<double, std::micro>(t1 - t0).count() / static_cast<double>(n));
  }
  std::printf("{\"us\": %.6f}\n", best);
  return 0;
}
