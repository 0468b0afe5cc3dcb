// Runs one Responses API turn through the openai npm package's stream helper
// (client.responses.stream: events plus its accumulated snapshot, finalResponse()) and prints one
// JSON line per event, then how the helper ended, for NpmResponsesStreamTest to check.
// Usage: node responses-stream.mjs <base URL, e.g. http://127.0.0.1:8080/v1> <completed|failed|cancelled>
//   completed: an image_generation tool with two partial images (Easel in direct mode)
//   failed:    Easel's planner fails; the helper must reject, the stored response must be failed
//   cancelled: background + stream; client.responses.cancel(id) once the run is in progress
//   mcp:       an mcp tool (4th argument: the MCP server's URL), echo only, no approval
import OpenAI from 'openai';

const [baseURL, scenario, mcpURL] = process.argv.slice(2);
if (!baseURL || !['completed', 'failed', 'cancelled', 'mcp'].includes(scenario) || (scenario === 'mcp' && !mcpURL)) {
  console.error('usage: node responses-stream.mjs <base URL> <completed|failed|cancelled|mcp [MCP server URL]>');
  process.exit(2);
}

const client = new OpenAI({ baseURL, apiKey: 'x', maxRetries: 0, timeout: 60_000 });
const print = (value) => console.log(JSON.stringify(value));

function describeEvent(event) {
  const line = { event: event.type, seq: event.sequence_number };
  if (event.output_index !== undefined) line.output_index = event.output_index;
  if (event.response) line.status = event.response.status;
  if (event.item) line.item = `${event.item.type} ${event.item.status}`;
  if (event.type === 'response.mcp_call_arguments.delta') line.delta = event.delta;
  if (event.type === 'response.mcp_call_arguments.done') line.arguments = event.arguments;
  if (event.type === 'response.image_generation_call.partial_image') {
    line.partial_image_index = event.partial_image_index;
    line.size = event.size ?? null;
    line.output_format = event.output_format ?? null;
    line.b64 = event.partial_image_b64;
  }
  return line;
}

function describeResponse(response) {
  return {
    id: response.id,
    status: response.status,
    error: response.error ?? null,
    incomplete_details: response.incomplete_details ?? null,
    output_text: response.output_text ?? null,
    output: (response.output ?? []).map((item) => ({
      type: item.type,
      status: item.status,
      ...(item.type === 'image_generation_call' ? { b64: item.result, size: item.size ?? null } : {}),
      ...(item.type === 'message' ? { text: item.content.map((c) => c.text).join('') } : {}),
      ...(item.type === 'mcp_list_tools' ? { tools: item.tools.map((t) => t.name) } : {}),
      ...(item.type === 'mcp_call' ? { name: item.name, arguments: item.arguments, output: item.output } : {}),
    })),
  };
}

const tools =
  scenario === 'mcp'
    ? [{ type: 'mcp', server_label: 'everything', server_url: mcpURL, allowed_tools: ['echo'], require_approval: 'never' }]
    : [{ type: 'image_generation', size: '64x64', quality: 'low', output_format: 'png', partial_images: 2 }];
const params = { model: 'gpt-4.1', input: 'a red kite over a grey sea', tools };
if (scenario === 'cancelled') params.background = true;

const stream = client.responses.stream(params);
let id = null;
let cancel = null;
stream.on('event', (event) => print(describeEvent(event)));
stream.on('response.created', (event) => {
  id = event.response.id;
});
if (scenario === 'cancelled') {
  // The planner holds its answer, so the run is still waiting on it when the cancel lands.
  stream.on('response.in_progress', (event) => {
    cancel = client.responses.cancel(event.response.id);
  });
}

try {
  const final = await stream.finalResponse();
  print({ helper: 'resolved', final: describeResponse(final) });
} catch (err) {
  print({
    helper: 'rejected',
    error: {
      class: err?.constructor?.name ?? null,
      status: err?.status ?? null,
      type: err?.type ?? null,
      code: err?.code ?? null,
      param: err?.param ?? null,
      message: err?.message ?? String(err),
    },
  });
}

try {
  if (cancel) {
    print({ cancel: describeResponse(await cancel) });
  }
  if (id) {
    print({ retrieved: describeResponse(await client.responses.retrieve(id)) });
  }
} catch (err) {
  console.error(`request failed: ${err?.status ?? ''} ${err?.message ?? err}`);
  process.exit(1);
}
