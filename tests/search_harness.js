// Runs themes/default/static/search.js in Node against a built index, with a minimal fake
// DOM whose script elements load files from disk, as a browser does from file://.
// Usage: node search_harness.js SEARCH_JS SITE_DIR pages QUERIES.json
//        node search_harness.js SEARCH_JS SITE_DIR search FILTERED_QUERIES.json
//        node search_harness.js SEARCH_JS - tokenize TEXTS.json
//        node search_harness.js SEARCH_JS - decode {"sets": [...], "postings": [...]}
// Prints one JSON value on stdout. The fake DOM throws on innerHTML, so any use of it fails.
"use strict";
const vm = require("vm");
const fs = require("fs");
const path = require("path");

const [searchJs, siteDir, mode, argFile] = process.argv.slice(2);
const code = fs.readFileSync(searchJs, "utf8");
const input = JSON.parse(fs.readFileSync(argFile, "utf8"));

class FakeNode {
  constructor() { this.childNodes = []; this.parentNode = null; }
  get firstChild() { return this.childNodes[0] || null; }
  appendChild(c) { c.parentNode = this; this.childNodes.push(c); if (this.onappend) this.onappend(c); return c; }
  removeChild(c) { this.childNodes = this.childNodes.filter((x) => x !== c); c.parentNode = null; return c; }
}
class FakeText extends FakeNode {
  constructor(t) { super(); this.data = String(t); }
  get textContent() { return this.data; }
  serialize() { return this.data.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;"); }
}
class FakeElement extends FakeNode {
  constructor(tag) {
    super();
    this.tagName = tag.toUpperCase();
    this.attrs = {};
    this.listeners = {};
    this.value = "";
    this.hidden = false;
    this.disabled = false;
    this.className = "";
  }
  setAttribute(k, v) { this.attrs[k] = String(v); }
  removeAttribute(k) { delete this.attrs[k]; }
  getAttribute(k) { return k in this.attrs ? this.attrs[k] : null; }
  addEventListener(t, f) { (this.listeners[t] = this.listeners[t] || []).push(f); }
  get textContent() { return this.childNodes.map((c) => c.textContent).join(""); }
  set textContent(t) { this.childNodes = []; this.appendChild(new FakeText(t)); }
  get innerHTML() { throw new Error("innerHTML read"); }
  set innerHTML(_) { throw new Error("innerHTML used"); }
  set outerHTML(_) { throw new Error("outerHTML used"); }
  insertAdjacentHTML() { throw new Error("insertAdjacentHTML used"); }
  serialize() {
    const attrs = Object.keys(this.attrs).map((k) => ` ${k}="${this.attrs[k]}"`).join("");
    const tag = this.tagName.toLowerCase();
    return `<${tag}${attrs}>${this.childNodes.map((c) => c.serialize()).join("")}</${tag}>`;
  }
  elements() {
    return [this].concat(...this.childNodes.filter((c) => c instanceof FakeElement).map((c) => c.elements()));
  }
}

function page(search) {
  const byId = {};
  const el = (tag, id) => { const e = new FakeElement(tag); if (id) { e.attrs.id = id; byId[id] = e; } return e; };
  const form = el("form", "tim-kiem");
  form.setAttribute("data-index", path.join(siteDir, "tim-kiem") + "/");
  form.setAttribute("data-root", "");
  el("input", "q");
  ["co-quan", "nam", "phong-trao", "loai"].forEach((id) => el("select", id));
  el("p", "trang-thai");
  el("ol", "ket-qua");
  el("section", "mot-phan");
  el("ol", "ket-qua-mot-phan");
  el("details", "bo-loc");
  el("button", "xem-them");
  const loaded = [];
  const head = new FakeElement("head");
  const sandbox = {
    URLSearchParams, setTimeout, clearTimeout, console,
    location: { search, pathname: "tim-kiem.html" },
    history: { replaceState() {}, pushState() {} },
    addEventListener() {},
  };
  sandbox.window = sandbox;
  sandbox.document = {
    head,
    getElementById: (id) => byId[id] || null,
    createElement: (t) => new FakeElement(t),
    createTextNode: (t) => new FakeText(t),
  };
  head.onappend = (s) => {
    setImmediate(() => {
      let js;
      try { js = fs.readFileSync(s.src, "utf8"); } catch (e) { s.onerror(e); return; }
      loaded.push(path.relative(siteDir, s.src));
      vm.runInContext(js, sandbox, { filename: s.src });
      s.onload();
    });
  };
  vm.createContext(sandbox);
  vm.runInContext(code, sandbox, { filename: "search.js" });
  return sandbox.VANBAN_SEARCH.ready.then(() => {
    const list = byId["ket-qua"];
    const part = byId["ket-qua-mot-phan"];
    const hrefs = (l) => l.elements().filter((e) => e.tagName === "A").map((a) => a.getAttribute("href"));
    return {
      status: byId["trang-thai"].textContent,
      count: byId["trang-thai"].getAttribute("data-count"),
      links: hrefs(list),
      partial: hrefs(part),
      tags: [...new Set(list.elements().map((e) => e.tagName))].sort(),
      html: list.serialize(),
      loaded,
      options: byId["co-quan"].childNodes.length,
    };
  });
}

// search.js run alone in a fresh context, as a page without a document would run it.
function sandboxed() {
  const sandbox = { console };
  sandbox.window = sandbox;
  vm.createContext(sandbox);
  vm.runInContext(code, sandbox);
  return sandbox;
}

// The engine alone, as the page runs it: each input {q, issuer, year, campaign, type} gives
// {full, partial, numbered}, the ranked doc ids.
async function search(queries) {
  const sandbox = sandboxed();
  const load = (file) => new Promise((resolve, reject) => {
    let js;
    try { js = fs.readFileSync(path.join(siteDir, "tim-kiem", file), "utf8"); } catch (e) { reject(e); return; }
    vm.runInContext(js, sandbox);
    resolve();
  });
  const engine = new sandbox.VANBAN_SEARCH.Engine(load);
  await engine.init();
  const out = [];
  for (const f of queries) {
    const r = await engine.search(f.q, f);
    out.push({ full: Array.from(r.full), partial: Array.from(r.partial), numbered: Array.from(r.numbered) });
  }
  return out;
}

async function main() {
  if (mode === "tokenize") {
    const R = sandboxed().VANBAN_SEARCH;
    return input.map((t) => JSON.parse(JSON.stringify(R.tokenize(t))));
  }
  if (mode === "decode") {
    const R = sandboxed().VANBAN_SEARCH;
    return {
      sets: input.sets.map((s) => Array.from(R.decodeSet(s))),
      postings: input.postings.map((s) => Array.from(R.decodePostings(s))),
    };
  }
  if (mode === "search") return search(input);
  const out = [];
  for (const q of input) out.push(await page(q));
  return out;
}

main().then(
  (v) => process.stdout.write(JSON.stringify(v)),
  (e) => { console.error(e && e.stack || e); process.exit(1); },
);
