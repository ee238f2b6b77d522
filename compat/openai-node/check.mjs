// The official OpenAI Node SDK (`openai`, pinned by package-lock.json), used as its documentation shows, against a
// running bridge: every `client.conversations` call, a generated image stored into a conversation, and a chat
// completion in one, and a second key that cannot see the first key's conversation. The SDK parses no schema, so the
// steps assert the fields its types promise.
//
// Environment: BRIDGE_URL (the bridge's root, e.g. http://127.0.0.1:8080), POE_API_KEY and SECOND_API_KEY (two
// callers), CHAT_MODEL (a bot the Poe stand-in answers). One line per step; exit code 0 when every step passes. A
// failed step skips the rest of its group, whose later steps build on it.
import assert from 'node:assert/strict';
import OpenAI, { NotFoundError } from 'openai';

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`openai-node check: ${name} is not set`);
    process.exit(2);
  }
  return value;
};

// Counts the requests for item pages, to show that auto-paging really walked several pages.
let itemPageRequests = 0;
const countingFetch = (url, init) => {
  if ((init?.method ?? 'GET') === 'GET' && /\/conversations\/[^/]+\/items\?/.test(String(url))) itemPageRequests++;
  return fetch(url, init);
};
const client = (apiKey) => new OpenAI({
  baseURL: `${env('BRIDGE_URL').replace(/\/$/, '')}/v1`,
  apiKey,
  maxRetries: 0, // a failure shows at once, with the bridge's answer
  fetch: countingFetch,
});
const openai = client(env('POE_API_KEY'));
const chatModel = env('CHAT_MODEL');

let passed = 0;
let failed = 0;
let skipped = 0;

/** Runs the steps of a group in order; after a failure the rest are reported as skipped. */
async function group(steps) {
  for (let i = 0; i < steps.length; i++) {
    const [name, step] = steps[i];
    try {
      await step();
      passed++;
      console.log(`PASS ${name}`);
    } catch (error) {
      failed++;
      console.log(`FAIL ${name}: ${describe(error)}`);
      for (const [later] of steps.slice(i + 1)) {
        skipped++;
        console.log(`SKIP ${later}`);
      }
      return;
    }
  }
}

const isNotFound = (error) => error instanceof NotFoundError && error.status === 404;
const texts = (item) => item.content.map((part) => part.text);

/** Every item of a conversation, walked by the SDK's auto-paging `limit` items a page. */
async function allItems(api, id, order, limit = 100) {
  const items = [];
  for await (const item of api.conversations.items.list(id, { limit, order })) items.push(item);
  return items;
}

// The Conversations API, call by call, on one conversation.
let conv;
let addedIds;
await group([
  ['conversations.create with metadata and two user messages (string content, input_text parts)', async () => {
    conv = await openai.conversations.create({
      metadata: { topic: 'cats' },
      items: [
        { type: 'message', role: 'user', content: 'Draw a cat' },
        { type: 'message', role: 'user', content: [{ type: 'input_text', text: 'A black one' }] },
      ],
    });
    assert.match(conv.id, /^conv_/);
    assert.equal(conv.object, 'conversation');
    assert.ok(Math.abs(conv.created_at - Date.now() / 1000) < 600, `created_at ${conv.created_at} is not unix seconds of now`);
    assert.deepEqual(conv.metadata, { topic: 'cats' });
  }],
  ['conversations.retrieve', async () => {
    const got = await openai.conversations.retrieve(conv.id);
    assert.equal(got.id, conv.id);
    assert.equal(got.created_at, conv.created_at);
    assert.deepEqual(got.metadata, { topic: 'cats' });
  }],
  ['conversations.update replaces the metadata', async () => {
    const updated = await openai.conversations.update(conv.id, { metadata: { topic: 'dogs' } });
    assert.equal(updated.id, conv.id);
    assert.deepEqual(updated.metadata, { topic: 'dogs' });
    assert.deepEqual((await openai.conversations.retrieve(conv.id)).metadata, { topic: 'dogs' });
  }],
  ['conversations.items.create adds messages and answers a list of them', async () => {
    const created = await openai.conversations.items.create(conv.id, {
      items: [
        { type: 'message', role: 'assistant', content: [{ type: 'output_text', text: 'Here is a cat' }] },
        ...[0, 1, 2].map((i) => ({ type: 'message', role: 'user', content: `more ${i}` })),
      ],
    });
    assert.equal(created.object, 'list');
    assert.equal(created.data.length, 4);
    addedIds = created.data.map((item) => item.id);
    for (const item of created.data) {
      assert.equal(item.type, 'message');
      assert.match(item.id, /^msg_/);
      assert.equal(item.status, 'completed');
    }
    assert.equal(created.data[0].content[0].type, 'output_text');
    assert.deepEqual(texts(created.data[0]), ['Here is a cat']);
    assert.deepEqual(created.data[1].content, [{ type: 'input_text', text: 'more 0' }]);
    assert.equal(created.first_id, addedIds[0]);
    assert.equal(created.last_id, addedIds[3]);
    assert.equal(created.has_more, false);
  }],
  ['conversations.items.list auto-pages two items a page, oldest first (order asc)', async () => {
    itemPageRequests = 0;
    const items = await allItems(openai, conv.id, 'asc', 2);
    assert.deepEqual(items.map(texts), [['Draw a cat'], ['A black one'], ['Here is a cat'], ['more 0'], ['more 1'], ['more 2']]);
    assert.equal(items[0].content[0].type, 'input_text', 'string content is kept as an input_text part');
    assert.equal(items[0].role, 'user');
    assert.ok(itemPageRequests >= 3, `six items two a page took ${itemPageRequests} request(s)`);
  }],
  ['conversations.items.list auto-pages two items a page, newest first (order desc)', async () => {
    itemPageRequests = 0;
    const items = await allItems(openai, conv.id, 'desc', 2);
    assert.deepEqual(items.map(texts), [['more 2'], ['more 1'], ['more 0'], ['Here is a cat'], ['A black one'], ['Draw a cat']]);
    assert.ok(itemPageRequests >= 3, `six items two a page took ${itemPageRequests} request(s)`);
  }],
  ['conversations.items.retrieve', async () => {
    const item = await openai.conversations.items.retrieve(addedIds[0], { conversation_id: conv.id });
    assert.equal(item.id, addedIds[0]);
    assert.equal(item.role, 'assistant');
    assert.deepEqual(texts(item), ['Here is a cat']);
  }],
  ['conversations.items.delete returns the conversation, and the item is gone', async () => {
    const after = await openai.conversations.items.delete(addedIds[0], { conversation_id: conv.id });
    assert.equal(after.id, conv.id);
    assert.equal(after.object, 'conversation');
    await assert.rejects(openai.conversations.items.retrieve(addedIds[0], { conversation_id: conv.id }), isNotFound);
    assert.equal((await allItems(openai, conv.id, 'asc')).length, 5);
  }],
  ['conversations.delete answers deleted: true', async () => {
    const deleted = await openai.conversations.delete(conv.id);
    assert.deepEqual(deleted, { id: conv.id, object: 'conversation.deleted', deleted: true });
  }],
  ['conversations.retrieve of the deleted conversation: NotFoundError (404)', async () => {
    await assert.rejects(openai.conversations.retrieve(conv.id), isNotFound);
  }],
]);

// An image generated into a conversation: conversation_id and store are not in the SDK's types, and plain JS passes
// unknown body fields through as they are.
let imageConv;
let image;
await group([
  ['images.generate with conversation_id and store: true answers a url and an ig_ id', async () => {
    imageConv = await openai.conversations.create();
    const generated = await openai.images.generate({ prompt: 'a cat', conversation_id: imageConv.id, store: true });
    assert.equal(generated.data.length, 1);
    image = generated.data[0];
    assert.match(image.url, /^https?:\/\//);
    assert.match(image.id, /^ig_/);
  }],
  ['the conversation then holds the prompt and the image_generation_call with that id', async () => {
    const items = await allItems(openai, imageConv.id, 'asc');
    assert.deepEqual(items.map((item) => item.type), ['message', 'image_generation_call']);
    assert.equal(items[0].role, 'user');
    assert.deepEqual(texts(items[0]), ['a cat']);
    assert.equal(items[1].id, image.id);
    assert.equal(items[1].status, 'completed');
    const retrieved = await openai.conversations.items.retrieve(image.id, { conversation_id: imageConv.id });
    assert.equal(retrieved.type, 'image_generation_call');
  }],
]);

// A chat completion in a conversation (`conversation`, Jan's field, passed through as above).
let chatConv;
let answer;
await group([
  ['chat.completions.create with conversation answers', async () => {
    chatConv = await openai.conversations.create();
    const completion = await openai.chat.completions.create({
      model: chatModel,
      messages: [{ role: 'user', content: 'a cat please' }],
      conversation: chatConv.id,
    });
    answer = completion.choices[0].message.content;
    assert.equal(completion.choices[0].message.role, 'assistant');
    assert.ok(answer, 'the answer is empty');
  }],
  ['the conversation then holds the user message and the assistant answer', async () => {
    const items = await allItems(openai, chatConv.id, 'asc');
    assert.deepEqual(items.map((item) => [item.type, item.role]), [['message', 'user'], ['message', 'assistant']]);
    assert.deepEqual(texts(items[0]), ['a cat please']);
    assert.deepEqual(texts(items[1]), [answer]);
    assert.equal(items[1].content[0].type, 'output_text');
  }],
]);

// Ownership: a conversation exists only for the key that made it.
await group([
  ['a second API key gets NotFoundError (404) for the first key\'s conversation', async () => {
    const mine = await openai.conversations.create({ metadata: { owner: 'first' } });
    const other = client(env('SECOND_API_KEY'));
    await assert.rejects(other.conversations.retrieve(mine.id), isNotFound);
    await assert.rejects(other.conversations.items.list(mine.id), isNotFound);
    assert.equal((await openai.conversations.retrieve(mine.id)).id, mine.id, 'the first key lost its conversation');
  }],
]);

console.log(`openai-node: ${passed} passed, ${failed} failed, ${skipped} skipped`);
process.exit(failed === 0 ? 0 : 1);

function describe(error) {
  if (error instanceof OpenAI.APIError) {
    return `${error.constructor.name} ${error.status ?? ''}: ${JSON.stringify(error.error ?? error.message).slice(0, 300)}`;
  }
  return `${error.name}: ${error.message.split('\n').slice(0, 12).join('\n    ')}`;
}
