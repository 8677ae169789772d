// Seeded RNG. Algorithm (identical on every platform, integer-only state updates):
// seeds expand through SplitMix32 into the 128-bit state of xoshiro128**; uniforms take the top
// 24 bits (float32) or 53 bits from two draws (float64); normals use Box–Muller on two uniforms.
import { ValueError } from '../errors.js';

function splitmix32(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x9e3779b9) >>> 0;
    let z = s;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/** A random number generator; `new Generator().manualSeed(42)` as in torch.Generator. */
export class Generator {
  private s = new Uint32Array(4);
  private seedValue = 0;
  /** A spare normal from the last Box–Muller pair. */
  private spare: number | null = null;

  constructor(seed = 0) {
    this.manualSeed(seed);
  }

  /** Resets the state from a seed (any integer; it is reduced to 53 bits). */
  manualSeed(seed: number): this {
    this.seedValue = seed;
    const hi = Math.floor(seed / 2 ** 32) >>> 0, lo = seed >>> 0;
    const sm = splitmix32(lo ^ Math.imul(hi, 0x27d4eb2d));
    for (let i = 0; i < 4; i++) this.s[i] = sm();
    if ((this.s[0] | this.s[1] | this.s[2] | this.s[3]) === 0) this.s[0] = 1;
    this.spare = null;
    return this;
  }

  initialSeed(): number { return this.seedValue; }

  /** A uniformly distributed unsigned 32-bit integer. */
  nextUint32(): number {
    const s = this.s;
    const result = Math.imul(rotl(Math.imul(s[1], 5) >>> 0, 7), 9) >>> 0;
    const t = (s[1] << 9) >>> 0;
    s[2] ^= s[0]; s[3] ^= s[1]; s[1] ^= s[2]; s[0] ^= s[3];
    s[2] ^= t;
    s[3] = rotl(s[3], 11);
    return result;
  }

  /** Uniform in [0, 1) with 24 random bits (exactly representable in float32). */
  uniform24(): number {
    return (this.nextUint32() >>> 8) / 16777216;
  }

  /** Uniform in [0, 1) with 53 random bits. */
  uniform53(): number {
    const a = this.nextUint32() >>> 5, b = this.nextUint32() >>> 6;
    return (a * 67108864 + b) / 9007199254740992;
  }

  /** Standard normal by Box–Muller (the second value of each pair is kept for the next call). */
  normal(): number {
    if (this.spare !== null) { const v = this.spare; this.spare = null; return v; }
    let u1 = this.uniform53();
    while (u1 === 0) u1 = this.uniform53();
    const u2 = this.uniform53();
    const r = Math.sqrt(-2 * Math.log(u1));
    this.spare = r * Math.sin(2 * Math.PI * u2);
    return r * Math.cos(2 * Math.PI * u2);
  }

  /** Uniform integer in [0, n) without modulo bias. */
  below(n: number): number {
    if (n <= 2 ** 32) {
      const limit = Math.floor(2 ** 32 / n) * n;
      for (;;) { const v = this.nextUint32(); if (v < limit) return v % n; }
    }
    return Math.floor(this.uniform53() * n);
  }

  /** The full state, for checkpoints. */
  getState(): number[] {
    return [...this.s, this.seedValue, this.spare === null ? 0 : 1, this.spare ?? 0];
  }

  setState(state: readonly number[]): this {
    if (state.length !== 7 || state.some((v) => typeof v !== 'number' || !Number.isFinite(v))) {
      throw new ValueError('Generator.setState: expected the 7 finite numbers from getState()');
    }
    for (let i = 0; i < 4; i++) this.s[i] = state[i] >>> 0;
    this.seedValue = state[4];
    this.spare = state[5] ? state[6] : null;
    return this;
  }
}

function rotl(x: number, k: number): number {
  return ((x << k) | (x >>> (32 - k))) >>> 0;
}

/** The global generator used when an op is given none. */
export const defaultGenerator = new Generator(0);

/** Seeds the global generator, as torch.manual_seed. */
export function manualSeed(seed: number): Generator {
  return defaultGenerator.manualSeed(seed);
}
