import type { Article } from '../content/article.js';
import type { BodyPiece } from '../email/base64-body.js';

/**
 * The contract between edition selection, rendering and the send loop.
 * Selection is pure; rendering compiles MJML once per edition; per-subscriber
 * work is cheap assembly (`RenderedEdition.renderFor`).
 */

/** One topic section of an edition. */
export interface EditionSection {
  /** Topic name as in front matter; `null` for the "Other" section. */
  topic: string | null;
  /** Display title of the section. */
  title: string;
  /** URL slug of the topic (from the taxonomy), absent for the "Other" section. */
  slug?: string;
  /** Newest first. */
  articles: Article[];
}

/** The articles an edition at time `at` holds, grouped by topic (pure data). */
export interface EditionPlan {
  /** Stable id derived from the scheduled time, e.g. `2025-06-16T0900Z` style; unique per time. */
  id: string;
  /** The scheduled time the edition is for. */
  at: Date;
  /** Every article id in the edition (each once). */
  articleIds: string[];
  sections: EditionSection[];
}

/** What differs per recipient. */
export interface Recipient {
  email: string;
  name: string | null;
  /** Topic names chosen; empty = all. */
  topics: string[];
  unsubscribeUrl: string;
  preferencesUrl: string;
}

/** One recipient's message bodies; `null` from renderFor means an empty cut: send nothing. */
export interface RenderedMessage {
  subject: string;
  html: string;
  text: string;
}

/**
 * One recipient's bodies as pieces: their joined text is `renderFor`'s html and text,
 * and the long constant pieces are encoded once per edition (src/email/base64-body.ts).
 */
export interface RenderedPieces {
  subject: string;
  html: readonly BodyPiece[];
  text: readonly BodyPiece[];
}

/** An edition rendered once; `renderFor` is cheap (no MJML, no Markdown). */
export interface RenderedEdition {
  plan: EditionPlan;
  subject: string;
  /** Public URL of the web archive copy ("view in browser"). */
  webUrl: string;
  renderFor(recipient: Recipient): RenderedMessage | null;
  /**
   * The same message as `renderFor`, as pieces for `Composer.composeBytes` (the send
   * loop's path). Optional so stand-ins stay small; without it the loop uses renderFor.
   */
  piecesFor?(recipient: Recipient): RenderedPieces | null;
  /**
   * The web archive page (every section, no personal links), compiled on first call.
   * Present on everything `prepareEdition` returns; optional so stand-ins stay small.
   */
  renderWeb?(): Promise<string>;
}
