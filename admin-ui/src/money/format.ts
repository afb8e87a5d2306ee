import { parseDecimal, roundDecimal, shiftPercent, type DecimalParts } from './decimal';

interface NumberSymbols {
  readonly group: string;
  readonly decimal: string;
  /** Size of the group next to the decimal point (3), and of the groups before it (3; 2 in en-IN). */
  readonly primaryGroup: number;
  readonly secondaryGroup: number;
}

/** One formatted sample, split into what comes before and after its number. */
interface Pattern {
  readonly prefix: string;
  readonly suffix: string;
  readonly symbols: NumberSymbols;
}

const NUMBER_PARTS = new Set(['integer', 'group', 'decimal', 'fraction']);
const SAMPLE = 123456789.5;

function symbolsOf(parts: Intl.NumberFormatPart[]): NumberSymbols {
  const integers = parts.filter((p) => p.type === 'integer').map((p) => p.value.length);
  const primaryGroup = integers.length > 1 ? (integers[integers.length - 1] ?? 3) : 3;
  const secondaryGroup = integers.length > 2 ? (integers[integers.length - 2] ?? primaryGroup) : primaryGroup;
  return {
    group: parts.find((p) => p.type === 'group')?.value ?? '',
    decimal: parts.find((p) => p.type === 'decimal')?.value ?? '.',
    primaryGroup,
    secondaryGroup,
  };
}

/** The text around the number of a formatted sample; the number itself is left out. */
function patternOf(parts: Intl.NumberFormatPart[]): Pattern {
  let prefix = '';
  let suffix = '';
  let seenNumber = false;
  for (const part of parts) {
    if (NUMBER_PARTS.has(part.type)) {
      seenNumber = true;
    } else if (seenNumber) {
      suffix += part.value;
    } else {
      prefix += part.value;
    }
  }
  return { prefix, suffix, symbols: symbolsOf(parts) };
}

const cache = new Map<string, { pattern: Pattern; digits: number }>();

function cached(key: string, make: () => { pattern: Pattern; digits: number }) {
  let hit = cache.get(key);
  if (hit === undefined) {
    hit = make();
    cache.set(key, hit);
  }
  return hit;
}

function currencyPattern(currency: string, locale: string, negative: boolean) {
  return cached(`c|${locale}|${currency}|${negative}`, () => {
    const format = new Intl.NumberFormat(locale, { style: 'currency', currency, currencyDisplay: 'code' });
    return {
      pattern: patternOf(format.formatToParts(negative ? -SAMPLE : SAMPLE)),
      digits: format.resolvedOptions().maximumFractionDigits ?? 2,
    };
  });
}

function percentPattern(locale: string, negative: boolean) {
  return cached(`p|${locale}|${negative}`, () => {
    const format = new Intl.NumberFormat(locale, { style: 'percent', minimumFractionDigits: 1 });
    return { pattern: patternOf(format.formatToParts(negative ? -SAMPLE : SAMPLE)), digits: 1 };
  });
}

function groupInteger(integer: string, symbols: NumberSymbols): string {
  if (symbols.group === '' || integer.length <= symbols.primaryGroup) {
    return integer;
  }
  const groups: string[] = [integer.slice(-symbols.primaryGroup)];
  let rest = integer.slice(0, -symbols.primaryGroup);
  while (rest.length > symbols.secondaryGroup) {
    groups.unshift(rest.slice(-symbols.secondaryGroup));
    rest = rest.slice(0, -symbols.secondaryGroup);
  }
  if (rest.length > 0) {
    groups.unshift(rest);
  }
  return groups.join(symbols.group);
}

function render(parts: DecimalParts, symbols: NumberSymbols): string {
  const integer = groupInteger(parts.integer, symbols);
  return parts.fraction.length > 0 ? integer + symbols.decimal + parts.fraction : integer;
}

/**
 * Formats a decimal string amount in a currency for a locale, exactly: the digits are never converted to a binary
 * number, so amounts beyond 2^53 keep every digit. Rounds HALF_UP (or pads) to the currency's minor unit; group and
 * decimal separators, the currency code's place and the minus sign follow the locale's currency format.
 *
 * @throws Error when the amount is not a plain decimal string such as "-1234.50"
 */
export function formatMoney(amount: string, currency: string, locale: string): string {
  const value = parseDecimal(amount);
  const probe = currencyPattern(currency, locale, false);
  const rounded = roundDecimal(value, probe.digits);
  const { pattern } = rounded.negative ? currencyPattern(currency, locale, true) : probe;
  return pattern.prefix + render(rounded, pattern.symbols) + pattern.suffix;
}

/**
 * Formats a share given as a decimal string ("0.400000000000") as a percentage with one decimal ("40.0%" in en,
 * "40,0 %" in de). Rounds HALF_UP on the digits.
 */
export function formatPercent(share: string, locale: string, fractionDigits = 1): string {
  const value = shiftPercent(parseDecimal(share));
  const rounded = roundDecimal(value, fractionDigits);
  const { pattern } = percentPattern(locale, rounded.negative);
  return pattern.prefix + render(rounded, pattern.symbols) + pattern.suffix;
}

const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/**
 * Formats an ISO date ("2024-03-01", shown as that calendar day wherever the reader is) or an ISO instant
 * ("2024-03-01T10:15:00Z", shown in the reader's time zone). Anything else is returned unchanged.
 */
export function formatDate(iso: string, locale: string): string {
  const day = ISO_DATE.exec(iso);
  if (day !== null) {
    const date = new Date(Date.UTC(Number(day[1]), Number(day[2]) - 1, Number(day[3])));
    if (Number.isNaN(date.getTime())) {
      return iso;
    }
    return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeZone: 'UTC' }).format(date);
  }
  const instant = new Date(iso);
  if (!iso.includes('T') || Number.isNaN(instant.getTime())) {
    return iso;
  }
  return new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'medium' }).format(instant);
}

/** The time of day of an instant, e.g. for "Updated 14:05:09". */
export function formatTime(date: Date, locale: string): string {
  return new Intl.DateTimeFormat(locale, { hour: '2-digit', minute: '2-digit', second: '2-digit' }).format(date);
}
