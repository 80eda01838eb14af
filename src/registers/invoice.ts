import { Decimal } from 'decimal.js';
import { minorUnits } from '../money/money.js';

export interface InvoiceableLine {
  orderId: number;
  orderLineId: number;
  offerId: number;
  quantity: number;
  /** The unit price captured on the order. */
  unitPrice: string;
  /** Percent: "20" is 20 %. */
  vatRate: string;
}

export interface InvoicedLine extends InvoiceableLine {
  position: number;
  net: string;
  vat: string;
  gross: string;
}

/**
 * An invoice's lines and totals in a currency: net per line is quantity times unit price; VAT
 * per line is net times the rate, rounded half-up to the currency's minor unit; gross is net
 * plus VAT; the totals are the sums of the lines. Exact decimals throughout.
 */
export function invoiceAmounts(lines: InvoiceableLine[], currency: string) {
  const digits = minorUnits(currency);
  const fixed = (value: Decimal) => value.toFixed(digits, Decimal.ROUND_HALF_UP);
  let net = new Decimal(0);
  let vat = new Decimal(0);

  const invoiced: InvoicedLine[] = lines.map((line, position) => {
    const lineNet = new Decimal(line.unitPrice)
      .times(line.quantity)
      .toDecimalPlaces(digits, Decimal.ROUND_HALF_UP);
    const lineVat = lineNet
      .times(line.vatRate)
      .dividedBy(100)
      .toDecimalPlaces(digits, Decimal.ROUND_HALF_UP);
    net = net.plus(lineNet);
    vat = vat.plus(lineVat);

    return {
      ...line,
      position,
      net: fixed(lineNet),
      vat: fixed(lineVat),
      gross: fixed(lineNet.plus(lineVat)),
    };
  });

  return { lines: invoiced, net: fixed(net), vat: fixed(vat), gross: fixed(net.plus(vat)) };
}
