import { GraphQLError } from 'graphql';
import type { Context } from '../context.js';
import { builder } from '../schema/builder.js';
import { toPayload } from '../schema/mutation.js';
import { UserErrorType } from '../schema/user-errors.js';
import type { FeedFile } from './records.js';
import { feedFormats, type ImportIssue, importModes, type ImportReport } from './report.js';
import { importFeed, MAX_IMPORT_FILES } from './service.js';

/** A file of a multipart request, as the server's fetch implementation gives it. */
export interface UploadedFile {
  name: string;
  stream(): AsyncIterable<Uint8Array>;
}

const isUploadedFile = (value: unknown): value is UploadedFile =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as UploadedFile).name === 'string' &&
  typeof (value as UploadedFile).stream === 'function';

builder.scalarType('Upload', {
  description: 'A file sent in a GraphQL multipart request.',
  serialize: () => {
    throw new GraphQLError('Upload is an input type only');
  },
  parseValue: (value) => {
    if (isUploadedFile(value)) return value;
    throw new GraphQLError('Upload expects a file of a multipart request');
  },
});

const FeedFormat = builder.enumType('FeedFormat', {
  values: Object.fromEntries(feedFormats.map((f) => [f, {}])) as Record<
    (typeof feedFormats)[number],
    object
  >,
});

const ImportMode = builder.enumType('ImportMode', {
  values: {
    FULL: { description: 'Replace the stock of the warehouses the files cover: absent offers 0.' },
    DELTA: { description: 'Change only what the files name.' },
  } satisfies Record<(typeof importModes)[number], object>,
});

const ImportIssueType = builder.objectRef<ImportIssue>('ImportIssue').implement({
  description: 'A problem an import found, where it found it.',
  fields: (t) => ({
    file: t.exposeString('file', { description: 'A file of a ZIP as `archive.zip/name.xml`.' }),
    line: t.exposeInt('line', { nullable: true }),
    path: t.exposeString('path', {
      nullable: true,
      description: 'The element path in XML, the column in CSV.',
    }),
    message: t.exposeString('message'),
  }),
});

const ImportReportType = builder.objectRef<ImportReport>('ImportReport').implement({
  description:
    'What an import did. With errors it changed nothing: the counts are what it would have ' +
    'done, or 0 when a file could not be read to its end.',
  fields: (t) => ({
    offersCreated: t.exposeInt('offersCreated'),
    offersUpdated: t.exposeInt('offersUpdated', {
      description: 'Offers whose SKU, name, GTIN, unit, brand or VAT rate changed.',
    }),
    offersUnchanged: t.exposeInt('offersUnchanged'),
    offersDeactivated: t.exposeInt('offersDeactivated', {
      description: 'Offers the ERP marked for deletion; orders of them stay as they are.',
    }),
    stockRows: t.exposeInt('stockRows', {
      description: 'Stock levels (offer in a warehouse) whose on-hand count changed.',
    }),
    prices: t.exposeInt('prices', { description: 'Prices created, changed or removed.' }),
    warnings: t.field({ type: [ImportIssueType], resolve: (r) => r.warnings }),
    errors: t.field({ type: [ImportIssueType], resolve: (r) => r.errors }),
  }),
});

const ImportColumnInput = builder.inputType('ImportColumnInput', {
  fields: (t) => ({
    header: t.string({ required: true, description: 'A header of the CSV file, as written.' }),
    field: t.string({
      required: true,
      description: 'sku, key, name, gtin, brand, unit, vat, price, price:CODE, stock, stock:CODE…',
    }),
  }),
});

const uploadFeed = (file: UploadedFile): FeedFile => ({
  name: file.name,
  open: () => file.stream(),
});

builder.relayMutationField(
  'importFeed',
  {
    inputFields: (t) => ({
      format: t.field({ type: FeedFormat, required: true }),
      files: t.field({
        type: ['Upload'],
        required: true,
        description: `The files, or a ZIP of them; at most ${MAX_IMPORT_FILES}.`,
      }),
      mode: t.field({ type: ImportMode, required: true, defaultValue: 'DELTA' }),
      priceTypeCode: t.string({
        description: 'YML and CSV: the price type of prices. Default retail.',
      }),
      currency: t.string({ description: 'YML and CSV: the currency of prices that name none.' }),
      warehouseCode: t.string({
        description: 'The warehouse of totals naming none; default your only one, or `default`.',
      }),
      columns: t.field({
        type: [ImportColumnInput],
        description: 'CSV: fields of unusual headers.',
      }),
    }),
  },
  {
    authScopes: { distributor: true },
    resolve: (_root, { input }, ctx: Context) =>
      toPayload(ctx, async () => ({
        report: await importFeed(ctx, ctx.viewer.organizationId!, {
          format: input.format,
          mode: input.mode,
          files: input.files.map(uploadFeed),
          options: input,
        }),
      })),
  },
  {
    outputFields: (t) => ({
      report: t.field({ type: ImportReportType, nullable: true, resolve: (p) => p.report }),
      userErrors: t.field({ type: [UserErrorType], resolve: (p) => p.userErrors }),
    }),
  },
);
