import { ApiError } from '@/lib/api';

/** What went wrong with a move, in words a salesperson understands; `refresh` when the card (or the pipeline's stages) must be read again. */
export function moveFailure(error: unknown, dealName: string, stageName: string): { message: string; refresh: 'deal' | 'gone' | 'stages' | 'none' } {
  const name = `“${dealName}”`;
  if (!(error instanceof ApiError)) return { message: `${name} could not be moved to ${stageName}. Try again.`, refresh: 'none' };
  switch (error.status) {
    case 409:
    case 412:
      return { message: `${name} was not moved: someone else changed it a moment ago. The card now shows the latest version; try again if you still want it in ${stageName}.`, refresh: 'deal' };
    case 403:
      return { message: `${name} was not moved: you do not have permission to change this deal.`, refresh: 'none' };
    case 404:
      return { message: `${name} was not moved: it no longer exists or is no longer visible to you.`, refresh: 'gone' };
    case 0:
      return { message: `${name} was not moved: the server cannot be reached. Check your connection and try again.`, refresh: 'none' };
    case 400:
    case 422:
      // The server names the field (`stageId names a stage that does not exist`); the person needs to hear what happened to the stage.
      if (error.code === 'invalid_reference') return { message: `${name} was not moved: the stage ${stageName} no longer exists. The board now shows the pipeline’s current stages.`, refresh: 'stages' };
      return { message: `${name} was not moved to ${stageName}: ${error.message}`, refresh: 'deal' };
    default:
      return { message: `${name} was not moved to ${stageName}. ${error.message}`, refresh: 'none' };
  }
}
