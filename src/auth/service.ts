import { z } from 'zod';
import type { Context } from '../context.js';
import { userError } from '../schema/user-errors.js';
import { parseInput } from '../schema/validation.js';
import { generateApiKey, hashApiKey } from './keys.js';

const revokeApiKeyInput = z.object({ apiKey: z.string().min(1, 'must not be blank') });

/** Issues a key for an organization; the key is returned once and only its hash is kept. */
export async function issueApiKey(ctx: Context, organizationId: number | null) {
  const organization = organizationId && (await ctx.loaders.organization.load(organizationId));
  if (!organization)
    throw userError('NOT_FOUND', 'No organization has this id', ['organizationId']);

  const apiKey = generateApiKey();
  await ctx.stores.apiKeys.insert(organization.id, hashApiKey(apiKey));
  ctx.logger.info({ organizationId: organization.id }, 'api key issued');

  return { apiKey };
}

export async function revokeApiKey(ctx: Context, input: unknown) {
  const { apiKey } = parseInput(revokeApiKeyInput, input);
  const revoked = await ctx.stores.apiKeys.revoke(hashApiKey(apiKey), ctx.clock());
  if (!revoked) throw userError('NOT_FOUND', 'No live API key matches', ['apiKey']);
  ctx.logger.info('api key revoked');

  return { revoked };
}
