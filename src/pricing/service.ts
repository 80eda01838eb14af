import { z } from 'zod';
import type { Context } from '../context.js';
import { inTransaction } from '../db/transaction.js';
import { userError } from '../schema/user-errors.js';
import { parseInput } from '../schema/validation.js';
import * as field from '../schema/zod.js';

const upsertPriceTypeInput = z.object({
  code: field.code,
  name: field.name,
  currency: field.currency,
});

/** Creates a price type or renames it; its currency cannot change once prices use it. */
export async function upsertPriceType(ctx: Context, distributorId: number, input: unknown) {
  const values = parseInput(upsertPriceTypeInput, input);
  const { pricing } = ctx.stores;

  const priceType = await inTransaction(ctx.stores.db, async (tx) => {
    const current = await pricing.lockPriceType(distributorId, values.code, tx);
    if (
      current &&
      current.currency !== values.currency &&
      (await pricing.hasPrices(current.id, tx))
    ) {
      throw userError(
        'INVALID_STATE',
        `Price type ${values.code} has prices in ${current.currency}; its currency cannot change`,
        ['currency'],
      );
    }

    return pricing.upsertPriceType({ distributorId, ...values }, tx);
  });

  return { priceType };
}
