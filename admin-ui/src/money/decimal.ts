/**
 * Decimal strings as the API writes them ("-1234.50"). Amounts stay strings end to end: these helpers work on the
 * digits, never through a binary floating-point number.
 */

const DECIMAL = /^-?\d+(\.\d+)?$/;

export interface DecimalParts {
  readonly negative: boolean;
  /** Integer digits without leading zeros ("0" for zero). */
  readonly integer: string;
  /** Fraction digits, as given. */
  readonly fraction: string;
}

export function isDecimalString(value: string): boolean {
  return DECIMAL.test(value);
}

export function parseDecimal(value: string): DecimalParts {
  if (!DECIMAL.test(value)) {
    throw new Error(`'${value}' is not a decimal number (expected e.g. -1234.50)`);
  }
  const negative = value.startsWith('-');
  const unsigned = negative ? value.slice(1) : value;
  const dot = unsigned.indexOf('.');
  const integerDigits = dot < 0 ? unsigned : unsigned.slice(0, dot);
  const fraction = dot < 0 ? '' : unsigned.slice(dot + 1);
  const integer = integerDigits.replace(/^0+(?=\d)/, '');
  return { negative, integer, fraction };
}

/** Adds one to a string of decimal digits ("199" → "200", "99" → "100"). */
function incrementDigits(digits: string): string {
  const out = digits.split('');
  for (let i = out.length - 1; i >= 0; i--) {
    const d = out[i];
    if (d === '9') {
      out[i] = '0';
    } else {
      out[i] = String.fromCharCode((d ?? '0').charCodeAt(0) + 1);
      return out.join('');
    }
  }
  return '1' + out.join('');
}

/**
 * Rounds to {@code digits} fraction digits, half away from zero (HALF_UP), or pads with zeros.
 * Zero is never negative: "-0.001" at 2 digits is "0.00".
 */
export function roundDecimal(parts: DecimalParts, digits: number): DecimalParts {
  if (!Number.isInteger(digits) || digits < 0) {
    throw new Error(`fraction digits must be a whole number ≥ 0, not ${digits}`);
  }
  let { integer, fraction } = parts;
  if (fraction.length <= digits) {
    fraction = fraction.padEnd(digits, '0');
  } else {
    const roundUp = (fraction.charAt(digits) || '0') >= '5';
    const kept = integer + fraction.slice(0, digits);
    const rounded = roundUp ? incrementDigits(kept) : kept;
    const integerLength = rounded.length - digits;
    integer = rounded.slice(0, integerLength).replace(/^0+(?=\d)/, '') || '0';
    fraction = rounded.slice(integerLength);
  }
  const zero = /^0*$/.test(integer) && /^0*$/.test(fraction);
  return { negative: parts.negative && !zero, integer, fraction };
}

/** Moves the decimal point two places to the right: a share "0.4" as the percentage "40". */
export function shiftPercent(parts: DecimalParts): DecimalParts {
  const fraction = parts.fraction.padEnd(2, '0');
  const integer = (parts.integer + fraction.slice(0, 2)).replace(/^0+(?=\d)/, '');
  return { negative: parts.negative, integer, fraction: fraction.slice(2) };
}

/** Compares two decimal strings exactly: negative, zero or positive like a comparator. */
export function compareDecimal(a: string, b: string): number {
  const x = parseDecimal(a);
  const y = parseDecimal(b);
  const xZero = /^0*$/.test(x.integer + x.fraction);
  const yZero = /^0*$/.test(y.integer + y.fraction);
  const xSign = xZero ? 0 : x.negative ? -1 : 1;
  const ySign = yZero ? 0 : y.negative ? -1 : 1;
  if (xSign !== ySign) {
    return xSign - ySign;
  }
  if (xSign === 0) {
    return 0;
  }
  let magnitude: number;
  if (x.integer.length !== y.integer.length) {
    magnitude = x.integer.length - y.integer.length;
  } else {
    const width = Math.max(x.fraction.length, y.fraction.length);
    const xs = x.integer + x.fraction.padEnd(width, '0');
    const ys = y.integer + y.fraction.padEnd(width, '0');
    magnitude = xs < ys ? -1 : xs > ys ? 1 : 0;
  }
  return xSign * Math.sign(magnitude);
}

/**
 * For chart geometry only: the approximate position of a value on an axis. Never use the result for a figure
 * shown as text; figures are formatted from the decimal string.
 */
export function decimalToChartNumber(value: string): number {
  if (!DECIMAL.test(value)) {
    return Number.NaN;
  }
  return Number(value);
}

/** A decimal string as a whole number of 10^-scale units, exactly. */
interface Scaled {
  readonly units: bigint;
  readonly scale: number;
}

function toScaled(value: string): Scaled {
  const parts = parseDecimal(value);
  const magnitude = BigInt(parts.integer + parts.fraction);
  return { units: parts.negative ? -magnitude : magnitude, scale: parts.fraction.length };
}

function rescale(value: Scaled, scale: number): bigint {
  return value.units * 10n ** BigInt(scale - value.scale);
}

/** Writes a number of 10^-scale units as a decimal string with exactly {@code scale} fraction digits; never "-0". */
function fromScaled(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const integer = digits.slice(0, digits.length - scale);
  const fraction = digits.slice(digits.length - scale);
  return (negative ? '-' : '') + integer + (scale > 0 ? '.' + fraction : '');
}

/**
 * a − b, exactly, with as many fraction digits as the longer of the two ("10.5" − "0.25" = "10.25",
 * "1" − "1.00" = "0.00").
 *
 * @throws Error when either is not a plain decimal string
 */
export function subtractDecimal(a: string, b: string): string {
  const x = toScaled(a);
  const y = toScaled(b);
  const scale = Math.max(x.scale, y.scale);
  return fromScaled(rescale(x, scale) - rescale(y, scale), scale);
}

/**
 * a ÷ b rounded HALF_UP (half away from zero) to {@code scale} fraction digits, exactly; null when b is zero.
 *
 * @throws Error when either is not a plain decimal string, or the scale is not a whole number ≥ 0
 */
export function divideDecimal(a: string, b: string, scale: number): string | null {
  if (!Number.isInteger(scale) || scale < 0) {
    throw new Error(`fraction digits must be a whole number ≥ 0, not ${scale}`);
  }
  const x = toScaled(a);
  const y = toScaled(b);
  if (y.units === 0n) {
    return null;
  }
  // (X / 10^xs) / (Y / 10^ys) in units of 10^-scale = X · 10^(ys + scale) / (Y · 10^xs)
  const numerator = x.units * 10n ** BigInt(y.scale + scale);
  const denominator = y.units * 10n ** BigInt(x.scale);
  const negative = (numerator < 0n) !== (denominator < 0n);
  const n = numerator < 0n ? -numerator : numerator;
  const d = denominator < 0n ? -denominator : denominator;
  let quotient = n / d;
  if ((n % d) * 2n >= d) {
    quotient += 1n;
  }
  return fromScaled(negative ? -quotient : quotient, scale);
}

/** The absolute value of a decimal string, digits unchanged ("-12.30" → "12.30"). */
export function absDecimal(value: string): string {
  parseDecimal(value);
  return value.startsWith('-') ? value.slice(1) : value;
}

/** −1, 0 or 1: the sign of a decimal string ("-0.00" is 0). */
export function signOfDecimal(value: string): -1 | 0 | 1 {
  const c = compareDecimal(value, '0');
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}
