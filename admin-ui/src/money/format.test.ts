import { describe, expect, it } from 'vitest';
import { formatDate, formatMoney, formatPercent } from './format';
import { compareDecimal, decimalToChartNumber, parseDecimal, roundDecimal } from './decimal';

const NBSP = '\u00a0';
const NNBSP = '\u202f';

describe('formatMoney', () => {
  it('formats de-CH with the code first and the apostrophe grouping of this ICU', () => {
    // Node 20's ICU (CLDR 47) groups de-CH with U+0027; older CLDR used U+2019. The formatter takes whatever the
    // runtime's Intl gives, so the expectation is built from the same source.
    const group = new Intl.NumberFormat('de-CH').formatToParts(1000000).find((p) => p.type === 'group')?.value;
    expect(group === "'" || group === '\u2019').toBe(true);
    expect(formatMoney('1234567', 'CHF', 'de-CH')).toBe(`CHF${NBSP}1${group}234${group}567.00`);
    expect(formatMoney('1234567', 'CHF', 'de-CH')).toBe(`CHF${NBSP}1'234'567.00`);
  });

  it('formats en with a comma grouping', () => {
    expect(formatMoney('1234567.00', 'CHF', 'en')).toBe(`CHF${NBSP}1,234,567.00`);
    expect(formatMoney('1234567.5', 'USD', 'en-US')).toBe(`USD${NBSP}1,234,567.50`);
  });

  it('formats fr-CH with narrow no-break spaces and the code after the amount', () => {
    expect(formatMoney('1234567.5', 'CHF', 'fr-CH')).toBe(`1${NNBSP}234${NNBSP}567.50${NBSP}CHF`);
    expect(formatMoney('1234567.5', 'EUR', 'fr')).toBe(`1${NNBSP}234${NNBSP}567,50${NBSP}EUR`);
  });

  it('keeps every digit of amounts beyond 2^53', () => {
    expect(formatMoney('123456789012345678.99', 'CHF', 'en')).toBe(`CHF${NBSP}123,456,789,012,345,678.99`);
    expect(formatMoney('9007199254740993.01', 'USD', 'de-CH')).toBe(`USD${NBSP}9'007'199'254'740'993.01`);
  });

  it('places the minus sign as the locale does', () => {
    expect(formatMoney('-1234.5', 'CHF', 'en')).toBe(`-CHF${NBSP}1,234.50`);
    expect(formatMoney('-1234.5', 'CHF', 'de-CH')).toBe("CHF-1'234.50");
    expect(formatMoney('-1234.5', 'EUR', 'de')).toBe(`-1.234,50${NBSP}EUR`);
  });

  it('rounds half up on the digit string and pads to the minor unit', () => {
    expect(formatMoney('0.005', 'CHF', 'en')).toBe(`CHF${NBSP}0.01`);
    expect(formatMoney('0.004999', 'CHF', 'en')).toBe(`CHF${NBSP}0.00`);
    expect(formatMoney('-0.005', 'CHF', 'en')).toBe(`-CHF${NBSP}0.01`);
    expect(formatMoney('999.995', 'EUR', 'en')).toBe(`EUR${NBSP}1,000.00`);
    expect(formatMoney('12', 'EUR', 'en')).toBe(`EUR${NBSP}12.00`);
    expect(formatMoney('007.1', 'EUR', 'en')).toBe(`EUR${NBSP}7.10`);
  });

  it('never shows a negative zero', () => {
    expect(formatMoney('-0.001', 'CHF', 'en')).toBe(`CHF${NBSP}0.00`);
    expect(formatMoney('-0', 'CHF', 'en')).toBe(`CHF${NBSP}0.00`);
  });

  it('uses no fraction for currencies without a minor unit', () => {
    expect(formatMoney('1234.5', 'JPY', 'en')).toBe(`JPY${NBSP}1,235`);
    expect(formatMoney('1234', 'JPY', 'de-CH')).toBe(`JPY${NBSP}1'234`);
  });

  it('groups by the locale pattern (Indian grouping)', () => {
    expect(formatMoney('1234567', 'INR', 'en-IN')).toBe(`INR${NBSP}12,34,567.00`);
  });

  it('refuses what is not a plain decimal string', () => {
    for (const bad of ['', '1e5', '1,000.00', ' 12', '12.', '.5', 'NaN', '--1', '+1', '1.2.3']) {
      expect(() => formatMoney(bad, 'CHF', 'en'), bad).toThrow(/is not a decimal number/);
    }
  });
});

describe('formatPercent', () => {
  it('formats decimal shares per locale', () => {
    expect(formatPercent('0.400000000000', 'en')).toBe('40.0%');
    expect(formatPercent('0.400000000000', 'de')).toBe(`40,0${NBSP}%`);
    expect(formatPercent('0.400000000000', 'de-CH')).toBe('40.0%');
    expect(formatPercent('1', 'en')).toBe('100.0%');
  });

  it('rounds half up and keeps the sign', () => {
    expect(formatPercent('0.12345', 'en')).toBe('12.3%');
    expect(formatPercent('0.12350', 'en')).toBe('12.4%');
    expect(formatPercent('-0.0525', 'en')).toBe('-5.3%');
    expect(formatPercent('0.0004', 'en')).toBe('0.0%');
    expect(formatPercent('12.5', 'en')).toBe('1,250.0%');
  });

  it('refuses invalid input', () => {
    expect(() => formatPercent('40%', 'en')).toThrow(/is not a decimal number/);
  });
});

describe('formatDate', () => {
  it('formats a calendar date without shifting it by the time zone', () => {
    expect(formatDate('2024-03-01', 'en-GB')).toBe('1 Mar 2024');
    expect(formatDate('2024-03-01', 'de-CH')).toBe('01.03.2024');
  });

  it('formats an instant and leaves other text unchanged', () => {
    expect(formatDate('2024-03-01T10:15:00Z', 'en')).toMatch(/2024/);
    expect(formatDate('soon', 'en')).toBe('soon');
  });
});

describe('decimal helpers', () => {
  it('parses and rounds', () => {
    expect(parseDecimal('-00012.340')).toEqual({ negative: true, integer: '12', fraction: '340' });
    expect(roundDecimal(parseDecimal('9.995'), 2)).toEqual({ negative: false, integer: '10', fraction: '00' });
    expect(roundDecimal(parseDecimal('0.5'), 0)).toEqual({ negative: false, integer: '1', fraction: '' });
  });

  it('compares exactly', () => {
    expect(compareDecimal('123456789012345678.99', '123456789012345678.98')).toBeGreaterThan(0);
    expect(compareDecimal('-1', '0.5')).toBeLessThan(0);
    expect(compareDecimal('-0.00', '0')).toBe(0);
    expect(compareDecimal('10', '9.999')).toBeGreaterThan(0);
    expect(compareDecimal('-10', '-9.999')).toBeLessThan(0);
    expect(compareDecimal('1.50', '1.5')).toBe(0);
  });

  it('gives chart positions only for valid decimals', () => {
    expect(decimalToChartNumber('12.5')).toBe(12.5);
    expect(decimalToChartNumber('x')).toBeNaN();
  });
});
