// A small persistent thread pool (sized to the cores, TRAINLAB_NUM_THREADS overrides) and the
// run-time SIMD level. Work is split only when the caller's grain says it pays.
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdlib>
#include <mutex>
#include <string_view>
#include <thread>
#include <vector>
#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#endif
#include "kernels.h"

namespace tl {
namespace {

inline void cpu_relax() {
#if defined(__x86_64__) || defined(__i386__)
  _mm_pause();
#endif
}

/**
 * How long an idle worker keeps polling for the next job before it sleeps. Ops come every few
 * microseconds in a training step; a futex wake-up costs tens of microseconds on a busy VM, more than
 * a small GEMM takes (64×256×128 ran at 39 GFLOP/s on 2 threads vs 65 on one without this).
 */
constexpr auto SPIN_FOR = std::chrono::microseconds(200);

class Pool {
 public:
  explicit Pool(int n) { resize(n); }
  ~Pool() { stop(); }
  int size() const { return static_cast<int>(workers_.size()) + 1; }

  void resize(int n) {
    stop();
    quit_ = false;
    for (int i = 1; i < n; i++) workers_.emplace_back([this] { loop(); });
  }

  /** Runs job(t) for t in [0, tasks): the calling thread takes part. */
  void run(int tasks, const std::function<void(int)>& job) {
    {
      std::lock_guard<std::mutex> lk(mu_);
      job_ = &job;
      tasks_ = tasks;
      next_.store(0);
      pending_.store(tasks);
      gen_.fetch_add(1, std::memory_order_release);
    }
    // a worker that went to sleep counted itself under the lock, before or after this generation
    if (sleepers_.load() > 0) cv_.notify_all();
    work();
    // spin as long as an idle worker does (SPIN_FOR), then sleep: the other tasks of a kernel end
    // within microseconds of this one, sooner than a futex wake-up on a busy VM (tens of µs)
    const auto until = std::chrono::steady_clock::now() + SPIN_FOR;
    for (int i = 0; pending_.load(std::memory_order_acquire) > 0; i++) {
      cpu_relax();
      if ((i & 255) == 255 && std::chrono::steady_clock::now() > until) break;
    }
    if (pending_.load(std::memory_order_acquire) > 0) {
      std::unique_lock<std::mutex> lk(mu_);
      done_.wait(lk, [this] { return pending_.load() == 0; });
    }
    job_ = nullptr;
  }

 private:
  void work() {
    for (;;) {
      int t = next_.fetch_add(1);
      if (t >= tasks_) return;
      (*job_)(t);
      if (pending_.fetch_sub(1, std::memory_order_acq_rel) == 1) {
        std::lock_guard<std::mutex> lk(mu_);
        done_.notify_all();
      }
    }
  }

  bool has_news(uint64_t seen) const { return quit_.load() || gen_.load(std::memory_order_acquire) != seen; }

  void loop() {
    uint64_t seen = 0;
    for (;;) {
      bool news = false;
      const auto until = std::chrono::steady_clock::now() + SPIN_FOR;
      for (int i = 0; !(news = has_news(seen)); i++) {
        cpu_relax();
        if ((i & 255) == 255 && std::chrono::steady_clock::now() > until) break;
      }
      if (!news) {
        std::unique_lock<std::mutex> lk(mu_);
        sleepers_++;
        cv_.wait(lk, [&] { return has_news(seen); });
        sleepers_--;
      }
      if (quit_.load()) return;
      seen = gen_.load(std::memory_order_acquire);
      work();
    }
  }

  void stop() {
    {
      std::lock_guard<std::mutex> lk(mu_);
      quit_ = true;
    }
    cv_.notify_all();
    for (auto& t : workers_) t.join();
    workers_.clear();
  }

  std::vector<std::thread> workers_;
  std::mutex mu_;
  std::condition_variable cv_, done_;
  const std::function<void(int)>* job_ = nullptr;
  int tasks_ = 0;
  std::atomic<int> next_{0}, pending_{0}, sleepers_{0};
  std::atomic<uint64_t> gen_{0};
  std::atomic<bool> quit_{false};
};

int default_threads() {
  const char* env = std::getenv("TRAINLAB_NUM_THREADS");
  if (env && std::atoi(env) > 0) return std::atoi(env);
  unsigned hc = std::thread::hardware_concurrency();
  return hc > 0 ? static_cast<int>(hc) : 1;
}

int g_threads = default_threads();
Pool* g_pool = nullptr;
thread_local bool t_inside = false;  // nested parallel_for runs inline

}  // namespace

int num_threads() { return g_threads; }

void set_num_threads(int n) {
  g_threads = n > 0 ? n : default_threads();
  if (g_pool && g_pool->size() != g_threads) g_pool->resize(g_threads);
}

void parallel_for(int64_t n, int64_t grain, const std::function<void(int64_t, int64_t)>& fn) {
  if (n <= 0) return;
  int64_t chunks = grain > 0 ? n / grain : n;
  if (chunks > g_threads) chunks = g_threads;
  if (chunks <= 1 || t_inside) {
    fn(0, n);
    return;
  }
  if (!g_pool) g_pool = new Pool(g_threads);  // lives for the process (no exit-time join)
  const int tasks = static_cast<int>(chunks);
  g_pool->run(tasks, [&](int t) {
    t_inside = true;
    fn(n * t / tasks, n * (t + 1) / tasks);
    t_inside = false;
  });
}

static const char* detect_simd() {
#if TL_X86
  const char* force = std::getenv("TRAINLAB_SIMD");  // testing aid: cap the SIMD level
  bool allow512 = !force || std::string_view(force) == "avx512";
  bool allow2 = !force || std::string_view(force) != "scalar";
  __builtin_cpu_init();
#if defined(TL_EMULATE_AVX512)  // test build: the AVX-512 kernels run emulated, on any x86-64
  if (allow512) return "avx512";
#endif
  if (allow512 && __builtin_cpu_supports("avx512f")) return "avx512";
  if (allow2 && __builtin_cpu_supports("avx2") && __builtin_cpu_supports("fma")) return "avx2";
#endif
  return "scalar";
}

const char* simd_level() {
  static const char* level = detect_simd();
  return level;
}

bool wide_simd() {
  static const bool wide = std::string_view(simd_level()) != "scalar";
  return wide;
}

}  // namespace tl
