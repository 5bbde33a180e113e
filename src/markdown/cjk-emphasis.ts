import markedCjkFriendly from 'marked-cjk-friendly';
import type { MarkedExtension } from 'marked';

/**
 * Emphasis (`*`, `_`, `**`, `__`) and strikethrough (`~~`) that open and close next to
 * CJK punctuation, as the CommonMark CJK-friendly amendments define them.
 *
 * Plain CommonMark refuses the closing `**` in `近乎**“情报”般的能力**：他们`: it sits
 * between a punctuation mark (`”`) and a letter (`：` counts as punctuation, but `般`
 * would not), so it is not right-flanking, and readers see literal asterisks. The
 * amendments change only the flanking rules where a CJK character or CJK punctuation is
 * next to the delimiter; text without CJK characters is parsed exactly as before (the
 * tests hold every CommonMark example to that). Hangul counts as CJK for the character
 * rules; a character shown as emoji by default (`🈯`, `❌`) does not; a variation
 * selector after a CJK character (U+FE00–U+FE0E, ideographic U+E0100–U+E01EF) keeps it
 * CJK.
 *
 * The extension is the one by the amendments' author for marked 15 and later; it
 * overrides marked's `emStrong` and `del` tokenizers and leaves the rest alone.
 */
export const cjkEmphasis: MarkedExtension = markedCjkFriendly();

/** Which emphasis rules a render uses: the amended ones, or CommonMark's as written (for comparisons). */
export type EmphasisRules = 'cjk-friendly' | 'commonmark';
