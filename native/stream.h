// Non-temporal output for large elementwise results. Every op result in trainlab is a fresh buffer
// that the JS garbage collector frees only in batches, so a big output lands in memory that is not in
// cache: ordinary stores first read each line from DRAM (write-allocate), streaming stores do not.
// Small outputs keep ordinary stores (they stay in cache for the next op).
#pragma once
#include <cstdint>
#include <cstring>
#if defined(__x86_64__) || defined(_M_X64)
#include <immintrin.h>
#define TL_HAS_STREAM 1
#endif
#include "kernels.h"

namespace tl {

/** Outputs of at least this many bytes are written with streaming stores (2× the L2 of one core). */
constexpr int64_t STREAM_MIN_BYTES = 2 << 20;

/** Copies `bytes` (a multiple of 16) from 16-byte-aligned src to 16-byte-aligned dst, bypassing cache. */
TL_INLINE void stream_copy(void* dst, const void* src, int64_t bytes) {
#ifdef TL_HAS_STREAM
  auto* d = static_cast<__m128i*>(dst);
  const auto* s = static_cast<const __m128i*>(src);
  for (int64_t k = 0; k < bytes / 16; k++) _mm_stream_si128(d + k, _mm_load_si128(s + k));
#else
  std::memcpy(dst, src, static_cast<size_t>(bytes));
#endif
}

/**
 * Writes out[0, len) through a small staging buffer and streaming stores: body(dst, start, n)
 * computes elements [start, start + n) into dst. The unaligned head and the tail are computed in place.
 */
template <class O, class F> TL_INLINE void streamed(O* out, int64_t len, F&& body) {
  // 256 bytes: big enough to vectorise, small enough that the staging round trip stays in store
  // forwarding (4 KiB measured 1.7× slower than 256 B on Zen 3)
  constexpr int64_t CH = 256 / static_cast<int64_t>(sizeof(O));
  alignas(64) O tmp[CH];
  const auto mis = reinterpret_cast<uintptr_t>(out) & 15;
  if (mis % sizeof(O) != 0 || len < 2 * CH) { body(out, 0, len); return; }
  int64_t i = std::min<int64_t>(len, static_cast<int64_t>(((16 - mis) & 15) / sizeof(O)));
  if (i > 0) body(out, 0, i);
  for (; i + CH <= len; i += CH) {
    body(tmp, i, CH);
    stream_copy(out + i, tmp, CH * static_cast<int64_t>(sizeof(O)));
  }
  if (i < len) body(out + i, i, len - i);
#ifdef TL_HAS_STREAM
  _mm_sfence();
#endif
}

}  // namespace tl
