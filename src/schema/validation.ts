import type { z } from 'zod';
import { UserErrorsException } from './user-errors.js';

/**
 * Parses a mutation's input with a zod schema; every problem becomes an `INVALID_INPUT` user
 * error whose `field` is the path into the input.
 */
export function parseInput<S extends z.ZodType>(schema: S, input: unknown): z.output<S> {
  const result = schema.safeParse(input);
  if (result.success) return result.data;

  throw new UserErrorsException(
    result.error.issues.map((issue) => ({
      code: 'INVALID_INPUT',
      message: issue.message,
      field: issue.path.map(String),
    })),
  );
}
