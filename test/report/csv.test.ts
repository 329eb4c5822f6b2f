import { describe, expect, test } from 'vitest';
import { csvField, csvLine, csvText, formatNumber } from '../../src/report/csv.js';

describe('formatNumber', () => {
  test('integers as integers', () => {
    expect(formatNumber(0)).toBe('0');
    expect(formatNumber(-0)).toBe('0');
    expect(formatNumber(42)).toBe('42');
    expect(formatNumber(-7)).toBe('-7');
    expect(formatNumber(5_123_456_789)).toBe('5123456789');
    expect(formatNumber(1e20)).toBe('100000000000000000000');
  });

  test('other numbers to 6 significant digits, trailing zeros dropped', () => {
    expect(formatNumber(0.1 + 0.2)).toBe('0.3');
    expect(formatNumber(2 / 3)).toBe('0.666667');
    expect(formatNumber(0.190123456)).toBe('0.190123');
    expect(formatNumber(3045.2749)).toBe('3045.27');
    expect(formatNumber(-12.5)).toBe('-12.5');
    expect(formatNumber(0.000123456789)).toBe('0.000123457');
    expect(formatNumber(999999.7)).toBe('1000000');
    expect(formatNumber(1.5e-9)).toBe('1.5e-9');
  });

  test('the integer part is never cut', () => {
    expect(formatNumber(5_123_456_789.4)).toBe('5123456789');
    expect(formatNumber(1_234_567.8)).toBe('1234568');
  });

  test('NaN and infinities are empty (NA)', () => {
    expect(formatNumber(NaN)).toBe('');
    expect(formatNumber(Infinity)).toBe('');
    expect(formatNumber(-Infinity)).toBe('');
  });
});

describe('CSV fields and lines', () => {
  test('quotes only what needs it', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\r')).toBe('"cr\r"');
    expect(csvField(' padded')).toBe('" padded"');
    expect(csvField('')).toBe('');
    expect(csvField(null)).toBe('');
    expect(csvField(undefined)).toBe('');
    expect(csvField(0.25)).toBe('0.25');
  });

  test('lines and texts', () => {
    expect(csvLine(['a', 1, NaN, 'x,y'])).toBe('a,1,,"x,y"\n');
    expect(csvText(['h1', 'h2'], [[1, 2], ['3', null]])).toBe('h1,h2\n1,2\n3,\n');
  });
});
