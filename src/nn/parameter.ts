// Parameter: a leaf float tensor that a Module registers as trainable (torch.nn.Parameter).
import { DTypeError, TrainlabError } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import { isFloat } from '../tensor/dtype.js';
import { formatTensor } from '../tensor/print.js';

/**
 * A tensor that a Module treats as one of its parameters. It shares the storage of the tensor
 * it is made from (detached from any graph) and requires grad unless told otherwise.
 * `instanceof Parameter` marks it; assigning one to a Module property registers it.
 * @example this.weight = new Parameter(randn([out, inp]));
 */
export class Parameter extends Tensor {
  constructor(data: Tensor, requiresGrad = true) {
    if (!(data instanceof Tensor)) {
      throw new TrainlabError(`Parameter: data must be a Tensor, got ${data === null ? 'null' : typeof data}`);
    }
    super(data.storage, [...data.shape], [...data.strides], data.offset, data.dtype);
    if (requiresGrad && !isFloat(data.dtype)) {
      throw new DTypeError(`Parameter: only floating point tensors can require gradients, got ${data.dtype}`);
    }
    this.requiresGrad = requiresGrad;
  }

  /** Printed as torch prints it: `Parameter containing:` then the tensor. */
  override toString(): string {
    return `Parameter containing:\n${formatTensor(this)}`;
  }
}
