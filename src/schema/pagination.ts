import { GraphQLError } from 'graphql';

export const DEFAULT_PAGE_SIZE = 50;
export const MAX_PAGE_SIZE = 500;

export interface PageArgs {
  first?: number | null;
  after?: string | null;
}

/** A keyset page: rows whose id is greater than `afterId`, at most `limit` of them. */
export interface Page {
  limit: number;
  afterId: number | null;
}

export interface Connection<T> {
  edges: { cursor: string; node: T }[];
  pageInfo: {
    hasNextPage: boolean;
    hasPreviousPage: boolean;
    startCursor: string | null;
    endCursor: string | null;
  };
  totalCount: () => Promise<number>;
}

const encodeCursor = (id: number) => Buffer.from(`cursor:${id}`).toString('base64url');

export function parsePage({ first, after }: PageArgs): Page {
  const limit = first ?? DEFAULT_PAGE_SIZE;
  if (!Number.isInteger(limit) || limit < 0 || limit > MAX_PAGE_SIZE) {
    throw new GraphQLError(`first must be between 0 and ${MAX_PAGE_SIZE}, got ${first}`, {
      extensions: { code: 'BAD_USER_INPUT', argument: 'first' },
    });
  }
  if (after == null) return { limit, afterId: null };

  const match = /^cursor:([1-9][0-9]{0,15})$/.exec(Buffer.from(after, 'base64url').toString());
  if (!match) {
    throw new GraphQLError(`after is not a cursor of this connection: ${after}`, {
      extensions: { code: 'BAD_USER_INPUT', argument: 'after' },
    });
  }

  return { limit, afterId: Number(match[1]) };
}

/**
 * Builds a connection from up to `page.limit + 1` rows in id order; the extra row only says
 * that there is a next page.
 */
export function toConnection<T extends { id: number }>(
  rows: T[],
  page: Page,
  totalCount: () => Promise<number>,
): Connection<T> {
  const nodes = rows.slice(0, page.limit);
  const edges = nodes.map((node) => ({ cursor: encodeCursor(node.id), node }));

  return {
    edges,
    pageInfo: {
      hasNextPage: rows.length > page.limit,
      hasPreviousPage: page.afterId !== null,
      startCursor: edges[0]?.cursor ?? null,
      endCursor: edges.at(-1)?.cursor ?? null,
    },
    totalCount,
  };
}
