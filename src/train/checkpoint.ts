// Full training checkpoints in one safetensors file: model and optimizer tensors as tensors, the rest
// (param groups, scheduler, RNG states, epoch, step, history) as JSON in __metadata__. Loading
// validates everything before changing anything, and rolls back if applying still fails.
import { readFileSync } from 'node:fs';
import { FormatError, TrainlabError, fmtShape } from '../errors.js';
import { Tensor } from '../tensor/tensor.js';
import type { Generator } from '../tensor/random.js';
import type { OptimizerStateDict, ParamState } from '../optim/optimizer.js';
import { serialize, deserializeWithMetadata } from './safetensors.js';
import { writeFileAtomic } from './atomic-write.js';
import { parseExact, stringifyExact } from './checkpoint-json.js';

/** Anything with a tensor state dict (nn.Module). */
export interface ModelLike { stateDict(): Record<string, Tensor>; loadStateDict(sd: Record<string, Tensor>): unknown }
/** PyTorch's optimizer contract. */
export interface OptimizerLike { stateDict(): OptimizerStateDict; loadStateDict(sd: OptimizerStateDict): void; paramGroups: { params: Tensor[] }[] }
/** An LR scheduler (plain-JSON state). */
export interface SchedulerLike { stateDict(): Record<string, unknown>; loadStateDict(sd: Record<string, unknown>): void }

/** What a checkpoint holds. `generators` are saved by name (e.g. { global: defaultGenerator, loader: loader.generator }). */
export interface CheckpointState {
  model: ModelLike;
  optimizer?: OptimizerLike;
  scheduler?: SchedulerLike;
  generators?: Record<string, Generator>;
  epoch?: number;
  step?: number;
  /** JSON-able (NaN and ±Infinity are kept), e.g. TrainingMonitor.toJSON(). */
  monitorHistory?: unknown;
  extra?: Record<string, unknown>;
}

/** The objects loadCheckpoint restores into; each given one must be present in the file. */
export type CheckpointTargets = Omit<CheckpointState, 'epoch' | 'step' | 'monitorHistory' | 'extra'>;

/** What loadCheckpoint returns besides restoring the targets. */
export interface LoadedCheckpoint { epoch: number; step: number; monitorHistory: unknown; extra: Record<string, unknown> }

/** A checkpoint that does not fit the objects it is loaded into (nothing was changed). */
export class CheckpointError extends TrainlabError {}

const FORMAT = 'trainlab-checkpoint';
const VERSION = 1;
const MODEL = 'model.';
const OPT = 'optimizer.state.';

interface Meta {
  version: number; epoch: number; step: number;
  optimizer: { paramGroups: OptimizerStateDict['paramGroups']; scalars: Record<string, Record<string, number | null>> } | null;
  scheduler: Record<string, unknown> | null;
  generators: Record<string, number[]>;
  monitorHistory: unknown; extra: Record<string, unknown>;
}

/**
 * Saves a full training checkpoint to `path` (atomically). Tensors: `model.<key>` for the model's
 * state dict, `optimizer.state.<paramIndex>.<name>` for optimizer state tensors. `__metadata__`:
 * `format` = "trainlab-checkpoint" and `trainlab` = JSON of {version, epoch, step, optimizer
 * {paramGroups, scalars}, scheduler, generators, monitorHistory, extra}.
 * Save at an epoch boundary for an exact resume: the loader's shuffle generator is then at the
 * start of the next epoch's permutation.
 * @example
 * saveCheckpoint('ckpt.safetensors', { model, optimizer, scheduler, generators: { loader: loader.generator! }, epoch, step });
 */
export function saveCheckpoint(path: string, s: CheckpointState): void {
  const tensors: Record<string, Tensor> = {};
  for (const [k, t] of Object.entries(s.model.stateDict())) tensors[MODEL + k] = t;
  let optimizer: Meta['optimizer'] = null;
  if (s.optimizer) {
    const sd = s.optimizer.stateDict();
    const scalars: Record<string, Record<string, number | null>> = {};
    for (const [i, st] of Object.entries(sd.state)) {
      scalars[i] = {};
      for (const [name, v] of Object.entries(st)) {
        if (v instanceof Tensor) tensors[`${OPT}${i}.${name}`] = v;
        else scalars[i][name] = v;
      }
    }
    optimizer = { paramGroups: sd.paramGroups, scalars };
  }
  const generators: Record<string, number[]> = {};
  for (const [name, g] of Object.entries(s.generators ?? {})) generators[name] = g.getState();
  const meta: Meta = {
    version: VERSION, epoch: s.epoch ?? 0, step: s.step ?? 0, optimizer,
    scheduler: s.scheduler ? s.scheduler.stateDict() : null, generators,
    monitorHistory: s.monitorHistory ?? null, extra: s.extra ?? {},
  };
  writeFileAtomic(path, serialize(tensors, { metadata: { format: FORMAT, trainlab: stringifyExact(meta) } }));
}

/** The raw content of a checkpoint file: its tensors and parsed metadata (nothing applied). */
export function readCheckpoint(path: string): { tensors: Record<string, Tensor>; meta: Meta } {
  const { tensors, metadata } = deserializeWithMetadata(readFileSync(path), path);
  if (metadata.format !== FORMAT || typeof metadata.trainlab !== 'string') {
    throw new FormatError(`${path}: not a trainlab checkpoint (__metadata__.format is ${JSON.stringify(metadata.format)}, expected "${FORMAT}")`);
  }
  let meta: Meta;
  try {
    meta = parseExact(metadata.trainlab) as Meta;
  } catch (e) {
    throw new FormatError(`${path}: checkpoint metadata is not valid JSON (${(e as Error).message})`);
  }
  const bad = (msg: string): never => { throw new FormatError(`${path}: checkpoint metadata: ${msg}`); };
  if (meta === null || typeof meta !== 'object') bad('expected an object');
  if (meta.version !== VERSION) bad(`version ${meta.version}, this trainlab reads version ${VERSION}`);
  if (!Number.isSafeInteger(meta.epoch) || !Number.isSafeInteger(meta.step)) bad(`epoch and step must be integers, got ${meta.epoch}, ${meta.step}`);
  if (typeof meta.generators !== 'object' || meta.generators === null) bad('generators must be an object');
  return { tensors, meta };
}

/**
 * Restores a checkpoint into `targets` and returns epoch, step, history and extra. Every part is
 * checked first (model keys and shapes, optimizer groups and state shapes, scheduler keys,
 * generator names and states); on any mismatch a CheckpointError lists them and nothing changes.
 * @example
 * const { epoch, step } = loadCheckpoint('ckpt.safetensors', { model, optimizer, scheduler });
 */
export function loadCheckpoint(path: string, targets: CheckpointTargets): LoadedCheckpoint {
  const { tensors, meta } = readCheckpoint(path);
  const modelSd: Record<string, Tensor> = {};
  const optTensors: Record<string, Record<string, Tensor>> = {};
  for (const [k, t] of Object.entries(tensors)) {
    if (k.startsWith(MODEL)) modelSd[k.slice(MODEL.length)] = t;
    else if (k.startsWith(OPT)) {
      const rest = k.slice(OPT.length), dot = rest.indexOf('.');
      (optTensors[rest.slice(0, dot)] ??= {})[rest.slice(dot + 1)] = t;
    } else throw new FormatError(`${path}: unexpected tensor "${k}" in a checkpoint`);
  }
  const problems: string[] = [];
  checkModel(targets.model, modelSd, problems);
  let optSd: OptimizerStateDict | null = null;
  if (targets.optimizer) {
    if (!meta.optimizer) problems.push('the checkpoint has no optimizer state');
    else optSd = checkOptimizer(targets.optimizer, meta.optimizer, optTensors, problems);
  }
  if (targets.scheduler) {
    if (!meta.scheduler) problems.push('the checkpoint has no scheduler state');
    else {
      const have = new Set(Object.keys(targets.scheduler.stateDict()));
      const extra = Object.keys(meta.scheduler).filter((k) => !have.has(k));
      if (extra.length) problems.push(`scheduler: the checkpoint has key(s) ${extra.join(', ')} this scheduler does not`);
    }
  }
  for (const name of Object.keys(targets.generators ?? {})) {
    const st = meta.generators[name];
    if (!Array.isArray(st) || st.length !== 7 || !st.every(Number.isFinite)) problems.push(`generator "${name}": no valid state in the checkpoint`);
  }
  if (problems.length) throw new CheckpointError(`loadCheckpoint(${path}): the checkpoint does not fit (nothing was changed):\n\t${problems.join('\n\t')}`);
  applyAll(targets, modelSd, optSd, meta);
  return { epoch: meta.epoch, step: meta.step, monitorHistory: meta.monitorHistory, extra: meta.extra ?? {} };
}

function checkModel(model: ModelLike, sd: Record<string, Tensor>, problems: string[]): void {
  const mine = model.stateDict();
  for (const k of Object.keys(mine)) if (!(k in sd)) problems.push(`model: missing key "${k}"`);
  for (const [k, t] of Object.entries(sd)) {
    if (!(k in mine)) problems.push(`model: unexpected key "${k}"`);
    else if (mine[k].shape.join() !== t.shape.join()) {
      problems.push(`model: "${k}" has shape ${fmtShape(t.shape)} in the checkpoint, ${fmtShape(mine[k].shape)} in the model`);
    }
  }
}

function checkOptimizer(opt: OptimizerLike, m: NonNullable<Meta['optimizer']>, tensors: Record<string, Record<string, Tensor>>,
  problems: string[]): OptimizerStateDict | null {
  const groups = m.paramGroups;
  if (!Array.isArray(groups) || groups.length !== opt.paramGroups.length) {
    problems.push(`optimizer: ${Array.isArray(groups) ? groups.length : '?'} param group(s) in the checkpoint, ${opt.paramGroups.length} in the optimizer`);
    return null;
  }
  const byIndex = new Map<number, Tensor>();
  groups.forEach((g, gi) => {
    if (g === null || typeof g !== 'object' || Array.isArray(g)) { problems.push(`optimizer: group ${gi} is not an object in the checkpoint`); return; }
    checkHyperparameters(gi, g as unknown as Record<string, unknown>, opt.paramGroups[gi] as unknown as Record<string, unknown>, problems);
    const mine = opt.paramGroups[gi].params;
    if (!Array.isArray(g.params) || g.params.length !== mine.length) {
      problems.push(`optimizer: group ${gi} has ${Array.isArray(g.params) ? g.params.length : '?'} parameter(s) in the checkpoint, ${mine.length} in the optimizer`);
    } else g.params.forEach((idx, j) => byIndex.set(idx, mine[j]));
  });
  const state: Record<number, ParamState> = {};
  for (const i of new Set([...Object.keys(m.scalars ?? {}), ...Object.keys(tensors)])) {
    const p = byIndex.get(Number(i));
    if (p === undefined) { problems.push(`optimizer: state for parameter index ${i} refers to no parameter`); continue; }
    state[Number(i)] = { ...(m.scalars?.[i] ?? {}), ...(tensors[i] ?? {}) };
    for (const [name, t] of Object.entries(tensors[i] ?? {})) {
      if (t.shape.join() !== p.shape.join()) problems.push(`optimizer: state "${name}" of parameter ${i} has shape ${fmtShape(t.shape)}, the parameter ${fmtShape(p.shape)}`);
    }
  }
  return { state, paramGroups: groups };
}

/** A group's hyperparameters must keep the optimizer's types (a damaged file must not set lr to a string). */
function checkHyperparameters(gi: number, saved: Record<string, unknown>, mine: Record<string, unknown>, problems: string[]): void {
  for (const [k, want] of Object.entries(mine)) {
    if (k === 'params' || want === null || want === undefined || !(k in saved)) continue;
    const got = saved[k];
    const kind = Array.isArray(want) ? `a list of ${want.length} ${want.every((x) => typeof x === 'number') ? 'numbers' : 'values'}` : `a ${typeof want}`;
    const ok = Array.isArray(want)
      ? Array.isArray(got) && got.length === want.length && got.every((x, i) => typeof x === typeof want[i])
      : typeof got === typeof want;
    if (!ok) problems.push(`optimizer: group ${gi} "${k}" is ${JSON.stringify(got)} in the checkpoint, ${kind} in the optimizer`);
  }
}

function cloneTensor(t: Tensor): Tensor {
  return Tensor.fromArray(t.toTypedArray(), t.shape, t.dtype);
}

/** Applies every part; if one still throws, restores what was applied before and rethrows. */
function applyAll(t: CheckpointTargets, modelSd: Record<string, Tensor>, optSd: OptimizerStateDict | null, meta: Meta): void {
  const before = {
    model: Object.fromEntries(Object.entries(t.model.stateDict()).map(([k, v]) => [k, cloneTensor(v)])),
    opt: t.optimizer?.stateDict(),
    sched: t.scheduler?.stateDict(),
    gens: Object.entries(t.generators ?? {}).map(([n, g]) => [n, g.getState()] as const),
  };
  try {
    t.model.loadStateDict(modelSd);
    if (t.optimizer && optSd) t.optimizer.loadStateDict(optSd);
    if (t.scheduler && meta.scheduler) t.scheduler.loadStateDict(meta.scheduler);
    for (const [n, g] of Object.entries(t.generators ?? {})) g.setState(meta.generators[n]);
  } catch (e) {
    // best effort per part: a part whose load keeps failing was not changed by it either
    const restore = (fn: () => void) => { try { fn(); } catch { /* see above */ } };
    restore(() => t.model.loadStateDict(before.model));
    if (t.optimizer && before.opt) restore(() => t.optimizer!.loadStateDict(before.opt!));
    if (t.scheduler && before.sched) restore(() => t.scheduler!.loadStateDict(before.sched!));
    for (const [n, st] of before.gens) restore(() => t.generators![n].setState(st));
    throw new CheckpointError(`loadCheckpoint: applying the checkpoint failed, everything was restored: ${(e as Error).message}`);
  }
}
