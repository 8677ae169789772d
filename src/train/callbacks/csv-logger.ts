// CSVLogger: one row per epoch of the logged values; columns fixed by the first epoch.
import { appendFileSync, writeFileSync } from 'node:fs';
import type { Callback, EpochLogs } from '../types.js';

export class CSVLogger implements Callback {
  private columns: string[] | null = null;
  constructor(readonly path: string, private readonly opts: { append?: boolean } = {}) {}

  onTrainStart(): void {
    this.columns = null;
    if (!this.opts.append) writeFileSync(this.path, '');
  }

  onEpochEnd(_ctx: unknown, logs: EpochLogs): void {
    if (!this.columns) {
      this.columns = Object.keys(logs);
      appendFileSync(this.path, this.columns.join(',') + '\n');
    }
    appendFileSync(this.path, this.columns.map((c) => (c in logs ? String(logs[c]) : '')).join(',') + '\n');
  }
}
