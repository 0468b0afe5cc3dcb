// The tools panel: remote MCP servers (label, URL, approval policy, allowed tools, headers) and web search,
// turned into the request's `tools`. Headers are secrets: they live in this page's memory only and are sent
// with each request, as the server keeps none of them.

const SAVED = "easel.mcpServers";

export class ToolsPanel {
  constructor(root) {
    this.list = root.getElementById("mcp-servers");
    this.form = root.getElementById("mcp-form");
    this.search = root.getElementById("web-search");
    this.fields = {
      label: root.getElementById("mcp-label"),
      url: root.getElementById("mcp-url"),
      approval: root.getElementById("mcp-approval"),
      allowed: root.getElementById("mcp-allowed"),
      headers: root.getElementById("mcp-headers"),
    };
    this.servers = load();
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      this.add();
    });
    this.render();
  }

  add() {
    const f = this.fields;
    const label = f.label.value.trim();
    let headers;
    try {
      headers = parseHeaders(f.headers.value);
    } catch (error) {
      f.headers.setCustomValidity(error.message);
      f.headers.reportValidity();
      return;
    }
    f.headers.setCustomValidity("");
    if (this.servers.some((s) => s.label === label)) {
      f.label.setCustomValidity(`A server is already labelled ${label}.`);
      f.label.reportValidity();
      return;
    }
    f.label.setCustomValidity("");
    this.servers.push({
      label,
      url: f.url.value.trim(),
      approval: f.approval.value,
      allowed: f.allowed.value.split(",").map((t) => t.trim()).filter(Boolean),
      headers,
      enabled: true,
    });
    this.form.reset();
    this.save();
    this.render();
  }

  save() {
    try {
      localStorage.setItem(SAVED, JSON.stringify(this.servers.map(({ headers, ...kept }) => kept)));
    } catch {
      // storage off: the servers last for this page
    }
  }

  render() {
    this.list.replaceChildren(
      ...this.servers.map((server, i) => {
        const li = document.createElement("li");
        li.className = "server";
        const toggle = document.createElement("input");
        toggle.type = "checkbox";
        toggle.id = `mcp-on-${i}`;
        toggle.checked = server.enabled;
        toggle.addEventListener("change", () => {
          server.enabled = toggle.checked;
          this.save();
        });
        const label = document.createElement("label");
        label.htmlFor = toggle.id;
        label.textContent = server.label;
        const about = document.createElement("span");
        about.className = "help";
        const headerCount = Object.keys(server.headers || {}).length;
        about.textContent = `${server.url} · ${server.approval === "never" ? "no approval" : "approve each call"}`
          + (server.allowed.length ? ` · ${server.allowed.join(", ")}` : " · all tools")
          + (headerCount ? ` · ${headerCount} header(s) in memory` : "");
        const remove = document.createElement("button");
        remove.type = "button";
        remove.textContent = "Remove";
        remove.setAttribute("aria-label", `Remove the MCP server ${server.label}`);
        remove.addEventListener("click", () => {
          this.servers.splice(i, 1);
          this.save();
          this.render();
        });
        li.append(toggle, label, about, remove);
        return li;
      }),
    );
  }

  /** The request's tools besides image generation. */
  tools() {
    const tools = this.servers
      .filter((s) => s.enabled)
      .map((s) => {
        const tool = { type: "mcp", server_label: s.label, server_url: s.url, require_approval: s.approval };
        if (s.allowed.length) {
          tool.allowed_tools = s.allowed;
        }
        if (s.headers && Object.keys(s.headers).length) {
          tool.headers = s.headers;
        }
        return tool;
      });
    if (this.search.value !== "off") {
      tools.push({ type: "web_search" });
    }
    return tools;
  }

  /** The request's tool_choice, if the panel asks for one. */
  toolChoice() {
    return this.search.value === "always" ? { type: "web_search" } : undefined;
  }
}

function load() {
  try {
    const saved = JSON.parse(localStorage.getItem(SAVED) || "[]");
    return Array.isArray(saved) ? saved.map((s) => ({ ...s, allowed: s.allowed || [], headers: {} })) : [];
  } catch {
    return [];
  }
}

function parseHeaders(text) {
  const headers = {};
  for (const line of text.split("\n")) {
    if (!line.trim()) {
      continue;
    }
    const colon = line.indexOf(":");
    if (colon <= 0) {
      throw new Error(`"${line.trim().slice(0, 40)}" is not "Name: value".`);
    }
    headers[line.slice(0, colon).trim()] = line.slice(colon + 1).trim();
  }
  return headers;
}
