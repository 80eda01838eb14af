import { builder } from '../schema/builder.js';
import { MoneyRef } from '../schema/refs.js';

MoneyRef.implement({
  description: 'An exact amount in a currency.',
  fields: (t) => ({
    amount: t.field({ type: 'Decimal', resolve: (money) => money.amount }),
    currency: t.exposeString('currency', { description: 'ISO 4217 code, e.g. "RUB".' }),
  }),
});

export const MoneyInput = builder.inputType('MoneyInput', {
  fields: (t) => ({
    amount: t.field({ type: 'Decimal', required: true }),
    currency: t.string({ required: true, description: 'ISO 4217 code, e.g. "RUB".' }),
  }),
});
