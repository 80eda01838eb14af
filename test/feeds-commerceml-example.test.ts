import { describe, expect, it } from 'vitest';
import { normalizeGtin } from '../src/catalog/gtin.js';
import { parseCommerceMl } from '../src/feeds/commerceml.js';
import { exampleFile, feedFileAt, recordsOf, recordsOfKind } from './support/feed-files.js';

function recordsIn(name: string) {
  return recordsOf(parseCommerceMl, feedFileAt(exampleFile(`commerceml/${name}`)));
}

async function offersIn(name: string) {
  return recordsOfKind(await recordsIn(name), 'offer');
}

describe('the Samara Electro CommerceML 2.08 example package', () => {
  it('reads without a warning: twelve products, two price types, two warehouses', async () => {
    const catalog = await recordsIn('import.xml');
    const offers = await recordsIn('offers.xml');

    expect(recordsOfKind(catalog, 'offer')).toHaveLength(12);
    expect(
      recordsOfKind(offers, 'priceType').map(({ name, currency }) => [name, currency]),
    ).toEqual([
      ['Розничная', 'RUB'],
      ['Оптовая', 'RUB'],
    ]);
    expect(recordsOfKind(offers, 'warehouse').map((warehouse) => warehouse.name)).toEqual([
      'Склад Самара',
      'Склад Казань',
    ]);
    expect(recordsOfKind([...catalog, ...offers], 'warning')).toEqual([]);
  });

  it('offers every product of the catalog, its one variant product by colour', async () => {
    const products = await offersIn('import.xml');
    const offers = await offersIn('offers.xml');
    const productKeys = new Set(products.map((product) => product.key));

    expect(offers.every((offer) => productKeys.has(offer.parentKey ?? offer.key))).toBe(true);
    expect(new Set(offers.map((offer) => offer.parentKey ?? offer.key))).toEqual(productKeys);
    expect(
      offers.filter((offer) => offer.parentKey).map((offer) => offer.description?.name),
    ).toEqual([
      'Лампа настольная светодиодная 8 Вт (Цвет: Белый)',
      'Лампа настольная светодиодная 8 Вт (Цвет: Чёрный)',
    ]);
  });

  it('gives every offer both prices, stock in both warehouses and a valid EAN-13', async () => {
    const products = await offersIn('import.xml');
    const offers = await offersIn('offers.xml');
    const barcodes = [...products, ...offers].flatMap((offer) => offer.description?.gtin ?? []);

    expect(offers).toHaveLength(13);
    expect(offers.every((offer) => offer.prices?.length === 2 && offer.stock?.length === 2)).toBe(
      true,
    );
    expect(barcodes).toHaveLength(13);
    expect(barcodes.map(normalizeGtin)).toEqual(barcodes);
    expect(new Set(barcodes).size).toBe(13);
  });
});
