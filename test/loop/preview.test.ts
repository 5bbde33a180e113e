import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { launchBrowser } from '../helpers/browser.js';
import { BIN, runBin } from './run-cli.js';

/** Starts `broadsheet preview --port 0` in `dir` and waits for the URL it prints. */
async function startPreview(dir: string): Promise<{ url: string; child: ChildProcess; output: () => string }> {
  const child = spawn(process.execPath, [BIN, 'preview', '--port', '0'], { cwd: dir, env: { PATH: process.env.PATH ?? '', TZ: 'UTC', LANG: 'C' }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout?.on('data', (c: Buffer) => (out += c.toString()));
  child.stderr?.on('data', (c: Buffer) => (out += c.toString()));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`preview did not start:\n${out}`)), 60_000);
    const check = (): void => {
      const m = /Preview at (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m?.[1]) {
        clearTimeout(timer);
        resolve(m[1]);
      }
    };
    child.stdout?.on('data', check);
    child.on('exit', (code) => reject(new Error(`preview exited with ${code}:\n${out}`)));
  });
  return { url, child, output: () => out };
}

test('preview: feeds and the email in Chromium, an edit reloads the page, a broken article shows its problem until fixed', { timeout: 170_000 }, async (t) => {
  const browser = await launchBrowser(t);
  if (!browser) return;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'bs-preview-'));
  assert.equal(runBin(dir, ['init', '--language', 'en', '--title', 'Preview Weekly']).code, 0);
  const preview = await startPreview(dir);
  t.after(async () => {
    await browser.close();
    preview.child.kill('SIGTERM');
    await new Promise((resolve) => preview.child.once('exit', resolve));
    fs.rmSync(dir, { recursive: true, force: true });
  });
  const article = path.join(dir, 'content', fs.readdirSync(path.join(dir, 'content'))[0] ?? '');
  const original = fs.readFileSync(article, 'utf8');
  assert.ok(!fs.existsSync(path.join(dir, 'public')), 'the preview builds outside public/');

  const page = await browser.newPage();
  await page.goto(preview.url);
  assert.match(page.url(), /\/feeds\/$/);
  assert.match(await page.locator('body').innerText(), /Preview Weekly/);

  // The email: both widths side by side, the text twin, the headers, a topic picker.
  const email = await browser.newPage();
  await email.goto(`${preview.url}email`);
  assert.match(await email.locator('#subject').innerText(), /^Preview Weekly · /);
  const widths = await email.evaluate(() => ['desktop', 'phone'].map((id) => (document.getElementById(id) as HTMLIFrameElement).getBoundingClientRect().width));
  assert.ok(widths[0] !== undefined && widths[0] >= 600 && widths[1] !== undefined && widths[1] <= 400, `frame widths ${widths.join(', ')}`);
  const frame = email.frameLocator('#phone');
  assert.match(await frame.locator('body').innerText(), /Welcome to your publication/);
  const text = await email.locator('#text').innerText();
  assert.match(text, /Getting started/);
  const headers = await email.locator('#headers').innerText();
  assert.match(headers, /^Subject: /m);
  assert.match(headers, /^List-Unsubscribe: /m);
  await email.locator('input[name=topic][value="Writing"]').check();
  await Promise.all([email.waitForURL(/topic=Writing/), email.locator('form.topics button').click()]);
  assert.equal(await email.locator('input[name=topic][value="Writing"]').isChecked(), true);
  assert.match(await email.locator('#text').innerText(), /Writing/);

  // An edit: the open feeds page reloads by itself and shows the new title.
  const started = Date.now();
  fs.writeFileSync(article, original.replace('title: "Welcome to your publication"', 'title: "Edited while previewing"'));
  await page.waitForFunction(() => document.body.innerText.includes('Edited while previewing'), undefined, { timeout: 20_000 });
  const reloadMs = Date.now() - started;
  console.log(`# edit to reload: ${reloadMs} ms`);

  // A broken article: both pages show the problem with file:line and hint; the server keeps running.
  // (Broken YAML: a bad date alone is only a warning here, as the file name carries a date.)
  fs.writeFileSync(article, original.replace(/^title: .*$/m, 'title: [1, 2'));
  const rel = path.join('content', path.basename(article));
  await page.waitForSelector('#problems', { timeout: 20_000 });
  const problem = await page.locator('#problems').innerText();
  assert.ok(problem.includes(`${rel}:3`), problem);
  assert.match(problem, /hint: Fix the YAML/);
  await email.goto(`${preview.url}email`);
  assert.ok((await email.locator('#problems').innerText()).includes(`${rel}:3`));

  // Fixed: the problem goes away on its own.
  fs.writeFileSync(article, original);
  await page.waitForFunction(() => !document.getElementById('problems') && document.body.innerText.includes('Welcome to your publication'), undefined, { timeout: 20_000 });
  assert.equal(preview.child.exitCode, null, 'the server kept running');
});
