import { type ExecutionResult, GraphQLError } from 'graphql';
import { maskError } from 'graphql-yoga';
import type { Logger } from '../logger.js';

/** What Yoga tells a client in place of an error that is not one of the API's answers. */
const MASKED_MESSAGE = 'Unexpected error.';

/** Logs the errors that are not the API's own answers to the request: what failed. */
export function logUnexpected(errors: readonly unknown[], log: Logger) {
  for (const error of errors) {
    const cause = error instanceof GraphQLError ? error.originalError : error;
    if (cause && !(cause instanceof GraphQLError)) {
      log.error({ err: cause, path: (error as GraphQLError).path }, 'unexpected error');
    }
  }
}

/**
 * A result as a client may see it, for results that do not pass through Yoga: the unexpected
 * errors logged, then masked as Yoga masks them.
 */
export function maskedResult(result: ExecutionResult, log: Logger): ExecutionResult {
  if (!result.errors?.length) return result;
  logUnexpected(result.errors, log);

  return {
    ...result,
    errors: result.errors.map((error) => maskError(error, MASKED_MESSAGE) as GraphQLError),
  };
}
