// A small MCP server for Easel's tests (see TestMcpServer.java): Streamable HTTP at /mcp with
// stateful sessions, on the MCP TypeScript SDK and node:http, listening on 127.0.0.1 only.
//
// Usage: node mcp-test-server.mjs [--port N | N] [--token T] [--require-header Name=Value]...
//   --port N (or a bare N, or env PORT; 0 or none picks a free port)
//   --token T (or env MCP_TEST_TOKEN): every request must carry `Authorization: Bearer T`, else
//     401 with `WWW-Authenticate: Bearer` and a JSON body
//   --require-header Name=Value (or env MCP_TEST_REQUIRE_HEADER, several separated by newlines):
//     a header every request must carry with exactly that value, else 403 with a JSON body
// When ready it prints `listening <port>`. Each request is logged as one line
// `request <METHOD> <path> auth=<yes|no>` (the path without its query; never a token or a header
// value), each refusal as `refused <status> <why>`, and each tool call as `call <tool>`.
//
// Tools: get_product, get_product_photo (a 64x64 PNG), list_specials, place_order, slow,
// fail_tool, echo_headers (header names only), check_header (match/mismatch/absent against a value
// or its SHA-256, never echoing the header).
import { createServer } from 'node:http';
import { createHash, randomUUID, timingSafeEqual } from 'node:crypto';
import { deflateSync } from 'node:zlib';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest } from '@modelcontextprotocol/sdk/types.js';
import * as z from 'zod';

function usage(message) {
  console.error(`mcp-test-server: ${message}`);
  console.error('usage: node mcp-test-server.mjs [--port N] [--token T] [--require-header Name=Value]...');
  process.exit(2);
}

function parseRequiredHeader(spec) {
  const eq = spec.indexOf('=');
  if (eq <= 0) usage(`--require-header wants Name=Value, not "${spec.slice(0, Math.max(eq, 0)) || '(no name)'}..."`);
  return { name: spec.slice(0, eq).trim().toLowerCase(), value: spec.slice(eq + 1) };
}

const options = {
  port: process.env.PORT ? Number(process.env.PORT) : 0,
  token: process.env.MCP_TEST_TOKEN || undefined,
  headers: (process.env.MCP_TEST_REQUIRE_HEADER ?? '')
    .split('\n')
    .filter((s) => s.length > 0)
    .map(parseRequiredHeader),
};
const argv = process.argv.slice(2);
for (let i = 0; i < argv.length; i++) {
  const arg = argv[i];
  const value = () => {
    if (i + 1 >= argv.length) usage(`${arg} needs a value`);
    return argv[++i];
  };
  if (arg === '--port') options.port = Number(value());
  else if (arg === '--token') options.token = value();
  else if (arg === '--require-header') options.headers.push(parseRequiredHeader(value()));
  else if (/^\d+$/.test(arg)) options.port = Number(arg);
  else usage(`unknown argument ${JSON.stringify(arg)}`);
}
if (!Number.isInteger(options.port) || options.port < 0 || options.port > 65535) usage('the port must be 0..65535');
if (options.token !== undefined && options.token.length === 0) usage('the token must not be empty');

// --- a real, decodable PNG: 64x64, 8-bit RGB, one solid colour -------------------------------

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

function solidPng(width, height, [r, g, b]) {
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 2; // colour type: RGB
  // compression, filter, interlace: 0
  const row = Buffer.alloc(1 + width * 3); // filter byte 0, then the pixels
  for (let x = 0; x < width; x++) row.set([r, g, b], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: height }, () => row));
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const PHOTO = solidPng(64, 64, [0xe8, 0x9a, 0x3c]).toString('base64');

// --- the tools --------------------------------------------------------------------------------

const text = (t) => ({ type: 'text', text: t });

function product(sku) {
  return { sku, name: 'Aurora desk lamp', price: '49.00 EUR' };
}

function newServer() {
  const server = new McpServer({ name: 'easel-mcp-test-server', version: '1.0.0' });
  const called = (name) => console.log(`call ${name}`);

  server.registerTool(
    'get_product',
    {
      title: 'Get product',
      description: 'Looks up one product of the catalogue by its SKU.',
      inputSchema: { sku: z.string().describe('the stock keeping unit, e.g. LAMP-1') },
      outputSchema: { sku: z.string(), name: z.string(), price: z.string() },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ sku }) => {
      called('get_product');
      const p = product(sku);
      return { content: [text(JSON.stringify(p))], structuredContent: p };
    },
  );

  server.registerTool(
    'get_product_photo',
    {
      title: 'Get product photo',
      description: 'A photo of the product: a 64x64 PNG.',
      inputSchema: { sku: z.string() },
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async ({ sku }) => {
      called('get_product_photo');
      return {
        content: [
          { type: 'image', data: PHOTO, mimeType: 'image/png' },
          text(`The photo of ${sku}.`),
        ],
      };
    },
  );

  server.registerTool(
    'list_specials',
    {
      title: 'List specials',
      description: "This week's special offers.",
      annotations: { readOnlyHint: true, destructiveHint: false, idempotentHint: true, openWorldHint: false },
    },
    async () => {
      called('list_specials');
      return { content: [text('Specials: Aurora desk lamp at 39.00 EUR, Nimbus floor lamp at 99.00 EUR')] };
    },
  );

  server.registerTool(
    'place_order',
    {
      title: 'Place order',
      description: 'Orders a quantity of a product.',
      inputSchema: { sku: z.string(), qty: z.number().int().min(1) },
      annotations: { readOnlyHint: false, destructiveHint: true, idempotentHint: false, openWorldHint: true },
    },
    async () => {
      called('place_order');
      return { content: [text('ordered')] };
    },
  );

  server.registerTool(
    'slow',
    {
      description: 'Waits the given number of seconds, then answers "done".',
      inputSchema: { seconds: z.number().min(0).max(600) },
    },
    async ({ seconds }, extra) => {
      called('slow');
      await new Promise((resolve) => {
        const timer = setTimeout(resolve, seconds * 1000);
        extra.signal?.addEventListener('abort', () => {
          clearTimeout(timer);
          resolve();
        });
      });
      return { content: [text('done')] };
    },
  );

  server.registerTool(
    'fail_tool',
    { description: 'Always fails as a tool (isError), never as a protocol error.' },
    async () => {
      called('fail_tool');
      return { isError: true, content: [text('the warehouse is closed')] };
    },
  );

  server.registerTool(
    'echo_headers',
    { description: 'The names (never the values) of the HTTP headers of this tools/call request, sorted.' },
    async (extra) => {
      called('echo_headers');
      const names = Object.keys(extra.requestInfo?.headers ?? {}).map((n) => n.toLowerCase()).sort();
      return { content: [text(JSON.stringify(names))], structuredContent: { headers: names } };
    },
  );

  server.registerTool(
    'check_header',
    {
      description:
        'Whether the header `name` of this tools/call request has the expected value, given as `expected` ' +
        'or, so that the value need not travel in the arguments, as `sha256` (lowercase hex of its UTF-8 bytes): ' +
        '"match", "mismatch" or "absent". The value is never echoed.',
      inputSchema: { name: z.string(), expected: z.string().optional(), sha256: z.string().optional() },
    },
    async ({ name, expected, sha256 }, extra) => {
      called('check_header');
      if ((expected === undefined) === (sha256 === undefined)) {
        return { isError: true, content: [text('give exactly one of expected and sha256')] };
      }
      const actual = extra.requestInfo?.headers?.[name.toLowerCase()];
      if (actual === undefined) return { content: [text('absent')] };
      const same =
        expected !== undefined
          ? sameSecret(String(actual), expected)
          : sameSecret(createHash('sha256').update(String(actual), 'utf8').digest('hex'), sha256.toLowerCase());
      return { content: [text(same ? 'match' : 'mismatch')] };
    },
  );

  server.registerTool(
    'huge',
    {
      description: 'Returns a text of `megabytes` MiB (for the client\'s limit on answers).',
      inputSchema: { megabytes: z.number().int().min(1).max(256) },
      annotations: { readOnlyHint: true },
    },
    async ({ megabytes }) => {
      called('huge');
      return { content: [text('x'.repeat(megabytes * 1024 * 1024))] };
    },
  );

  server.registerTool(
    'forget_sessions',
    {
      description:
        'Forgets every session, as a server restart does: the next request with a session id gets 404 ' +
        '"Session not found" and the client must initialize again.',
      annotations: { readOnlyHint: false, destructiveHint: false },
    },
    async () => {
      called('forget_sessions');
      sessions.clear();
      return { content: [text('forgotten')] };
    },
  );

  return server;
}

function sameSecret(a, b) {
  const x = Buffer.from(a, 'utf8');
  const y = Buffer.from(b, 'utf8');
  return x.length === y.length && timingSafeEqual(x, y);
}

// --- HTTP: authorization, sessions ------------------------------------------------------------

function sendJson(res, status, body, headers = {}) {
  res.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  res.end(JSON.stringify(body));
}

function refuse(res, status, why, headers = {}) {
  console.log(`refused ${status} ${why}`);
  sendJson(res, status, { error: status === 401 ? 'unauthorized' : 'forbidden', error_description: why }, headers);
}

function rpcError(res, status, code, message) {
  sendJson(res, status, { jsonrpc: '2.0', error: { code, message }, id: null });
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const parts = [];
    req.on('data', (b) => parts.push(b));
    req.on('end', () => resolve(Buffer.concat(parts).toString('utf8')));
    req.on('error', reject);
  });
}

/** Session id to transport; a session ends on DELETE or when its transport closes. */
const sessions = new Map();

async function handle(req, res) {
  const path = new URL(req.url ?? '/', 'http://127.0.0.1').pathname;
  const authorization = req.headers.authorization;
  console.log(`request ${req.method} ${path} auth=${authorization ? 'yes' : 'no'}`);

  if (options.token !== undefined) {
    const match = /^Bearer (.+)$/i.exec(authorization ?? '');
    if (!match || !sameSecret(match[1], options.token)) {
      refuse(res, 401, authorization ? 'wrong bearer token' : 'no bearer token', {
        'WWW-Authenticate': 'Bearer realm="easel-mcp-test-server"',
      });
      return;
    }
  }
  for (const { name, value } of options.headers) {
    const actual = req.headers[name];
    if (actual === undefined || !sameSecret(String(actual), value)) {
      refuse(res, 403, `header ${name} ${actual === undefined ? 'missing' : 'wrong'}`);
      return;
    }
  }
  if (path !== '/mcp') {
    sendJson(res, 404, { error: 'not_found' });
    return;
  }

  let body;
  if (req.method === 'POST') {
    const raw = await readBody(req);
    try {
      body = JSON.parse(raw);
    } catch {
      rpcError(res, 400, -32700, 'Parse error');
      return;
    }
  }

  const sessionId = req.headers['mcp-session-id'];
  if (sessionId !== undefined) {
    const transport = sessions.get(sessionId);
    if (!transport) {
      rpcError(res, 404, -32001, 'Session not found');
      return;
    }
    await transport.handleRequest(req, res, body);
    return;
  }
  if (req.method === 'POST' && isInitializeRequest(body)) {
    const transport = new StreamableHTTPServerTransport({
      sessionIdGenerator: () => randomUUID(),
      onsessioninitialized: (id) => {
        sessions.set(id, transport);
        console.log('session opened');
      },
      onsessionclosed: (id) => {
        sessions.delete(id);
        console.log('session closed');
      },
    });
    transport.onclose = () => {
      if (transport.sessionId) sessions.delete(transport.sessionId);
    };
    await newServer().connect(transport);
    await transport.handleRequest(req, res, body);
    return;
  }
  rpcError(res, 400, -32000, 'Bad Request: no valid session id');
}

const http = createServer((req, res) => {
  handle(req, res).catch((e) => {
    console.log(`error ${e?.name ?? 'Error'}: ${e?.message ?? e}`);
    if (!res.headersSent) rpcError(res, 500, -32603, 'Internal error');
    else res.end();
  });
});

http.listen(options.port, '127.0.0.1', () => {
  console.log(`listening ${http.address().port}`);
});

for (const signal of ['SIGINT', 'SIGTERM']) {
  process.on(signal, () => {
    for (const transport of sessions.values()) transport.close().catch(() => {});
    http.close();
    process.exit(0);
  });
}
