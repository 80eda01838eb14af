import { type UserError, UserErrorsException } from './user-errors.js';

export type Payload<T> = Partial<T> & { userErrors: UserError[] };

/**
 * Runs a mutation's domain function and shapes its outcome as a payload: the result with no
 * user errors, or the user errors it threw with no result. Anything else is unexpected and
 * propagates, to be masked and logged.
 */
export async function toPayload<T extends object>(run: () => Promise<T>): Promise<Payload<T>> {
  try {
    return { ...(await run()), userErrors: [] };
  } catch (error) {
    if (error instanceof UserErrorsException) return { userErrors: error.errors } as Payload<T>;
    throw error;
  }
}
