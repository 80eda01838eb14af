import { GraphQLError } from 'graphql';
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

/** Most values a filter list takes. */
export const MAX_FILTER_VALUES = 1_000;

/**
 * Checks the free text and lists of a query's filter: each list at most 1,000 values, no value
 * longer than 200 characters or with NUL in it. Past that, a GraphQL error naming the argument.
 */
export function checkFilter(argument: string, filter: Record<string, unknown> | null | undefined) {
  for (const [key, value] of Object.entries(filter ?? {})) {
    const values = Array.isArray(value) ? value : [value];
    const path = `${argument}.${key}`;
    if (values.length > MAX_FILTER_VALUES) {
      throw badArgument(path, `takes at most ${MAX_FILTER_VALUES} values, got ${values.length}`);
    }
    for (const item of values) {
      if (typeof item !== 'string') continue;
      if (item.length > 200) throw badArgument(path, 'values must be at most 200 characters');
      if (item.includes('\u0000')) throw badArgument(path, 'values must not contain NUL');
    }
  }
}

function badArgument(path: string, message: string) {
  return new GraphQLError(`${path} ${message}`, {
    extensions: { code: 'BAD_USER_INPUT', argument: path },
  });
}
