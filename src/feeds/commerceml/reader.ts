import { SaxesParser, type SaxesTagNS } from 'saxes';
import {
  FeedError,
  type FeedDocumentRecord,
  type FeedRecord,
  TOO_DEEP,
  TOO_LONG,
  XML_LIMITS,
} from '../records.js';
import { writeBounded } from '../xml.js';
import { readPriceType, readWarehouse } from './declarations.js';
import { readOffer, readProduct } from './offer.js';
import type { ReadContext, XmlNode } from './tree.js';

const ROOT = 'КоммерческаяИнформация';

/** The elements a `document` record stands for; a change set is never a full document. */
const DOCUMENTS = new Set(['Каталог', 'ПакетПредложений', 'ИзмененияПакетаПредложений']);
const CHANGE_SET = 'ИзмененияПакетаПредложений';
const ONLY_CHANGES = 'СодержитТолькоИзменения';

type ItemReader = (node: XmlNode, context: ReadContext) => FeedRecord | null;

/** The elements read whole, by name, with the parent that makes them one. */
const ITEMS = new Map<string, { parent: string; read: ItemReader }>([
  ['Товар', { parent: 'Товары', read: readProduct }],
  ['Предложение', { parent: 'Предложения', read: readOffer }],
  ['ТипЦены', { parent: 'ТипыЦен', read: readPriceType }],
  ['Склад', { parent: 'Склады', read: readWarehouse }],
]);

/**
 * Reads CommerceML text pushed to it chunk by chunk. Only the item being read is held: the open
 * elements above it are kept by name, and completed records wait in `take()` until asked for.
 */
export interface CommerceMlReader {
  /** Throws a `FeedError` at the first XML fault or when the file is not CommerceML. */
  write(text: string): void;
  /** Throws a `FeedError` when the document is not complete: a truncated file. */
  end(): void;
  /** The records completed since the last call, in file order. */
  take(): FeedRecord[];
}

interface Open {
  name: string;
  path: string;
}

/** `СодержитТолькоИзменения="false"` is a full document, `"true"` a delta. */
function fullOf(document: string, onlyChanges: string | null | undefined): boolean | null {
  if (document === CHANGE_SET) return false;
  const written = onlyChanges?.trim().toLowerCase();

  return written === 'true' ? false : written === 'false' ? true : null;
}

const NO_ATTRIBUTES: ReadonlyMap<string, string> = new Map();

function attributesOf(tag: SaxesTagNS): ReadonlyMap<string, string> {
  // Most elements have none, and a map for each would be most of the garbage a file makes.
  const written = Object.values(tag.attributes);
  if (written.length === 0) return NO_ATTRIBUTES;
  const attributes = new Map<string, string>();
  for (const attribute of written) {
    if (attribute.prefix === 'xmlns' || attribute.name === 'xmlns') continue;
    attributes.set(attribute.local, attribute.value);
  }

  return attributes;
}

/** A reader of one file, named `file` in the records and errors it gives. */
export function createCommerceMlReader(file: string): CommerceMlReader {
  const parser = new SaxesParser({ xmlns: true });
  const open: Open[] = [];
  let item: { read: ItemReader | null; nodes: XmlNode[] } | null = null;
  let document: FeedDocumentRecord | null = null;
  let records: FeedRecord[] = [];
  let ending = false;

  // A document's record waits for its `СодержитТолькоИзменения` child, in versions with one.
  const emit = (record: FeedRecord): void => {
    if (document) records.push(document);
    document = null;
    records.push(record);
  };
  const context: ReadContext = {
    file,
    warn: (node, message) =>
      emit({ kind: 'warning', at: { file, line: node.line, path: node.path }, message }),
  };
  const pathHere = (): string | null => item?.nodes.at(-1)?.path ?? open.at(-1)?.path ?? null;
  const fail = (message: string): never => {
    throw new FeedError({ file, line: parser.line, path: pathHere() }, message);
  };

  // saxes reports a close tag that does not match after it has closed the element left open.
  let closed: { name: string; path: string } | null = null;
  parser.on('error', (error) => {
    const detail = error.message.replace(/^\d+:\d+: /, '');
    if (ending) fail(`The file ends before its XML is complete (${detail}): it is truncated`);
    if (detail.startsWith('unexpected close tag') && closed) {
      throw new FeedError(
        { file, line: parser.line, path: closed.path },
        `Not well-formed XML at line ${parser.line}: <${closed.name}> is not closed`,
      );
    }
    fail(`Not well-formed XML at line ${parser.line}: ${detail}`);
  });

  parser.on('opentag', (tag) => {
    if (open.length + (item?.nodes.length ?? 0) >= XML_LIMITS.depth) fail(TOO_DEEP);
    const name = tag.local;
    const parent = item?.nodes.at(-1) ?? open.at(-1);
    const path = parent ? `${parent.path}/${name}` : name;
    const node: XmlNode = {
      name,
      attributes: attributesOf(tag),
      children: [],
      text: '',
      line: parser.line,
      path,
    };
    if (item) {
      item.nodes.at(-1)?.children.push(node);
      item.nodes.push(node);
      return;
    }
    if (!parent && name !== ROOT) {
      fail(`The root element is <${name}>, not <${ROOT}>: this is not a CommerceML file`);
    }

    const itemKind = ITEMS.get(name);
    if (itemKind && itemKind.parent === parent?.name) {
      item = { read: itemKind.read, nodes: [node] };
    } else if (name === ONLY_CHANGES && parent && DOCUMENTS.has(parent.name)) {
      item = { read: null, nodes: [node] };
    } else {
      open.push({ name, path });
    }
    if (parent?.name === ROOT && DOCUMENTS.has(name)) {
      if (document) records.push(document);
      const at = { file, line: node.line, path };
      document = { kind: 'document', at, full: fullOf(name, node.attributes.get(ONLY_CHANGES)) };
    }
  });

  const addText = (text: string): void => {
    const node = item?.nodes.at(-1);
    if (!node) return;
    if (node.text.length + text.length > XML_LIMITS.textLength) fail(TOO_LONG);
    node.text += text;
  };
  parser.on('text', addText);
  parser.on('cdata', addText);

  parser.on('closetag', () => {
    if (!item) {
      const element = open.pop();
      closed = element ?? null;
      if (element && DOCUMENTS.has(element.name) && document) {
        records.push(document);
        document = null;
      }
      return;
    }
    const node = item.nodes.pop();
    closed = node ?? null;
    if (!node || item.nodes.length > 0) return;

    const { read } = item;
    item = null;
    if (read) {
      const record = read(node, context);
      if (record) emit(record);
    } else if (document) {
      document.full = fullOf(open.at(-1)?.name ?? '', node.text);
    }
  });

  return {
    write: (text) => writeBounded(parser, text, fail),
    end: () => {
      ending = true;
      parser.close();
    },
    take: () => {
      const taken = records;
      records = [];

      return taken;
    },
  };
}
