import SchemaBuilder from '@pothos/core';
import ComplexityPlugin from '@pothos/plugin-complexity';
import RelayPlugin, { decodeGlobalID } from '@pothos/plugin-relay';
import ScopeAuthPlugin from '@pothos/plugin-scope-auth';
import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';

/** Limits on the shape of one operation; past them the operation is refused before it runs. */
export const queryLimits = { depth: 12, breadth: 400, complexity: 50_000 };

/** Most aliases in one operation, and most tokens in its document. */
export const documentLimits = { aliases: 10, tokens: 20_000 };

/** Most ids `nodes` takes at once. */
export const MAX_NODE_IDS = 500;

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
    Upload: { Input: { name: string; stream(): AsyncIterable<Uint8Array> }; Output: never };
  };
}

export type Types = PothosSchemaTypes.ExtendDefaultTypes<BuilderTypes>;

/** The names of the types that implement Node, filled in as they are declared. */
export const nodeTypenames = new Set<string>();

/**
 * A global id that names no node (malformed, or of a type that is not a node) decodes to an id
 * that no row has, so that `node` and `nodes` answer null for it, as for an id of another
 * tenant, instead of an error.
 */
function decodeNodeId(globalId: string): { typename: string; id: string } {
  try {
    const decoded = decodeGlobalID(globalId);
    if (nodeTypenames.has(decoded.typename)) return decoded;
  } catch {
    // Malformed: answered as missing below.
  }

  return { typename: [...nodeTypenames][0]!, id: '0' };
}

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
    decodeGlobalID: decodeNodeId,
    // A page costs what its `first` asks for, once: the edges do not multiply it again.
    edgesFieldOptions: { complexity: { field: 0, multiplier: 1 } },
    nodesQueryOptions: {
      complexity: (args) => ({ field: 1, multiplier: args.ids.length }),
      resolve: (_root, { ids }, _ctx, _info, resolveNodes) => {
        if (ids.length > MAX_NODE_IDS) {
          throw new GraphQLError(`nodes takes at most ${MAX_NODE_IDS} ids, got ${ids.length}`, {
            extensions: { code: 'LIMIT_EXCEEDED', argument: 'ids', limit: MAX_NODE_IDS },
          });
        }
        return resolveNodes(ids);
      },
    },
  },
  complexity: {
    defaultComplexity: 1,
    defaultListMultiplier: 5,
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
