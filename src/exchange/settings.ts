import { z } from 'zod';
import type { Context } from '../context.js';
import { parseInput } from '../schema/validation.js';
import { quote } from '../schema/zod.js';
import type { Stores } from '../stores.js';
import { exchangeEncoding, type ExchangeSettingsRow } from './tables.js';

/** The CommerceML versions whose order documents Interdist writes. */
export const schemaVersions = [
  '2.03',
  '2.04',
  '2.05',
  '2.06',
  '2.07',
  '2.08',
  '2.09',
  '2.10',
  '3.1',
] as const;

const setExchangeSettingsInput = z.object({
  encoding: z.enum(exchangeEncoding.enumValues),
  schemaVersion: z.string().refine((v) => (schemaVersions as readonly string[]).includes(v), {
    error: (issue) =>
      `${quote(issue.input)} is not a CommerceML version Interdist writes: ` +
      schemaVersions.join(', '),
  }),
});

/** What a distributor's 1C gets before the distributor says otherwise. */
export const defaultExchangeSettings: Pick<ExchangeSettingsRow, 'encoding' | 'schemaVersion'> = {
  encoding: 'UTF_8',
  schemaVersion: '2.08',
};

/** The distributor's exchange settings, the defaults until it sets them. */
export async function exchangeSettingsOf(stores: Stores, distributorId: number) {
  return (await stores.saleExchange.findSettings(distributorId)) ?? defaultExchangeSettings;
}

/** Sets how the distributor's 1C gets its orders: the encoding and the schema version. */
export async function setExchangeSettings(ctx: Context, distributorId: number, input: unknown) {
  const values = parseInput(setExchangeSettingsInput, input);
  const exchangeSettings = await ctx.stores.saleExchange.upsertSettings(
    distributorId,
    values,
    ctx.clock(),
  );
  ctx.logger.info({ distributorId, ...values }, 'exchange settings set');

  return { exchangeSettings };
}
