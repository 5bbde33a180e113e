import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isEmailAddress, subscriberSchema, validateSubscriber } from '../../src/subscribers/subscriber-schema.js';
import { topicIndex } from '../../src/subscribers/topic-index.js';

test('email syntax: accepts real addresses, refuses broken ones', () => {
  for (const ok of ['a@example.com', 'first.last+tag@sub.example.co.uk', 'o\'neil@example.ie', '用户@例子.中国', 'x@xn--fiqs8s.xn--fiqs8s', 'a_b-c@ex-ample.org']) {
    assert.ok(isEmailAddress(ok), ok);
  }
  for (const bad of ['', 'plain', '@example.com', 'a@', 'a@example', 'a b@example.com', 'a@exa mple.com', '.a@example.com', 'a.@example.com', 'a..b@example.com', 'a@-example.com', 'a@example..com', 'a@example.c', '"q"@example.com', 'a<b>@example.com', 'a@b@example.com', 'a\u0000@example.com', `${'l'.repeat(65)}@example.com`]) {
    assert.ok(!isEmailAddress(bad), JSON.stringify(bad));
  }
});

test('the row schema: trims, folds names, resolves topics, reports every field at once', () => {
  const schema = subscriberSchema(topicIndex([{ name: '人工智能战略投资', slug: 'ai-strategy' }, { name: 'C++', slug: 'c++' }, { name: 'Node.js', title: 'Node' }]));
  const ok = validateSubscriber(schema, { email: '  Ann@Example.com ', name: ' Ann\r\n  Lee ', topics: ['AI-STRATEGY', 'c++', 'node', 'C++'], status: ' Confirmed ' });
  assert.deepEqual(ok, { ok: true, value: { email: 'Ann@Example.com', name: 'Ann Lee', topics: ['人工智能战略投资', 'C++', 'Node.js'], status: 'confirmed' } });

  const absent = validateSubscriber(schema, { email: 'a@example.com' });
  assert.ok(absent.ok && absent.value.name === undefined && absent.value.topics === undefined && absent.value.status === undefined, 'absent fields stay undefined (keep what is stored)');
  const empty = validateSubscriber(schema, { email: 'a@example.com', name: '', topics: [], status: '' });
  assert.deepEqual(empty, { ok: true, value: { email: 'a@example.com', name: null, topics: [], status: undefined } });

  const bad = validateSubscriber(schema, { email: 'nope', name: `a\u0007b`, topics: ['Cooking', 'C++', 'Gardening'], status: 'active' });
  assert.equal(bad.ok, false);
  if (bad.ok) return;
  assert.deepEqual(
    bad.issues.map((i) => i.field + ': ' + i.message),
    [
      'email: the email address is not valid',
      'name: the name holds a control character',
      'topics: unknown topic "Cooking"',
      'topics: unknown topic "Gardening"',
      'status: the status must be one of pending, confirmed, unsubscribed, bounced (or empty)',
    ],
  );
  const long = validateSubscriber(schema, { email: `${'a'.repeat(60)}@${'b'.repeat(200)}.com`, name: 'x'.repeat(201) });
  assert.deepEqual(long.ok ? [] : long.issues.map((i) => i.message), ['the email address is longer than 254 characters', 'the name is longer than 100 characters']);
});
