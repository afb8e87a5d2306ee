import type { StatementFormat } from '../../api/custody';

/** What the server accepts in one {@code custody.ImportStatement} request (its body, the file inside JSON). */
export const IMPORT_LIMIT_BYTES = 48 * 1024 * 1024;

/** How much of the start of a file the format detection reads. */
export const HEAD_BYTES = 8 * 1024;

/** The file types the picker offers. */
export const ACCEPTED_FILES = '.csv,.xml,.txt,.sta,.940,.535';

export type FormatSource = 'override' | 'content' | 'extension' | 'default';

export interface FormatChoice {
  readonly format: StatementFormat;
  /** What decided it: the reader's choice, the file's first characters, its name, or nothing (CSV). */
  readonly source: FormatSource;
}

const BY_EXTENSION: Readonly<Record<string, StatementFormat>> = {
  xml: 'CAMT053',
  sta: 'MT940',
  '940': 'MT940',
  '535': 'MT535',
  csv: 'CSV',
};

/**
 * The format of a statement file: the reader's choice when given; else its content (XML: camt.053; a SWIFT message —
 * a line starting with `:20:` or a FIN header `{2:…940`/`{2:…535` — MT940, or MT535 when it has a `:16R:GENL`
 * block); else its extension (.xml, .sta/.940, .535, .csv); else CSV.
 *
 * @param head the first characters of the file (a few KiB are enough)
 */
export function detectFormat(fileName: string, head: string, override: StatementFormat | null = null): FormatChoice {
  if (override !== null) {
    return { format: override, source: 'override' };
  }
  const text = head.replace(/^\uFEFF/, '').trimStart();
  if (text.startsWith('<?xml') || text.startsWith('<Document')) {
    return { format: 'CAMT053', source: 'content' };
  }
  const swiftHeader = /\{2:[IO](940|535)/.exec(text);
  if (/(^|[\r\n]):16R:GENL/.test(text) || swiftHeader?.[1] === '535') {
    return { format: 'MT535', source: 'content' };
  }
  if (/(^|[\r\n]):20:/.test(text) || swiftHeader?.[1] === '940') {
    return { format: 'MT940', source: 'content' };
  }
  const dot = fileName.lastIndexOf('.');
  const extension = dot < 0 ? '' : fileName.slice(dot + 1).toLowerCase();
  const byName = BY_EXTENSION[extension];
  if (byName !== undefined) {
    return { format: byName, source: 'extension' };
  }
  return { format: 'CSV', source: 'default' };
}

export type SizeProblem =
  | { readonly kind: 'empty' }
  | { readonly kind: 'tooLarge'; readonly size: number; readonly limit: number };

/** Why a file cannot be sent, judged by its size before it is read; null when it may be. */
export function checkFileSize(size: number, limit: number = IMPORT_LIMIT_BYTES): SizeProblem | null {
  if (size <= 0) {
    return { kind: 'empty' };
  }
  if (size > limit) {
    return { kind: 'tooLarge', size, limit };
  }
  return null;
}

/**
 * The size in bytes (UTF-8) of the request body that carries the file: a file just under the limit can exceed it
 * once its line breaks and quotes are escaped inside JSON.
 */
export function requestBytes(body: unknown): number {
  return new TextEncoder().encode(JSON.stringify(body)).length;
}

/** A size for people: bytes, KiB or MiB in the reader's locale. */
export function formatBytes(bytes: number, locale: string): string {
  const number = (value: number, digits: number) =>
    new Intl.NumberFormat(locale, { maximumFractionDigits: digits }).format(value);
  if (bytes < 1024) {
    return `${number(bytes, 0)} B`;
  }
  if (bytes < 1024 * 1024) {
    return `${number(bytes / 1024, 1)} KiB`;
  }
  return `${number(bytes / (1024 * 1024), 1)} MiB`;
}

/** A file's text (UTF-8), through Blob.text where the browser has it, else a FileReader. */
export function readText(blob: Blob): Promise<string> {
  if (typeof blob.text === 'function') {
    return blob.text();
  }
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(typeof reader.result === 'string' ? reader.result : '');
    reader.onerror = () => reject(reader.error ?? new Error('the file could not be read'));
    reader.readAsText(blob);
  });
}

/** The first characters of a file, for {@link detectFormat}. */
export function readHead(file: Blob): Promise<string> {
  return readText(file.slice(0, HEAD_BYTES));
}
