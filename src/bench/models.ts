// The reference models of ../shared/bench/WORKLOADS.md, used by `trainlab bench`, the demo and
// the examples: an MLP (784→256→128→10) and a small CNN for [N,1,28,28] inputs.
import { Conv2d, Flatten, Linear, MaxPool2d, ReLU, Sequential } from '../nn/index.js';

/** Linear 784→256, ReLU, 256→128, ReLU, 128→10. */
export function referenceMlp(): Sequential {
  return new Sequential(new Linear(784, 256), new ReLU(), new Linear(256, 128), new ReLU(), new Linear(128, 10));
}

/** Conv 1→16 k3, ReLU, MaxPool 2, Conv 16→32 k3, ReLU, MaxPool 2, Flatten, Linear 800→10. */
export function referenceCnn(): Sequential {
  return new Sequential(new Conv2d(1, 16, 3), new ReLU(), new MaxPool2d(2), new Conv2d(16, 32, 3), new ReLU(),
    new MaxPool2d(2), new Flatten(), new Linear(32 * 5 * 5, 10));
}

/** Name → factory and the shape of one input sample. */
export const REFERENCE_MODELS: Record<string, { make: () => Sequential; sampleShape: number[] }> = {
  mlp: { make: referenceMlp, sampleShape: [784] },
  cnn: { make: referenceCnn, sampleShape: [1, 28, 28] },
};
