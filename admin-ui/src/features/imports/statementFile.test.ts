import { describe, expect, it } from 'vitest';
import { checkFileSize, detectFormat, formatBytes, IMPORT_LIMIT_BYTES, readHead, requestBytes } from './statementFile';

const camt = `<?xml version="1.0" encoding="UTF-8"?>
<Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.08"><BkToCstmrStmt>`;
const mt940 = `{1:F01BANKCHZZAXXX0000000000}{2:O9401200240331BANKCHZZAXXX00000000002403311200N}{4:
:20:STMT-42
:25:CH9300762011623852957
:28C:42/1
:60F:C240301CHF150000,00
-}`;
const mt940Text = ':20:STMT-42\r\n:25:CH93/0001\r\n:28C:42/1\r\n';
const mt535 = `{1:F01BANKCHZZAXXX0000000000}{2:O5351200240331BANKCHZZAXXX00000000002403311200N}{4:
:16R:GENL
:28E:1/ONLY
:20C::SEME//HOLD-2024-03
:23G:NEWM
:98A::STAT//20240331
:16S:GENL
-}`;
const mt535Bare = ':16R:GENL\n:28E:1/ONLY\n:20C::SEME//H1\n';
const csv = 'account,statement_id,statement_date,currency,opening_balance,closing_balance,booking_date,amount\n';

describe('detectFormat', () => {
  it('recognises each format by its first characters', () => {
    expect(detectFormat('statement.txt', camt)).toEqual({ format: 'CAMT053', source: 'content' });
    expect(detectFormat('statement.txt', '\uFEFF  <Document xmlns="urn:iso:std:iso:20022:tech:xsd:camt.053.001.02">'))
      .toEqual({ format: 'CAMT053', source: 'content' });
    expect(detectFormat('statement.txt', mt940)).toEqual({ format: 'MT940', source: 'content' });
    expect(detectFormat('x.dat', mt940Text)).toEqual({ format: 'MT940', source: 'content' });
    expect(detectFormat('holdings.txt', mt535)).toEqual({ format: 'MT535', source: 'content' });
    expect(detectFormat('holdings.txt', mt535Bare)).toEqual({ format: 'MT535', source: 'content' });
    expect(detectFormat('entries.txt', csv)).toEqual({ format: 'CSV', source: 'default' });
  });

  it('does not take a ":20:" inside a line for a SWIFT tag', () => {
    expect(detectFormat('c.csv', 'account,reference\nCH93,ref :20: x\n')).toEqual({ format: 'CSV', source: 'extension' });
  });

  it('falls back to the extension when the content says nothing, then to CSV', () => {
    expect(detectFormat('a.XML', '')).toEqual({ format: 'CAMT053', source: 'extension' });
    expect(detectFormat('a.sta', 'x')).toEqual({ format: 'MT940', source: 'extension' });
    expect(detectFormat('a.940', 'x')).toEqual({ format: 'MT940', source: 'extension' });
    expect(detectFormat('a.535', 'x')).toEqual({ format: 'MT535', source: 'extension' });
    expect(detectFormat('a.csv', 'x')).toEqual({ format: 'CSV', source: 'extension' });
    expect(detectFormat('noextension', 'x')).toEqual({ format: 'CSV', source: 'default' });
  });

  it('lets the content win over a misleading name', () => {
    expect(detectFormat('export.csv', camt).format).toBe('CAMT053');
    expect(detectFormat('statement.xml', mt940).format).toBe('MT940');
  });

  it('takes the reader\'s choice over everything', () => {
    expect(detectFormat('statement.xml', camt, 'CSV')).toEqual({ format: 'CSV', source: 'override' });
    expect(detectFormat('a.csv', csv, 'MT535')).toEqual({ format: 'MT535', source: 'override' });
    expect(detectFormat('a.csv', csv, null)).toEqual({ format: 'CSV', source: 'extension' });
  });
});

describe('size', () => {
  it('refuses an empty file and one above the 48 MiB limit of one import', () => {
    expect(IMPORT_LIMIT_BYTES).toBe(50_331_648);
    expect(checkFileSize(0)).toEqual({ kind: 'empty' });
    expect(checkFileSize(1)).toBeNull();
    expect(checkFileSize(IMPORT_LIMIT_BYTES)).toBeNull();
    expect(checkFileSize(IMPORT_LIMIT_BYTES + 1)).toEqual({ kind: 'tooLarge', size: IMPORT_LIMIT_BYTES + 1,
      limit: IMPORT_LIMIT_BYTES });
    expect(checkFileSize(100, 99)).toEqual({ kind: 'tooLarge', size: 100, limit: 99 });
  });

  it('counts the request body in UTF-8 bytes, escapes included', () => {
    expect(requestBytes({ content: 'a\nb' })).toBe('{"content":"a\\nb"}'.length);
    expect(requestBytes({ content: 'ü' })).toBe('{"content":"ü"}'.length + 1);
  });

  it('formats sizes for people', () => {
    expect(formatBytes(512, 'en')).toBe('512 B');
    expect(formatBytes(1536, 'en')).toBe('1.5 KiB');
    expect(formatBytes(IMPORT_LIMIT_BYTES, 'en')).toBe('48 MiB');
    expect(formatBytes(60 * 1024 * 1024 + 104858, 'de-CH')).toBe('60.1 MiB');
  });

  it('reads the head of a file for the detection', async () => {
    const file = new File([mt940Text + 'x'.repeat(20_000)], 'a.sta');
    const head = await readHead(file);
    expect(head.length).toBe(8 * 1024);
    expect(detectFormat(file.name, head).format).toBe('MT940');
  });
});
