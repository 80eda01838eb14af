import { SaxesParser } from 'saxes';
import { xmlEncoding } from '../feeds/decode.js';

/** What Interdist reads of one `Документ` that 1C sends back. */
export interface ErpDocument {
  id: string | null;
  number: string | null;
  operation: string | null;
  /** `ПометкаУдаления` as an element of the document. */
  deletionMark: boolean;
  /** `ЗначенияРеквизитов`, by requisite name as `requisiteKey` writes it. */
  requisites: Map<string, string>;
}

/** A requisite's name compared loosely: 1C writes "Номер по 1С" with a Cyrillic or Latin C. */
export function requisiteKey(name: string): string {
  return name.trim().toLowerCase().replace(/c/g, 'с');
}

/** A document from 1C that cannot be read at all; its message is what 1C is told. */
export class ErpDocumentError extends Error {}

const REQUISITE = 'ЗначенияРеквизитов/ЗначениеРеквизита';

const localName = (name: string) => name.slice(name.indexOf(':') + 1);

/**
 * The documents of a CommerceML file from 1C, with or without a namespace, wherever they sit
 * (3.x puts them in `Контейнер`). Its encoding is the one its declaration names.
 */
export function readErpDocuments(bytes: Uint8Array): ErpDocument[] {
  let text: string;
  try {
    text = new TextDecoder(xmlEncoding(bytes.subarray(0, 200)), { fatal: true }).decode(bytes);
  } catch {
    throw new ErpDocumentError('The document is not text in the encoding it declares');
  }

  const documents: ErpDocument[] = [];
  const path: string[] = [];
  let current: ErpDocument | null = null;
  let depth = 0;
  let requisite: { name: string; value: string } | null = null;
  let value = '';

  const parser = new SaxesParser();
  parser.on('opentag', (tag) => {
    path.push(localName(tag.name));
    value = '';
    if (path.at(-1) === 'Документ' && !current) {
      current = {
        id: null,
        number: null,
        operation: null,
        deletionMark: false,
        requisites: new Map(),
      };
      depth = path.length;
    }
    const inDocument = path.slice(depth).join('/');
    if (current && inDocument === REQUISITE) {
      requisite = { name: '', value: '' };
    }
  });
  parser.on('text', (chunk) => (value += chunk));
  parser.on('cdata', (chunk) => (value += chunk));
  parser.on('closetag', () => {
    const inDocument = current ? path.slice(depth).join('/') : '';
    const text = value.trim();
    if (current) {
      if (inDocument === 'Ид') current.id = text;
      if (inDocument === 'Номер') current.number = text;
      if (inDocument === 'ХозОперация') current.operation = text;
      if (inDocument === 'ПометкаУдаления') current.deletionMark = text.toLowerCase() === 'true';
      if (requisite && inDocument === `${REQUISITE}/Наименование`) requisite.name = text;
      if (requisite && inDocument === `${REQUISITE}/Значение`) requisite.value = text;
      if (requisite && inDocument === REQUISITE) {
        current.requisites.set(requisiteKey(requisite.name), requisite.value);
        requisite = null;
      }
      if (path.length === depth) {
        documents.push(current);
        current = null;
      }
    }
    path.pop();
    value = '';
  });

  try {
    parser.write(text).close();
  } catch (error) {
    throw new ErpDocumentError(`The document is not well-formed XML: ${(error as Error).message}`);
  }

  return documents;
}
