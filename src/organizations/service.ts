import { z } from 'zod';
import type { Context } from '../context.js';
import { parseInput } from '../schema/validation.js';
import * as field from '../schema/zod.js';

const createDistributorInput = z.object({ name: field.name, timeZone: field.timeZone });
const createStoreInput = z.object({ name: field.name });

export async function createDistributor(ctx: Context, input: unknown) {
  const { name, timeZone } = parseInput(createDistributorInput, input);
  const distributor = await ctx.stores.organizations.create({
    kind: 'distributor',
    name,
    timeZone,
  });
  ctx.logger.info({ distributorId: distributor.id }, 'distributor created');

  return { distributor };
}

export async function createStore(ctx: Context, input: unknown) {
  const { name } = parseInput(createStoreInput, input);
  const store = await ctx.stores.organizations.create({ kind: 'store', name });
  ctx.logger.info({ storeId: store.id }, 'store created');

  return { store };
}
