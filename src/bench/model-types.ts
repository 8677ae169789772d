// The model shape the benchmark tools need (any trainlab Module fits).
import type { Tensor } from '../tensor/tensor.js';

/* eslint-disable @typescript-eslint/no-explicit-any */
export interface Hookable {
  registerForwardHook(h: (m: any, input: any, output: any) => any): { remove(): void };
  registerForwardPreHook(h: (m: any, input: any) => any): { remove(): void };
  namedModules(): Iterable<[string, Hookable]>;
  parameters(opts?: { recurse?: boolean }): Tensor[];
  constructor: { name: string };
}

export interface BenchModel extends Hookable {
  call(x: Tensor): Tensor;
  train(mode?: boolean): unknown;
  eval(): unknown;
  training: boolean;
  parameters(opts?: { recurse?: boolean }): Tensor[];
  /** Buffers (running statistics), restored after a measured training step. */
  buffers?(): Tensor[];
}
