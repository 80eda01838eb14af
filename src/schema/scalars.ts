import { GraphQLError, Kind, type ValueNode } from 'graphql';
import { DateTime } from 'luxon';
import { builder } from './builder.js';
import { quote } from './zod.js';

/** At most 15 digits before the point and 6 after: money and rates, never a float. */
const DECIMAL = /^-?(0|[1-9][0-9]{0,14})(\.[0-9]{1,6})?$/;
/** Calendar days of the years 2000 to 2999. */
const DATE = /^2[0-9]{3}-[0-9]{2}-[0-9]{2}$/;

function stringLiteral(node: ValueNode, scalar: string): string {
  if (node.kind !== Kind.STRING) throw new GraphQLError(`${scalar} must be given as a string`);
  return node.value;
}

function parseDecimal(value: unknown): string {
  if (typeof value !== 'string' || !DECIMAL.test(value)) {
    throw new GraphQLError(
      `Decimal must be a string of digits such as "1499.90", got ${String(value)}`,
    );
  }

  return value;
}

function parseDate(value: unknown): string {
  const valid =
    typeof value === 'string' &&
    DATE.test(value) &&
    DateTime.fromISO(value, { zone: 'utc' }).isValid;
  if (!valid)
    throw new GraphQLError(`Date must be a calendar day "YYYY-MM-DD", got ${String(value)}`);

  return value;
}

function parseDateTime(value: unknown): Date {
  const parsed = typeof value === 'string' ? DateTime.fromISO(value, { setZone: true }) : null;
  const hasOffset =
    typeof value === 'string' && /^2[0-9]{3}-.*(Z|[+-](0[0-9]|1[0-4]):[0-5][0-9])$/i.test(value);
  if (!parsed?.isValid || !hasOffset || !value.toString().includes('T')) {
    throw new GraphQLError(
      'DateTime must be RFC 3339 from the year 2000 on, with an offset such as "+03:00" or ' +
        `"Z", e.g. "2026-12-04T16:00:00+03:00", got ${quote(value)}`,
    );
  }

  return parsed.toJSDate();
}

builder.scalarType('Decimal', {
  description: 'An exact decimal number sent as a string, e.g. "1499.90". Never a float.',
  serialize: (value) => value,
  parseValue: parseDecimal,
  parseLiteral: (node) => parseDecimal(stringLiteral(node, 'Decimal')),
});

builder.scalarType('Date', {
  description: 'A calendar day, "2026-12-04", in the distributor\'s time zone.',
  serialize: (value) => value,
  parseValue: parseDate,
  parseLiteral: (node) => parseDate(stringLiteral(node, 'Date')),
});

builder.scalarType('DateTime', {
  description: 'An instant, RFC 3339 with an offset.',
  serialize: (value) => value.toISOString(),
  parseValue: parseDateTime,
  parseLiteral: (node) => parseDateTime(stringLiteral(node, 'DateTime')),
});
