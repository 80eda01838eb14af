import { GraphQLError } from 'graphql';
import type { Plugin } from 'graphql-yoga';

/** The largest GraphQL request body, file uploads included: 25 MB. */
export const MAX_REQUEST_BODY_BYTES = 25_000_000;

const DIGITS = /^\d+$/;

const refusal = (message: string, status: number, code: string) =>
  new GraphQLError(message, { extensions: { http: { status }, code } });

/**
 * Refuses a GraphQL request whose body is larger than `limit` bytes, by its Content-Length,
 * before reading it; Node's HTTP parser reads no more of a body than that length. A body sent
 * in chunks, without a length, is refused with 411: every GraphQL client sends one. (Yoga's own
 * limit, which this replaces, reads every body through a stream that counts its bytes, which
 * costs a request more than parsing it.)
 */
export function useRequestBodyLimit(limit = MAX_REQUEST_BODY_BYTES): Plugin {
  return {
    onRequestParse({ request }) {
      const length = request.headers.get('content-length');
      if (length === null) {
        if (request.headers.has('transfer-encoding')) {
          throw refusal('Send the request with a Content-Length', 411, 'LENGTH_REQUIRED');
        }
        return;
      }
      if (!DIGITS.test(length)) {
        throw refusal('Content-Length is not a number of bytes', 400, 'BAD_REQUEST');
      }
      if (Number(length) > limit) {
        throw refusal(
          `The request body is ${length} bytes; at most ${limit} are accepted`,
          413,
          'REQUEST_ENTITY_TOO_LARGE',
        );
      }
    },
  };
}
