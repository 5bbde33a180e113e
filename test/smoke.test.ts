import { test } from 'node:test';
import assert from 'node:assert/strict';
import { launchBrowser } from './helpers/browser.js';
import { startSmtpServer } from './helpers/smtp.js';
import nodemailer from 'nodemailer';

test('the test browser renders a page at 375 px', async (t) => {
  const browser = await launchBrowser(t);
  if (!browser) return;
  try {
    const page = await browser.newPage({ viewport: { width: 375, height: 700 } });
    await page.setContent('<p id="x">你好</p>');
    assert.equal(await page.textContent('#x'), '你好');
    assert.equal(await page.evaluate(() => window.innerWidth), 375);
  } finally {
    await browser.close();
  }
});

test('the test SMTP server receives and parses a message', async () => {
  const smtp = await startSmtpServer();
  try {
    const transport = nodemailer.createTransport({ host: '127.0.0.1', port: smtp.port, secure: false, ignoreTLS: true });
    await transport.sendMail({ from: 'a@example.com', to: 'b@example.com', subject: '测试', text: 'hi' });
    assert.equal(smtp.received.length, 1);
    assert.equal(smtp.received[0]?.parsed.subject, '测试');
    assert.deepEqual(smtp.received[0]?.to, ['b@example.com']);
  } finally {
    await smtp.close();
  }
});
