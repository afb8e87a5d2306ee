import { int, obj, optDec, optStr, str, strings, ShapeError, type JsonObject } from './json';
import type { Decimal } from './types';

/** Readers of the custody domain's answers and messages (docs/custody.md). Amounts stay decimal text. */

export const STATEMENT_FORMATS = ['CAMT053', 'MT940', 'MT535', 'CSV'] as const;
export type StatementFormat = (typeof STATEMENT_FORMATS)[number];

/** How the domain names each format in its messages. */
export const FORMAT_LABELS: Readonly<Record<StatementFormat, string>> = {
  CAMT053: 'camt.053',
  MT940: 'MT940',
  MT535: 'MT535',
  CSV: 'CSV',
};

export function isStatementFormat(value: unknown): value is StatementFormat {
  return typeof value === 'string' && (STATEMENT_FORMATS as readonly string[]).includes(value);
}

export interface CustodyAccount {
  readonly accountId: string;
  readonly ownerId: string;
  readonly custodian: string;
  readonly kind: string;
  readonly currency: string;
  /** Null when the holdings of a custody account are in several currencies. */
  readonly balance: Decimal | null;
  readonly lastStatement: string | null;
  readonly statements: number;
}

export function readAccounts(value: unknown): CustodyAccount[] {
  return list(value, 'the accounts').map((item) => {
    const a = obj(item, 'an account');
    return {
      accountId: str(a, 'accountId'),
      ownerId: str(a, 'ownerId'),
      custodian: optStr(a, 'custodian') ?? '',
      kind: optStr(a, 'kind') ?? '',
      currency: str(a, 'currency'),
      balance: optDec(a, 'balance'),
      lastStatement: optStr(a, 'lastStatement'),
      statements: a['statements'] === undefined ? 0 : int(a, 'statements'),
    };
  });
}

export interface CustodyStatement {
  readonly statementKey: string;
  readonly statementId: string;
  readonly accountId: string;
  readonly format: string;
  readonly statementDate: string;
  readonly entries: number;
  /** Null for a statement of holdings (MT535). */
  readonly openingBalance: Decimal | null;
  readonly closingBalance: Decimal | null;
  readonly currency: string;
  readonly importId: string;
  readonly fileName: string;
}

export function readStatements(value: unknown): CustodyStatement[] {
  return list(value, 'the statements').map((item) => {
    const s = obj(item, 'a statement');
    return {
      statementKey: str(s, 'statementKey'),
      statementId: str(s, 'statementId'),
      accountId: str(s, 'accountId'),
      format: optStr(s, 'format') ?? '',
      statementDate: str(s, 'statementDate'),
      entries: int(s, 'entries'),
      openingBalance: optDec(s, 'openingBalance'),
      closingBalance: optDec(s, 'closingBalance'),
      currency: str(s, 'currency'),
      importId: optStr(s, 'importId') ?? '',
      fileName: optStr(s, 'fileName') ?? '',
    };
  });
}

export interface ReconciliationDifference {
  readonly accountId: string;
  readonly statementKey: string;
  readonly expected: Decimal | null;
  readonly actual: Decimal | null;
  readonly currency: string;
  readonly detail: string;
}

export function readDifferences(value: unknown): ReconciliationDifference[] {
  return list(value, 'the differences').map((item) => {
    const d = obj(item, 'a reconciliation difference');
    return {
      accountId: str(d, 'accountId'),
      statementKey: optStr(d, 'statementKey') ?? '',
      expected: optDec(d, 'expected'),
      actual: optDec(d, 'actual'),
      currency: optStr(d, 'currency') ?? '',
      detail: optStr(d, 'detail') ?? '',
    };
  });
}

/** Where in the file a problem is, as far as the message says. */
export interface ProblemPlace {
  readonly statement: string | null;
  readonly entry: number | null;
  readonly line: number | null;
}

export interface Problem extends ProblemPlace {
  /** The message without its location prefix: what is wrong, with the element or field it names. */
  readonly what: string;
  /** The whole message as the domain wrote it. */
  readonly message: string;
}

export interface Rejection {
  readonly importId: string;
  readonly fileName: string;
  readonly problems: readonly Problem[];
}

const PLACE = /^(?:, statement (.+?))?(?:, entry (\d+)(?: \(line (\d+)\))?)?(?:, line (\d+))?: ([\s\S]*)$/;

/**
 * Splits one error of the domain, "<format> file <name>, statement S, entry 3 (line 4): amount … is not a decimal",
 * into its place and its text; a message of another shape is kept whole.
 */
export function readProblem(message: string, fileName: string): Problem {
  const whole: Problem = { statement: null, entry: null, line: null, what: message, message };
  for (const label of Object.values(FORMAT_LABELS)) {
    const prefix = `${label} file ${fileName}`;
    if (fileName !== '' && message.startsWith(prefix)) {
      const m = PLACE.exec(message.slice(prefix.length));
      if (m === null) {
        return whole;
      }
      const line = m[3] ?? m[4];
      return {
        statement: m[1] ?? null,
        entry: m[2] === undefined ? null : Number.parseInt(m[2], 10),
        line: line === undefined ? null : Number.parseInt(line, 10),
        what: m[5] ?? message,
        message,
      };
    }
  }
  return whole;
}

/** The payload of {@code custody.StatementRejected}: every error, from its list or else its lines. */
export function readRejection(value: unknown): Rejection {
  const o: JsonObject = obj(value, 'the rejection');
  const fileName = optStr(o, 'fileName') ?? '';
  let errors = o['errors'] === undefined || o['errors'] === null ? [] : strings(o, 'errors');
  if (errors.length === 0) {
    errors = (optStr(o, 'error') ?? '').split('\n').filter((line) => line.trim() !== '');
  }
  if (errors.length === 0) {
    throw new ShapeError('the rejection names no error');
  }
  return {
    importId: optStr(o, 'importId') ?? '',
    fileName,
    problems: errors.map((e) => readProblem(e, fileName)),
  };
}

function list(value: unknown, what: string): unknown[] {
  if (!Array.isArray(value)) {
    throw new ShapeError(`${what} are not a list`);
  }
  return value;
}

