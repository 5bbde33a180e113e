// The feeds module's public API: a format-neutral model and one renderer per format.
export type { FeedCategory, FeedItem, FeedKind, FeedLinks, FeedModel } from './model.js';
export { planFeeds, newestFirst, FEED_FILES, type FeedPlan } from './plan-feeds.js';
export { toFeedModel, type FeedContext } from './feed-model.js';
export { renderRss } from './render-rss.js';
export { renderAtom } from './render-atom.js';
export { renderJsonFeed } from './render-json-feed.js';
export { renderOpml, type OpmlHead } from './render-opml.js';
export { renderFeedsPage } from './render-feeds-page.js';
export { formatRfc822, formatRfc3339 } from './dates.js';
