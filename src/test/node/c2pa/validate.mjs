// Validates the C2PA manifests of image files with two independent implementations, offline:
// @trustnxt/c2pa-ts (pure TypeScript; PNG and JPEG, it reads no WebP) and @contentauth/toolkit
// (the WebAssembly build of the reference implementation c2pa-rs; PNG, JPEG and WebP).
// Usage: node validate.mjs CA.pem FILE...   One JSON line per file on stdout.
// c2pa-rs runs twice: trusting CA.pem (the server's local CA) as its only trust anchor, and with
// its default trust settings (no anchors), which must call the signer untrusted and nothing else.
import fs from 'node:fs';
import { fileURLToPath } from 'node:url';
import { JPEG, PNG } from '@trustnxt/c2pa-ts/asset';
import { SuperBox } from '@trustnxt/c2pa-ts/jumbf';
import { ManifestStore, ValidationResult } from '@trustnxt/c2pa-ts/manifest';
import { initSync, getManifestStoreFromArrayBuffer } from '@contentauth/toolkit';

const wasm = fileURLToPath(new URL('node_modules/@contentauth/toolkit/pkg/toolkit_bg.wasm', import.meta.url));
initSync({ module: fs.readFileSync(wasm) });

const [caFile, ...files] = process.argv.slice(2);
const ca = fs.readFileSync(caFile, 'utf8');

function mimeOf(b) {
  if (b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47) return 'image/png';
  if (b[0] === 0xff && b[1] === 0xd8) return 'image/jpeg';
  if (b.toString('latin1', 0, 4) === 'RIFF' && b.toString('latin1', 8, 12) === 'WEBP') return 'image/webp';
  return 'application/octet-stream';
}

async function c2paTs(buf, mime) {
  if (mime === 'image/webp') return { unsupported: 'c2pa-ts 0.9.4 reads no WebP' };
  const asset = mime === 'image/png' ? new PNG(buf) : new JPEG(buf);
  const jumbf = asset.getManifestJUMBF();
  if (!jumbf) return { manifest: false };
  let result;
  try {
    const store = ManifestStore.read(SuperBox.fromBuffer(jumbf));
    result = await store.validate(asset);
  } catch (e) {
    result = ValidationResult.fromError(e);
  }
  return {
    manifest: true,
    valid: result.isValid,
    success: result.statusEntries.filter((e) => e.success).map((e) => e.code),
    failure: result.statusEntries.filter((e) => !e.success).map((e) => e.code),
  };
}

async function toolkit(buf, mime, trustAnchors) {
  const settings = {
    verify: { verify_trust: true, ocsp_fetch: false, remote_manifest_fetch: false },
    // c2pa-rs keeps settings between calls: the default run must clear the anchors explicitly.
    trust: { trust_anchors: trustAnchors },
  };
  let report;
  try {
    const bytes = buf.buffer.slice(buf.byteOffset, buf.byteOffset + buf.byteLength);
    report = await getManifestStoreFromArrayBuffer(bytes, mime, JSON.stringify(settings));
  } catch (e) {
    const text = String(e);
    return { manifest: !/JumbfNotFound|no JUMBF/.test(text), error: text };
  }
  const store = report.manifest_store;
  const results = store.validation_results?.activeManifest ?? {};
  const codes = (list) => (list ?? []).map((s) => s.code);
  const manifest = store.manifests[store.active_manifest];
  const actions = (manifest?.assertions ?? [])
    .filter((a) => a.label.startsWith('c2pa.actions'))
    .flatMap((a) => a.data.actions)
    .map((a) => ({ action: a.action, digitalSourceType: a.digitalSourceType ?? null }));
  return {
    manifest: true,
    success: codes(results.success),
    informational: codes(results.informational),
    failure: codes(results.failure),
    status: codes(store.validation_status),
    claimGenerator: (manifest?.claim_generator_info ?? []).map((g) => `${g.name}/${g.version}`),
    signer: manifest?.signature_info?.common_name ?? null,
    issuer: manifest?.signature_info?.issuer ?? null,
    actions,
    ingredients: (manifest?.ingredients ?? []).map((i) => ({ title: i.title, relationship: i.relationship })),
  };
}

for (const file of files) {
  const buf = fs.readFileSync(file);
  const mime = mimeOf(buf);
  const out = { file: file.split('/').pop(), mime };
  out.c2paTs = await c2paTs(buf, mime);
  out.toolkitTrusted = await toolkit(buf, mime, ca);
  out.toolkitDefault = await toolkit(buf, mime, null);
  console.log(JSON.stringify(out));
}
