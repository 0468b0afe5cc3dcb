// Streams one turn from an Easel server with the Vercel AI SDK (`ai` streamText with the
// `@ai-sdk/openai` Responses model and its image generation tool, two partial images) and prints
// one JSON line per stream part, then a summary, for AiSdkTest to check.
// Usage: node ai-sdk-stream.mjs <base URL, e.g. http://127.0.0.1:8080/v1>
import { createOpenAI } from '@ai-sdk/openai';
import { streamText } from 'ai';

const baseURL = process.argv[2];
if (!baseURL) {
  console.error('usage: node ai-sdk-stream.mjs <base URL>');
  process.exit(2);
}

const openai = createOpenAI({ baseURL, apiKey: 'x' });
const print = (value) => console.log(JSON.stringify(value));

function describePart(part) {
  const line = { part: part.type };
  switch (part.type) {
    case 'tool-call':
      Object.assign(line, { tool: part.toolName, id: part.toolCallId, provider_executed: part.providerExecuted ?? null });
      break;
    case 'tool-result':
      Object.assign(line, {
        tool: part.toolName,
        id: part.toolCallId,
        preliminary: part.preliminary ?? false,
        b64: part.output?.result ?? null,
      });
      break;
    case 'tool-error':
    case 'error':
      line.error = String(part.error?.message ?? part.error);
      break;
    case 'text-delta':
      line.text = part.text;
      break;
    case 'finish-step':
    case 'finish':
      line.finish_reason = part.finishReason;
      break;
  }
  return line;
}

try {
  const result = streamText({
    model: openai.responses('gpt-4.1'),
    prompt: 'a paper boat on a pond',
    maxRetries: 0,
    tools: {
      image_generation: openai.tools.imageGeneration({
        partialImages: 2,
        size: '64x64',
        quality: 'low',
        outputFormat: 'png',
      }),
    },
  });
  for await (const part of result.stream) {
    print(describePart(part));
  }
  const response = await result.response;
  print({
    summary: {
      finish_reason: await result.finishReason,
      text: await result.text,
      response_id: response.id,
      tool_results: (await result.toolResults).map((r) => ({ tool: r.toolName, id: r.toolCallId, b64: r.output?.result ?? null })),
    },
  });
} catch (err) {
  console.error(`streamText failed: ${err?.name ?? ''} ${err?.statusCode ?? ''} ${err?.message ?? err}`);
  if (err?.responseBody) console.error(`response body: ${err.responseBody}`);
  process.exit(1);
}
