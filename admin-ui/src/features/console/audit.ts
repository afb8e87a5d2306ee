import type { AuditRecord } from '../../api/console';
import { toCsv } from './csv';

/** The fields of a record a search looks through, in the order of the table. */
function searchable(r: AuditRecord, time: string): string[] {
  return [String(r.sequence), r.at, time, r.kind, r.actor, r.subject, r.reference, r.messageType, r.rule, r.reason];
}

/**
 * The records that match: of the kind chosen (empty: every kind), and holding every word of the search text in one
 * of their fields, without regard to case. `timeText` gives the time as shown, so that what one reads can be found.
 */
export function filterAudit(records: readonly AuditRecord[], search: string, kind: string,
  timeText: (iso: string) => string = (iso) => iso): AuditRecord[] {
  const words = search.toLocaleLowerCase().split(/\s+/).filter((w) => w !== '');
  return records.filter((r) => {
    if (kind !== '' && r.kind !== kind) {
      return false;
    }
    if (words.length === 0) {
      return true;
    }
    const text = searchable(r, timeText(r.at)).join('\n').toLocaleLowerCase();
    return words.every((w) => text.includes(w));
  });
}

/** The kinds present, sorted. */
export function kindsOf(records: readonly AuditRecord[]): string[] {
  return [...new Set(records.map((r) => r.kind).filter((k) => k !== ''))].sort((a, b) => a.localeCompare(b));
}

/** Newest first. */
export function newestFirst(records: readonly AuditRecord[]): AuditRecord[] {
  return [...records].sort((a, b) => b.sequence - a.sequence);
}

/** The columns of the export: the API's own field names, so that a file reads the same in every language. */
export const AUDIT_CSV_COLUMNS = ['sequence', 'at', 'kind', 'actor', 'subject', 'reference', 'messageType', 'rule',
  'reason', 'previousHash', 'hash'] as const satisfies readonly (keyof AuditRecord)[];

export function auditCsv(records: readonly AuditRecord[]): string {
  return toCsv(AUDIT_CSV_COLUMNS, records.map((r) => AUDIT_CSV_COLUMNS.map((c) => String(r[c]))));
}
