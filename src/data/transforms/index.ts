// trainlab/data transforms: seeded augmentation on [C,H,W] images and [N,C,H,W] batches.
export { Transform, RandomTransform, applyTransform, imageLayout, type TransformLike, type ImageLayout } from './base.js';
export { Compose, Lambda, Normalize, GaussianNoise, toTensor } from './basic.js';
export { RandomHorizontalFlip, RandomVerticalFlip, RandomCrop, type RandomCropOptions } from './flip-crop.js';
export { RandomAffine, RandomRotation, type RandomAffineOptions, type Interpolation, type AffineParams } from './affine.js';
export { RandomErasing, type RandomErasingOptions } from './erasing.js';
