// MNIST with the benchmark MLP (Linear 784→256→128→10, ReLUs, on flattened digits), trained by fit():
// Adam lr 1e-3, batch 64, 8 epochs, shuffled; prints test accuracy per epoch and the run time.
// Run: node --import tsx examples/mnist-mlp.ts [epochs]   (PyTorch reaches 93.2% with this recipe)
import { nn } from '../src/index.js';
import { trainMnist } from './mnist-train.js';

trainMnist('MLP', () => new nn.Sequential(
  new nn.Flatten(),
  new nn.Linear(784, 256), new nn.ReLU(),
  new nn.Linear(256, 128), new nn.ReLU(),
  new nn.Linear(128, 10),
));
