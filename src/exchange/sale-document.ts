import iconv from 'iconv-lite';
import { create } from 'xmlbuilder2';
import type { ExpandObject } from 'xmlbuilder2/lib/interfaces.js';
import type { ExchangeEncoding } from './tables.js';

/*
 * The CommerceML document `mode=query` answers with: one `Документ` per order, as 1C's own
 * site exchange reads them (the element order is the schema's). Versions 3.x put each document
 * in a `Контейнер`.
 */

/** The requisite that names the register an order came in, so that 1C's answer finds it. */
export const REGISTER_REQUISITE = 'Реестр Interdist';
const SHIP_DATE_REQUISITE = 'Дата отгрузки';

/** A line of an order as 1C gets it. */
export interface SaleLine {
  /** The offer's id in the ERP, or its SKU when it came from elsewhere. */
  id: string;
  sku: string;
  name: string;
  unit: string;
  unitPrice: string;
  quantity: number;
  sum: string;
}

/** An order as 1C gets it, amounts already in its currency's minor unit. */
export interface SaleDocument {
  /** The order's global id. */
  id: string;
  /** The store's own order number. */
  number: string;
  /** In the distributor's time zone. */
  date: string;
  time: string;
  currency: string;
  sum: string;
  buyer: { id: string; name: string };
  lines: SaleLine[];
  registerId: string;
  shipDate: string;
}

/** How the distributor's 1C wants the document. */
export interface SaleDocumentOptions {
  encoding: ExchangeEncoding;
  schemaVersion: string;
  /** When the document was made, in the distributor's time zone ("2026-12-02T10:00:00"). */
  createdAt: string;
}

const requisites = (values: [string, string][]) => ({
  ЗначениеРеквизита: values.map(([name, value]) => ({ Наименование: name, Значение: value })),
});

/** 1C takes a unit either by its OKEI code or by its short name. */
function baseUnit(unit: string): ExpandObject {
  return /^[0-9]{3,4}$/.test(unit) ? { '@Код': unit } : { '#': unit };
}

function documentOf(doc: SaleDocument): ExpandObject {
  return {
    Ид: doc.id,
    Номер: doc.number,
    Дата: doc.date,
    ХозОперация: 'Заказ товара',
    Роль: 'Продавец',
    Валюта: doc.currency,
    Курс: '1',
    Сумма: doc.sum,
    Контрагенты: {
      Контрагент: {
        Ид: doc.buyer.id,
        Наименование: doc.buyer.name,
        ПолноеНаименование: doc.buyer.name,
        Роль: 'Покупатель',
      },
    },
    Время: doc.time,
    Товары: {
      Товар: doc.lines.map((line) => ({
        Ид: line.id,
        Артикул: line.sku,
        Наименование: line.name,
        БазоваяЕдиница: baseUnit(line.unit),
        ЦенаЗаЕдиницу: line.unitPrice,
        Количество: String(line.quantity),
        Сумма: line.sum,
        ЗначенияРеквизитов: requisites([
          ['ВидНоменклатуры', 'Товар'],
          ['ТипНоменклатуры', 'Товар'],
        ]),
      })),
    },
    ЗначенияРеквизитов: requisites([
      [REGISTER_REQUISITE, doc.registerId],
      [SHIP_DATE_REQUISITE, doc.shipDate],
    ]),
  };
}

/** The XML name of an encoding, as the declaration and the Content-Type say it. */
export function charsetOf(encoding: ExchangeEncoding): 'UTF-8' | 'windows-1251' {
  return encoding === 'UTF_8' ? 'UTF-8' : 'windows-1251';
}

/** The document's bytes in the encoding its declaration names. */
export function saleDocumentBytes(docs: SaleDocument[], options: SaleDocumentOptions): Uint8Array {
  const documents = docs.map(documentOf);
  const inContainers = Number.parseFloat(options.schemaVersion) >= 3;
  const charset = charsetOf(options.encoding);
  const xml = create(
    { version: '1.0', encoding: charset },
    {
      КоммерческаяИнформация: {
        '@ВерсияСхемы': options.schemaVersion,
        '@ДатаФормирования': options.createdAt,
        ...(inContainers
          ? { Контейнер: documents.map((d) => ({ Документ: d })) }
          : { Документ: documents }),
      },
    },
  ).end({ prettyPrint: true });

  return charset === 'UTF-8' ? Buffer.from(xml, 'utf8') : encodeWindows1251(xml);
}

/** Serialized XML in windows-1251: a character it cannot hold becomes a character reference. */
function encodeWindows1251(xml: string): Uint8Array {
  const referenced = xml.replace(/[^\u0000-\u007f]/gu, (char) =>
    iconv.decode(iconv.encode(char, 'win1251'), 'win1251') === char
      ? char
      : `&#${char.codePointAt(0)};`,
  );

  return iconv.encode(referenced, 'win1251');
}
