// trainlab/data: datasets, samplers, DataLoader and collate, transforms, built-in datasets.
export { Dataset, TensorDataset, Subset, ConcatDataset, TransformDataset, randomSplit, type SampleFn } from './dataset.js';
export {
  SequentialSampler, RandomSampler, SubsetRandomSampler, WeightedRandomSampler, BatchSampler,
  type Sampler, type RandomSamplerOptions,
} from './sampler.js';
export { defaultCollate, type Collated, type CollateOptions } from './collate.js';
export { DataLoader, type DataLoaderOptions } from './dataloader.js';
export * as transforms from './transforms/index.js';
export * from './datasets/index.js';
