import { z } from 'zod';
import type { Context } from '../context.js';
import { fitsMinorUnit, minorUnits } from '../money/money.js';
import { userError, UserErrorsException, type UserError } from '../schema/user-errors.js';
import { parseInput } from '../schema/validation.js';
import * as field from '../schema/zod.js';

const money = z.object({
  amount: z.string().regex(/^(0|[1-9][0-9]*)(\.[0-9]+)?$/, 'must be a non-negative decimal'),
  currency: field.currency,
});

const moneyFields = ['cost', 'freeFrom', 'minOrder'] as const;

const upsertDeliveryOptionInput = z.object({
  kind: z.enum(['PICKUP', 'COURIER', 'CARRIER', 'DROPSHIP']),
  warehouseCode: field.code,
  cutoff: z
    .string()
    .regex(/^([01][0-9]|2[0-3]):[0-5][0-9]$/, 'must be a local time "HH:MM" such as "16:00"'),
  leadDays: z
    .number()
    .int('must be a whole number')
    .min(0, 'must not be negative')
    .max(365, 'must be at most 365 days'),
  weekdays: z
    .array(z.number().int().min(1, 'must be 1 (Monday) to 7').max(7, 'must be 1 (Monday) to 7'))
    .min(1, 'must name at least one ISO weekday (1 = Monday)')
    .refine((days) => new Set(days).size === days.length, 'must name each weekday once'),
  cost: money.nullish(),
  freeFrom: money.nullish(),
  minOrder: money.nullish(),
});

const connectStoreInput = z.object({
  priceTypeCode: field.code,
  deliveryOptionIds: z
    .array(z.number().nullable())
    .min(1, 'must grant at least one delivery option, or be omitted to grant all')
    .nullish(),
});

/** The one currency of an option's amounts, checking each fits its minor unit. */
function currencyOf(values: z.output<typeof upsertDeliveryOptionInput>): string | null {
  const errors: UserError[] = [];
  let currency: string | null = null;
  for (const name of moneyFields) {
    const amount = values[name];
    if (!amount) continue;
    currency ??= amount.currency;
    if (amount.currency !== currency) {
      errors.push({
        code: 'INVALID_INPUT',
        message:
          `All amounts of an option are in one currency; ` +
          `${name} is in ${amount.currency}, not ${currency}`,
        field: [name, 'currency'],
      });
    } else if (!fitsMinorUnit(amount.amount, currency)) {
      errors.push({
        code: 'INVALID_INPUT',
        message:
          `${amount.amount} has more decimals than ${currency} allows ` +
          `(${minorUnits(currency)})`,
        field: [name, 'amount'],
      });
    }
  }
  if (errors.length > 0) throw new UserErrorsException(errors);

  return currency;
}

export async function upsertDeliveryOption(ctx: Context, distributorId: number, input: unknown) {
  const values = parseInput(upsertDeliveryOptionInput, input);
  const currency = currencyOf(values);
  const warehouse = await ctx.stores.stock.findWarehouseByCode(distributorId, values.warehouseCode);
  if (!warehouse) {
    throw userError('NOT_FOUND', `No warehouse of yours has the code ${values.warehouseCode}`, [
      'warehouseCode',
    ]);
  }

  const deliveryOption = await ctx.stores.delivery.upsertDeliveryOption({
    distributorId,
    warehouseId: warehouse.id,
    kind: values.kind,
    cutoff: values.cutoff,
    leadDays: values.leadDays,
    weekdays: [...values.weekdays].sort(),
    currency,
    cost: values.cost?.amount ?? null,
    freeFrom: values.freeFrom?.amount ?? null,
    minOrder: values.minOrder?.amount ?? null,
  });

  return { deliveryOption };
}

/**
 * Grants a store terms: the price type it buys at and the delivery options it may use (all of
 * the distributor's when none are named). Replaces earlier terms.
 */
export async function connectStore(
  ctx: Context,
  distributorId: number,
  storeId: number | null,
  input: unknown,
) {
  const { priceTypeCode, deliveryOptionIds } = parseInput(connectStoreInput, input);
  const store = storeId && (await ctx.loaders.organization.load(storeId));
  if (!store || store.kind !== 'store')
    throw userError('NOT_FOUND', 'No store has this id', ['storeId']);

  const priceType = await ctx.stores.pricing.findPriceType(distributorId, priceTypeCode);
  if (!priceType) {
    throw userError('NOT_FOUND', `No price type of yours has the code ${priceTypeCode}`, [
      'priceTypeCode',
    ]);
  }

  const options = await ctx.loaders.deliveryOption.loadMany(
    (deliveryOptionIds ?? []).map((id) => id ?? 0),
  );
  const errors: UserError[] = [];
  options.forEach((option, i) => {
    if (option instanceof Error || option?.distributorId !== distributorId) {
      errors.push({
        code: 'NOT_FOUND',
        message: 'No delivery option of yours has this id',
        field: ['deliveryOptionIds', String(i)],
      });
    }
  });
  if (errors.length > 0) throw new UserErrorsException(errors);

  const ids = [...new Set((deliveryOptionIds ?? []).map(Number))];
  await ctx.stores.db.transaction((tx) =>
    ctx.stores.delivery.setTerms(
      { distributorId, storeId: store.id, priceTypeId: priceType.id },
      ids,
      tx,
    ),
  );
  ctx.logger.info({ distributorId, storeId: store.id }, 'store terms set');

  return {
    storeTerms: {
      distributorId,
      storeId: store.id,
      priceTypeId: priceType.id,
      deliveryOptionIds: ids,
      updatedAt: new Date(),
    },
  };
}
