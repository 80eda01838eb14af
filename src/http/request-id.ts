import { randomUUID } from 'node:crypto';
import type { Plugin } from 'graphql-yoga';

const ids = new WeakMap<Request, string>();
const VALID = /^[\w.:-]{1,100}$/;

/** The id of a request: the caller's `x-request-id` when it is sane, else a new UUID. */
export function requestIdOf(request: Request): string {
  let id = ids.get(request);
  if (!id) {
    id = requestIdFrom(request.headers.get('x-request-id'));
    ids.set(request, id);
  }

  return id;
}

/** The caller's request id when it is sane, else a new UUID. */
export function requestIdFrom(given: string | null | undefined): string {
  return given && VALID.test(given) ? given : randomUUID();
}

/** Echoes the request id in the `x-request-id` response header. */
export function useRequestId(): Plugin {
  return {
    onResponse({ request, response }) {
      response.headers.set('x-request-id', requestIdOf(request));
    },
  };
}
