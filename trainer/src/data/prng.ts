/**
 * A small seeded pseudo-random generator (sfc32 seeded through splitmix32).
 *
 * Every synthetic dataset, train/test split, weight initialisation and Monte-Carlo draw in the trainer goes through
 * this generator, so the same seed always gives byte-identical datasets and artifacts on any machine: `Math.random`
 * is never used.
 */
export type Prng = {
  /** Uniform float in [0, 1). */
  next(): number;
  /** Uniform integer in [0, n). */
  int(n: number): number;
  /** Standard normal draw (Box–Muller). */
  normal(): number;
  /** True with probability p. */
  bernoulli(p: number): boolean;
  /** In-place Fisher–Yates shuffle; returns the same array. */
  shuffle<T>(items: T[]): T[];
  /** A child generator whose stream does not overlap this one's in practice (derived from the next draws). */
  fork(): Prng;
};

/** Expands a 32-bit seed into well-mixed state words; sfc32 is weak when seeded with small correlated words. */
function splitmix32(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x9e3779b9) >>> 0;
    let z = state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  };
}

/**
 * Creates a generator from an integer seed.
 *
 * @example
 * const rng = createPrng(1);
 * rng.normal(); // same value on every run
 */
export function createPrng(seed: number): Prng {
  const mix = splitmix32(seed);
  let a = mix();
  let b = mix();
  let c = mix();
  let d = mix();

  const nextU32 = (): number => {
    const t = (((a + b) >>> 0) + d) >>> 0;
    d = (d + 1) >>> 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) >>> 0;
    c = ((c << 21) | (c >>> 11)) >>> 0;
    c = (c + t) >>> 0;
    return t;
  };
  // Burn-in: the first outputs of sfc32 still carry some of the seed's structure.
  for (let i = 0; i < 12; i++) nextU32();

  // Box–Muller yields two normals per pair of uniforms; keep the spare so streams stay aligned and cheap.
  let spare: number | undefined;

  const next = (): number => nextU32() / 4294967296;

  const prng: Prng = {
    next,
    int(n: number): number {
      return Math.floor(next() * n);
    },
    normal(): number {
      if (spare !== undefined) {
        const s = spare;
        spare = undefined;
        return s;
      }
      // 1 - next() lies in (0, 1], so the logarithm is finite.
      const u = 1 - next();
      const v = next();
      const r = Math.sqrt(-2 * Math.log(u));
      spare = r * Math.sin(2 * Math.PI * v);
      return r * Math.cos(2 * Math.PI * v);
    },
    bernoulli(p: number): boolean {
      return next() < p;
    },
    shuffle<T>(items: T[]): T[] {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const tmp = items[i] as T;
        items[i] = items[j] as T;
        items[j] = tmp;
      }
      return items;
    },
    fork(): Prng {
      return createPrng(nextU32() ^ Math.imul(nextU32(), 0x27d4eb2d));
    },
  };
  return prng;
}
