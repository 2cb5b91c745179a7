import { describe, expect, it } from 'vitest';
import { minimizeLbfgs } from './lbfgs';

describe('minimizeLbfgs', () => {
  it('finds the minimum of an ill-conditioned quadratic', () => {
    const scales = [1, 10, 100, 1000];
    const result = minimizeLbfgs(
      (x, g) => {
        let f = 0;
        scales.forEach((s, i) => {
          const d = x[i]! - (i + 1);
          f += 0.5 * s * d * d;
          g[i] = s * d;
        });
        return f;
      },
      new Float64Array(4),
    );
    expect(result.converged).toBe(true);
    [1, 2, 3, 4].forEach((v, i) => expect(result.x[i]).toBeCloseTo(v, 5));
  });

  it('minimises the Rosenbrock function', () => {
    const result = minimizeLbfgs(
      (x, g) => {
        const a = x[0]!;
        const b = x[1]!;
        g[0] = -2 * (1 - a) - 400 * a * (b - a * a);
        g[1] = 200 * (b - a * a);
        return (1 - a) ** 2 + 100 * (b - a * a) ** 2;
      },
      Float64Array.of(-1.2, 1),
      { maxIterations: 1000, gradientTolerance: 1e-8, relativeTolerance: 0 },
    );
    expect(result.x[0]).toBeCloseTo(1, 4);
    expect(result.x[1]).toBeCloseTo(1, 4);
  });
});
