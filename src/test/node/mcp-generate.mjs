// Connects to Easel's /mcp with the official MCP TypeScript SDK (Streamable HTTP), lists the
// tools, calls generate_image with a progress token and prints one JSON line per step, for
// McpServerNodeTest to check.
// Usage: node mcp-generate.mjs <server URL, e.g. http://127.0.0.1:8080>
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';

const base = process.argv[2];
if (!base) {
  console.error('usage: node mcp-generate.mjs <server URL>');
  process.exit(2);
}

const PNG = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

// Width and height from the PNG's IHDR chunk.
function pngSize(bytes) {
  if (!bytes.subarray(0, 8).equals(PNG)) return null;
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

const client = new Client({ name: 'easel-node-test', version: '1.0.0' });
const transport = new StreamableHTTPClientTransport(new URL('/mcp', base));
try {
  await client.connect(transport);
  console.log(JSON.stringify({
    step: 'initialize',
    server: client.getServerVersion().name,
    protocol: transport.protocolVersion ?? null,
  }));

  const { tools } = await client.listTools();
  console.log(JSON.stringify({
    step: 'list',
    tools: tools.map((t) => ({ name: t.name, required: t.inputSchema.required ?? [] })),
  }));

  let progress = 0;
  const result = await client.callTool(
    { name: 'generate_image', arguments: { prompt: 'a red kite', size: '96x64', steps: 3, seed: 11 } },
    undefined,
    { onprogress: () => { progress += 1; } },
  );
  const image = result.content.find((c) => c.type === 'image');
  const link = result.content.find((c) => c.type === 'resource_link');
  const bytes = Buffer.from(image?.data ?? '', 'base64');
  const file = link ? Buffer.from(await (await fetch(link.uri)).arrayBuffer()) : Buffer.alloc(0);
  console.log(JSON.stringify({
    step: 'call',
    is_error: result.isError ?? false,
    types: result.content.map((c) => c.type),
    mime_type: image?.mimeType ?? null,
    size: pngSize(bytes),
    link_same_bytes: file.equals(bytes),
    progress,
  }));

  const bad = await client.callTool({ name: 'generate_image', arguments: { prompt: 'x', size: 'big' } });
  console.log(JSON.stringify({
    step: 'bad',
    is_error: bad.isError ?? false,
    text: bad.content[0]?.text?.split('. ')[0] ?? null,
  }));
  await transport.terminateSession();
  await client.close();
} catch (e) {
  console.error(e);
  process.exit(1);
}
