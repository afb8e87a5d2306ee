/**
 * JSON reading that never loses a digit. The server writes decimals as JSON numbers in plain notation
 * (1234567.50) or as strings; `JSON.parse` would turn a number into a binary double and lose digits beyond 2^53 and
 * trailing zeros. {@link parseJsonExact} quotes every number token before parsing, so every number arrives as its
 * exact source text. Readers below then check the shape without trusting it (no casts of unknown data).
 */

/** Rewrites a JSON text so that every number outside strings becomes a string with the same characters. */
export function quoteNumbers(text: string): string {
  let out = '';
  let i = 0;
  const n = text.length;
  while (i < n) {
    const c = text.charAt(i);
    if (c === '"') {
      let j = i + 1;
      while (j < n) {
        const d = text.charAt(j);
        if (d === '\\') {
          j += 2;
        } else if (d === '"') {
          break;
        } else {
          j++;
        }
      }
      out += text.slice(i, j + 1);
      i = j + 1;
    } else if (c === '-' || (c >= '0' && c <= '9')) {
      let j = i + 1;
      while (j < n && /[0-9.eE+-]/.test(text.charAt(j))) {
        j++;
      }
      out += '"' + text.slice(i, j) + '"';
      i = j;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

export function parseJsonExact(text: string): unknown {
  return JSON.parse(quoteNumbers(text));
}

export type JsonObject = { readonly [key: string]: unknown };

export class ShapeError extends Error {
  constructor(what: string) {
    super(`unexpected answer from the server: ${what}`);
    this.name = 'ShapeError';
  }
}

export function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function obj(value: unknown, what: string): JsonObject {
  if (!isObject(value)) {
    throw new ShapeError(`${what} is not an object`);
  }
  return value;
}

export function str(o: JsonObject, key: string): string {
  const v = o[key];
  if (typeof v !== 'string') {
    throw new ShapeError(`'${key}' is not text`);
  }
  return v;
}

export function optStr(o: JsonObject, key: string): string | null {
  const v = o[key];
  if (v === undefined || v === null) {
    return null;
  }
  if (typeof v !== 'string') {
    throw new ShapeError(`'${key}' is not text`);
  }
  return v;
}

const DECIMAL_TEXT = /^-?\d+(\.\d+)?$/;

/** A decimal as its exact text ("1234.50"). */
export function dec(o: JsonObject, key: string): string {
  const v = o[key];
  if (typeof v !== 'string' || !DECIMAL_TEXT.test(v)) {
    throw new ShapeError(`'${key}' is not a decimal`);
  }
  return v;
}

export function optDec(o: JsonObject, key: string): string | null {
  const v = o[key];
  return v === undefined || v === null ? null : dec(o, key);
}

/** A whole number (a count or a size), not an amount. */
export function int(o: JsonObject, key: string): number {
  const v = o[key];
  if (typeof v === 'string' && /^-?\d+$/.test(v)) {
    return Number.parseInt(v, 10);
  }
  throw new ShapeError(`'${key}' is not a whole number`);
}

export function bool(o: JsonObject, key: string): boolean {
  const v = o[key];
  if (typeof v !== 'boolean') {
    throw new ShapeError(`'${key}' is not true or false`);
  }
  return v;
}

export function arr<T>(o: JsonObject, key: string, read: (item: unknown, index: number) => T): T[] {
  const v = o[key];
  if (v === undefined || v === null) {
    return [];
  }
  if (!Array.isArray(v)) {
    throw new ShapeError(`'${key}' is not a list`);
  }
  return v.map((item: unknown, index: number) => read(item, index));
}

export function strings(o: JsonObject, key: string): string[] {
  return arr(o, key, (item) => {
    if (typeof item !== 'string') {
      throw new ShapeError(`'${key}' holds something other than text`);
    }
    return item;
  });
}
