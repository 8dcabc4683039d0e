import { availableParallelism } from 'node:os';
import { parentPort, Worker, workerData } from 'node:worker_threads';
import { sliceHasErrors } from '../engine/parse';

/**
 * Below this many unchecked bytes, checking on the main thread is quicker than starting a worker thread, which
 * has to load the bundle first (~150 ms).
 */
const WORKER_THRESHOLD = 512 * 1024;

interface SliceBatch {
  file: string;
  texts: string[];
}

/** Whether a run can check syntax aside: there is a second core, and a script to start a worker thread from. */
export function canCheckAside(workerScript: string | undefined): workerScript is string {
  return workerScript !== undefined && availableParallelism() >= 2;
}

/**
 * Checks the syntax of the documents no rule reads (most of a repository's bytes: CRDs, bundles) on a
 * second core while the main thread lints. Every document is still checked; only the broken files, rare,
 * are parsed again on the main thread. A worker thread starts once enough bytes wait; smaller runs are
 * checked on the main thread at the end.
 */
export class SyntaxCheckAside {
  private worker: Worker | undefined;
  private pending: SliceBatch[] = [];
  private pendingBytes = 0;
  private result: Promise<string[]> | undefined;
  private readonly files: string[] = [];

  constructor(private readonly workerScript: string) {}

  add(file: string, text: string, slices: readonly { start: number; end: number }[]): void {
    if (slices.length === 0) return;
    const batch = { file, texts: slices.map((slice) => text.slice(slice.start, slice.end)) };
    this.files.push(file);
    if (this.worker) {
      this.worker.postMessage(batch);
      return;
    }
    this.pending.push(batch);
    this.pendingBytes += batch.texts.reduce((sum, t) => sum + t.length, 0);
    if (this.pendingBytes >= WORKER_THRESHOLD) this.startWorker();
  }

  /**
   * The files with a broken document among those added; ends the worker. Should the worker fail, every file
   * added counts: parsing them again, checked, is slower but right.
   */
  async brokenFiles(): Promise<Set<string>> {
    if (!this.worker) return new Set(brokenIn(this.pending));
    this.worker.postMessage(null);
    return new Set(await this.result);
  }

  private startWorker(): void {
    const worker = new Worker(this.workerScript, { workerData: { syntaxCheck: true } });
    this.result = new Promise<string[]>((resolve, reject) => {
      let broken: string[] | undefined;
      worker.once('message', (message: string[]) => (broken = message));
      worker.once('error', reject);
      worker.once('exit', (code) => (broken ? resolve(broken) : reject(new Error(`the syntax-check worker stopped with code ${code}`))));
    }).catch(() => this.files);
    for (const batch of this.pending) worker.postMessage(batch);
    this.pending = [];
    this.worker = worker;
  }
}

function brokenIn(batches: readonly SliceBatch[]): string[] {
  return batches.filter((batch) => batch.texts.some(isBroken)).map((batch) => batch.file);
}

function isBroken(text: string): boolean {
  try {
    return sliceHasErrors(text);
  } catch {
    // Nesting too deep for the composer: the main thread's parse reports it with its reason.
    return true;
  }
}

/** Whether this worker thread was started to check syntax. */
export function isSyntaxCheckWorker(): boolean {
  return Boolean((workerData as { syntaxCheck?: boolean } | null)?.syntaxCheck);
}

/** The worker side: checks batches as they come; `null` asks for the broken files and ends the thread. */
export function serveSyntaxCheck(): void {
  const broken: string[] = [];
  parentPort!.on('message', (batch: SliceBatch | null) => {
    if (batch === null) {
      parentPort!.postMessage(broken);
      parentPort!.close();
      return;
    }
    if (brokenIn([batch]).length > 0) broken.push(batch.file);
  });
}
