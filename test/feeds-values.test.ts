import { describe, expect, it } from 'vitest';
import { currencyCode, readDecimal, readQuantity, readVatRate } from '../src/feeds/values.js';

describe('feed values', () => {
  it('reads decimal commas and points, and spaces or the other mark between thousands', () => {
    const read = (text: string) => readDecimal(text)?.toFixed() ?? null;

    expect(read('1,5')).toBe('1.5');
    expect(read('1499.90')).toBe('1499.9');
    expect(read('1 499,90')).toBe('1499.9');
    expect(read('1\u00a0499,90')).toBe('1499.9');
    expect(read('1\u202f499,90')).toBe('1499.9');
    expect(read('1.234.567,8')).toBe('1234567.8');
    expect(read('1,234,567.8')).toBe('1234567.8');
    expect(read('-3')).toBe('-3');
  });

  it('reads "-0" as a zero that is not negative', () => {
    const zero = readDecimal('-0');

    expect(zero?.toFixed()).toBe('0');
    expect(zero?.isNegative()).toBe(false);
  });

  it('takes no exponent, hexadecimal, infinity or words for a number', () => {
    for (const text of ['', '1e5', '0x1f', 'Infinity', 'NaN', '12 руб', '1,2,3', '.5', 'много']) {
      expect(readDecimal(text), text).toBeNull();
    }
  });

  it('makes a quantity whole and never negative, saying what it changed', () => {
    expect(readQuantity('12')).toEqual({ quantity: 12, problem: null });
    expect(readQuantity(' ')).toEqual({ quantity: 0, problem: 'is empty; 0 is used' });
    expect(readQuantity(null)).toEqual({ quantity: 0, problem: 'is empty; 0 is used' });
    expect(readQuantity('-0')).toEqual({ quantity: 0, problem: null });
    expect(readQuantity('-4')).toEqual({ quantity: 0, problem: '-4 is negative; 0 is used' });
    expect(readQuantity('3,9')).toEqual({ quantity: 3, problem: '3.9 is not whole; 3 is used' });
    expect(readQuantity('1\u00a0250')).toEqual({ quantity: 1250, problem: null });
    expect(readQuantity('>10')).toEqual({ quantity: null, problem: '">10" is not a number' });
  });

  it('calls the rouble RUB whichever way 1C or a price list writes it', () => {
    const roubles = ['RUB', 'RUR', 'rub', '643', 'руб', 'руб.', 'Руб.', 'РУБ', 'р.', 'Р', '₽'];

    expect(roubles.map((written) => currencyCode(written))).toEqual(Array(11).fill('RUB'));
  });

  it('upper-cases other three-letter codes and keeps what is no code as written', () => {
    expect([' usd ', 'usd', 'EUR', 'у.е.', null].map(currencyCode)).toEqual([
      'USD',
      'USD',
      'EUR',
      'у.е.',
      null,
    ]);
  });

  it('reads VAT rates as a price list writes them, "без НДС" as 0', () => {
    const rates = ['20', '20%', 'НДС 20 %', '10,0', 'без НДС', 'Без НДС', 'no vat', '-', 'VAT 22%'];

    expect(rates.map(readVatRate)).toEqual(['20', '20', '20', '10', '0', '0', '0', '0', '22']);
    expect(readVatRate('двадцать')).toBeNull();
    expect(readVatRate('-5')).toBeNull();
  });

  it('reads VAT rates as 1C writes them, derived rates by their percent', () => {
    expect(['18', '20%', '10/110', '20/120', 'Без НДС', '0', '7,5'].map(readVatRate)).toEqual([
      '18',
      '20',
      '10',
      '20',
      '0',
      '0',
      '7.5',
    ]);
    expect(['НДС двадцать', '-5'].map(readVatRate)).toEqual([null, null]);
  });
});
