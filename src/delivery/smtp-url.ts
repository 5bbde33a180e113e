import { BroadsheetError } from '../errors.js';

/** SMTP connection settings read from `SMTP_URL`. */
export interface SmtpSettings {
  host: string;
  port: number;
  /** `smtps://`: TLS from the first byte (port 465); `smtp://` upgrades with STARTTLS when offered. */
  secure: boolean;
  auth?: { user: string; pass: string } | undefined;
  /** The URL with the password replaced by `***`, safe to print. */
  redacted: string;
}

/**
 * Parses `smtp://user:pass@host:port` or `smtps://…`. User and password are
 * percent-decoded (a `@` or `:` in a password is written `%40`, `%3A`). Errors never
 * repeat the URL, which may hold a password.
 */
export function parseSmtpUrl(value: string): SmtpSettings {
  let url: URL;
  try {
    url = new URL(value.trim());
  } catch {
    throw smtpUrlError('SMTP_URL is not a URL');
  }
  const scheme = url.protocol.replace(/:$/, '').toLowerCase();
  if (scheme !== 'smtp' && scheme !== 'smtps') throw smtpUrlError(`SMTP_URL must start with smtp:// or smtps://, not ${scheme}://`);
  if (!url.hostname) throw smtpUrlError('SMTP_URL has no host');
  const secure = scheme === 'smtps';
  const port = url.port ? Number(url.port) : secure ? 465 : 587;
  let auth: SmtpSettings['auth'];
  try {
    auth = url.username ? { user: decodeURIComponent(url.username), pass: decodeURIComponent(url.password) } : undefined;
  } catch {
    throw smtpUrlError('SMTP_URL has a badly percent-encoded user or password');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  return { host, port, secure, auth, redacted: redactUrl(value) };
}

/** Replaces the password (and any query string) of a URL with `***`; never throws. */
export function redactUrl(value: string): string {
  try {
    const url = new URL(value.trim());
    if (url.password) url.password = '***';
    if (url.search) url.search = '?***';
    return url.toString();
  } catch {
    return '(unparseable URL)';
  }
}

/** Removes every occurrence of the secrets from a message (errors may echo them). */
export function redactSecrets(text: string, secrets: readonly (string | undefined)[]): string {
  let out = text;
  for (const s of secrets) {
    if (!s || s.length < 3) continue;
    out = out.split(s).join('***');
    const encoded = encodeURIComponent(s);
    if (encoded !== s) out = out.split(encoded).join('***');
  }
  return out;
}

function smtpUrlError(message: string): BroadsheetError {
  return new BroadsheetError({
    code: 'SmtpUrlInvalid',
    message,
    hint: 'Set SMTP_URL like smtp://USER:PASSWORD@mail.example.org:587 (percent-encode @ and : in the password).',
  });
}
