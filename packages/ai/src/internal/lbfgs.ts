/**
 * Evaluates a smooth objective at `x`: returns its value and writes its
 * gradient into `gradient`.
 */
export type Objective = (x: Float64Array, gradient: Float64Array) => number;

export interface LbfgsOptions {
  /** Upper bound on iterations. Default 500. */
  maxIterations?: number;
  /** Correction pairs kept for the inverse-Hessian estimate. Default 10. */
  memory?: number;
  /** Stops when the largest gradient component falls below this. Default 1e-6. */
  gradientTolerance?: number;
  /** Stops when an iteration improves the objective by less than this fraction. Default 1e-10. */
  relativeTolerance?: number;
}

export interface LbfgsResult {
  x: Float64Array;
  value: number;
  iterations: number;
  converged: boolean;
}

const armijo = 1e-4;
const maxLineSearchSteps = 40;

function dot(a: Float64Array, b: Float64Array): number {
  let sum = 0;
  for (let i = 0; i < a.length; i++) sum += a[i]! * b[i]!;
  return sum;
}

function maxAbs(a: Float64Array): number {
  let max = 0;
  for (let i = 0; i < a.length; i++) max = Math.max(max, Math.abs(a[i]!));
  return max;
}

/**
 * Minimises a smooth convex objective by limited-memory BFGS with a
 * backtracking (Armijo) line search. Fully deterministic: no randomness, a
 * fixed order of floating-point operations. Correction pairs with
 * non-positive curvature are skipped, which keeps the search direction a
 * descent direction.
 */
export function minimizeLbfgs(objective: Objective, start: Float64Array, options: LbfgsOptions = {}): LbfgsResult {
  const maxIterations = options.maxIterations ?? 500;
  const memory = options.memory ?? 10;
  const gradientTolerance = options.gradientTolerance ?? 1e-6;
  const relativeTolerance = options.relativeTolerance ?? 1e-10;
  const n = start.length;

  let x = Float64Array.from(start);
  let gradient = new Float64Array(n);
  let value = objective(x, gradient);
  const s: Float64Array[] = [];
  const y: Float64Array[] = [];
  const rho: number[] = [];
  const direction = new Float64Array(n);
  const alpha = new Float64Array(memory);

  for (let iteration = 0; iteration < maxIterations; iteration++) {
    if (!Number.isFinite(value)) return { x, value, iterations: iteration, converged: false };
    if (maxAbs(gradient) <= gradientTolerance) return { x, value, iterations: iteration, converged: true };

    // Two-loop recursion: direction = -H·gradient.
    for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
    for (let k = s.length - 1; k >= 0; k--) {
      const a = rho[k]! * dot(s[k]!, direction);
      alpha[k] = a;
      const yk = y[k]!;
      for (let i = 0; i < n; i++) direction[i] = direction[i]! - a * yk[i]!;
    }
    if (s.length > 0) {
      const last = s.length - 1;
      const scale = dot(s[last]!, y[last]!) / dot(y[last]!, y[last]!);
      for (let i = 0; i < n; i++) direction[i] = direction[i]! * scale;
    } else {
      // First step: a unit-length move, as no curvature is known yet.
      const norm = Math.sqrt(dot(gradient, gradient));
      for (let i = 0; i < n; i++) direction[i] = direction[i]! / norm;
    }
    for (let k = 0; k < s.length; k++) {
      const b = rho[k]! * dot(y[k]!, direction);
      const sk = s[k]!;
      const a = alpha[k]!;
      for (let i = 0; i < n; i++) direction[i] = direction[i]! + (a - b) * sk[i]!;
    }

    let slope = dot(gradient, direction);
    if (slope >= 0) {
      // The estimate lost positive definiteness: restart from steepest descent.
      s.length = 0;
      y.length = 0;
      rho.length = 0;
      for (let i = 0; i < n; i++) direction[i] = -gradient[i]!;
      slope = dot(gradient, direction);
    }

    let step = 1;
    const candidate = new Float64Array(n);
    const candidateGradient = new Float64Array(n);
    let candidateValue = Number.POSITIVE_INFINITY;
    let accepted = false;
    for (let attempt = 0; attempt < maxLineSearchSteps; attempt++) {
      for (let i = 0; i < n; i++) candidate[i] = x[i]! + step * direction[i]!;
      candidateValue = objective(candidate, candidateGradient);
      if (Number.isFinite(candidateValue) && candidateValue <= value + armijo * step * slope) {
        accepted = true;
        break;
      }
      step *= 0.5;
    }
    if (!accepted) return { x, value, iterations: iteration, converged: true };

    const sNew = new Float64Array(n);
    const yNew = new Float64Array(n);
    for (let i = 0; i < n; i++) {
      sNew[i] = candidate[i]! - x[i]!;
      yNew[i] = candidateGradient[i]! - gradient[i]!;
    }
    const curvature = dot(sNew, yNew);
    if (curvature > 1e-12) {
      if (s.length === memory) {
        s.shift();
        y.shift();
        rho.shift();
      }
      s.push(sNew);
      y.push(yNew);
      rho.push(1 / curvature);
    }

    const improvement = value - candidateValue;
    x = candidate;
    gradient = candidateGradient;
    const previous = value;
    value = candidateValue;
    if (improvement <= relativeTolerance * Math.max(Math.abs(previous), Math.abs(value), 1)) {
      return { x, value, iterations: iteration + 1, converged: true };
    }
  }
  return { x, value, iterations: maxIterations, converged: false };
}
