import { GraphQLError } from 'graphql';

const PREFIX = 'event:';

/** The opaque cursor of an event: its outbox position. */
export function encodeEventCursor(position: number): string {
  return Buffer.from(`${PREFIX}${position}`).toString('base64url');
}

/** The outbox position in a cursor; a GraphQL error naming the argument when it is not one. */
export function decodeEventCursor(cursor: string, argument = 'after'): number {
  const text = Buffer.from(cursor, 'base64url').toString();
  const match = new RegExp(`^${PREFIX}([1-9][0-9]{0,15})$`).exec(text);
  if (!match) {
    throw new GraphQLError(`${argument} is not an event cursor: ${cursor.slice(0, 60)}`, {
      extensions: { code: 'BAD_USER_INPUT', argument },
    });
  }

  return Number(match[1]);
}
