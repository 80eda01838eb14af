import type { FeedPriceTypeRecord, FeedWarehouseRecord } from '../records.js';
import { currencyCode } from '../values.js';
import { childText, placeOf, type ReadContext, type XmlNode } from './tree.js';

/** A `ТипЦены`, keyed by its `Ид`, with its currency as an ISO code where 1C wrote one. */
export function readPriceType(node: XmlNode, context: ReadContext): FeedPriceTypeRecord | null {
  const key = childText(node, 'Ид');
  if (key === null) {
    context.warn(node, 'ТипЦены has no Ид; skipped');
    return null;
  }

  return {
    kind: 'priceType',
    at: placeOf(context, node),
    key,
    name: childText(node, 'Наименование') ?? key,
    currency: currencyCode(childText(node, 'Валюта')),
  };
}

/** A declared `Склад`, keyed by its `Ид`; null for one with no `Ид`, which declares nothing. */
export function readWarehouse(node: XmlNode, context: ReadContext): FeedWarehouseRecord | null {
  const key = childText(node, 'Ид');
  if (key === null) return null;

  return {
    kind: 'warehouse',
    at: placeOf(context, node),
    key,
    name: childText(node, 'Наименование') ?? key,
  };
}
