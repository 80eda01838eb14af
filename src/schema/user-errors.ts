import { builder } from './builder.js';

export const userErrorCodes = [
  'INVALID_INPUT',
  'NOT_FOUND',
  'FORBIDDEN',
  'INSUFFICIENT_STOCK',
  'NO_TERMS',
  'NO_PRICE',
  'BELOW_MIN_ORDER',
  'NOT_PACK_MULTIPLE',
  'CUTOFF_PASSED',
  'INVALID_STATE',
  'DUPLICATE',
  'LIMIT_EXCEEDED',
] as const;

export type UserErrorCode = (typeof userErrorCodes)[number];

/** A rule of the business that the input broke; `field` is the path into the mutation's input. */
export interface UserError {
  code: UserErrorCode;
  message: string;
  field?: string[] | null;
}

/**
 * Thrown by domain functions for an outcome the caller must hear about as `userErrors`. Thrown
 * inside a transaction, it rolls the transaction back, so a mutation with user errors changes
 * nothing.
 */
export class UserErrorsException extends Error {
  constructor(readonly errors: UserError[]) {
    super(errors.map((e) => e.message).join('; '));
    this.name = 'UserErrorsException';
  }
}

export function userError(code: UserErrorCode, message: string, field?: (string | number)[]) {
  return new UserErrorsException([{ code, message, field: field?.map(String) ?? null }]);
}

export const UserErrorCodeEnum = builder.enumType('UserErrorCode', { values: userErrorCodes });

export const UserErrorType = builder.objectRef<UserError>('UserError').implement({
  description: 'A business rule the input broke. A mutation that returns one changed nothing.',
  fields: (t) => ({
    code: t.field({ type: UserErrorCodeEnum, resolve: (e) => e.code }),
    message: t.exposeString('message'),
    field: t.exposeStringList('field', {
      nullable: true,
      description: 'The path into `input`, e.g. ["items", "2", "sku"].',
    }),
  }),
});
