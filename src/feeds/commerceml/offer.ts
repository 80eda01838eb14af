import { Decimal } from 'decimal.js';
import type { FeedOfferRecord, FeedPrice, FeedStock } from '../records.js';
import { currencyCode, readDecimal, readQuantity } from '../values.js';
import { readDescription } from './description.js';
import {
  attributeOf,
  blankToNull,
  childOf,
  childrenOf,
  childText,
  descendantsOf,
  placeOf,
  type ReadContext,
  type XmlNode,
} from './tree.js';

/** Decimal places a price per base unit keeps when `Коэффициент` does not divide it evenly. */
const PRICE_PLACES = 6;

/** The elements that make a `Предложение` describe its offer, not only price and stock it. */
const DESCRIBING = [
  'Наименование',
  'Артикул',
  'БазоваяЕдиница',
  'Штрихкод',
  'ХарактеристикиТовара',
];

/** An offer from a catalog's `Товар`: what it is, with no prices or stock. */
export function readProduct(node: XmlNode, context: ReadContext): FeedOfferRecord | null {
  const offer = readIdentity(node, context);
  if (!offer) return null;

  return { ...offer, description: readDescription(node, offer.key, context) };
}

/**
 * An offer from an offer package's `Предложение`: its prices and stock, and what it is when it
 * says so (2.05 and later put variants in the offer package only).
 */
export function readOffer(node: XmlNode, context: ReadContext): FeedOfferRecord | null {
  const offer = readIdentity(node, context);
  if (!offer) return null;
  const described = DESCRIBING.some((name) => childOf(node, name));

  return {
    ...offer,
    description: described ? { ...readDescription(node, offer.key, context), partial: true } : null,
    prices: readPrices(node, offer.key, context),
    stock: readStock(node, offer.key, context),
  };
}

function readIdentity(node: XmlNode, context: ReadContext): FeedOfferRecord | null {
  const id = childText(node, 'Ид');
  if (id === null) {
    context.warn(node, `${node.name} has no Ид; skipped`);
    return null;
  }
  // `guid#` is a product written as if it had variants; it is the product itself.
  const key = id.endsWith('#') ? id.slice(0, -1) : id;
  const hash = key.indexOf('#');

  return {
    kind: 'offer',
    at: placeOf(context, node),
    key,
    parentKey: hash > 0 ? key.slice(0, hash) : null,
    description: null,
    deleted: isDeleted(node),
    prices: null,
    stock: null,
  };
}

/** 1C marks deletion three ways: `ПометкаУдаления`, a `Статус` attribute or a `Статус` element. */
function isDeleted(node: XmlNode): boolean {
  const status = [attributeOf(node, 'Статус'), childText(node, 'Статус')];

  return (
    childText(node, 'ПометкаУдаления')?.toLowerCase() === 'true' ||
    status.some((written) => written !== null && /^удал[её]н$/i.test(written))
  );
}

function readPrices(node: XmlNode, key: string, context: ReadContext): FeedPrice[] | null {
  const prices = childOf(node, 'Цены');
  if (!prices) return null;

  return childrenOf(prices, 'Цена').flatMap((price) => readPrice(price, key, context) ?? []);
}

/** `Представление` is display text ("1 200 руб. за шт"): the amount is never read from it. */
function readPrice(price: XmlNode, key: string, context: ReadContext): FeedPrice | null {
  const priceTypeKey = childText(price, 'ИдТипаЦены');
  if (priceTypeKey === null) {
    context.warn(price, `Offer ${key}: a Цена has no ИдТипаЦены; left out`);
    return null;
  }
  const written = childText(price, 'ЦенаЗаЕдиницу');
  const amount = written === null ? null : readDecimal(written);
  if (amount === null || amount.isNegative()) {
    context.warn(
      price,
      `Offer ${key}: ЦенаЗаЕдиницу of price type ${priceTypeKey} is not a price ` +
        `("${written ?? ''}"); the price is left out`,
    );
    return null;
  }
  const writtenFactor = childText(price, 'Коэффициент');
  const factor = writtenFactor === null ? new Decimal(1) : readDecimal(writtenFactor);
  if (factor === null || !factor.greaterThan(0)) {
    context.warn(
      price,
      `Offer ${key}: Коэффициент of price type ${priceTypeKey} is not a positive number ` +
        `("${writtenFactor}"); the price is left out`,
    );
    return null;
  }

  return {
    priceTypeKey,
    amount: amount.div(factor).toDecimalPlaces(PRICE_PLACES, Decimal.ROUND_HALF_UP).toFixed(),
    currency: currencyCode(childText(price, 'Валюта')),
  };
}

type StockRow = (
  at: XmlNode,
  warehouseKey: string | null,
  written: string | null,
  what: string,
) => FeedStock;

/**
 * Stock in each shape real files use: `<Склад ИдСклада КоличествоНаСкладе/>` per warehouse
 * (whose total `Количество` is then no row of its own), 3.x `Остатки/Остаток` with or without
 * `Склад`, or a bare `Количество`. Null when the offer says nothing of stock.
 */
function readStock(node: XmlNode, key: string, context: ReadContext): FeedStock[] | null {
  const row: StockRow = (at, warehouseKey, written, what) => {
    const read = readQuantity(written);
    const where = warehouseKey === null ? what : `${what} of warehouse ${warehouseKey}`;
    // The element still says the offer's stock, so an unreadable one is none in stock, as an
    // empty one is; a YML or CSV list leaves such stock unsaid instead.
    const problem = read.quantity === null ? `${read.problem}; 0 is used` : read.problem;
    if (problem !== null) context.warn(at, `Offer ${key}: ${where} ${problem}`);

    return { warehouseKey, quantity: read.quantity ?? 0 };
  };
  const perWarehouse = [...childrenOf(node, 'Склад'), ...descendantsOf(node, ['Склады', 'Склад'])]
    .filter((warehouse) => warehouse.attributes.has('ИдСклада'))
    .map((warehouse) =>
      row(
        warehouse,
        attributeOf(warehouse, 'ИдСклада'),
        attributeOf(warehouse, 'КоличествоНаСкладе'),
        'КоличествоНаСкладе',
      ),
    );
  if (perWarehouse.length > 0) return perWarehouse;

  const rests = childOf(node, 'Остатки');
  if (rests) return childrenOf(rests, 'Остаток').flatMap((rest) => readRest(rest, row));

  const total = childOf(node, 'Количество');

  return total ? [row(total, null, blankToNull(total.text), 'Количество')] : null;
}

/** A 3.x `Остаток`: a row per `Склад` in it, or its own `Количество` as a total. */
function readRest(rest: XmlNode, row: StockRow): FeedStock[] {
  const warehouses = childrenOf(rest, 'Склад');
  if (warehouses.length > 0) {
    return warehouses.map((warehouse) => {
      const quantity = childOf(warehouse, 'Количество');

      return row(
        quantity ?? warehouse,
        childText(warehouse, 'Ид'),
        blankToNull(quantity?.text),
        'Количество',
      );
    });
  }
  const total = childOf(rest, 'Количество');

  return total ? [row(total, null, blankToNull(total.text), 'Количество')] : [];
}
