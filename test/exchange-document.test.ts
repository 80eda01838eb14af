import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { readErpDocuments } from '../src/exchange/erp-documents.js';
import { type SaleDocument, saleDocumentBytes } from '../src/exchange/sale-document.js';

const order: SaleDocument = {
  id: 'T3JkZXI6MQ==',
  number: 'A&1 <x>',
  date: '2026-12-02',
  time: '10:00:00',
  currency: 'RUB',
  sum: '10.00',
  buyer: { id: 'U3RvcmU6Mg==', name: 'Магазин «Ёлка» 😀' },
  lines: [
    {
      id: 'a#b',
      sku: 'K',
      name: 'Чайник',
      unit: 'шт',
      unitPrice: '5.00',
      quantity: 2,
      sum: '10.00',
    },
  ],
  registerId: 'UmVnaXN0ZXI6Mw==',
  shipDate: '2026-12-03',
};

describe('the CommerceML document of orders', () => {
  it('puts each document in a Контейнер for 3.1 and writes windows-1251 with references', () => {
    const bytes = saleDocumentBytes([order], {
      encoding: 'WINDOWS_1251',
      schemaVersion: '3.1',
      createdAt: '2026-12-02T10:30:00',
    });
    const text = iconv.decode(Buffer.from(bytes), 'win1251');
    const lines = text.split('\n');

    expect(lines.slice(0, 5)).toEqual([
      '<?xml version="1.0" encoding="windows-1251"?>',
      '<КоммерческаяИнформация ВерсияСхемы="3.1" ДатаФормирования="2026-12-02T10:30:00">',
      '  <Контейнер>',
      '    <Документ>',
      '      <Ид>T3JkZXI6MQ==</Ид>',
    ]);
    expect(lines).toContain('      <Номер>A&amp;1 &lt;x&gt;</Номер>');
    expect(lines, 'what windows-1251 lacks is a character reference').toContain(
      '          <Наименование>Магазин «Ёлка» &#128512;</Наименование>',
    );
    expect(lines).toContain('          <БазоваяЕдиница>шт</БазоваяЕдиница>');
    expect(lines.slice(-3)).toEqual([
      '    </Документ>',
      '  </Контейнер>',
      '</КоммерческаяИнформация>',
    ]);
    expect(Buffer.from(bytes).includes(Buffer.from('Ёлка', 'utf8')), 'not UTF-8').toBe(false);
  });

  it('reads its own documents back as 1C would send them', () => {
    const bytes = saleDocumentBytes([order], {
      encoding: 'UTF_8',
      schemaVersion: '2.08',
      createdAt: '2026-12-02T10:30:00',
    });

    expect(readErpDocuments(bytes)).toEqual([
      {
        id: 'T3JkZXI6MQ==',
        number: 'A&1 <x>',
        operation: 'Заказ товара',
        deletionMark: false,
        requisites: new Map([
          ['реестр interdist', 'UmVnaXN0ZXI6Mw=='],
          ['дата отгрузки', '2026-12-03'],
        ]),
      },
    ]);
  });
});
