// Error classes: every public function throws a TrainlabError subclass whose message names the
// operation, the shapes or values involved, and what was expected.

/** Base class of every error trainlab throws on purpose. */
export class TrainlabError extends Error {
  constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}
/** Shapes that do not fit together (broadcast, matmul, conv, view...). */
export class ShapeError extends TrainlabError {}
/** A dtype the operation does not accept, or two dtypes it refuses to mix. */
export class DTypeError extends TrainlabError {}
/** A dimension or an index out of range. */
export class IndexError extends TrainlabError {}
/** A value outside what is allowed (negative lr, probability outside [0,1], ...). */
export class ValueError extends TrainlabError {}
/** Misuse of autograd: backward twice, non-scalar backward, in-place change of a saved tensor. */
export class AutogradError extends TrainlabError {}
/** A NaN or Inf found by anomaly detection, naming the op that produced it. */
export class AnomalyError extends AutogradError {}
/** A tensor used after dispose(), or after the tidy() scope that created it released it. */
export class DisposedError extends TrainlabError {}
/** A file that is truncated, corrupt or not in the expected format. */
export class FormatError extends TrainlabError {}

/** Formats a shape as PyTorch prints it in messages: [2,3]. */
export function fmtShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`;
}
