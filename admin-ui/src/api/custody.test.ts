import { describe, expect, it } from 'vitest';
import { readAccounts, readProblem, readRejection, readStatements } from './custody';
import { parseJsonExact } from './json';

describe('readRejection', () => {
  it('reads every error of custody.StatementRejected with its line, statement and entry', () => {
    const payload = parseJsonExact(JSON.stringify({
      importId: 'i-1',
      fileName: 'c.csv',
      error: 'joined',
      errors: [
        'CSV file c.csv, statement 2024-01, entry 2 (line 3): amount "-60,00" is not a decimal (expected 12.50)',
        'CSV file c.csv, line 1: the header names no column "currency"',
        'CSV file c.csv, statement 2024-01: balances do not reconcile: opening balance 1.00 + booked entries 2.00 = 3.00, but the closing balance is 4.00 (difference 1.00)',
        'CSV file c.csv: 3 more errors not listed',
      ],
    }));
    const r = readRejection(payload);
    expect(r.importId).toBe('i-1');
    expect(r.fileName).toBe('c.csv');
    expect(r.problems.map(({ statement, entry, line }) => ({ statement, entry, line }))).toEqual([
      { statement: '2024-01', entry: 2, line: 3 },
      { statement: null, entry: null, line: 1 },
      { statement: '2024-01', entry: null, line: null },
      { statement: null, entry: null, line: null },
    ]);
    expect(r.problems[0]?.what).toBe('amount "-60,00" is not a decimal (expected 12.50)');
    expect(r.problems[2]?.what).toMatch(/^balances do not reconcile: opening balance 1.00/);
    expect(r.problems[3]?.what).toBe('3 more errors not listed');
    expect(r.problems[0]?.message).toMatch(/^CSV file c.csv, statement 2024-01, entry 2 \(line 3\): /);
  });

  it('reads the element a camt.053 or SWIFT error names, and a file name with commas', () => {
    const camt = readProblem('camt.053 file st, 2024.xml, statement STMT-1, entry 3: amount (Amt) "2800,00" is not a '
      + 'decimal (expected 12.50)', 'st, 2024.xml');
    expect(camt).toMatchObject({ statement: 'STMT-1', entry: 3, line: null,
      what: 'amount (Amt) "2800,00" is not a decimal (expected 12.50)' });
    const mt = readProblem('MT940 file mt940.sta, statement 42/1, entry 3: value date in :61: "2413200320D2800,00NTRF'
      + 'NONREF" is not a date YYMMDD', 'mt940.sta');
    expect(mt).toMatchObject({ statement: '42/1', entry: 3, what: expect.stringMatching(/^value date in :61: /) });
  });

  it('keeps a message of another shape whole', () => {
    const p = readProblem('the command could not be read: format X', '');
    expect(p).toEqual({ statement: null, entry: null, line: null, what: 'the command could not be read: format X',
      message: 'the command could not be read: format X' });
  });

  it('falls back to the lines of "error" when the list is missing', () => {
    const r = readRejection({ importId: 'i-2', fileName: 'a.csv', error: 'CSV file a.csv, line 2: x\nCSV file a.csv, line 5: y\n' });
    expect(r.problems.map((p) => [p.line, p.what])).toEqual([[2, 'x'], [5, 'y']]);
  });

  it('refuses a payload that is not a rejection', () => {
    expect(() => readRejection('nope')).toThrow(/not an object/);
    expect(() => readRejection({ importId: 'i', fileName: 'f', error: '' })).toThrow(/no error/);
    expect(() => readRejection({ importId: 'i', fileName: 'f', errors: [1] })).toThrow();
  });
});

describe('custody answers', () => {
  it('keeps balances as exact text and a statement of holdings without balances', () => {
    const statements = readStatements(parseJsonExact(`[{"statementKey":"CH93/42/1/2024-03-31","statementId":"42/1",
      "accountId":"CH93","format":"MT940","statementDate":"2024-03-31","entries":3,"openingBalance":150000.00,
      "closingBalance":123456789012345678.90,"currency":"CHF","importId":"i-1","fileName":"a.sta"},
      {"statementKey":"D1/page-1-only/2024-03-31","statementId":"page-1-only","accountId":"D1","format":"MT535",
      "statementDate":"2024-03-31","entries":2,"openingBalance":null,"closingBalance":null,"currency":"CHF",
      "importId":"i-1","fileName":"h.txt"}]`));
    expect(statements[0]).toMatchObject({ entries: 3, openingBalance: '150000.00', closingBalance: '123456789012345678.90' });
    expect(statements[1]).toMatchObject({ openingBalance: null, closingBalance: null });
    const accounts = readAccounts(parseJsonExact(`[{"accountId":"CH93","ownerId":"anna","custodian":"Bank","kind":"CASH",
      "currency":"CHF","balance":262300.00,"lastStatement":"2024-12-31","statements":1}]`));
    expect(accounts[0]).toMatchObject({ balance: '262300.00', statements: 1, kind: 'CASH' });
    expect(() => readAccounts({})).toThrow(/not a list/);
  });
});
