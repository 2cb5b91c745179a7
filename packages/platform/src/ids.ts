import { v7 as uuidv7, validate as uuidValidate } from 'uuid';

/**
 * New record ids are UUIDv7: time-ordered, so inserts stay at the right edge
 * of B-tree indexes and ids sort roughly by creation.
 */
export function newId(): string {
  return uuidv7();
}

export function isUuid(value: string): boolean {
  return uuidValidate(value);
}
