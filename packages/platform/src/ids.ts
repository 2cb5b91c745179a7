import { randomFillSync } from 'node:crypto';
import { v7 as uuidv7, validate as uuidValidate } from 'uuid';

/** Random bytes drawn from the system's CSPRNG 4 KiB at a time: one system call per 256 ids rather than one per id. */
const pool = new Uint8Array(4096);
let poolOffset = pool.length;

function pooledRandom(): Uint8Array {
  if (poolOffset + 16 > pool.length) {
    randomFillSync(pool);
    poolOffset = 0;
  }
  const bytes = pool.slice(poolOffset, poolOffset + 16);
  poolOffset += 16;
  return bytes;
}

/** The last id's millisecond and counter: ids made within one millisecond count up, so they sort in creation order. */
let lastMsecs = -Infinity;
let sequence = 0;

/**
 * New record ids are UUIDv7: time-ordered, so inserts stay at the right edge
 * of B-tree indexes and ids sort by creation (RFC 9562's counter method
 * within a millisecond, as the uuid package does for its own state).
 */
export function newId(): string {
  const random = pooledRandom();
  const now = Date.now();
  if (now > lastMsecs) {
    lastMsecs = now;
    // A random start that leaves room to count: 31 bits with the top one clear.
    sequence = (((random[6] ?? 0) & 0x7f) << 24) | ((random[7] ?? 0) << 16) | ((random[8] ?? 0) << 8) | (random[9] ?? 0);
  } else {
    sequence = (sequence + 1) | 0;
    if (sequence === 0) lastMsecs += 1;
  }
  return uuidv7({ random, msecs: lastMsecs, seq: sequence });
}

export function isUuid(value: string): boolean {
  return uuidValidate(value);
}
