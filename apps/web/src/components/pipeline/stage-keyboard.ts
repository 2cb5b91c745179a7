import { closestCenter, pointerWithin, rectIntersection, type CollisionDetection, type KeyboardCoordinateGetter } from '@dnd-kit/core';

/**
 * Arrow keys move a picked-up card a whole column at a time (left and
 * right), instead of dnd-kit's default of 25 pixels per press.
 */
export const stageCoordinates: KeyboardCoordinateGetter = (event, { context, currentCoordinates }) => {
  const direction = event.code === 'ArrowRight' ? 1 : event.code === 'ArrowLeft' ? -1 : 0;
  const { collisionRect, droppableRects, droppableContainers } = context;
  if (direction === 0 || !collisionRect) return undefined;
  event.preventDefault();
  const columns = droppableContainers
    .getEnabled()
    .map((container) => ({ id: container.id, rect: droppableRects.get(container.id) }))
    .filter((c): c is { id: string | number; rect: NonNullable<typeof c.rect> } => c.rect !== undefined)
    .sort((a, b) => a.rect.left - b.rect.left);
  if (columns.length === 0) return undefined;
  const centre = collisionRect.left + collisionRect.width / 2;
  let current = columns.findIndex((c) => c.id === context.over?.id);
  if (current === -1) {
    const distances = columns.map((c) => Math.abs(c.rect.left + c.rect.width / 2 - centre));
    current = distances.indexOf(Math.min(...distances));
  }
  const target = columns[current + direction];
  if (!target) return undefined;
  return { x: target.rect.left + target.rect.width / 2 - collisionRect.width / 2, y: currentCoordinates.y };
};

/** Under a pointer: the column the pointer is in. From the keyboard: the column nearest the card. */
export const stageCollision: CollisionDetection = (args) => {
  if (args.pointerCoordinates) {
    const within = pointerWithin(args);
    return within.length > 0 ? within : rectIntersection(args);
  }
  return closestCenter(args);
};
