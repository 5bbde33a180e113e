<?xml version="1.0" encoding="UTF-8"?>
<!--
  Broadsheet's browser view of the RSS 2.0 and Atom 1.0 feeds (XSLT 1.0).
  Referenced from every feed by <?xml-stylesheet type="text/xsl" href="/feed.xsl"?>.
  It shows titles, dates and plain-text summaries only: article HTML is never
  copied with disable-output-escaping, so nothing from content can run here.
  The build fills in the feeds-page variable below with the absolute URL of
  feeds/index.html, the HTML fallback for browsers that no longer apply XSLT.
-->
<xsl:stylesheet version="1.0"
  xmlns:xsl="http://www.w3.org/1999/XSL/Transform"
  xmlns:atom="http://www.w3.org/2005/Atom"
  exclude-result-prefixes="atom">
  <xsl:output method="html" encoding="UTF-8" indent="yes" doctype-system="about:legacy-compat"/>

  <xsl:variable name="feeds-page" select="'{{feeds_page}}'"/>
  <xsl:variable name="title" select="/rss/channel/title | /atom:feed/atom:title"/>
  <xsl:variable name="description" select="/rss/channel/description | /atom:feed/atom:subtitle"/>
  <xsl:variable name="self" select="/rss/channel/atom:link[@rel='self']/@href | /atom:feed/atom:link[@rel='self']/@href"/>
  <xsl:variable name="home" select="/rss/channel/link | /atom:feed/atom:link[@rel='alternate']/@href"/>

  <xsl:template match="/">
    <html>
      <xsl:attribute name="lang"><xsl:value-of select="/rss/channel/language | /atom:feed/@xml:lang"/></xsl:attribute>
      <head>
        <meta name="viewport" content="width=device-width, initial-scale=1"/>
        <title><xsl:value-of select="$title"/> · Feed</title>
        <style>
          body{font:16px/1.6 system-ui,sans-serif;margin:0;color:#222;background:#fafafa}
          main{max-width:44rem;margin:0 auto;padding:1rem}
          h1{font-size:1.6rem;margin:.5rem 0}
          .hint{background:#fff8dc;border:1px solid #eedc82;padding:.6rem .8rem;border-radius:4px}
          .hint code{word-break:break-all}
          ol.items{padding-left:1.2rem}
          ol.items li{margin:.8rem 0}
          time{color:#666;font-size:.85rem;margin-left:.4rem}
          ol.items p{margin:.2rem 0;color:#444}
          a{color:#0645ad}
        </style>
      </head>
      <body>
        <main>
          <p class="hint" id="subscribe">
            This is a web feed. To follow it, copy its address into a feed reader:
            <code><xsl:value-of select="$self"/></code>
          </p>
          <h1><a href="{$home}"><xsl:value-of select="$title"/></a></h1>
          <xsl:if test="string($description)">
            <p><xsl:value-of select="$description"/></p>
          </xsl:if>
          <ol class="items">
            <xsl:apply-templates select="/rss/channel/item | /atom:feed/atom:entry"/>
          </ol>
          <p class="note">
            Your browser showed this page by applying an XSLT stylesheet to the feed.
            Browsers are dropping XSLT; every feed is also listed at
            <a href="{$feeds-page}"><xsl:value-of select="$feeds-page"/></a>.
          </p>
        </main>
      </body>
    </html>
  </xsl:template>

  <xsl:template match="item">
    <li class="item">
      <a href="{link}"><xsl:value-of select="title"/></a>
      <time><xsl:value-of select="substring(pubDate, 6, 11)"/></time>
      <xsl:if test="string(description)">
        <p><xsl:value-of select="description"/></p>
      </xsl:if>
    </li>
  </xsl:template>

  <xsl:template match="atom:entry">
    <li class="item">
      <a href="{atom:link[@rel='alternate']/@href}"><xsl:value-of select="atom:title"/></a>
      <time><xsl:value-of select="substring(atom:published, 1, 10)"/></time>
      <xsl:if test="string(atom:summary)">
        <p><xsl:value-of select="atom:summary"/></p>
      </xsl:if>
    </li>
  </xsl:template>
</xsl:stylesheet>
