import { describe, expect, it } from 'vitest';
import type { AuditRecord } from '../../api/console';
import { auditCsv, filterAudit, kindsOf, newestFirst } from './audit';
import { csvField, toCsv } from './csv';

function record(sequence: number, kind: string, actor: string, reason: string): AuditRecord {
  return { tenant: 'acme', sequence, at: `2026-03-0${sequence}T10:00:00Z`, kind, actor, subject: 'anna',
    reference: `ref-${sequence}`, messageType: 'assets.RecordValuation', rule: 'builtin:gate', reason,
    previousHash: `p${sequence}`, hash: `h${sequence}`, format: 1 };
}

describe('CSV', () => {
  it('writes a field a spreadsheet would run as a formula as text', () => {
    expect(csvField('=HYPERLINK("http://x.example","y")')).toBe('"\'=HYPERLINK(""http://x.example"",""y"")"');
    expect(csvField('+41 44 000')).toBe("'+41 44 000");
    expect(csvField('@sum')).toBe("'@sum");
    expect(csvField('-1')).toBe("'-1");
    expect(csvField('anna')).toBe('anna');
  });

  it('leaves a plain field as it is and quotes one with a comma, a quote or a line break (RFC 4180)', () => {
    expect(csvField('plain')).toBe('plain');
    expect(csvField('')).toBe('');
    expect(csvField('a,b')).toBe('"a,b"');
    expect(csvField('say "no", twice')).toBe('"say ""no"", twice"');
    expect(csvField('two\nlines')).toBe('"two\nlines"');
    expect(csvField('cr\rhere')).toBe('"cr\rhere"');
    expect(csvField(' padded')).toBe('" padded"');
  });

  it('ends every record with CRLF, the header first', () => {
    expect(toCsv(['a', 'b'], [['1', 'x,"y"'], ['2', '']])).toBe('a,b\r\n1,"x,""y"""\r\n2,\r\n');
  });

  it('exports audit records with the API field names and every value whole', () => {
    const text = auditCsv([record(1, 'decision', 'erika', 'refused: "anna", not bound')]);
    expect(text).toBe('sequence,at,kind,actor,subject,reference,messageType,rule,reason,previousHash,hash\r\n'
      + '1,2026-03-01T10:00:00Z,decision,erika,anna,ref-1,assets.RecordValuation,builtin:gate,'
      + '"refused: ""anna"", not bound",p1,h1\r\n');
  });
});

describe('audit filter', () => {
  const records = [record(1, 'decision', 'erika', 'allowed'), record(2, 'console', 'bank-admin', 'answered 200'),
    record(3, 'decision', 'Bank-Admin', 'refused')];

  it('keeps the records that hold every word, without regard to case, in any column', () => {
    expect(filterAudit(records, 'bank-admin', '').map((r) => r.sequence)).toEqual([2, 3]);
    expect(filterAudit(records, 'BANK refused', '').map((r) => r.sequence)).toEqual([3]);
    expect(filterAudit(records, 'ref-2', '').map((r) => r.sequence)).toEqual([2]);
    expect(filterAudit(records, '   ', '').length).toBe(3);
  });

  it('filters by kind, also together with a search', () => {
    expect(filterAudit(records, '', 'decision').map((r) => r.sequence)).toEqual([1, 3]);
    expect(filterAudit(records, 'admin', 'decision').map((r) => r.sequence)).toEqual([3]);
  });

  it('finds a record by its time as shown', () => {
    expect(filterAudit(records, '2 March', '', (iso) => (iso.startsWith('2026-03-02') ? '2 March 2026' : iso))
      .map((r) => r.sequence)).toEqual([2]);
  });

  it('lists the kinds present, sorted, and orders records newest first', () => {
    expect(kindsOf(records)).toEqual(['console', 'decision']);
    expect(newestFirst(records).map((r) => r.sequence)).toEqual([3, 2, 1]);
  });
});
