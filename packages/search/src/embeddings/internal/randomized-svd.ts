import { EigenvalueDecomposition, Matrix } from 'ml-matrix';

/**
 * A sparse matrix in compressed sparse row form. Row `r` holds the entries
 * `column[i]`, `value[i]` for `rowStart[r] <= i < rowStart[r + 1]`.
 */
export interface CsrMatrix {
  rows: number;
  columns: number;
  rowStart: Int32Array;
  column: Int32Array;
  value: Float64Array;
}

export interface TruncatedSvdOptions {
  /** Number of singular triplets wanted. */
  rank: number;
  /** Extra random directions sampled beyond `rank`; they absorb the tail of the spectrum. */
  oversampling: number;
  /** Applications of AᵀA after the first sample; each sharpens the decay of the tail. */
  powerIterations: number;
  seed: number;
}

export interface TruncatedSvd {
  /** The top right singular vectors, `columns × rank`, row-major; zero where the matrix has lower rank. */
  vectors: Float64Array;
  /** Singular values in decreasing order, `rank` of them; zero where the matrix has lower rank. */
  singularValues: Float64Array;
  rank: number;
}

/**
 * The top right singular vectors of a sparse matrix by the randomized range
 * finder with subspace iteration (Halko, Martinsson & Tropp 2011, algorithms
 * 4.4 and 5.1), working in the column space of A. Nothing of size rows ×
 * sample is kept: every product with AᵀA streams through A one row at a time.
 * All dense work is on column-space matrices in row-major order, read row by
 * row so that they stream through the cache.
 */
export function truncatedSvd(a: CsrMatrix, options: TruncatedSvdOptions): TruncatedSvd {
  const m = a.columns;
  const width = Math.min(options.rank + options.oversampling, a.rows, m);
  const rank = Math.min(options.rank, width);
  const random = createGaussianSource(options.seed);

  let basis = sampleRowSpace(a, width, random);
  for (let iteration = 0; iteration < options.powerIterations; iteration++) {
    basis = multiplyGram(a, orthonormalize(basis, m, width, random), width);
  }

  // Rayleigh–Ritz in the span of the last sample Y without forming its
  // orthonormal basis: with Q = Y·T, QᵀAᵀAQ = Tᵀ(YᵀAᵀAY)T, and the right
  // singular vectors are Y·T·W for the eigenvectors W of that small matrix.
  const transform = orthonormalizingTransform(gramOf(basis, m, width), width).transform;
  const projected = congruence(projectedGram(a, basis, width), transform, width);
  const { values, vectors: eigenvectors } = symmetricEigen(projected, width);
  const rotation = new Float64Array(width * rank);
  for (let p = 0; p < width; p++) {
    for (let q = 0; q < width; q++) {
      const factor = transform[p * width + q]!;
      if (factor !== 0) axpy(rotation, p * rank, factor, eigenvectors, q * width, rank);
    }
  }
  const vectors = multiplyDense(basis, m, width, rotation, rank);
  fixSigns(vectors, m, rank);

  // The eigenvalues carry an absolute error near ε·σ₁², so a singular value
  // below √ε·σ₁ is noise: its direction (when the corpus has lower rank than
  // asked for) would only add noise to every embedding and is zeroed instead.
  const singularValues = new Float64Array(rank);
  const largest = Math.sqrt(Math.max(values[0] ?? 0, 0));
  for (let j = 0; j < rank; j++) {
    const value = Math.sqrt(Math.max(values[j]!, 0));
    if (value > largest * 1e-6) {
      singularValues[j] = value;
      continue;
    }
    for (let row = 0; row < m; row++) vectors[row * rank + j] = 0;
  }
  return { vectors, singularValues, rank };
}

/** Aᵀ·Ω for a Gaussian Ω (rows × width), drawn one row at a time and never stored. */
function sampleRowSpace(a: CsrMatrix, width: number, random: () => number): Float64Array {
  const out = new Float64Array(a.columns * width);
  const omega = new Float64Array(width);
  for (let row = 0; row < a.rows; row++) {
    for (let j = 0; j < width; j++) omega[j] = random();
    scatterRow(out, a, row, omega, width);
  }
  return out;
}

/** AᵀA·Y (columns × width, row-major), one row of A at a time: t = aᵣ·Y, then aᵣᵀ·t is added. */
function multiplyGram(a: CsrMatrix, y: Float64Array, width: number): Float64Array {
  const out = new Float64Array(a.columns * width);
  const t = new Float64Array(width);
  for (let row = 0; row < a.rows; row++) {
    t.fill(0);
    gatherRow(t, a, row, y, width);
    scatterRow(out, a, row, t, width);
  }
  return out;
}

// The kernels below handle four rows per sweep: each element of the shared
// operand is loaded once for four multiply-adds, which roughly halves the
// time per multiply-add in V8 compared with one row at a time.

/** t += aᵣ·Y: the rows of Y named by row r of A, weighted by its values. */
function gatherRow(t: Float64Array, a: CsrMatrix, row: number, y: Float64Array, width: number): void {
  const { column, value } = a;
  const end = a.rowStart[row + 1]!;
  let i = a.rowStart[row]!;
  for (; i + 3 < end; i += 4) {
    const b0 = column[i]! * width;
    const b1 = column[i + 1]! * width;
    const b2 = column[i + 2]! * width;
    const b3 = column[i + 3]! * width;
    const f0 = value[i]!;
    const f1 = value[i + 1]!;
    const f2 = value[i + 2]!;
    const f3 = value[i + 3]!;
    for (let j = 0; j < width; j++) t[j] = t[j]! + f0 * y[b0 + j]! + f1 * y[b1 + j]! + f2 * y[b2 + j]! + f3 * y[b3 + j]!;
  }
  for (; i < end; i++) axpy(t, 0, value[i]!, y, column[i]! * width, width);
}

/** out += aᵣᵀ·t: t, weighted by each value of row r of A, added to the row of out its column names. */
function scatterRow(out: Float64Array, a: CsrMatrix, row: number, t: Float64Array, width: number): void {
  const { column, value } = a;
  const end = a.rowStart[row + 1]!;
  let i = a.rowStart[row]!;
  for (; i + 3 < end; i += 4) {
    const b0 = column[i]! * width;
    const b1 = column[i + 1]! * width;
    const b2 = column[i + 2]! * width;
    const b3 = column[i + 3]! * width;
    const f0 = value[i]!;
    const f1 = value[i + 1]!;
    const f2 = value[i + 2]!;
    const f3 = value[i + 3]!;
    for (let j = 0; j < width; j++) {
      const tj = t[j]!;
      out[b0 + j]! += f0 * tj;
      out[b1 + j]! += f1 * tj;
      out[b2 + j]! += f2 * tj;
      out[b3 + j]! += f3 * tj;
    }
  }
  for (; i < end; i++) axpy(out, column[i]! * width, value[i]!, t, 0, width);
}

/**
 * YᵀAᵀAY (width × width), by whichever route costs fewer multiplications:
 * summing (aᵣY)ᵀ(aᵣY) over the rows of A, or Yᵀ·(AᵀA·Y) in the column space.
 */
function projectedGram(a: CsrMatrix, y: Float64Array, width: number): Float64Array {
  const entries = a.rowStart[a.rows]!;
  const byRows = entries * width + (a.rows * width * width) / 2;
  const byColumns = 2 * entries * width + a.columns * width * width;
  const gram = new Float64Array(width * width);
  if (byRows <= byColumns) {
    const t = new Float64Array(width);
    for (let row = 0; row < a.rows; row++) {
      t.fill(0);
      gatherRow(t, a, row, y, width);
      addOuterProduct(gram, t, 0, t, 0, width, true);
    }
    mirrorUpper(gram, width);
    return gram;
  }
  const product = multiplyGram(a, y, width);
  for (let row = 0; row < a.columns; row++) addOuterProduct(gram, y, row * width, product, row * width, width, false);
  for (let p = 0; p < width; p++) {
    for (let q = p + 1; q < width; q++) {
      const mean = (gram[p * width + q]! + gram[q * width + p]!) / 2;
      gram[p * width + q] = mean;
      gram[q * width + p] = mean;
    }
  }
  return gram;
}

/** Tᵀ·S·T for square matrices of one size. */
function congruence(s: Float64Array, t: Float64Array, size: number): Float64Array {
  const st = multiplyDense(s, size, size, t, size);
  const out = new Float64Array(size * size);
  for (let p = 0; p < size; p++) {
    for (let r = 0; r < size; r++) {
      const factor = t[r * size + p]!;
      if (factor !== 0) axpy(out, p * size, factor, st, r * size, size);
    }
  }
  return out;
}

/** X (rows × inner) · Y (inner × width), both row-major. */
function multiplyDense(x: Float64Array, rows: number, inner: number, y: Float64Array, width: number): Float64Array {
  const out = new Float64Array(rows * width);
  for (let row = 0; row < rows; row++) {
    const xBase = row * inner;
    const o = row * width;
    let p = 0;
    for (; p + 3 < inner; p += 4) {
      const f0 = x[xBase + p]!;
      const f1 = x[xBase + p + 1]!;
      const f2 = x[xBase + p + 2]!;
      const f3 = x[xBase + p + 3]!;
      const b0 = p * width;
      const b1 = b0 + width;
      const b2 = b1 + width;
      const b3 = b2 + width;
      for (let j = 0; j < width; j++) out[o + j] = out[o + j]! + f0 * y[b0 + j]! + f1 * y[b1 + j]! + f2 * y[b2 + j]! + f3 * y[b3 + j]!;
    }
    for (; p < inner; p++) axpy(out, o, x[xBase + p]!, y, p * width, width);
  }
  return out;
}

/** target[targetBase + j] += factor · source[sourceBase + j] for j < width. */
function axpy(target: Float64Array, targetBase: number, factor: number, source: Float64Array, sourceBase: number, width: number): void {
  for (let j = 0; j < width; j++) target[targetBase + j]! += factor * source[sourceBase + j]!;
}

/**
 * gram += xᵀ·z for one row x of width numbers at xBase and one row z at zBase.
 * With `upperOnly` (x and z the same row) only entries on or above the
 * diagonal are guaranteed; mirrorUpper completes the matrix.
 */
function addOuterProduct(gram: Float64Array, x: Float64Array, xBase: number, z: Float64Array, zBase: number, width: number, upperOnly: boolean): void {
  let p = 0;
  for (; p + 3 < width; p += 4) {
    const f0 = x[xBase + p]!;
    const f1 = x[xBase + p + 1]!;
    const f2 = x[xBase + p + 2]!;
    const f3 = x[xBase + p + 3]!;
    const g0 = p * width;
    const g1 = g0 + width;
    const g2 = g1 + width;
    const g3 = g2 + width;
    for (let r = upperOnly ? p : 0; r < width; r++) {
      const zr = z[zBase + r]!;
      gram[g0 + r]! += f0 * zr;
      gram[g1 + r]! += f1 * zr;
      gram[g2 + r]! += f2 * zr;
      gram[g3 + r]! += f3 * zr;
    }
  }
  for (; p < width; p++) {
    const f = x[xBase + p]!;
    const g = p * width;
    for (let r = upperOnly ? p : 0; r < width; r++) gram[g + r]! += f * z[zBase + r]!;
  }
}

function mirrorUpper(square: Float64Array, size: number): void {
  for (let p = 0; p < size; p++) {
    for (let r = 0; r < p; r++) square[p * size + r] = square[r * size + p]!;
  }
}

/** YᵀY for Y (rows × width, row-major). */
function gramOf(y: Float64Array, rows: number, width: number): Float64Array {
  const gram = new Float64Array(width * width);
  for (let row = 0; row < rows; row++) addOuterProduct(gram, y, row * width, y, row * width, width, true);
  mirrorUpper(gram, width);
  return gram;
}

/** Eigenvalues in decreasing order with their eigenvectors as the columns of a row-major square. */
function symmetricEigen(square: Float64Array, size: number): { values: Float64Array; vectors: Float64Array } {
  const rows: number[][] = [];
  for (let p = 0; p < size; p++) rows.push(Array.from(square.subarray(p * size, (p + 1) * size)));
  const decomposition = new EigenvalueDecomposition(new Matrix(rows), { assumeSymmetric: true });
  const raw = decomposition.realEigenvalues;
  const eigenvectors = decomposition.eigenvectorMatrix;
  const order = raw.map((_, index) => index).sort((x, y) => raw[y]! - raw[x]! || x - y);
  const values = new Float64Array(size);
  const vectors = new Float64Array(size * size);
  order.forEach((source, target) => {
    values[target] = raw[source]!;
    for (let p = 0; p < size; p++) vectors[p * size + target] = eigenvectors.get(p, source);
  });
  return { values, vectors };
}

/**
 * T such that Y·T has orthonormal columns, from the Gram matrix G = YᵀY by
 * SVQB (Stathopoulos & Wu 2002): with the columns scaled to unit length by D
 * and D·G·D = WΛWᵀ, T = D·W·Λ^-½. Columns of T for directions Y does not span
 * (eigenvalues lost in rounding) are left zero and listed as `deficient`.
 */
function orthonormalizingTransform(gram: Float64Array, width: number): { transform: Float64Array; deficient: number[] } {
  const scale = new Float64Array(width);
  for (let p = 0; p < width; p++) {
    const norm = Math.sqrt(gram[p * width + p]!);
    scale[p] = norm > 0 ? 1 / norm : 0;
  }
  const scaled = new Float64Array(width * width);
  for (let p = 0; p < width; p++) {
    for (let r = 0; r < width; r++) scaled[p * width + r] = gram[p * width + r]! * scale[p]! * scale[r]!;
  }
  const { values, vectors } = symmetricEigen(scaled, width);
  const floor = Math.max(values[0]!, 0) * 1e-12;
  const deficient: number[] = [];
  const transform = new Float64Array(width * width);
  for (let j = 0; j < width; j++) {
    const value = values[j]!;
    if (!(value > floor)) {
      deficient.push(j);
      continue;
    }
    const factor = 1 / Math.sqrt(value);
    for (let p = 0; p < width; p++) transform[p * width + j] = scale[p]! * vectors[p * width + j]! * factor;
  }
  return { transform, deficient };
}

/**
 * Orthonormal columns spanning those of y (m × width, row-major). Unlike
 * Householder QR, SVQB reads y row by row, so a vocabulary-sized basis
 * streams through the cache. One pass suffices for the well-conditioned
 * bases of subspace iteration. Directions y does not span (a corpus of lower
 * rank than the sample) are filled with fresh random ones, and a further pass
 * folds them in.
 */
function orthonormalize(y: Float64Array, m: number, width: number, random: () => number): Float64Array {
  let current = y;
  // The cap only guards against a pathological input looping for ever.
  for (let attempt = 0; attempt < 4; attempt++) {
    const { transform, deficient } = orthonormalizingTransform(gramOf(current, m, width), width);
    current = multiplyDense(current, m, width, transform, width);
    if (deficient.length === 0) break;
    const norm = 1 / Math.sqrt(m);
    for (const j of deficient) {
      for (let row = 0; row < m; row++) current[row * width + j] = random() * norm;
    }
  }
  return current;
}

/** Singular vectors are defined up to sign; the largest entry of each is made positive so that equal input gives equal output. */
function fixSigns(vectors: Float64Array, rows: number, width: number): void {
  for (let j = 0; j < width; j++) {
    let largest = 0;
    for (let row = 0; row < rows; row++) {
      const value = vectors[row * width + j]!;
      if (Math.abs(value) > Math.abs(largest)) largest = value;
    }
    if (largest < 0) {
      for (let row = 0; row < rows; row++) vectors[row * width + j] = -vectors[row * width + j]!;
    }
  }
}

/**
 * Standard normal deviates from a seeded sfc32 generator by Marsaglia's polar
 * method: the same seed always yields the same sequence, on every platform.
 */
export function createGaussianSource(seed: number): () => number {
  // splitmix32 spreads a small integer seed over the whole generator state.
  let mix = seed >>> 0;
  const splitmix = (): number => {
    mix = (mix + 0x9e3779b9) | 0;
    let z = mix;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b);
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35);
    return (z ^ (z >>> 16)) >>> 0;
  };
  let a = splitmix();
  let b = splitmix();
  let c = splitmix();
  let d = splitmix();
  /** Uniform on [-1, 1). */
  const uniform = (): number => {
    const t = (((a + b) | 0) + d) | 0;
    d = (d + 1) | 0;
    a = b ^ (b >>> 9);
    b = (c + (c << 3)) | 0;
    c = (c << 21) | (c >>> 11);
    c = (c + t) | 0;
    return t / 2147483648;
  };
  let spare = 0;
  let hasSpare = false;
  return () => {
    if (hasSpare) {
      hasSpare = false;
      return spare;
    }
    for (;;) {
      const x = uniform();
      const y = uniform();
      const s = x * x + y * y;
      if (s >= 1 || s === 0) continue;
      const factor = Math.sqrt((-2 * Math.log(s)) / s);
      spare = y * factor;
      hasSpare = true;
      return x * factor;
    }
  };
}
