import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { join } from 'node:path';
import { Decimal } from 'decimal.js';
import validator from 'validator';

/*
 * A generated CommerceML 2.08 package (import.xml and offers.xml) of as many offers as asked,
 * every value a function of the offer's number, so that the copy baseline can write exactly the
 * same rows. Values are digits and ASCII words: nothing in them needs XML escaping.
 */

export const PACKAGE_WAREHOUSES = ['wh-msk', 'wh-spb', 'wh-kzn'];
export const PACKAGE_PRICE_TYPES = ['pt-retail', 'pt-wholesale'];

export interface PackageOffer {
  key: string;
  sku: string;
  name: string;
  gtin: string;
  prices: string[];
  stock: number[];
}

function ean13(body: string): string {
  for (let check = 0; check <= 9; check++) {
    if (validator.isEAN(`${body}${check}`)) return `${body}${check}`;
  }
  throw new Error(`No check digit makes ${body} an EAN-13`);
}

export function packageOffer(i: number): PackageOffer {
  const retail = new Decimal(100 + (i % 900)).plus('0.5');

  return {
    key: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
    sku: `SKU-${i}`,
    name: `Goods number ${i}`,
    gtin: ean13(`46${String(i).padStart(10, '0')}`),
    prices: [retail.toFixed(2), retail.times('0.9').toFixed(2)],
    stock: [i % 50, (i * 7) % 30, i % 3 === 0 ? 0 : 5],
  };
}

async function write(out: WriteStream, text: string) {
  if (!out.write(text)) await once(out, 'drain');
}

async function close(out: WriteStream) {
  out.end();
  await once(out, 'finish');
}

/** Writes the package into `dir`; returns the paths of its two files. */
export async function writePackage(dir: string, offers: number): Promise<string[]> {
  const importPath = join(dir, 'import.xml');
  const offersPath = join(dir, 'offers.xml');
  const head =
    '<?xml version="1.0" encoding="UTF-8"?>\n<КоммерческаяИнформация ВерсияСхемы="2.08">\n';

  const catalog = createWriteStream(importPath);
  await write(catalog, `${head}<Каталог СодержитТолькоИзменения="false"><Ид>bench</Ид><Товары>\n`);
  for (let i = 1; i <= offers; i++) {
    const o = packageOffer(i);
    await write(
      catalog,
      `<Товар><Ид>${o.key}</Ид><Штрихкод>${o.gtin}</Штрихкод><Артикул>${o.sku}</Артикул>` +
        `<Наименование>${o.name}</Наименование><БазоваяЕдиница Код="796">шт</БазоваяЕдиница>` +
        `<СтавкиНалогов><СтавкаНалога><Наименование>НДС</Наименование><Ставка>20</Ставка>` +
        `</СтавкаНалога></СтавкиНалогов></Товар>\n`,
    );
  }
  await write(catalog, '</Товары></Каталог></КоммерческаяИнформация>\n');
  await close(catalog);

  const pack = createWriteStream(offersPath);
  await write(pack, `${head}<ПакетПредложений СодержитТолькоИзменения="false"><ТипыЦен>`);
  for (const code of PACKAGE_PRICE_TYPES) {
    await write(
      pack,
      `<ТипЦены><Ид>${code}</Ид><Наименование>${code}</Наименование><Валюта>RUB</Валюта></ТипЦены>`,
    );
  }
  await write(pack, '</ТипыЦен><Склады>');
  for (const code of PACKAGE_WAREHOUSES) {
    await write(pack, `<Склад><Ид>${code}</Ид><Наименование>${code}</Наименование></Склад>`);
  }
  await write(pack, '</Склады><Предложения>\n');
  for (let i = 1; i <= offers; i++) {
    const o = packageOffer(i);
    const prices = o.prices
      .map(
        (amount, p) =>
          `<Цена><ИдТипаЦены>${PACKAGE_PRICE_TYPES[p]}</ИдТипаЦены><ЦенаЗаЕдиницу>${amount}` +
          `</ЦенаЗаЕдиницу><Валюта>RUB</Валюта><Коэффициент>1</Коэффициент></Цена>`,
      )
      .join('');
    const stock = o.stock
      .map((q, w) => `<Склад ИдСклада="${PACKAGE_WAREHOUSES[w]}" КоличествоНаСкладе="${q}"/>`)
      .join('');
    const total = o.stock.reduce((a, b) => a + b, 0);
    await write(
      pack,
      `<Предложение><Ид>${o.key}</Ид><Артикул>${o.sku}</Артикул><Наименование>${o.name}` +
        `</Наименование><Цены>${prices}</Цены><Количество>${total}</Количество>${stock}` +
        `</Предложение>\n`,
    );
  }
  await write(pack, '</Предложения></ПакетПредложений></КоммерческаяИнформация>\n');
  await close(pack);

  return [importPath, offersPath];
}
