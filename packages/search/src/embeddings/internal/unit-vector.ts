/**
 * The vector scaled to length one as a Float32Array of `length` components
 * (zero-padded past the input), or all zeros when it has no length or holds a
 * non-finite component. Dividing by the largest component first keeps the sum
 * of squares finite for any finite input; accumulating in doubles and rounding
 * once keeps the result at unit length to float32 precision.
 */
export function toUnitVector(values: ArrayLike<number>, length: number = values.length): Float32Array {
  const out = new Float32Array(length);
  let largest = 0;
  for (let i = 0; i < values.length; i++) largest = Math.max(largest, Math.abs(values[i]!));
  if (!(largest > 0) || !Number.isFinite(largest)) return out;
  let sum = 0;
  for (let i = 0; i < values.length; i++) {
    const scaled = values[i]! / largest;
    sum += scaled * scaled;
  }
  const inverseNorm = 1 / Math.sqrt(sum);
  for (let i = 0; i < values.length; i++) out[i] = (values[i]! / largest) * inverseNorm;
  return out;
}
