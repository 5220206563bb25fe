/**
 * What the demo prints: one section per part of the walk-through, one line per step with its duration, indented
 * detail lines, and a heartbeat while a step waits (a proof, a block), so a silent terminal never means a hang.
 */

const HEARTBEAT_MS = 10_000;

/** Seconds with one decimal, or minutes and seconds past a minute. */
export function formatDuration(ms: number): string {
  const seconds = ms / 1000;
  if (seconds < 60) return `${seconds.toFixed(1)} s`;
  return `${Math.floor(seconds / 60)} min ${Math.round(seconds % 60)} s`;
}

export class Progress {
  private readonly started = Date.now();
  private section = 0;
  private stepInSection = 0;

  constructor(private readonly write: (line: string) => void = (line) => process.stdout.write(`${line}\n`)) {}

  /** Starts a numbered part of the walk-through. */
  heading(title: string): void {
    this.section++;
    this.stepInSection = 0;
    this.write("");
    this.write(`${this.section}. ${title}`);
  }

  /** A plain line under the current section (no step number). */
  info(text: string): void {
    this.write(`       ${text}`);
  }

  /**
   * Runs one step: prints its title, a heartbeat every 10 s while it runs, and its duration when it ends. A failure
   * is printed against the step and rethrown.
   */
  async step<T>(title: string, run: () => Promise<T>): Promise<T> {
    this.stepInSection++;
    const label = `${this.section}.${this.stepInSection}`;
    this.write(`  [${label}] ${title}…`);
    const began = Date.now();
    const heartbeat = setInterval(
      () => this.write(`       … still working (${formatDuration(Date.now() - began)})`),
      HEARTBEAT_MS,
    );
    heartbeat.unref();
    try {
      const value = await run();
      this.write(`       done (${formatDuration(Date.now() - began)})`);
      return value;
    } catch (error) {
      this.write(`       FAILED after ${formatDuration(Date.now() - began)}`);
      throw error;
    } finally {
      clearInterval(heartbeat);
    }
  }

  /** Time since the demo started. */
  elapsed(): string {
    return formatDuration(Date.now() - this.started);
  }

  elapsedMs(): number {
    return Date.now() - this.started;
  }
}
