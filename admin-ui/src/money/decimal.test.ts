import { describe, expect, it } from 'vitest';
import { absDecimal, divideDecimal, signOfDecimal, subtractDecimal } from './decimal';

describe('subtractDecimal', () => {
  it('subtracts exactly with the longer scale', () => {
    expect(subtractDecimal('3650000.00', '3400000.00')).toBe('250000.00');
    expect(subtractDecimal('10.5', '0.25')).toBe('10.25');
    expect(subtractDecimal('1', '1.00')).toBe('0.00');
    expect(subtractDecimal('0.1', '0.3')).toBe('-0.2');
    expect(subtractDecimal('007', '2')).toBe('5');
  });

  it('keeps every digit beyond 2^53', () => {
    expect(subtractDecimal('123456789012345678.90', '0.01')).toBe('123456789012345678.89');
    expect(subtractDecimal('9007199254740993', '9007199254740992')).toBe('1');
    expect(subtractDecimal('0', '99999999999999999999.999')).toBe('-99999999999999999999.999');
  });

  it('handles negatives and never writes a negative zero', () => {
    expect(subtractDecimal('-100.5', '-200')).toBe('99.5');
    expect(subtractDecimal('-1', '2.005')).toBe('-3.005');
    expect(subtractDecimal('-0.00', '0')).toBe('0.00');
    expect(subtractDecimal('-5', '-5.0')).toBe('0.0');
  });

  it('refuses what is not a decimal string', () => {
    expect(() => subtractDecimal('1e5', '1')).toThrow(/is not a decimal number/);
    expect(() => subtractDecimal('1', 'NaN')).toThrow(/is not a decimal number/);
  });
});

describe('divideDecimal', () => {
  it('divides exactly and rounds half up', () => {
    expect(divideDecimal('250000.00', '3400000.00', 4)).toBe('0.0735');
    expect(divideDecimal('1', '3', 4)).toBe('0.3333');
    expect(divideDecimal('2', '3', 4)).toBe('0.6667');
    expect(divideDecimal('1', '8', 2)).toBe('0.13');
    expect(divideDecimal('1', '400', 3)).toBe('0.003');
    expect(divideDecimal('10', '4', 0)).toBe('3');
    expect(divideDecimal('6', '2', 2)).toBe('3.00');
  });

  it('rounds half away from zero for negatives', () => {
    expect(divideDecimal('-1', '8', 2)).toBe('-0.13');
    expect(divideDecimal('1', '-8', 2)).toBe('-0.13');
    expect(divideDecimal('-1', '-8', 2)).toBe('0.13');
    expect(divideDecimal('-0.0001', '3', 2)).toBe('0.00');
  });

  it('mixes scales', () => {
    expect(divideDecimal('1.5', '0.25', 1)).toBe('6.0');
    expect(divideDecimal('0.001', '10.00000', 5)).toBe('0.00010');
  });

  it('keeps every digit beyond 2^53', () => {
    expect(divideDecimal('123456789012345678.90', '1', 2)).toBe('123456789012345678.90');
    expect(divideDecimal('9007199254740993', '9007199254740992', 20)).toBe('1.00000000000000011102');
    expect(divideDecimal('100000000000000000000', '3', 1)).toBe('33333333333333333333.3');
  });

  it('answers null for a division by zero', () => {
    expect(divideDecimal('5', '0', 4)).toBeNull();
    expect(divideDecimal('5', '-0.000', 4)).toBeNull();
  });

  it('refuses a bad scale or input', () => {
    expect(() => divideDecimal('1', '2', -1)).toThrow(/whole number/);
    expect(() => divideDecimal('1', '2', 1.5)).toThrow(/whole number/);
    expect(() => divideDecimal('x', '2', 1)).toThrow(/is not a decimal number/);
  });
});

describe('absDecimal and signOfDecimal', () => {
  it('reads the sign on the digits', () => {
    expect(absDecimal('-12.30')).toBe('12.30');
    expect(absDecimal('12.30')).toBe('12.30');
    expect(signOfDecimal('-0.00')).toBe(0);
    expect(signOfDecimal('-0.01')).toBe(-1);
    expect(signOfDecimal('123456789012345678.9')).toBe(1);
  });
});
