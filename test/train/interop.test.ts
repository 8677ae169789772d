// Interop: PyTorch models saved as safetensors load into the same trainlab Sequential (built from
// the json's layer list) and reproduce PyTorch's eval-mode output; our own files load back too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { manualSeed, nn, noGrad } from '../../src/index.js';
import * as safetensors from '../../src/train/safetensors.js';
import { FIXTURES, assertClose, loadFixture, toTensor, type FixtureTensor } from '../helpers/fixtures.js';

interface Layer { type: string; [k: string]: unknown }
interface InteropCase { model: { layers: Layer[] }; stateDictKeys: string[]; input: FixtureTensor; outputEval: FixtureTensor }

/** A layer from its json description (README §9; Flatten from dim 1, Conv2d padding default 0). */
function buildLayer(l: Layer): nn.AnyModule {
  const n = (k: string) => l[k] as number;
  switch (l.type) {
    case 'Linear': return new nn.Linear(n('inFeatures'), n('outFeatures'));
    case 'Conv2d': return new nn.Conv2d(n('inChannels'), n('outChannels'), n('kernelSize'), { padding: n('padding') ?? 0 });
    case 'BatchNorm2d': return new nn.BatchNorm2d(n('numFeatures'));
    case 'MaxPool2d': return new nn.MaxPool2d(n('kernelSize'));
    case 'ReLU': return new nn.ReLU();
    case 'Flatten': return new nn.Flatten();
    default: throw new Error(`interop fixture: unknown layer type ${l.type}`);
  }
}

for (const name of ['mlp', 'cnn']) {
  test(`${name}.safetensors from PyTorch reproduces outputEval; our own save loads back identically`, () => {
    const c = loadFixture<InteropCase>(join(FIXTURES, 'interop', `${name}.json`));
    manualSeed(0);
    const model = new nn.Sequential(...c.model.layers.map(buildLayer));
    assert.deepEqual(Object.keys(model.stateDict()), c.stateDictKeys, 'PyTorch key names and order');
    const sd = safetensors.loadFile(join(FIXTURES, 'interop', `${name}.safetensors`));
    const r = model.loadStateDict(sd);
    assert.deepEqual(r, { missingKeys: [], unexpectedKeys: [] });
    model.eval();
    const x = toTensor(c.input);
    const y = noGrad(() => model.call(x));
    assertClose(y, c.outputEval, `${name} outputEval`);

    const dir = mkdtempSync(join(tmpdir(), 'interop-'));
    try {
      const p = join(dir, 'm.safetensors');
      safetensors.saveFile(model.stateDict(), p, { metadata: { format: 'pt' } });
      manualSeed(1);
      const fresh = new nn.Sequential(...c.model.layers.map(buildLayer));
      fresh.loadStateDict(safetensors.loadFile(p));
      fresh.eval();
      assert.deepEqual(Array.from(noGrad(() => fresh.call(x)).contiguousData()), Array.from(y.contiguousData()));
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
}
