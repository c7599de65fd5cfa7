// A small seeded PRNG (sfc32, Chris Doty-Humphrey's Small Fast Counter) so simulations are reproducible:
// the same seed gives the same draws on every machine. Math.random cannot be seeded.
export interface Random {
  /** Uniform in [0, 1). */
  nextFloat(): number;
  /** Uniform integer in [0, n). */
  nextIndex(n: number): number;
}

export function seededRandom(seed: number): Random {
  let a = 0x9e3779b9;
  let b = 0x243f6a88;
  let c = 0xb7e15162;
  let d = seed >>> 0;
  const next = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t >>> 0;
  };
  // discard the first outputs so nearby seeds diverge
  for (let i = 0; i < 12; i++) next();
  return {
    nextFloat: () => next() / 4_294_967_296,
    nextIndex: (n) => Math.floor((next() / 4_294_967_296) * n),
  };
}
