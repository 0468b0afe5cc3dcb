// Streams one image generation from an Easel server with the official openai npm package and
// prints one JSON line per event received, for NpmOpenAiStreamTest to check.
// Usage: node stream-image.mjs <base URL, e.g. http://127.0.0.1:8080/v1>
import OpenAI from 'openai';

const baseURL = process.argv[2];
if (!baseURL) {
  console.error('usage: node stream-image.mjs <base URL>');
  process.exit(2);
}

const client = new OpenAI({ baseURL, apiKey: 'x', maxRetries: 0, timeout: 60_000 });
const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

try {
  const stream = await client.images.generate({
    model: 'gpt-image-1',
    prompt: 'a hot-air balloon over hills',
    size: '64x64',
    stream: true,
    partial_images: 2,
  });
  for await (const event of stream) {
    const bytes = Buffer.from(event.b64_json ?? '', 'base64');
    console.log(JSON.stringify({
      type: event.type,
      partial_image_index: event.partial_image_index ?? null,
      size: event.size,
      output_format: event.output_format,
      png: bytes.subarray(0, 8).equals(PNG),
      has_usage: event.usage !== undefined,
    }));
  }
} catch (err) {
  console.error(`stream failed: ${err?.status ?? ''} ${err?.message ?? err}`);
  process.exit(1);
}
