// The playground end to end in headless Chromium (Debian's, driven by playwright-core), against a live server
// with API keys on: key entry, a generation with partial previews, a masked edit whose unmasked pixels stay
// exact, a branch, reload and history, an MCP server with an approval, axe-core, screenshots at desktop and
// phone widths. Prints one JSON line of findings; any failed check exits non-zero with what failed.
// Usage: node playground.mjs BASE_URL API_KEY MCP_URL OUT_DIR CHROMIUM
import assert from "node:assert/strict";
import fs from "node:fs";
import { createRequire } from "node:module";
import path from "node:path";
import { chromium } from "playwright-core";

const [base, key, mcpUrl, out, executablePath] = process.argv.slice(2);
const require = createRequire(import.meta.url);
const axeSource = fs.readFileSync(require.resolve("axe-core/axe.min.js"), "utf8");
const origin = new URL(base).origin;
const LONG = { timeout: 60_000 };
fs.mkdirSync(out, { recursive: true });

const browser = await chromium.launch({
  executablePath,
  headless: true,
  args: ["--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync"],
});
const findings = { consoleErrors: [], external: [] };
let keyEntered = false;
try {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  context.on("request", (r) => {
    const url = new URL(r.url());
    if (!["data:", "blob:"].includes(url.protocol) && url.origin !== origin) {
      findings.external.push(r.url());
    }
  });
  const page = await context.newPage();
  page.on("console", (m) => {
    // Before the key is typed in, the page's first call is refused (401) as it must be; nothing else may fail.
    if (m.type() === "error" && !(!keyEntered && /status of 401/.test(m.text()))) {
      findings.consoleErrors.push(m.text());
    }
  });
  page.on("pageerror", (e) => findings.consoleErrors.push(String(e)));
  // The order in which partial previews and final images appear, seen from outside the page's code.
  await page.addInitScript(() => {
    window.__shown = [];
    document.addEventListener("DOMContentLoaded", () => {
      const turnOf = (n) => [...document.querySelectorAll(".turn")].indexOf(n.closest(".turn"));
      new MutationObserver((records) => {
        for (const r of records) {
          const nodes = r.type === "attributes" ? [r.target] : [...r.addedNodes];
          for (const n of nodes) {
            if (n.nodeType === 1 && n.matches("img.partial, img.final")) {
              window.__shown.push({ kind: n.classList.contains("final") ? "final" : "partial", turn: turnOf(n) });
            }
          }
        }
      }).observe(document.body, { subtree: true, childList: true, attributes: true, attributeFilter: ["class"] });
    });
  });

  // axe-core in the page, as it is at that moment: its serious and critical violations.
  const audit = async () => {
    await page.evaluate(axeSource);
    const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
    return result.violations
      .filter((v) => ["serious", "critical"].includes(v.impact))
      .map((v) => ({ id: v.id, impact: v.impact, nodes: v.nodes.map((n) => n.target.join(" ")).slice(0, 5) }));
  };

  // 1. The key: refused without it, then kept.
  await page.goto(base);
  await page.getByText("This server needs an API key").waitFor(LONG);
  keyEntered = true;
  await page.getByLabel("API key", { exact: true }).fill(key);
  await page.getByRole("button", { name: "Use key" }).click();
  await page.getByText("Key accepted.").waitFor(LONG);
  findings.imageModels = await page.locator("#image-model option").allTextContents();
  assert.ok(findings.imageModels.length > 0, "the image model list is empty");

  // 2. A generation: partial previews, then the final image.
  await page.getByLabel("Size", { exact: true }).fill("128x128");
  await page.getByLabel("Seed", { exact: true }).fill("7");
  await page.getByLabel("Partial images", { exact: true }).fill("2");
  await page.getByLabel("Prompt", { exact: true }).fill("a lighthouse at dawn");
  await page.getByRole("button", { name: "Generate" }).click();
  const turns = page.locator("ol.turns > li.turn");
  await turns.nth(0).locator("img.final").waitFor(LONG);
  await page.locator('li.turn[data-status="completed"]').first().waitFor(LONG);
  const shown = await page.evaluate(() => window.__shown);
  const firstPartial = shown.findIndex((s) => s.kind === "partial" && s.turn === 0);
  const firstFinal = shown.findIndex((s) => s.kind === "final" && s.turn === 0);
  assert.ok(firstPartial >= 0, `no partial preview was shown: ${JSON.stringify(shown)}`);
  assert.ok(firstPartial < firstFinal, `the final image came before any partial: ${JSON.stringify(shown)}`);
  findings.partials = shown.filter((s) => s.kind === "partial" && s.turn === 0).length;
  const first = await turns.nth(0).getAttribute("data-response-id");

  // 3. A masked edit: paint the top-left area, edit, compare every pixel far from the mask.
  await turns.nth(0).getByRole("button", { name: "Paint a mask" }).click();
  const canvas = page.locator("#mask-canvas");
  await canvas.waitFor(LONG);
  await page.getByLabel("Brush size", { exact: true }).fill("10");
  findings.axeMaskDialog = await audit();
  assert.deepEqual(findings.axeMaskDialog, [], "axe: serious or critical violations in the mask painter");
  const box = await canvas.boundingBox();
  await page.mouse.move(box.x + box.width * 0.15, box.y + box.height * 0.15);
  await page.mouse.down();
  for (let i = 1; i <= 10; i++) {
    await page.mouse.move(box.x + box.width * (0.15 + 0.02 * i), box.y + box.height * (0.15 + 0.015 * i));
  }
  await page.mouse.up();
  await page.getByRole("button", { name: "Use mask" }).click();
  await page.locator("#mask-preview").waitFor(LONG);
  await page.getByLabel("Prompt", { exact: true }).fill("a red door");
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await page.locator('li.turn[data-status="completed"]').nth(1).waitFor(LONG);
  await turns.nth(1).locator("img.final").waitFor(LONG);
  const second = await turns.nth(1).getAttribute("data-response-id");
  const pixels = await page.evaluate(async () => {
    const load = (src) => new Promise((resolve, reject) => {
      const img = new Image();
      img.onload = () => resolve(img);
      img.onerror = reject;
      img.src = src;
    });
    const read = (img) => {
      const c = document.createElement("canvas");
      c.width = img.naturalWidth;
      c.height = img.naturalHeight;
      const g = c.getContext("2d");
      g.drawImage(img, 0, 0);
      return g.getImageData(0, 0, c.width, c.height);
    };
    const finals = document.querySelectorAll("ol.turns > li.turn img.final");
    const turnImg = document.querySelectorAll("ol.turns > li.turn")[1].querySelector(".you img.thumb");
    const [a, b, m] = await Promise.all([finals[0].src, finals[1].src, turnImg.src].map(load));
    const before = read(a);
    const after = read(b);
    const mask = read(m);
    const { width, height } = before;
    const near = new Uint8Array(width * height);
    let masked = 0;
    for (let y = 0; y < height; y++) {
      for (let x = 0; x < width; x++) {
        if (mask.data[(y * width + x) * 4 + 3] < 255) {
          masked++;
          for (let dy = -13; dy <= 13; dy++) {
            for (let dx = -13; dx <= 13; dx++) {
              const yy = y + dy;
              const xx = x + dx;
              if (yy >= 0 && yy < height && xx >= 0 && xx < width) {
                near[yy * width + xx] = 1;
              }
            }
          }
        }
      }
    }
    let kept = 0;
    let differ = 0;
    let changed = 0;
    for (let i = 0; i < width * height; i++) {
      const same = [0, 1, 2, 3].every((c) => before.data[i * 4 + c] === after.data[i * 4 + c]);
      if (near[i]) {
        changed += same ? 0 : 1;
      } else {
        kept++;
        differ += same ? 0 : 1;
      }
    }
    return { width, height, masked, kept, differ, changed, sizes: [after.width, mask.width] };
  });
  findings.maskedEdit = pixels;
  assert.ok(pixels.masked > 0 && pixels.kept > 0, `mask and kept area: ${JSON.stringify(pixels)}`);
  assert.equal(pixels.differ, 0, `pixels outside the mask changed: ${JSON.stringify(pixels)}`);

  // 4. A branch from the first turn.
  await turns.nth(0).getByRole("button", { name: "Edit from here" }).click();
  await page.getByText("Branches from turn 1").waitFor(LONG);
  await page.getByLabel("Prompt", { exact: true }).fill("the lighthouse at night");
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await page.locator('li.turn[data-status="completed"]').nth(1).waitFor(LONG);
  await page.locator("nav.branches button.branch").nth(1).waitFor(LONG);
  const third = await turns.nth(1).getAttribute("data-response-id");
  assert.notEqual(third, second, "the branch did not start a new turn");
  assert.equal(await turns.count(), 2, "the branch view should show turn 1 and the new branch");
  // Back to the first branch through the switcher.
  await page.locator(`nav.branches button[data-response-id="${second}"]`).click();
  await page.locator(`ol.turns > li.turn[data-response-id="${second}"]`).waitFor(LONG);

  // 5. Reload: the key, the conversation and the history are all still there.
  await page.reload();
  for (const id of [first, second, third]) {
    await page.locator(`#history li[data-response-id="${id}"]`).waitFor(LONG);
  }
  await page.locator(`ol.turns > li.turn[data-response-id="${second}"] img.final`).waitFor(LONG);

  // 6. An MCP server added in the panel; its call approved inline.
  await page.getByText("Add an MCP server").click();
  await page.getByLabel("Label", { exact: true }).fill("everything");
  await page.getByLabel("URL", { exact: true }).fill(mcpUrl);
  await page.getByLabel("Approval", { exact: true }).selectOption("always");
  await page.getByLabel("Allowed tools", { exact: true }).fill("get-tiny-image");
  await page.getByRole("button", { name: "Add server" }).click();
  await page.getByText("everything", { exact: true }).waitFor(LONG);
  await page.getByRole("button", { name: "New conversation", exact: true }).click();
  await page.getByLabel("Prompt", { exact: true }).fill("a poster of the tiny image");
  await page.getByRole("button", { name: "Generate" }).click();
  const approve = page.getByRole("button", { name: "Approve" });
  await approve.waitFor(LONG);
  findings.mcpTools = await turns.nth(0).locator(".item.mcp_list_tools summary").textContent();
  assert.match(findings.mcpTools, /get-tiny-image/, "the MCP server's listed tools are not shown");
  await approve.click();
  await page.locator('li.turn[data-status="completed"]').nth(1).waitFor(LONG);
  await turns.nth(1).locator(".item.mcp_call").waitFor(LONG);
  await turns.nth(1).locator("img.final").waitFor(LONG);
  findings.mcpCall = await turns.nth(1).locator(".item.mcp_call summary").textContent();
  await turns.nth(1).getByRole("button", { name: "Check provenance" }).click();
  await page.waitForFunction(() => {
    const line = document.querySelectorAll("ol.turns > li.turn")[1]?.querySelector(".provenance");
    return line && line.textContent.startsWith("C2PA");
  }, null, LONG);
  findings.provenance = await turns.nth(1).locator(".provenance").textContent();
  assert.match(findings.provenance, /C2PA: valid, trusted/, "the image's content credentials were not verified");

  // 7. An uploaded image to start from.
  const startPng = await page.evaluate(() => document.querySelector("ol.turns > li.turn img.final").src.split(",")[1]);
  await page.getByRole("button", { name: "Remove the MCP server everything" }).click();
  assert.equal(await page.locator("#mcp-servers li").count(), 0, "the MCP server was not removed");
  await page.getByRole("button", { name: "New conversation", exact: true }).click();
  await page.locator("#upload").setInputFiles({ name: "start.png", mimeType: "image/png",
    buffer: Buffer.from(startPng, "base64") });
  await page.getByText("Starts from start.png").waitFor(LONG);
  await page.getByLabel("Prompt", { exact: true }).fill("the same, in blue");
  await page.getByRole("button", { name: "Edit", exact: true }).click();
  await page.locator('li.turn[data-status="completed"]').first().waitFor(LONG);
  await turns.nth(0).locator("img.final").waitFor(LONG);
  assert.equal(await turns.nth(0).locator('.you img[alt="Uploaded image"]').count(), 1, "the upload is not shown");
  findings.uploadAction = await turns.nth(0).locator(".params").textContent();
  assert.match(findings.uploadAction, /edit/, "the uploaded image was not edited");

  // 8. Accessibility, at desktop width and at phone width; screenshots of both.
  findings.axeDesktop = await audit();
  await page.screenshot({ path: path.join(out, "playground-desktop.png"), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  findings.phoneOverflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  findings.axePhone = await audit();
  await page.screenshot({ path: path.join(out, "playground-phone.png"), fullPage: true });
  assert.deepEqual(findings.axeDesktop, [], "axe: serious or critical violations at desktop width");
  assert.deepEqual(findings.axePhone, [], "axe: serious or critical violations at phone width");
  assert.ok(findings.phoneOverflow <= 0, `the page is wider than a phone by ${findings.phoneOverflow}px`);
  assert.deepEqual(findings.consoleErrors, [], "console errors");
  assert.deepEqual(findings.external, [], "requests to other origins");
  findings.ok = true;
} catch (error) {
  findings.ok = false;
  findings.failure = String(error?.stack || error);
  process.exitCode = 1;
} finally {
  console.log(JSON.stringify(findings));
  await browser.close();
}
