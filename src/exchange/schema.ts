import { canManageDistributor } from '../auth/viewer.js';
import { builder } from '../schema/builder.js';
import { toPayload } from '../schema/mutation.js';
import { DistributorRef } from '../schema/refs.js';
import { UserErrorType } from '../schema/user-errors.js';
import { exchangeSettingsOf, schemaVersions, setExchangeSettings } from './settings.js';
import { exchangeEncoding, type ExchangeSettingsRow } from './tables.js';

const ExchangeEncodingEnum = builder.enumType('ExchangeEncoding', {
  description: 'The encoding of the orders document 1C pulls: UTF-8 or windows-1251.',
  values: exchangeEncoding.enumValues,
});

const ExchangeSettingsType = builder
  .objectRef<Pick<ExchangeSettingsRow, 'encoding' | 'schemaVersion'>>('ExchangeSettings')
  .implement({
    description: "How Interdist writes the orders a distributor's 1C pulls from /exchange/1c.",
    fields: (t) => ({
      encoding: t.field({ type: ExchangeEncodingEnum, resolve: (s) => s.encoding }),
      schemaVersion: t.exposeString('schemaVersion', {
        description: `The CommerceML version: ${schemaVersions.join(', ')}.`,
      }),
    }),
  });

builder.objectField(DistributorRef, 'exchangeSettings', (t) =>
  t.field({
    type: ExchangeSettingsType,
    nullable: true,
    description: 'Only for the distributor itself and ADMIN; null for anyone else.',
    resolve: (d, _args, ctx) =>
      canManageDistributor(ctx.viewer, d.id) ? exchangeSettingsOf(ctx.stores, d.id) : null,
  }),
);

builder.relayMutationField(
  'setExchangeSettings',
  {
    inputFields: (t) => ({
      encoding: t.field({ type: ExchangeEncodingEnum, required: true }),
      schemaVersion: t.string({ required: true, description: 'e.g. "2.08" or "3.1".' }),
    }),
  },
  {
    authScopes: { distributor: true },
    resolve: (_root, { input }, ctx) =>
      toPayload(ctx, () => setExchangeSettings(ctx, ctx.viewer.organizationId!, input)),
  },
  {
    outputFields: (t) => ({
      exchangeSettings: t.field({
        type: ExchangeSettingsType,
        nullable: true,
        resolve: (p) => p.exchangeSettings,
      }),
      userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
    }),
  },
);
