// The model shape the benchmark tools need (any trainlab Module fits).
import type { Tensor } from '../tensor/tensor.js';

export interface Hookable {
  registerForwardHook(h: (m: never, input: unknown, output: unknown) => unknown): { remove(): void };
  registerForwardPreHook(h: (m: never, input: unknown) => unknown): { remove(): void };
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
}
