/** Amounts as the decision shows them: exact decimal strings, grouped for reading. */

/** "50000.00" → "50,000.00". */
export function groupDigits(decimal: string): string {
  const [whole = "", fraction] = decimal.split(".");
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, ",");
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
