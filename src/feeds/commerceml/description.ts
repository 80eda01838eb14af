import type { FeedDescription } from '../records.js';
import { readVatRate } from '../values.js';
import {
  attributeOf,
  blankToNull,
  childOf,
  childText,
  descendantsOf,
  requisiteOf,
  type ReadContext,
  type XmlNode,
} from './tree.js';

/**
 * What an offer is, from a `Товар` or a `Предложение`: the SKU, the name (a variant's with its
 * characteristics), the barcode as written, brand, unit and VAT rate.
 */
export function readDescription(node: XmlNode, key: string, context: ReadContext): FeedDescription {
  const sku = childText(node, 'Артикул');

  return {
    sku,
    name: nameOf(node, key, sku, context),
    gtin: childText(node, 'Штрихкод') ?? requisiteOf(node, 'Штрихкод'),
    brand: brandOf(node),
    unit: unitOf(childOf(node, 'БазоваяЕдиница')),
    vatRate: vatRateOf(node, key, context),
  };
}

function nameOf(node: XmlNode, key: string, sku: string | null, context: ReadContext): string {
  let name = childText(node, 'Наименование');
  if (name === null) {
    name = sku ?? key;
    context.warn(node, `Offer ${key}: has no Наименование; named "${name}"`);
  }
  const characteristics = descendantsOf(node, ['ХарактеристикиТовара', 'ХарактеристикаТовара'])
    .map((characteristic) => {
      const value = childText(characteristic, 'Значение');
      const label = childText(characteristic, 'Наименование');

      return value === null ? null : label === null ? value : `${label}: ${value}`;
    })
    .filter((characteristic) => characteristic !== null);
  const suffix = ` (${characteristics.join(', ')})`;
  // 1C names some variants with their characteristics already; they must not be named twice.
  if (characteristics.length === 0 || name.endsWith(suffix)) return name;

  return name + suffix;
}

function brandOf(node: XmlNode): string | null {
  const mark = childOf(node, 'ТорговаяМарка');

  return (
    childText(childOf(node, 'Изготовитель'), 'Наименование') ??
    blankToNull(mark?.text) ??
    childText(mark, 'Наименование')
  );
}

/** `Код="796 "` is what real exports write: every form of the unit is trimmed. */
function unitOf(unit: XmlNode | undefined): string | null {
  if (!unit) return null;

  return (
    attributeOf(unit, 'НаименованиеКраткое') ?? blankToNull(unit.text) ?? attributeOf(unit, 'Код')
  );
}

function vatRateOf(node: XmlNode, key: string, context: ReadContext): string | null {
  const tax = descendantsOf(node, ['СтавкиНалогов', 'СтавкаНалога']).find(
    (rate) => childText(rate, 'Наименование')?.toUpperCase() === 'НДС',
  );
  const written = childText(tax, 'Ставка') ?? requisiteOf(node, 'СтавкаНДС');
  if (written === null) return null;
  const rate = readVatRate(written);
  if (rate === null) {
    context.warn(tax ?? node, `Offer ${key}: VAT rate "${written}" is not a rate; left out`);
  }

  return rate;
}
