import { describe, expect, it } from 'vitest';
import { currencyCode, readDecimal, readQuantity, readVatRate } from '../src/feeds/values.js';

describe('feed values', () => {
  it('reads decimal commas and points, and spaces or the other mark between thousands', () => {
    const read = (text: string) => readDecimal(text)?.toFixed() ?? null;

    expect(read('1,5')).toBe('1.5');
    expect(read('1499.90')).toBe('1499.9');
    expect(read('1 499,90')).toBe('1499.9');
    expect(read('1\u00a0499,90')).toBe('1499.9');
    expect(read('1.234.567,8')).toBe('1234567.8');
    expect(read('1,234,567.8')).toBe('1234567.8');
    expect(read('-3')).toBe('-3');
  });

  it('takes no exponent, hexadecimal, infinity or words for a number', () => {
    for (const text of ['', '1e5', '0x1f', 'Infinity', 'NaN', '12 руб', '1,2,3', '.5', 'много']) {
      expect(readDecimal(text), text).toBeNull();
    }
  });

  it('makes a quantity whole and never negative, saying what it changed', () => {
    expect(readQuantity('12')).toEqual({ quantity: 12, problem: null });
    expect(readQuantity(' ')).toEqual({ quantity: 0, problem: 'is empty; 0 is used' });
    expect(readQuantity('-0')).toEqual({ quantity: 0, problem: null });
    expect(readQuantity('-4')).toEqual({ quantity: 0, problem: '-4 is negative; 0 is used' });
    expect(readQuantity('3,9')).toEqual({ quantity: 3, problem: '3.9 is not whole; 3 is used' });
    expect(readQuantity('>10')).toEqual({ quantity: null, problem: '">10" is not a number' });
  });

  it('calls the rouble RUB whichever way it is written, and upper-cases other codes', () => {
    expect(['RUR', 'rub', 'руб', 'руб.', '₽'].map(currencyCode)).toEqual([
      'RUB',
      'RUB',
      'RUB',
      'RUB',
      'RUB',
    ]);
    expect(currencyCode(' usd ')).toBe('USD');
  });

  it('reads VAT rates as a price list writes them, "без НДС" as 0', () => {
    const rates = ['20', '20%', 'НДС 20 %', '10,0', 'без НДС', 'Без НДС', 'no vat', '-', 'VAT 22%'];

    expect(rates.map(readVatRate)).toEqual(['20', '20', '20', '10', '0', '0', '0', '0', '22']);
    expect(readVatRate('двадцать')).toBeNull();
    expect(readVatRate('-5')).toBeNull();
  });
});
