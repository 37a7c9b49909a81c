/**
 * A seeded pseudo-random generator for demo data. Everything here uses only integer and basic
 * floating-point arithmetic (no Math.log/sin/pow, whose last bits may differ between engines), so a
 * seed produces the same campaign on every machine and every Node version.
 */
export type Random = {
  /** A float in [0, 1). */
  next: () => number;
  /** An integer in [min, max], both inclusive. */
  int: (min: number, max: number) => number;
  /** True with probability `p`. */
  chance: (p: number) => boolean;
  /** One element, uniformly. */
  pick: <T>(items: readonly T[]) => T;
  /** One value, with probability proportional to its weight. */
  weighted: <T>(entries: readonly (readonly [T, number])[]) => T;
  /** Roughly normal (Irwin–Hall of four uniforms): bell-shaped, bounded to mean ± 2√3·sd. */
  normal: (mean: number, sd: number) => number;
  /** Shuffles `items` in place (Fisher–Yates) and returns it. */
  shuffle: <T>(items: T[]) => T[];
  /** An independent stream derived from this one's seed and `label`, unaffected by later draws here. */
  fork: (label: string) => Random;
};

/** cyrb128: hashes a string into four 32-bit words, a good sfc32 seed. */
function hashSeed(text: string): [number, number, number, number] {
  let h1 = 1779033703;
  let h2 = 3144134277;
  let h3 = 1013904242;
  let h4 = 2773480762;
  for (let i = 0; i < text.length; i++) {
    const k = text.charCodeAt(i);
    h1 = h2 ^ Math.imul(h1 ^ k, 597399067);
    h2 = h3 ^ Math.imul(h2 ^ k, 2869860233);
    h3 = h4 ^ Math.imul(h3 ^ k, 951274213);
    h4 = h1 ^ Math.imul(h4 ^ k, 2716044179);
  }
  h1 = Math.imul(h3 ^ (h1 >>> 18), 597399067);
  h2 = Math.imul(h4 ^ (h2 >>> 22), 2869860233);
  h3 = Math.imul(h1 ^ (h3 >>> 17), 951274213);
  h4 = Math.imul(h2 ^ (h4 >>> 19), 2716044179);
  h1 ^= h2 ^ h3 ^ h4;
  h2 ^= h1;
  h3 ^= h1;
  h4 ^= h1;
  return [h1 >>> 0, h2 >>> 0, h3 >>> 0, h4 >>> 0];
}

/** sfc32: small, fast, passes PractRand; state is four 32-bit words. */
function sfc32(a: number, b: number, c: number, d: number): () => number {
  return () => {
    a |= 0;
    b |= 0;
    c |= 0;
    d |= 0;
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return (t >>> 0) / 4294967296;
  };
}

/** Creates a deterministic random stream: the same seed always yields the same sequence. */
export function createRandom(seed: number | string): Random {
  const seedText = String(seed);
  const next = sfc32(...hashSeed(seedText));
  // Discard the first outputs: sfc32 mixes poorly for a few rounds after seeding.
  for (let i = 0; i < 12; i++) next();

  const random: Random = {
    next,
    int: (min, max) => min + Math.floor(next() * (max - min + 1)),
    chance: (p) => next() < p,
    pick: (items) => {
      if (items.length === 0) throw new Error("pick() needs at least one item");
      return items[Math.floor(next() * items.length)];
    },
    weighted: (entries) => {
      let total = 0;
      for (const [, weight] of entries) total += weight;
      if (!(total > 0)) throw new Error("weighted() needs a positive total weight");
      let roll = next() * total;
      for (const [value, weight] of entries) {
        roll -= weight;
        if (roll < 0) return value;
      }
      return entries[entries.length - 1][0];
    },
    normal: (mean, sd) => {
      // The sum of four uniforms has mean 2 and variance 1/3.
      const sum = next() + next() + next() + next();
      return mean + (sum - 2) * sd * 1.7320508075688772;
    },
    shuffle: (items) => {
      for (let i = items.length - 1; i > 0; i--) {
        const j = Math.floor(next() * (i + 1));
        const swap = items[i];
        items[i] = items[j];
        items[j] = swap;
      }
      return items;
    },
    fork: (label) => createRandom(`${seedText}/${label}`),
  };
  return random;
}
