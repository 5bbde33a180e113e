/**
 * The key addresses are unique by: trimmed, NFC, Unicode lower case. Done in
 * JavaScript rather than with SQLite's lower()/NOCASE, which fold ASCII only, so
 * `ÉLODIE@x` and `élodie@x` are one subscriber. Every store must use this same key.
 */
export function emailKey(email: string): string {
  return email.trim().normalize('NFC').toLowerCase();
}
