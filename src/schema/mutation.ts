import type { Context } from '../context.js';
import { clearLoaders } from '../loaders.js';
import { type UserError, UserErrorsException } from './user-errors.js';

export type Payload<T> = Partial<T> & { userErrors: UserError[] };

/**
 * Runs a mutation's domain function and shapes its outcome as a payload: the result with no
 * user errors, or the user errors it threw with no result. Anything else is unexpected and
 * propagates, to be masked and logged. The request's loaders forget what they cached before,
 * so that the mutation and its payload, and the mutations after it, read fresh rows.
 */
export async function toPayload<T extends object>(
  ctx: Context,
  run: () => Promise<T>,
): Promise<Payload<T>> {
  clearLoaders(ctx.loaders);
  try {
    return { ...(await run()), userErrors: [] };
  } catch (error) {
    if (error instanceof UserErrorsException) return { userErrors: error.errors } as Payload<T>;
    throw error;
  } finally {
    clearLoaders(ctx.loaders);
  }
}
