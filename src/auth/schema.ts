import { builder } from '../schema/builder.js';
import { localId } from '../schema/ids.js';
import { toPayload } from '../schema/mutation.js';
import { UserErrorType } from '../schema/user-errors.js';
import { issueApiKey, revokeApiKey } from './service.js';

builder.relayMutationField(
  'issueApiKey',
  { inputFields: (t) => ({ organizationId: t.id({ required: true }) }) },
  {
    authScopes: { admin: true },
    resolve: (_root, { input }, ctx) =>
      toPayload(ctx, () => issueApiKey(ctx, localId(input.organizationId, 'Store', 'Distributor'))),
  },
  {
    outputFields: (t) => ({
      apiKey: t.string({
        nullable: true,
        description: 'Shown this once; only its hash is stored.',
        resolve: (p) => p.apiKey,
      }),
      userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
    }),
  },
);

builder.relayMutationField(
  'revokeApiKey',
  { inputFields: (t) => ({ apiKey: t.string({ required: true }) }) },
  {
    authScopes: { admin: true },
    resolve: (_root, { input }, ctx) => toPayload(ctx, () => revokeApiKey(ctx, input)),
  },
  {
    outputFields: (t) => ({
      revoked: t.boolean({ resolve: (p) => p.revoked ?? false }),
      userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
    }),
  },
);
