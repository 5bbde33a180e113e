// Site configurations for the benchmark: Broadsheet's and an equivalent Hugo site
// that builds only what Broadsheet builds (feeds for the site, every topic and
// every tag, 20 newest items each, full content) and nothing else.

export const SITE_URL = 'https://bench.example.com/';

/**
 * broadsheet.yaml for the corpus: every format (`rss`, `atom`, `json`), or only the
 * listed ones into their own output folder (the RSS-only site matches Hugo's RSS-only
 * one file for file).
 */
export function broadsheetConfig(formats) {
  const only = formats ? `  formats: [${formats.join(', ')}]\noutput: public-${formats.join('-')}\n` : '';
  return `site:
  title: Bench Broadsheet
  url: ${SITE_URL}
  description: Benchmark corpus
  language: zh-CN
  timezone: Asia/Shanghai
  permalink: /posts/:slug/
  author:
    name: Bench Writer
feeds:
  limit: 20
  topics: true
  tags: true
${only}`;
}

/**
 * hugo.toml: home RSS plus one RSS per `tags` and `main_topics` term, nothing
 * else. Pages are not rendered to HTML (`_build.render = "link"` keeps their
 * permalinks and lets templates call `.Content`, which Hugo renders lazily,
 * only for the items a feed shows — as Broadsheet should).
 */
export function hugoConfig() {
  return `baseURL = "${SITE_URL}"
languageCode = "zh-CN"
title = "Bench Hugo"
timeZone = "Asia/Shanghai"
disableKinds = ["sitemap", "robotsTXT", "404", "section", "taxonomy"]
enableRobotsTXT = false
ignoreErrors = ["error-disable-taxonomy"]

[taxonomies]
  tag = "tags"
  main_topic = "main_topics"

[outputs]
  home = ["RSS"]
  term = ["RSS"]
  page = []

[services.rss]
  limit = 20

[markup.goldmark.renderer]
  unsafe = true

[[cascade]]
  [cascade._build]
    render = "link"
    list = "always"
  [cascade._target]
    kind = "page"

[params.author]
  name = "Bench Writer"
`;
}

/** RSS 2.0 with the summary as description and full content, like Broadsheet's feeds. */
export function hugoRssTemplate() {
  return `{{- $pages := .RegularPages -}}
{{- if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end -}}
{{- $limit := .Site.Config.Services.RSS.Limit -}}
{{- if ge $limit 1 }}{{ $pages = $pages | first $limit }}{{ end -}}
{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\" standalone=\\"yes\\"?>" | safeHTML }}
<rss version="2.0" xmlns:atom="http://www.w3.org/2005/Atom" xmlns:content="http://purl.org/rss/1.0/modules/content/">
  <channel>
    <title>{{ if .IsHome }}{{ .Site.Title }}{{ else }}{{ .Title }} · {{ .Site.Title }}{{ end }}</title>
    <link>{{ .Permalink }}</link>
    <description>Recent content on {{ .Site.Title }}</description>
    <language>{{ .Site.LanguageCode }}</language>
    {{- with .OutputFormats.Get "RSS" }}
    {{ printf "<atom:link href=%q rel=\\"self\\" type=%q />" .Permalink .MediaType | safeHTML }}
    {{- end }}
    {{- range $pages }}
    <item>
      <title>{{ .Title }}</title>
      <link>{{ .Permalink }}</link>
      <pubDate>{{ .Date.Format "Mon, 02 Jan 2006 15:04:05 -0700" | safeHTML }}</pubDate>
      <guid>{{ .Permalink }}</guid>
      {{- range .Params.tags }}
      <category>{{ . }}</category>
      {{- end }}
      <description>{{ .Summary | html }}</description>
      <content:encoded>{{ .Content | html }}</content:encoded>
    </item>
    {{- end }}
  </channel>
</rss>
`;
}

/**
 * hugo-all.toml: the same feeds in all three of Broadsheet's formats, RSS, Atom and
 * JSON Feed, at Broadsheet's file names (feed.xml, atom.xml, feed.json), so the two
 * tools write the same files. Use with `--config hugo.toml,hugo-all.toml`.
 */
export function hugoAllFormatsConfig() {
  return `[mediaTypes]
  [mediaTypes."application/atom+xml"]
    suffixes = ["xml"]
  [mediaTypes."application/feed+json"]
    suffixes = ["json"]

[outputFormats]
  [outputFormats.RSS]
    baseName = "feed"
  [outputFormats.Atom]
    mediaType = "application/atom+xml"
    baseName = "atom"
  [outputFormats.JSONFeed]
    mediaType = "application/feed+json"
    baseName = "feed"
    isPlainText = true

[outputs]
  home = ["RSS", "Atom", "JSONFeed"]
  term = ["RSS", "Atom", "JSONFeed"]
  page = []
`;
}

/** Atom 1.0 with summary and full content, like Broadsheet's atom.xml. */
export function hugoAtomTemplate() {
  return `{{- $pages := .RegularPages -}}
{{- if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end -}}
{{- $limit := .Site.Config.Services.RSS.Limit -}}
{{- if ge $limit 1 }}{{ $pages = $pages | first $limit }}{{ end -}}
{{- printf "<?xml version=\\"1.0\\" encoding=\\"utf-8\\"?>" | safeHTML }}
<feed xmlns="http://www.w3.org/2005/Atom" xml:lang="{{ .Site.LanguageCode }}">
  <title>{{ if .IsHome }}{{ .Site.Title }}{{ else }}{{ .Title }} · {{ .Site.Title }}{{ end }}</title>
  <id>{{ .Permalink }}</id>
  {{- with .OutputFormats.Get "Atom" }}
  {{ printf "<link rel=\\"self\\" type=%q href=%q />" .MediaType.Type .Permalink | safeHTML }}
  {{- end }}
  <link rel="alternate" href="{{ .Permalink }}" />
  <updated>{{ now.Format "2006-01-02T15:04:05-07:00" | safeHTML }}</updated>
  <author><name>{{ .Site.Params.author.name }}</name></author>
  {{- range $pages }}
  <entry>
    <title>{{ .Title }}</title>
    <id>{{ .Permalink }}</id>
    <link rel="alternate" href="{{ .Permalink }}" />
    <published>{{ .Date.Format "2006-01-02T15:04:05-07:00" | safeHTML }}</published>
    <updated>{{ .Lastmod.Format "2006-01-02T15:04:05-07:00" | safeHTML }}</updated>
    {{- range .Params.tags }}
    <category term="{{ . }}" />
    {{- end }}
    <summary type="html">{{ .Summary | html }}</summary>
    <content type="html">{{ .Content | html }}</content>
  </entry>
  {{- end }}
</feed>
`;
}

/** JSON Feed 1.1 with summary and full content, like Broadsheet's feed.json. */
export function hugoJsonFeedTemplate() {
  return `{{- $pages := .RegularPages -}}
{{- if .IsHome }}{{ $pages = .Site.RegularPages }}{{ end -}}
{{- $limit := .Site.Config.Services.RSS.Limit -}}
{{- if ge $limit 1 }}{{ $pages = $pages | first $limit }}{{ end -}}
{{- $items := slice -}}
{{- range $pages -}}
{{- $items = $items | append (dict "id" .Permalink "url" .Permalink "title" .Title "summary" (.Summary | plainify) "content_html" .Content "date_published" (.Date.Format "2006-01-02T15:04:05-07:00") "tags" .Params.tags) -}}
{{- end -}}
{{- $self := "" }}{{ with .OutputFormats.Get "JSONFeed" }}{{ $self = .Permalink }}{{ end -}}
{{- $title := .Site.Title }}{{ if not .IsHome }}{{ $title = printf "%s · %s" .Title .Site.Title }}{{ end -}}
{{- dict "version" "https://jsonfeed.org/version/1.1" "title" $title "home_page_url" .Permalink "feed_url" $self "language" .Site.LanguageCode "items" $items | jsonify (dict "indent" "  ") -}}
`;
}
