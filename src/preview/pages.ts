import { formatLocation, type Problem } from '../errors.js';
import type { PreviewState } from './rebuild.js';

/** The preview's own pages (writer-facing, not part of the publication). Pure: state in, HTML out. */

export const esc = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');

/** Reloads the page when the server says a rebuild finished (Server-Sent Events). */
export function reloadScript(generation: number): string {
  return `<script>(function(){var g=${generation};var es=new EventSource('/__preview/events');es.addEventListener('rebuilt',function(e){if(Number(e.data)!==g)location.reload();});})();</script>`;
}

export function problemsHtml(problems: Problem[]): string {
  if (problems.length === 0) return '';
  const items = problems
    .map((p) => {
      const where = formatLocation(p);
      return `<li class="problem"><code class="where">${esc(where || '(no file)')}</code> <span class="message">${esc(p.message)}${p.path ? ` <code>(${esc(p.path)})</code>` : ''}</span> <code class="code">[${esc(p.code)}]</code>${p.hint ? `<div class="hint">hint: ${esc(p.hint)}</div>` : ''}</li>`;
    })
    .join('\n');
  return `<section id="problems" role="alert"><h2>${problems.length} problem${problems.length === 1 ? '' : 's'}: the preview shows the last good build until they are fixed</h2><ul>${items}</ul></section>`;
}

const STYLE = `body{font:15px/1.5 system-ui,sans-serif;margin:0;background:#f4f2ee;color:#222}
header{background:#222;color:#fff;padding:.5rem 1rem;display:flex;gap:1.5rem;align-items:baseline}
header a{color:#fc6}main{padding:1rem}
#problems{background:#fee;border:2px solid #c33;padding:.5rem 1rem;margin:0 0 1rem}
#problems .hint{color:#555;margin-left:1rem}#problems li{margin:.3rem 0}
.frames{display:flex;gap:1rem;align-items:flex-start;flex-wrap:wrap}
.frames figure{margin:0}.frames iframe{border:1px solid #999;background:#fff;height:900px}
pre{background:#fff;border:1px solid #ccc;padding:.75rem;overflow:auto;white-space:pre-wrap;max-width:100%}
form.topics label{margin-right:1rem}`;

export function layout(title: string, body: string, state: PreviewState): string {
  const when = state.builtAt ? `built ${state.builtAt.toISOString().slice(11, 19)} UTC in ${state.durationMs} ms` : 'not built yet';
  return `<!doctype html><html><head><meta charset="utf-8"><title>${esc(title)} · Broadsheet preview</title><style>${STYLE}</style></head><body>
<header><strong>Broadsheet preview</strong><a href="/">Feeds</a><a href="/email">Email</a><span>${esc(when)}</span></header>
<main>${problemsHtml(state.problems)}${body}</main>${reloadScript(state.generation)}</body></html>`;
}

/** `/email`: the next edition as a subscriber gets it, desktop and phone side by side, the text twin and the headers. */
export function emailPage(state: PreviewState, topics: string[]): string {
  const email = state.email;
  if (!email) return layout('Email', `<p id="email-note">${esc(state.emailNote ?? 'No edition to show yet.')}</p>`, state);
  const message = email.compose(topics);
  const checked = new Set(topics);
  const picker = `<form class="topics" method="get" action="/email"><strong>Subscriber's topics</strong> (none ticked: every topic): ${email.topics
    .filter((t) => t.topic !== null)
    .map((t) => `<label><input type="checkbox" name="topic" value="${esc(t.topic ?? '')}"${checked.has(t.topic ?? '') ? ' checked' : ''}> ${esc(t.title)}</label>`)
    .join('')}<button type="submit">Show</button></form>`;
  if (!message) return layout('Email', `${picker}<p id="email-note">A subscriber to these topics gets nothing from this edition.</p>`, state);
  const q = topics.map((t) => `topic=${encodeURIComponent(t)}`).join('&');
  const src = `/__preview/email.html${q ? `?${q}` : ''}`;
  return layout(
    'Email',
    `${picker}<h1 id="subject">${esc(message.subject)}</h1>
<div class="frames"><figure><figcaption>Desktop (640 px)</figcaption><iframe id="desktop" title="Desktop" width="640" src="${src}"></iframe></figure>
<figure><figcaption>Phone (375 px)</figcaption><iframe id="phone" title="Phone" width="375" src="${src}"></iframe></figure></div>
<h2>Text twin</h2><pre id="text">${esc(message.text)}</pre>
<h2>Headers</h2><pre id="headers">${esc(message.headers)}</pre>`,
    state,
  );
}

/** `/` when no build has succeeded yet: only the problems. */
export function noBuildPage(state: PreviewState): string {
  return layout('Preview', state.problems.length ? '' : '<p>Building…</p>', state);
}
