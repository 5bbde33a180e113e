// Broadsheet's public library API. Re-exports only; internals stay unexported.

// Config
export { loadConfig, parseConfig, configFromObject, DEFAULT_CONFIG_FILE, type ConfigOverrides } from './config/load.js';
export type { Config, ConfigInput, ConfigData, Mailbox } from './config/schema.js';
export { BroadsheetError, UsageError, formatProblem, type Problem } from './errors.js';
export { systemClock, fixedClock, type Clock } from './clock.js';

// Content and Markdown
export type { Article, Person, Term, Taxonomy, PublishOptions } from './content/article.js';
export { loadContent, type LoadOptions, type LoadedContent } from './content/load-content.js';
export { notArticleSummary, type NotArticle } from './content/not-articles.js';
export { buildTaxonomy } from './content/taxonomy.js';
export { renderArticleHtml } from './markdown/render.js';

// Feeds and the build
export * from './feeds/index.js';
export { build, type BuildOptions, type BuildResult } from './build/build.js';

// Digests
export type { EditionPlan, EditionSection, Recipient, RenderedEdition, RenderedMessage, RenderedPieces } from './digest/types.js';
export type { BodyPiece } from './email/base64-body.js';
export { selectEdition } from './digest/select.js';
export { prepareEdition, type PrepareOptions, type PreparedEdition } from './digest/prepare.js';
export { writeEditionArchive } from './digest/archive.js';

// Email, delivery and the store
export { createToken, verifyToken, type TokenClaims, type TokenPurpose, type VerifyResult } from './email/tokens.js';
export { subscriptionLinks, type SubscriptionLinks } from './email/links.js';
export { createComposer, composeMessage, type Composer, type ComposerOptions, type MessageInput } from './email/mime.js';
export type { Transport, Envelope, SendResult } from './delivery/transport.js';
export { createSmtpTransport } from './delivery/smtp-transport.js';
export { createOutboxTransport } from './delivery/outbox-transport.js';
export { sendEdition, type SendEditionOptions, type SendEditionResult } from './delivery/send-edition.js';
export type { Store, LoadableStore, SubscriberStore, EditionStore, Subscriber, SubscriberStatus, Edition, Delivery, DeliveryState } from './store/types.js';
export { openSqliteStore, resolveStorePath, type SqliteStoreOptions } from './store/sqlite.js';
export { openPostgresStore, type PostgresStoreOptions } from './store/postgres.js';
export { openStore, storeExists } from './store/open.js';
export { copyStore, type CopyReport } from './store/copy.js';

// Scheduling and the subscription service
export * from './schedule/index.js';
export { createApp, type AppDeps } from './server/app.js';

// The CLI, for embedding (argv injectable)
export { runMain } from './cli/main.js';
