// The Vercel AI SDK's image calls, used as its documentation shows, against a running bridge: each must return the
// bytes of the image the bot sent. The SDK reads only `data[].b64_json` and asks for it itself only for models it does
// not take for GPT-image ones (any name not starting with `gpt-image-`); edits never ask. So the cases below cover
// both what the SDK sends and what it does not.
//
// Environment: BRIDGE_URL (the bridge's root, e.g. http://127.0.0.1:8080), POE_API_KEY, EXPECTED_IMAGE (the file the
// bot's image must equal), INPUT_IMAGE (the image to edit). Exit code 0 when every case passes; the closing line
// counts them.
import { readFile } from 'node:fs/promises';
import { generateImage } from 'ai';
import { createOpenAI } from '@ai-sdk/openai';

const env = (name) => {
  const value = process.env[name];
  if (!value) {
    console.error(`ai-sdk check: ${name} is not set`);
    process.exit(2);
  }
  return value;
};

const expected = await readFile(env('EXPECTED_IMAGE'));
const input = await readFile(env('INPUT_IMAGE'));

// Only watches what the SDK sends, to say so when a case fails; the request goes out untouched.
let sentResponseFormat;
const watchingFetch = (url, init) => {
  const body = init?.body;
  if (typeof body === 'string') sentResponseFormat = JSON.parse(body).response_format;
  else if (body instanceof FormData) sentResponseFormat = body.get('response_format') ?? undefined;
  return fetch(url, init);
};
const openai = createOpenAI({
  baseURL: `${env('BRIDGE_URL').replace(/\/$/, '')}/v1`,
  apiKey: env('POE_API_KEY'),
  fetch: watchingFetch,
});

const cases = [
  ['generateImage with a GPT-image model (gpt-image-1)', 'gpt-image-1', 'a cat'],
  ['generateImage with a DALL-E-style model (Imagen-3-Fast)', 'Imagen-3-Fast', 'a cat'],
  ['image edit with a GPT-image model (gpt-image-1)', 'gpt-image-1', { images: [input], text: 'make it a cat' }],
  ['image edit with a DALL-E-style model (Imagen-3-Fast)', 'Imagen-3-Fast', { images: [input], text: 'make it a cat' }],
];

let passed = 0;
let failed = 0;
for (const [name, model, prompt] of cases) {
  sentResponseFormat = undefined;
  try {
    // No retries: a failure shows at once, with the bridge's answer.
    const { image } = await generateImage({ model: openai.image(model), prompt, maxRetries: 0 });
    if (!Buffer.from(image.uint8Array).equals(expected)) {
      throw new Error(`got ${image.uint8Array.length} bytes (${image.mediaType}), not the bot's image`);
    }
    passed++;
    console.log(`PASS ${name}`);
  } catch (error) {
    failed++;
    const asked = sentResponseFormat === undefined ? 'no response_format' : `response_format=${sentResponseFormat}`;
    console.log(`FAIL ${name} (the SDK sent ${asked}): ${describe(error)}`);
  }
}
console.log(`ai-sdk: ${passed} passed, ${failed} failed`);
process.exit(failed === 0 ? 0 : 1);

function describe(error) {
  const parts = [`${error.name}: ${error.message.split('\n')[0]}`];
  // A reply the SDK cannot read: its schema's complaints name the missing fields.
  const issues = error.cause?.cause?.issues;
  if (Array.isArray(issues)) parts.push(issues.map((i) => `${i.path.join('.')}: ${i.message}`).join(', '));
  const body = error.responseBody;
  if (body) parts.push(`bridge answered ${error.statusCode ?? ''} ${body.slice(0, 300)}`);
  else if (error.cause && !issues) parts.push(`cause: ${error.cause.message ?? error.cause}`);
  return parts.join('; ');
}
