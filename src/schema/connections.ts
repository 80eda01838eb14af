import type { ArgBuilder, ObjectRef } from '@pothos/core';
import { builder, type Types } from './builder.js';
import { type Connection, DEFAULT_PAGE_SIZE } from './pagination.js';

/** A Relay connection type over `type` with a `totalCount` that is counted only when asked. */
export function connectionType<T>(type: ObjectRef<any, T>, name: string) {
  return builder.connectionObject({
    type,
    name,
    fields: (t) => ({
      totalCount: t.int({
        resolve: (connection) => (connection as unknown as Connection<never>).totalCount(),
      }),
    }),
  });
}

/** What a page costs: its size (`first`), times what each of its nodes costs. */
export const pageComplexity = (args: { first?: number | null }) => ({
  field: 1,
  multiplier: Math.max(1, args.first ?? DEFAULT_PAGE_SIZE),
});

export const pageArgs = (t: ArgBuilder<Types>) => ({
  first: t.int({ description: 'Default 50, at most 500.' }),
  after: t.string(),
});
