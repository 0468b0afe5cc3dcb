// Generates two images from an Easel server with the Vercel AI SDK (`ai` generateImage with the
// `@ai-sdk/openai` image model) and prints one JSON line for AiSdkTest to check.
// Usage: node ai-sdk-image.mjs <base URL, e.g. http://127.0.0.1:8080/v1>
import { createOpenAI } from '@ai-sdk/openai';
import { generateImage } from 'ai';

const baseURL = process.argv[2];
if (!baseURL) {
  console.error('usage: node ai-sdk-image.mjs <base URL>');
  process.exit(2);
}

const openai = createOpenAI({ baseURL, apiKey: 'x' });

try {
  const result = await generateImage({
    model: openai.image('gpt-image-1'),
    prompt: 'a lemon on a blue plate',
    n: 2,
    size: '64x64',
    maxRetries: 0,
    providerOptions: { openai: { quality: 'low', outputFormat: 'png' } },
  });
  console.log(JSON.stringify({
    images: result.images.map((image) => ({ media_type: image.mediaType, b64: image.base64 })),
    warnings: result.warnings,
    usage: result.usage,
    metadata: result.providerMetadata?.openai?.images ?? null,
  }));
} catch (err) {
  console.error(`generateImage failed: ${err?.name ?? ''} ${err?.statusCode ?? ''} ${err?.message ?? err}`);
  if (err?.responseBody) console.error(`response body: ${err.responseBody}`);
  process.exit(1);
}
