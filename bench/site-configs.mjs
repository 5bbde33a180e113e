// Site configurations for the benchmark: Broadsheet's and an equivalent Hugo site
// that builds only what Broadsheet builds (feeds for the site, every topic and
// every tag, 20 newest items each, full content) and nothing else.

export const SITE_URL = 'https://bench.example.com/';

/** broadsheet.yaml for the corpus. */
export function broadsheetConfig() {
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
`;
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
