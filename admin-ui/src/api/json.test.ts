import { describe, expect, it } from 'vitest';
import { dec, int, obj, parseJsonExact, quoteNumbers, ShapeError } from './json';

describe('parseJsonExact', () => {
  it('keeps the exact digits of numbers', () => {
    const answer = obj(parseJsonExact('{"netWorth": 123456789012345678.90, "n": -3, "e": 1.5E+3}'), 'answer');
    expect(answer['netWorth']).toBe('123456789012345678.90');
    expect(answer['n']).toBe('-3');
    expect(answer['e']).toBe('1.5E+3');
  });

  it('leaves numbers inside strings, escapes, literals and nesting alone', () => {
    const text = '{"a":"x \\"12\\" y","b":[1,true,null,{"c":"-0.5"}],"d":false}';
    expect(quoteNumbers(text)).toBe('{"a":"x \\"12\\" y","b":["1",true,null,{"c":"-0.5"}],"d":false}');
    expect(parseJsonExact(text)).toEqual({ a: 'x "12" y', b: ['1', true, null, { c: '-0.5' }], d: false });
  });

  it('reads decimals and whole numbers by shape', () => {
    const o = obj(parseJsonExact('{"amount": "12.30", "bad": "1e5", "size": 42}'), 'answer');
    expect(dec(o, 'amount')).toBe('12.30');
    expect(() => dec(o, 'bad')).toThrow(ShapeError);
    expect(int(o, 'size')).toBe(42);
  });
});
