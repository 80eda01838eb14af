import type { CodegenConfig } from '@graphql-codegen/cli';

/** Typed documents for the tests (and for clients to copy): `npm run codegen`. */
const config: CodegenConfig = {
  schema: 'schema/schema.graphql',
  documents: ['test/**/*.ts', '!test/graphql/**'],
  ignoreNoDocuments: true,
  emitLegacyCommonJSImports: false,
  generates: {
    'test/graphql/': {
      preset: 'client',
      config: {
        scalars: { Decimal: 'string', Date: 'string', DateTime: 'string' },
        enumsAsTypes: true,
        useTypeImports: true,
      },
      presetConfig: { fragmentMasking: false },
    },
  },
};

export default config;
