/**
 * CSV text as RFC 4180 has it: fields separated by commas, records ended by CRLF, and a field that holds a comma, a
 * double quote, a CR or an LF (or starts or ends with a space) enclosed in double quotes, with each of its double
 * quotes doubled. A field that a spreadsheet program would run as a formula (it starts with =, +, -, @, a tab or a
 * CR: a subject id or a reason in the trail may come from anyone) is written with a leading apostrophe, so it opens
 * as text; the trail itself, with its hash chain, stays the evidence.
 */
export function csvField(value: string): string {
  const safe = /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
  return /[",\r\n]|^\s|\s$/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
}

export function toCsv(header: readonly string[], rows: readonly (readonly string[])[]): string {
  return [header, ...rows].map((row) => row.map(csvField).join(',')).join('\r\n') + '\r\n';
}

/**
 * Offers text as a file to download: a Blob behind an object URL, followed by a temporary link with the download
 * attribute (no script or style is injected; the policy allows it). A byte order mark lets spreadsheet programs read
 * the text as UTF-8.
 */
export function downloadText(fileName: string, text: string, type = 'text/csv;charset=utf-8'): void {
  const url = URL.createObjectURL(new Blob(['\uFEFF', text], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.hidden = true;
  document.body.append(link);
  try {
    link.click();
  } finally {
    link.remove();
    window.setTimeout(() => URL.revokeObjectURL(url), 0);
  }
}
