import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import type { TestContext } from 'node:test';
import { configFromObject } from '../../src/config/load.js';
import type { Config, ConfigInput } from '../../src/config/schema.js';
import { packageRoot } from '../../src/paths.js';

/** A config for tests: Asia/Shanghai, permalink /posts/:slug/, content in `dir`. */
export function testConfig(overrides: Partial<ConfigInput['site']> = {}, rest: Omit<Partial<ConfigInput>, 'site'> = {}): Config {
  return configFromObject({
    site: { title: 'Test', url: 'https://news.example.org/', timezone: 'Asia/Shanghai', language: 'zh-CN', permalink: '/posts/:slug/', author: { name: '编辑部', email: 'ed@news.example.org' }, ...overrides },
    ...rest,
  });
}

/** A fresh temporary folder, removed when the test ends. */
export function tempDir(t: TestContext): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'broadsheet-content-'));
  t.after(() => fs.rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Writes `files` (relative path → text or bytes) under `dir`. */
export function writeFiles(dir: string, files: Record<string, string | Uint8Array>): void {
  for (const [rel, data] of Object.entries(files)) {
    const file = path.join(dir, rel);
    fs.mkdirSync(path.dirname(file), { recursive: true });
    fs.writeFileSync(file, data);
  }
}

/** A fixture under test/fixtures/content. */
export function fixture(name: string): string {
  return fs.readFileSync(path.join(packageRoot, 'test', 'fixtures', 'content', name), 'utf8');
}
