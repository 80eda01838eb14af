import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import RelayPlugin from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';

/** Limits on the shape of one operation; past them the operation is refused before it runs. */
export const queryLimits = { depth: 12, breadth: 400, complexity: 25_000 };

export interface BuilderTypes {
  Context: Context;
  DefaultFieldNullability: false;
  DefaultInputFieldRequiredness: false;
  DefaultEdgesNullability: false;
  DefaultNodeNullability: false;
  AuthScopes: { store: boolean; distributor: boolean; admin: boolean };
  Scalars: {
    ID: { Input: string; Output: string | number };
    Decimal: { Input: string; Output: string };
    Date: { Input: string; Output: string };
    DateTime: { Input: Date; Output: Date };
  };
}

export type Types = PothosSchemaTypes.ExtendDefaultTypes<BuilderTypes>;

export const builder = new SchemaBuilder<BuilderTypes>({
  plugins: [ScopeAuthPlugin, RelayPlugin, ComplexityPlugin],
  defaultFieldNullability: false,
  scopeAuth: {
    authScopes: ({ viewer }) => ({
      store: viewer.role === 'STORE',
      distributor: viewer.role === 'DISTRIBUTOR',
      admin: viewer.role === 'ADMIN',
    }),
    unauthorizedError: (_parent, _context, info) =>
      new GraphQLError(`Your role may not use ${info.parentType.name}.${info.fieldName}`, {
        extensions: { code: 'FORBIDDEN' },
      }),
  },
  relay: {
    clientMutationId: 'omit',
    cursorType: 'String',
    nodesOnConnection: false,
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 10,
    limit: queryLimits,
    complexityError: (kind, result) => {
      const measure = kind.toLowerCase() as keyof typeof queryLimits;
      return new GraphQLError(
        `The operation's ${measure} is ${result[measure]}; the limit is ${queryLimits[measure]}`,
        { extensions: { code: 'QUERY_TOO_COMPLEX', measure, limit: queryLimits[measure] } },
      );
    },
  },
});

builder.queryType({});
builder.mutationType({});
