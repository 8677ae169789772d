// Reference batched GEMM with optional transposed operands. Accumulates in float64.
import type { FloatArray } from '../types.js';

export function gemm(a: FloatArray, aOff: number, aBatchStride: number, transA: boolean,
  b: FloatArray, bOff: number, bBatchStride: number, transB: boolean,
  c: FloatArray, batch: number, m: number, k: number, n: number, accumulate: boolean): void {
  // element (i,p) of op(A): transA ? A[p*m + i] : A[i*k + p]
  const aRow = transA ? 1 : k, aCol = transA ? m : 1;
  const bRow = transB ? 1 : n, bCol = transB ? k : 1;
  for (let bt = 0; bt < batch; bt++) {
    const ao = aOff + bt * aBatchStride, bo = bOff + bt * bBatchStride, co = bt * m * n;
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let s = 0;
        for (let p = 0; p < k; p++) s += a[ao + i * aRow + p * aCol] * b[bo + p * bRow + j * bCol];
        c[co + i * n + j] = accumulate ? c[co + i * n + j] + s : s;
      }
    }
  }
}
