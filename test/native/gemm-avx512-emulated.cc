// Runs the AVX-512 GEMM path (8×32 micro-kernel, packing and blocking at its tile sizes) on a CPU
// without AVX-512: built by test/backend/avx512-emulated.test.ts from native/gemm.cc with
// -DTL_EMULATE_AVX512, which takes the intrinsics from SIMDe. Every product is checked against a
// float64 triple loop; prints one line per failure and exits 1 on any.
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <vector>
#include "../../native/kernels.h"

namespace {
int failures = 0, cases = 0;

void check(int64_t batch, int64_t m, int64_t k, int64_t n, bool ta, bool tb, bool accumulate, std::mt19937& rng) {
  std::uniform_real_distribution<float> u(-2.f, 2.f);
  const int64_t aoff = 3, boff = 5, abs_ = m * k + 2, bbs = k * n + 1;  // offsets and batch gaps
  std::vector<float> a(aoff + batch * abs_), b(boff + batch * bbs), c(batch * m * n), c0;
  for (auto& x : a) x = u(rng);
  for (auto& x : b) x = u(rng);
  for (auto& x : c) x = u(rng);
  c0 = c;
  tl::gemm<float>(a.data(), aoff, abs_, ta, b.data(), boff, bbs, tb, c.data(), batch, m, k, n, accumulate);
  cases++;
  for (int64_t bt = 0; bt < batch; bt++)
    for (int64_t i = 0; i < m; i++)
      for (int64_t j = 0; j < n; j++) {
        double s = 0, mag = 0;
        for (int64_t p = 0; p < k; p++) {
          const double x = a[aoff + bt * abs_ + (ta ? p * m + i : i * k + p)];
          const double y = b[boff + bt * bbs + (tb ? j * k + p : p * n + j)];
          s += x * y;
          mag += std::fabs(x * y);
        }
        const size_t o = static_cast<size_t>((bt * m + i) * n + j);
        if (accumulate) { s += c0[o]; mag += std::fabs(c0[o]); }
        const double tol = 1e-6 * (mag * static_cast<double>(k + 1) + 1);
        if (!(std::fabs(c[o] - s) <= tol)) {
          if (++failures <= 10)
            std::printf("FAIL batch %lld m %lld k %lld n %lld ta %d tb %d acc %d at [%lld,%lld,%lld]: %.7g vs %.7g\n",
              (long long)batch, (long long)m, (long long)k, (long long)n, ta, tb, accumulate, (long long)bt,
              (long long)i, (long long)j, c[o], s);
          return;
        }
      }
}
}  // namespace

int main() {
  if (std::strcmp(tl::simd_level(), "avx512") != 0) {
    std::printf("FAIL simd level is %s, not the emulated avx512\n", tl::simd_level());
    return 1;
  }
  std::mt19937 rng(7);
  // m ≥ 3 (m ≤ 2 takes the GEMV path); sizes around the 8×32 tile, MC = 96, KC = 256, NC = 2048
  const int64_t ms[] = {3, 7, 8, 9, 33, 97, 200}, ks[] = {0, 1, 7, 33, 256, 300}, ns[] = {1, 7, 31, 32, 33, 100};
  for (int threads : {1, 2}) {
    tl::set_num_threads(threads);
    for (int64_t m : ms)
      for (int64_t k : ks)
        for (int64_t n : ns)
          for (int t = 0; t < 4; t++) check(1 + (m + k + n + t) % 2, m, k, n, t & 1, t & 2, (m + n + t) % 3 == 0, rng);
    check(1, 64, 784, 256, false, false, false, rng);  // the MLP's first layer (direct-B path)
    check(1, 9, 5, 2100, false, true, true, rng);       // more than one NC block of columns
  }
  std::printf("%s: %d gemm cases on the emulated avx512 path, %d failed\n", failures ? "FAIL" : "ok", cases, failures);
  return failures ? 1 : 0;
}
