import { Matrix, QrDecomposition, SingularValueDecomposition } from 'ml-matrix';
import { describe, expect, it } from 'vitest';
import { createGaussianSource, truncatedSvd, type CsrMatrix } from './randomized-svd';

function toCsr(dense: Matrix): CsrMatrix {
  const rowStart = [0];
  const column: number[] = [];
  const value: number[] = [];
  for (let r = 0; r < dense.rows; r++) {
    for (let c = 0; c < dense.columns; c++) {
      const entry = dense.get(r, c);
      if (entry === 0) continue;
      column.push(c);
      value.push(entry);
    }
    rowStart.push(column.length);
  }
  return { rows: dense.rows, columns: dense.columns, rowStart: Int32Array.from(rowStart), column: Int32Array.from(column), value: Float64Array.from(value) };
}

/** Orthonormal columns from a seeded Gaussian matrix. */
function orthonormalColumns(rows: number, columns: number, seed: number): Matrix {
  const random = createGaussianSource(seed);
  const gaussian = Matrix.zeros(rows, columns);
  for (let r = 0; r < rows; r++) for (let c = 0; c < columns; c++) gaussian.set(r, c, random());
  return new QrDecomposition(gaussian).orthogonalMatrix.subMatrix(0, rows - 1, 0, columns - 1);
}

function column(vectors: Float64Array, rows: number, width: number, j: number): number[] {
  return Array.from({ length: rows }, (_, i) => vectors[i * width + j]!);
}

function dot(x: readonly number[], y: readonly number[]): number {
  return x.reduce((sum, value, i) => sum + value * y[i]!, 0);
}

describe('truncatedSvd', () => {
  // A = U·diag(0.8^i)·Vᵀ: a decaying spectrum like that of real text, with known singular vectors.
  const rows = 240;
  const columns = 90;
  const u = orthonormalColumns(rows, columns, 1);
  const v = orthonormalColumns(columns, columns, 2);
  const sigma = Array.from({ length: columns }, (_, i) => 0.8 ** i);
  const a = toCsr(u.mmul(Matrix.diag(sigma)).mmul(v.transpose()));

  it('finds the singular values and right singular vectors of the exact decomposition', () => {
    const rank = 12;
    const result = truncatedSvd(a, { rank, oversampling: 10, powerIterations: 2, seed: 5 });
    const exact = new SingularValueDecomposition(u.mmul(Matrix.diag(sigma)).mmul(v.transpose()), { autoTranspose: true });
    expect(result.rank).toBe(rank);
    for (let j = 0; j < rank; j++) {
      expect(result.singularValues[j]).toBeCloseTo(sigma[j]!, 8);
      expect(result.singularValues[j]).toBeCloseTo(exact.diagonal[j]!, 8);
      expect(Math.abs(dot(column(result.vectors, columns, rank, j), v.getColumn(j)))).toBeCloseTo(1, 8);
    }
  });

  it('returns orthonormal vectors', () => {
    const rank = 20;
    const result = truncatedSvd(a, { rank, oversampling: 10, powerIterations: 2, seed: 9 });
    for (let p = 0; p < rank; p++) {
      for (let q = 0; q < rank; q++) {
        expect(dot(column(result.vectors, columns, rank, p), column(result.vectors, columns, rank, q))).toBeCloseTo(p === q ? 1 : 0, 10);
      }
    }
  });

  it('zeroes the directions beyond the rank of the matrix', () => {
    // Rank 3: every row is one of three rows.
    const base = Matrix.rand(3, 30, { random: createGaussianSource(4) });
    const repeated = new Matrix(Array.from({ length: 50 }, (_, i) => base.getRow(i % 3)));
    const result = truncatedSvd(toCsr(repeated), { rank: 10, oversampling: 10, powerIterations: 2, seed: 1 });
    const exact = new SingularValueDecomposition(repeated, { autoTranspose: true });
    for (let j = 0; j < 3; j++) {
      expect(result.singularValues[j]).toBeCloseTo(exact.diagonal[j]!, 8);
      expect(dot(column(result.vectors, 30, 10, j), column(result.vectors, 30, 10, j))).toBeCloseTo(1, 10);
    }
    for (let j = 3; j < 10; j++) {
      expect(result.singularValues[j]).toBe(0);
      expect(column(result.vectors, 30, 10, j).every((value) => value === 0)).toBe(true);
    }
  });

  it('gives the same result for the same seed', () => {
    const first = truncatedSvd(a, { rank: 8, oversampling: 10, powerIterations: 2, seed: 3 });
    const second = truncatedSvd(a, { rank: 8, oversampling: 10, powerIterations: 2, seed: 3 });
    expect(Array.from(second.vectors)).toEqual(Array.from(first.vectors));
  });
});

describe('createGaussianSource', () => {
  it('draws a repeatable sequence with mean 0 and variance 1', () => {
    const first = createGaussianSource(42);
    const second = createGaussianSource(42);
    const draws = Array.from({ length: 50_000 }, () => first());
    expect(Array.from({ length: 50_000 }, () => second())).toEqual(draws);
    const mean = draws.reduce((sum, x) => sum + x, 0) / draws.length;
    const variance = draws.reduce((sum, x) => sum + (x - mean) ** 2, 0) / draws.length;
    expect(Math.abs(mean)).toBeLessThan(0.02);
    expect(Math.abs(variance - 1)).toBeLessThan(0.03);
    expect(createGaussianSource(43)()).not.toBe(createGaussianSource(42)());
  });
});
