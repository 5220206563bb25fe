/**
 * snarkjs reports what it verified (contribution hashes, beacon parameters, failures) only through its logger; this
 * collects those lines so that the ceremony can compare them with the transcript.
 */
export type CollectingLogger = {
  info(msg: string): void;
  warn(msg: string): void;
  error(msg: string): void;
  debug(msg: string): void;
  lines: string[];
  errors: string[];
};

export function collectingLogger(): CollectingLogger {
  const lines: string[] = [];
  const errors: string[] = [];
  return {
    lines,
    errors,
    info: (msg) => lines.push(msg),
    warn: (msg) => lines.push(msg),
    error: (msg) => errors.push(msg),
    debug: () => {},
  };
}

/** One contribution of a zkey as `zkey verify` reports it. */
export type ZkeyContribution = {
  /** 1-based position in the zkey. */
  index?: number;
  name: string;
  hash: string;
  beacon?: { value: string; iterationsExp: number };
};

/**
 * Reads the contributions out of `zkey verify`'s log, in zkey order: "contribution #<i> <name>:" followed by the
 * hash as hex groups, then, for a beacon, "Beacon generator: <hex>" and "Beacon iterations Exp: <n>".
 */
export function parseContributions(lines: readonly string[]): ZkeyContribution[] {
  const out: ZkeyContribution[] = [];
  for (const line of lines) {
    const head = /^contribution #(\d+) ?(.*?):\n([\s0-9a-f]+)$/s.exec(line);
    if (head) {
      out.push({ index: Number(head[1]), name: head[2] ?? "", hash: (head[3] ?? "").replace(/\s+/g, "") });
      continue;
    }
    const last = out.at(-1);
    const generator = /^Beacon generator: ([0-9a-f]+)$/.exec(line);
    if (generator && last) last.beacon = { value: generator[1] ?? "", iterationsExp: 0 };
    const iterations = /^Beacon iterations Exp: (\d+)$/.exec(line);
    if (iterations && last?.beacon) last.beacon.iterationsExp = Number(iterations[1]);
  }
  // snarkjs lists them from the last to the first
  return out.sort((a, b) => (a.index ?? 0) - (b.index ?? 0));
}
