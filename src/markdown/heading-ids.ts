/**
 * Heading ids: readable in every script (`押注核心洞察`, `why-it-matters`), unique within a
 * document (`notes`, `notes-1`, `notes-2`), never empty.
 */
export class HeadingIds {
  private readonly used = new Set<string>();

  /** A fresh id for a heading whose plain text is `text`. */
  next(text: string): string {
    const base =
      text
        .normalize('NFC')
        .toLowerCase()
        .replace(/[^\p{L}\p{M}\p{N}_-]+/gu, '-')
        .replace(/-{2,}/g, '-')
        .replace(/^-+|-+$/g, '') || 'section';
    // An id that starts like our footnote ids would make a heading a link target for them.
    let id = /^fn(ref)?-/.test(base) ? `h-${base}` : base;
    for (let n = 1; this.used.has(id); n++) id = `${base}-${n}`;
    this.used.add(id);
    return id;
  }
}
