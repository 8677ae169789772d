// Progress: a terminal bar per epoch (batch count, ETA, running loss) on a TTY; one plain line
// per epoch otherwise (CI logs).
import cliProgress from 'cli-progress';
import type { BatchEnd, Callback, EpochLogs, TrainContext } from '../types.js';

/** What the progress output is written to: `process.stdout`, `process.stderr` or any writable with
 *  `write` (structural, so the published types need no `@types/node`). */
export interface ProgressStream { write(chunk: string): unknown; isTTY?: boolean }

export interface ProgressOptions {
  /** Where to write (default process.stderr for the bar, process.stdout for lines). */
  stream?: ProgressStream;
  /** Force the bar on or off (default: on when the stream is a TTY). */
  tty?: boolean;
  /** Print nothing at all. */
  silent?: boolean;
}

function fmtLogs(logs: EpochLogs): string {
  return Object.entries(logs).filter(([k]) => k !== 'epoch')
    .map(([k, v]) => `${k} ${Math.abs(v) < 1e-3 && v !== 0 ? v.toExponential(2) : v.toFixed(4)}`).join('  ');
}

export class ProgressBar implements Callback {
  private bar: cliProgress.SingleBar | null = null;
  private running = 0;
  private seen = 0;
  private readonly tty: boolean;
  private started = 0;
  constructor(private readonly o: ProgressOptions = {}) {
    this.tty = o.tty ?? Boolean((o.stream ?? process.stderr).isTTY);
  }

  onEpochStart(ctx: TrainContext): void {
    this.running = 0; this.seen = 0; this.started = Date.now();
    if (this.o.silent || !this.tty) return;
    this.bar = new cliProgress.SingleBar({
      stream: (this.o.stream ?? process.stderr) as NodeJS.WritableStream,
      format: `epoch ${ctx.epoch + 1}/${ctx.epochs} [{bar}] {value}/{total} | ETA {eta}s | loss {loss}`,
      hideCursor: true, clearOnComplete: false,
    }, cliProgress.Presets.shades_classic);
    this.bar.start(ctx.batchesPerEpoch ?? 0, 0, { loss: 'n/a' });
  }

  onBatchEnd(_ctx: TrainContext, info: BatchEnd): void {
    this.seen++;
    this.running += (info.loss - this.running) / this.seen;
    this.bar?.update(this.seen, { loss: this.running.toFixed(4) });
  }

  onEpochEnd(ctx: TrainContext, logs: EpochLogs): void {
    if (this.o.silent) return;
    const secs = ((Date.now() - this.started) / 1000).toFixed(1);
    if (this.bar) {
      this.bar.stop();
      this.bar = null;
      (this.o.stream ?? process.stderr).write(`  ${fmtLogs(logs)}\n`);
    } else {
      (this.o.stream ?? process.stdout).write(`epoch ${ctx.epoch + 1}/${ctx.epochs}  ${fmtLogs(logs)}  (${secs}s)\n`);
    }
  }

  onTrainEnd(): void {
    this.bar?.stop();
    this.bar = null;
  }
}
