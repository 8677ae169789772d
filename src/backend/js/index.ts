// The JS reference backend: the living specification of every kernel.
import type { Backend } from '../interface.js';
import { binary, binaryScalar, copyStrided, unary } from './elementwise.js';
import { reduce, softmax } from './reduce.js';
import { gemm } from './gemm.js';
import { avgPool2d, avgPool2dBackward, col2im, im2col, maxPool2d, maxPool2dBackward } from './conv.js';

export const jsBackend: Backend = {
  name: 'js',
  copyStrided, unary, binary, binaryScalar, reduce, gemm, softmax,
  im2col, col2im, maxPool2d, maxPool2dBackward, avgPool2d, avgPool2dBackward,
};
