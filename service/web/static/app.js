/* qingxi: see what the cleaner did.
 *
 * A client of the public API and nothing more: the page posts the raw text and the options to
 * /v1/clean with explain=true and draws what comes back.
 *
 * Offsets. The edit log gives code-point offsets into the input, JavaScript strings count UTF-16
 * units, and the two differ for every character outside the BMP (CJK extension B, emoji, the
 * Kangxi supplement...). So the input is split once into code points (Array.from) and every
 * slice by an API offset is taken from that array; offsets in rendered output are UTF-16 units
 * of strings built here, and never mixed with API offsets.
 *
 * Highlighting the output. The articles are derived text (cut, trimmed, reordered by the
 * segmenter), so edit offsets cannot be placed in them directly. The page therefore
 * (1) replays the edit log over the input to rebuild the cleaned text, marking each replaced span
 *     where its new text lands (a thin bar where text was deleted): the "Cleaned text" view;
 * (2) in the "Articles" view, marks edits only inside a title, paragraph or caption that occurs
 *     verbatim in that rebuilt text within the article's span, so every mark there is exactly
 *     the edit at that place; strings that do not occur verbatim are shown unmarked.
 */
"use strict";

(() => {
  const API = "v1/clean";
  const KEY_STORE = "qingxi.apiKey";
  const BOOL_OPTS = ["segment", "unicode", "despace", "punctuation", "reflow", "repair", "dedupe", "explain"];
  const CHOICE_OPTS = ["script", "latin_spacing"];
  // one hue per pipeline step; rules of a step get nearby shades
  const HUES = { unicode: 268, despace: 205, punctuation: 32, script: 318, reflow: 150, repair: 0, dedupe: 52, segment: 95, markup: 180 };
  const STEP_ORDER = ["unicode", "despace", "punctuation", "script", "reflow", "repair", "dedupe"];

  const $ = (id) => document.getElementById(id);
  const state = {
    source: "", cps: [], resp: null, options: null, key: "",
    edits: [], rules: [], ruleIndex: new Map(), on: new Set(),
    outText: "", sel: -1, elapsedClient: 0,
  };

  // ---------------------------------------------------------------- small helpers
  const ESC = { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" };
  const esc = (s) => String(s).replace(/[&<>"']/g, (c) => ESC[c]);
  const visible = (s) => s === "" ? "∅" : s.replace(/ /g, "␣").replace(/\n/g, "↵").replace(/\t/g, "⇥")
    .replace(/[\u00a0\u200b-\u200f\u2060\ufeff\u3000]/g, (c) => `<U+${c.codePointAt(0).toString(16).toUpperCase().padStart(4, "0")}>`);
  const u16len = (cps, a, b) => { let n = 0; for (let i = a; i < b; i++) n += cps[i].length; return n; };

  function hashHue(s) {
    let h = 0;
    for (const c of s) h = (h * 31 + c.codePointAt(0)) >>> 0;
    return h;
  }

  function ruleColours(rule) {
    const step = rule.split(".")[0];
    const base = step in HUES ? HUES[step] : hashHue(step) % 360;
    const shade = (hashHue(rule) % 5) - 2; // -2..2
    const hue = (base + shade * 13 + 360) % 360;
    return { bg: `hsl(${hue} 85% ${86 - shade}%)`, fg: `hsl(${hue} 65% 36%)` };
  }

  // ---------------------------------------------------------------- tabs (roving tabindex)
  function setupTabs(list) {
    const tabs = [...list.querySelectorAll('[role="tab"]')];
    const select = (tab, focus) => {
      for (const t of tabs) {
        const on = t === tab;
        t.setAttribute("aria-selected", String(on));
        t.tabIndex = on ? 0 : -1;
        $(t.getAttribute("aria-controls")).hidden = !on;
      }
      if (focus) tab.focus();
    };
    for (const t of tabs) {
      t.addEventListener("click", () => select(t, false));
      t.addEventListener("keydown", (ev) => {
        const usable = tabs.filter((x) => !x.disabled);
        const i = usable.indexOf(t);
        let next = null;
        if (ev.key === "ArrowRight") next = usable[(i + 1) % usable.length];
        else if (ev.key === "ArrowLeft") next = usable[(i - 1 + usable.length) % usable.length];
        else if (ev.key === "Home") next = usable[0];
        else if (ev.key === "End") next = usable[usable.length - 1];
        if (next) { ev.preventDefault(); select(next, true); }
      });
    }
    select(tabs.find((t) => t.getAttribute("aria-selected") === "true") || tabs[0], false);
    return select;
  }

  // ---------------------------------------------------------------- messages
  // The API's 422 lists each field as {pointer: "#/options/script", detail: "..."} (RFC 6901
  // pointer in a fragment); any other shape is walked and printed path by path.
  function flatten(errors, path, out) {
    if (errors && typeof errors === "object" && typeof errors.pointer === "string") {
      const where = errors.pointer.replace(/^#\/?/, "") || "body";
      out.push(`${where}: ${errors.detail ?? ""}`);
    } else if (Array.isArray(errors)) {
      if (errors.every((e) => typeof e !== "object")) out.push(`${path || "body"}: ${errors.join(" ")}`);
      else errors.forEach((e, i) => flatten(e, `${path}[${i}]`, out));
    } else if (errors && typeof errors === "object") {
      for (const [k, v] of Object.entries(errors)) flatten(v, path ? `${path}.${k}` : k, out);
    } else if (errors !== undefined && errors !== null) {
      out.push(`${path || "body"}: ${errors}`);
    }
    return out;
  }

  function showError(p) {
    const box = $("error");
    const fields = p.errors ? flatten(p.errors, "", []) : [];
    box.innerHTML =
      `<p class="error-title">${esc(p.title || "Error")}${p.status ? ` <span class="code">${esc(p.status)}</span>` : ""}</p>` +
      (p.detail ? `<p class="error-detail">${esc(p.detail)}</p>` : "") +
      (fields.length ? `<ul>${fields.map((f) => `<li>${esc(f)}</li>`).join("")}</ul>` : "") +
      (p.hint ? `<p class="error-hint">${esc(p.hint)}</p>` : "");
    box.hidden = false;
  }

  const clearError = () => { $("error").hidden = true; $("error").innerHTML = ""; };
  const status = (html) => { $("status").innerHTML = html; };

  // ---------------------------------------------------------------- the request
  function readOptions() {
    const o = {};
    for (const n of CHOICE_OPTS) o[n] = $(`opt-${n}`).value;
    for (const n of BOOL_OPTS) o[n] = $(`opt-${n}`).checked;
    return o;
  }

  async function run(ev) {
    if (ev) ev.preventDefault();
    clearError();
    const text = $("text").value;
    if (!text.trim()) {
      showError({ title: "Nothing to clean", detail: "Paste the raw text of a page, drop a file on the input, or choose an example first." });
      $("text").focus();
      return;
    }
    const options = readOptions();
    const key = $("apikey").value.trim();
    if (key) sessionStorage.setItem(KEY_STORE, key); else sessionStorage.removeItem(KEY_STORE);
    const headers = { "Content-Type": "application/json", Accept: "application/json, application/problem+json" };
    if (key) headers.Authorization = `Bearer ${key}`;

    const button = $("clean");
    button.disabled = true;
    button.setAttribute("aria-busy", "true");
    status("Cleaning…");
    const t0 = performance.now();
    let res, body;
    try {
      res = await fetch(API, { method: "POST", headers, body: JSON.stringify({ text, options }) });
      const type = res.headers.get("content-type") || "";
      body = type.includes("json") ? await res.json().catch(() => null) : await res.text();
    } catch (err) {
      showError({ title: "The service did not answer", detail: `${err.message || err}. Is it running, and is this page served by it?` });
      status("No result.");
      return;
    } finally {
      button.disabled = false;
      button.removeAttribute("aria-busy");
    }
    state.elapsedClient = performance.now() - t0;
    if (!res.ok) {
      const p = body && typeof body === "object" ? body
        : { title: res.statusText || "Request failed", detail: typeof body === "string" ? body.slice(0, 300) : "" };
      if (!p.status) p.status = res.status;
      if (res.status === 401 || res.status === 403) {
        p.hint = key ? "The service did not accept this API key." : "This service needs an API key: enter it in the API key field and press Clean again.";
      }
      showError(p);
      status(`The request failed (${esc(res.status)}); nothing to show.`);
      if (res.status === 401 || res.status === 403) $("apikey").focus();
      return;
    }
    render(text, options, key, body);
  }

  // ---------------------------------------------------------------- rendering
  function render(text, options, key, resp) {
    state.source = text;
    state.cps = Array.from(text);
    state.resp = resp;
    state.options = options;
    state.key = key;
    state.sel = -1;
    const edits = (resp.edits || []).map((e, i) => ({ ...e, rules: e.rules && e.rules.length ? e.rules : [e.rule], n: i }));
    edits.sort((a, b) => a.start - b.start || a.end - b.end);
    edits.forEach((e, i) => { e.i = i; });
    state.edits = edits;

    // the rules that edited this page, in pipeline order
    const counts = new Map();
    for (const e of edits) for (const r of e.rules) counts.set(r, (counts.get(r) || 0) + 1);
    const stepRank = (r) => { const k = STEP_ORDER.indexOf(r.split(".")[0]); return k < 0 ? 99 : k; };
    state.rules = [...counts.keys()].sort((a, b) => stepRank(a) - stepRank(b) || a.localeCompare(b));
    state.ruleIndex = new Map(state.rules.map((r, k) => [r, k]));
    state.on = new Set(state.rules);
    for (const e of edits) e.r = state.ruleIndex.get(e.rule);

    paintRuleStyles();
    const bad = renderInput();
    renderOutput();
    renderArticles();
    renderFurniture();
    renderStats(counts, bad);
    renderJson();
    renderCurl();

    $("summary").hidden = false;
    $("tab-in-marked").disabled = false;
    if (edits.length) selectInputTab($("tab-in-marked"), false);
    const n = (resp.articles || []).length;
    const notes = [];
    if (!options.explain) notes.push("explain is off, so the service sent no edit log and no edits are marked");
    if (bad) notes.push(`${bad} edits did not match the input and are not marked`);
    status(`${n} article${n === 1 ? "" : "s"}, ${(resp.furniture || []).length} removed, ${edits.length} edits.` +
      (notes.length ? ` <strong>Note:</strong> ${esc(notes.join("; "))}.` : ""));
  }

  function paintRuleStyles() {
    const css = state.rules.map((r, k) => {
      const c = ruleColours(r);
      return `[data-r="${k}"]{--bg:${c.bg};--fg:${c.fg}}`;
    });
    $("rule-styles").textContent = css.join("\n");
  }

  function tip(e) {
    return `${e.rules.join(" + ")}\n${visible(e.before)} → ${visible(e.after)}\ninput ${e.start}–${e.end}`;
  }

  function markHtml(e, text, side) {
    const cls = ["ed"];
    if (!text) cls.push(side === "in" ? "ins" : "del");
    else if (text.includes("\n")) cls.push("nl"); // keeps its line breaks, shows a ↵
    else if (!text.trim()) cls.push("ws"); // spaces: at least a visible width
    if (!e.rules.some((r) => state.on.has(r))) cls.push("off");
    if (e.i === state.sel) cls.push("sel");
    return `<mark class="${cls.join(" ")}" data-i="${e.i}" data-r="${e.r}" title="${esc(tip(e))}">${esc(text)}</mark>`;
  }

  /** The input with every edit marked at its code-point span; returns how many edits did not fit. */
  function renderInput() {
    const cps = state.cps;
    const html = [];
    let p = 0, bad = 0;
    for (const e of state.edits) {
      const fits = e.start >= p && e.end <= cps.length && cps.slice(e.start, e.end).join("") === e.before;
      if (!fits) { e.bad = true; bad++; continue; }
      html.push(esc(cps.slice(p, e.start).join("")), markHtml(e, e.before, "in"));
      p = e.end;
    }
    html.push(esc(cps.slice(p).join("")));
    $("in-marked").innerHTML = html.join("");
    return bad;
  }

  /** Replay the edit log over the input: the cleaned text, each edit marked where it lands. */
  function renderOutput() {
    const cps = state.cps;
    const html = [], plain = [];
    let p = 0, u = 0;
    for (const e of state.edits) {
      if (e.bad) continue;
      const chunk = cps.slice(p, e.start).join("");
      plain.push(chunk, e.after);
      html.push(esc(chunk), markHtml(e, e.after, "out"));
      u += chunk.length;
      e.o0 = u;
      u += e.after.length;
      e.o1 = u;
      p = e.end;
    }
    const tail = cps.slice(p).join("");
    plain.push(tail);
    html.push(esc(tail));
    state.outText = plain.join("");
    state.good = state.edits.filter((e) => !e.bad);
    $("out-marked").innerHTML = html.join("");
  }

  /** Where input code point `s` lands in the rebuilt text (UTF-16 units). */
  function toOut(s, end) {
    const good = state.good;
    let lo = 0, hi = good.length; // first edit that starts at or after s
    while (lo < hi) {
      const m = (lo + hi) >> 1;
      if (good[m].start < s) lo = m + 1; else hi = m;
    }
    const prev = good[lo - 1];
    if (prev && s < prev.end) return end ? prev.o1 : prev.o0; // inside a replaced span
    const base = prev ? prev.end : 0, at = prev ? prev.o1 : 0;
    return at + u16len(state.cps, base, s);
  }

  /** `str` with the edits that lie inside it marked, if it occurs verbatim in [from, to). */
  function markedIn(str, from, to) {
    if (!str) return "";
    const out = state.outText;
    let q = out.indexOf(str, from);
    if (q < 0 || q + str.length > to) return esc(str);
    const end = q + str.length;
    const good = state.good;
    let lo = 0, hi = good.length;
    while (lo < hi) { const m = (lo + hi) >> 1; if (good[m].o1 < q) lo = m + 1; else hi = m; }
    const html = [];
    let p = q;
    for (let k = lo; k < good.length && good[k].o0 <= end; k++) {
      const e = good[k];
      const inside = e.o0 === e.o1 ? e.o0 > q && e.o0 < end : e.o0 >= q && e.o1 <= end;
      if (!inside || e.o0 < p) continue;
      html.push(esc(out.slice(p, e.o0)), markHtml(e, e.after, "out"));
      p = e.o1;
    }
    html.push(esc(out.slice(p, end)));
    return html.join("");
  }

  function renderArticles() {
    const arts = state.resp.articles || [];
    const box = $("articles");
    if (!arts.length) { box.innerHTML = `<p class="empty">No articles.</p>`; return; }
    const total = state.outText.length;
    box.innerHTML = arts.map((a, k) => {
      const [s0, s1] = a.span || [0, state.cps.length];
      const from = state.good.length ? toOut(s0, false) : 0;
      const to = state.good.length ? toOut(s1, true) : total;
      const m = (s) => markedIn(s, from, Math.min(total, to));
      const nEdits = state.good.filter((e) => e.start >= s0 && e.end <= s1).length;
      const meta = [a.dateline && `<span class="dateline">${esc(a.dateline)}</span>`,
        a.byline && `<span class="byline">${esc(a.byline)}</span>`].filter(Boolean).join(`<span class="dot" aria-hidden="true">·</span>`);
      const jump = a.continued ? (/^[（(]/.test(a.continued) ? a.continued : `（${a.continued}）`) : "";
      return `<article class="news kind-${esc(a.kind)}" aria-labelledby="a${k}-t">
        <div class="a-head">
          ${a.kind !== "article" ? `<span class="kind">${esc(a.kind)}</span>` : ""}
          <span class="n-edits">${nEdits} edit${nEdits === 1 ? "" : "s"}</span>
          <button type="button" class="locate" data-span="${s0},${s1}">Show in input</button>
        </div>
        ${a.kicker ? `<p class="kicker">${m(a.kicker)}</p>` : ""}
        <h3 class="title" id="a${k}-t">${a.title ? m(a.title) : `<span class="untitled">(no title)</span>`}</h3>
        ${a.subtitle ? `<p class="subtitle">${m(a.subtitle)}</p>` : ""}
        ${meta ? `<p class="meta">${meta}</p>` : ""}
        ${(a.paragraphs || []).map((p) => `<p class="para">${m(p)}</p>`).join("")}
        ${(a.captions || []).map((c) => `<figure class="caption"><figcaption>${m(c)}</figcaption></figure>`).join("")}
        ${jump ? `<p class="jump">${esc(jump)}</p>` : ""}
      </article>`;
    }).join("");
  }

  function renderFurniture() {
    const items = state.resp.furniture || [];
    $("furniture-box").hidden = !items.length;
    $("furn-h").textContent = `Removed as furniture (${items.length})`;
    $("furniture").innerHTML = items.map((f) => {
      const [s0, s1] = f.span || [0, 0];
      return `<li><span class="kind">${esc(f.kind)}</span>
        <button type="button" class="locate ftext" data-span="${s0},${s1}" title="Show in input (${s0}–${s1})">${esc(f.text)}</button></li>`;
    }).join("");
  }

  function renderStats(counts, bad) {
    const r = state.resp, s = r.stats || {};
    const row = (k, v) => v === undefined || v === null || v === "" ? "" : `<div><dt>${esc(k)}</dt><dd>${esc(v)}</dd></div>`;
    const script = r.script ? `${r.script.detected} → ${r.script.output}` : undefined;
    $("stats").innerHTML = [
      row("articles", s.articles ?? (r.articles || []).length),
      row("paragraphs", s.paragraphs),
      row("furniture", (r.furniture || []).length),
      row("edits", s.edits ?? state.edits.length),
      row("chars in → out", s.input_chars !== undefined ? `${s.input_chars} → ${s.output_chars}` : undefined),
      row("script", script),
      row("server ms", s.elapsed_ms),
      row("round trip ms", Math.round(state.elapsedClient)),
      row("version", r.version),
    ].join("");

    const list = $("rule-list");
    list.innerHTML = state.rules.map((rule, k) => `
      <span class="rule-chip" data-r="${k}">
        <input type="checkbox" id="rule-${k}" data-rule="${esc(rule)}" checked>
        <label for="rule-${k}"><span class="swatch" aria-hidden="true"></span>${esc(rule)} <span class="count">${counts.get(rule)}</span></label>
      </span>`).join("") || `<span class="muted">${state.options.explain ? "no edits" : "explain is off"}</span>`;
    updateEditInfo();
  }

  function renderJson() { $("json").textContent = JSON.stringify(state.resp, null, 2); }

  function shellQuote(s) { return `'${String(s).replace(/'/g, `'\\''`)}'`; }

  function renderCurl() {
    const url = new URL(API, document.baseURI).href;
    const auth = state.key ? `  -H "Authorization: Bearer $QINGXI_API_KEY" \\\n` : "";
    const body = JSON.stringify({ text: state.source, options: state.options });
    const query = new URLSearchParams(Object.entries(state.options).map(([k, v]) => [k, String(v)])).toString();
    $("curl").textContent =
      `curl -sS -X POST ${shellQuote(url)} \\\n  -H 'Content-Type: application/json' \\\n${auth}  --data-binary @- <<'JSON'\n${body}\nJSON\n\n` +
      `# or, with the page saved as page.txt:\ncurl -sS ${shellQuote(`${url}?${query}`)} \\\n  -H 'Content-Type: text/plain; charset=utf-8' \\\n${auth}  --data-binary @page.txt\n`;
  }

  // ---------------------------------------------------------------- interaction
  function applyFilter() {
    for (const m of document.querySelectorAll("mark.ed")) {
      const e = state.edits[+m.dataset.i];
      m.classList.toggle("off", !e.rules.some((r) => state.on.has(r)));
    }
    updateEditInfo();
  }

  const shown = () => state.edits.filter((e) => !e.bad && e.rules.some((r) => state.on.has(r)));

  function updateEditInfo() {
    const list = shown();
    const e = state.edits[state.sel];
    const info = $("edit-info");
    if (e && !e.bad) {
      const k = list.indexOf(e);
      info.innerHTML = `<span class="pos">${k >= 0 ? k + 1 : "–"} / ${list.length}</span> ` +
        `<span class="rule-name" data-r="${e.r}">${esc(e.rules.join(" + "))}</span> ` +
        `<span class="before" lang="zh-CN">${esc(visible(e.before))}</span> → <span class="after" lang="zh-CN">${esc(visible(e.after))}</span> ` +
        `<span class="muted">@${e.start}–${e.end}</span>`;
    } else {
      info.textContent = `${list.length} edit${list.length === 1 ? "" : "s"} shown`;
    }
    $("edit-prev").disabled = $("edit-next").disabled = !list.length;
  }

  /** Select edit `i` in every view; scroll each visible view to it (but the one clicked). */
  function selectEdit(i, scroll, clicked) {
    for (const m of document.querySelectorAll("mark.sel")) m.classList.remove("sel");
    state.sel = i;
    const marks = document.querySelectorAll(`mark.ed[data-i="${i}"]`);
    for (const m of marks) {
      m.classList.add("sel");
      if (scroll && m !== clicked && m.offsetParent) scrollWithin(m);
    }
    updateEditInfo();
  }

  function scrollWithin(el) {
    const panel = el.closest(".scroll");
    if (!panel) return;
    const r = el.getBoundingClientRect(), pr = panel.getBoundingClientRect();
    if (r.top < pr.top + 20 || r.bottom > pr.bottom - 20) panel.scrollTop += r.top - pr.top - pr.height / 3;
  }

  function step(dir) {
    const list = shown();
    if (!list.length) return;
    const cur = state.edits[state.sel];
    let k;
    if (!cur) k = dir > 0 ? 0 : list.length - 1;
    else {
      k = dir > 0 ? list.findIndex((e) => e.start > cur.start || (e.start === cur.start && e.i > cur.i))
        : list.findLastIndex((e) => e.start < cur.start || (e.start === cur.start && e.i < cur.i));
      if (k < 0) k = dir > 0 ? 0 : list.length - 1;
    }
    selectEdit(list[k].i, true);
  }

  /** Highlight input span [s0, s1) (code points) in the marked input and scroll to it. */
  function locate(s0, s1) {
    if ($("tab-in-marked").disabled) return;
    selectInputTab($("tab-in-marked"), false);
    const pre = $("in-marked");
    const walker = document.createTreeWalker(pre, NodeFilter.SHOW_TEXT);
    const range = document.createRange();
    let pos = 0, started = false, node;
    while ((node = walker.nextNode())) {
      const cps = Array.from(node.data);
      const len = cps.length;
      if (!started && s0 <= pos + len) { range.setStart(node, u16len(cps, 0, s0 - pos)); started = true; }
      if (started && s1 <= pos + len) { range.setEnd(node, u16len(cps, 0, s1 - pos)); break; }
      pos += len;
    }
    if (!started) return;
    if (window.CSS && CSS.highlights && window.Highlight) CSS.highlights.set("spot", new Highlight(range));
    const panel = $("panel-in-marked");
    const r = range.getBoundingClientRect(), pr = panel.getBoundingClientRect();
    panel.scrollTop += r.top - pr.top - 24;
  }

  function hot(i, on) {
    for (const m of document.querySelectorAll(`mark.ed[data-i="${i}"]`)) m.classList.toggle("hot", on);
  }

  async function loadExample(name) {
    if (!name) return;
    clearError();
    status("Loading the example…");
    try {
      const res = await fetch(`web/examples/${encodeURIComponent(name)}`);
      if (!res.ok) throw new Error(`${res.status} ${res.statusText}`);
      $("text").value = await res.text();
      status(`Loaded <code>${esc(name)}</code>. Press <kbd>Clean</kbd> to see what the cleaner does with it.`);
      selectInputTab($("tab-raw"), false);
    } catch (err) {
      showError({ title: "Could not load the example", detail: String(err.message || err) });
    }
  }

  async function loadFile(file) {
    if (!file) return;
    $("text").value = await file.text();
    $("example").value = "";
    status(`Loaded <code>${esc(file.name)}</code>. Press <kbd>Clean</kbd>.`);
    selectInputTab($("tab-raw"), false);
  }

  async function copy(text, button) {
    const label = button.textContent;
    try { await navigator.clipboard.writeText(text); button.textContent = "Copied"; }
    catch { button.textContent = "Select and copy by hand"; }
    setTimeout(() => { button.textContent = label; }, 1500);
  }

  let selectInputTab = () => {};

  function init() {
    const style = document.createElement("style");
    style.id = "rule-styles";
    document.head.append(style);

    for (const list of document.querySelectorAll('[role="tablist"]')) {
      const sel = setupTabs(list);
      if (list.closest(".pane").querySelector("#tab-raw")) selectInputTab = sel;
    }

    $("apikey").value = sessionStorage.getItem(KEY_STORE) || "";
    $("run").addEventListener("submit", run);
    $("text").addEventListener("keydown", (ev) => {
      if (ev.key === "Enter" && (ev.ctrlKey || ev.metaKey)) { ev.preventDefault(); $("run").requestSubmit(); }
    });
    $("text").addEventListener("input", () => {
      if (state.resp && $("text").value !== state.source) status("The text has changed since the last run: press <kbd>Clean</kbd> to see the new result.");
    });
    $("example").addEventListener("change", (ev) => loadExample(ev.target.value));
    $("file").addEventListener("change", (ev) => loadFile(ev.target.files[0]));

    const drop = $("panel-raw");
    drop.addEventListener("dragover", (ev) => { ev.preventDefault(); drop.classList.add("over"); });
    drop.addEventListener("dragleave", () => drop.classList.remove("over"));
    drop.addEventListener("drop", (ev) => {
      ev.preventDefault();
      drop.classList.remove("over");
      const file = ev.dataTransfer.files && ev.dataTransfer.files[0];
      if (file) loadFile(file);
      else { $("text").value = ev.dataTransfer.getData("text/plain"); }
    });

    $("rule-list").addEventListener("change", (ev) => {
      const rule = ev.target.dataset.rule;
      if (!rule) return;
      if (ev.target.checked) state.on.add(rule); else state.on.delete(rule);
      applyFilter();
    });
    const setAll = (on) => {
      state.on = new Set(on ? state.rules : []);
      for (const c of $("rule-list").querySelectorAll("input")) c.checked = on;
      applyFilter();
    };
    $("rules-all").addEventListener("click", () => setAll(true));
    $("rules-none").addEventListener("click", () => setAll(false));
    $("edit-next").addEventListener("click", () => step(1));
    $("edit-prev").addEventListener("click", () => step(-1));

    document.addEventListener("mouseover", (ev) => {
      const m = ev.target.closest && ev.target.closest("mark.ed");
      if (m) hot(m.dataset.i, true);
    });
    document.addEventListener("mouseout", (ev) => {
      const m = ev.target.closest && ev.target.closest("mark.ed");
      if (m) hot(m.dataset.i, false);
    });
    document.addEventListener("click", (ev) => {
      const m = ev.target.closest("mark.ed");
      if (m) { selectEdit(+m.dataset.i, true, m); return; }
      const loc = ev.target.closest("button.locate");
      if (loc) { const [a, b] = loc.dataset.span.split(",").map(Number); locate(a, b); }
    });

    $("copy-json").addEventListener("click", (ev) => copy($("json").textContent, ev.target));
    $("copy-curl").addEventListener("click", (ev) => copy($("curl").textContent, ev.target));
    $("save-json").addEventListener("click", () => {
      const a = document.createElement("a");
      a.href = URL.createObjectURL(new Blob([$("json").textContent], { type: "application/json" }));
      a.download = "qingxi-clean.json";
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 1000);
    });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
