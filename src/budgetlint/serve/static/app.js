/* budgetlint serve: the page. Plain script, no library, nothing loaded from elsewhere.
   Words come from WORDS (Chinese first); data from the server is only ever set as text. */
"use strict";

/* Every word the page says, Chinese first: key → [中文, English]. */
const WORDS = {
  title: ["预算审核", "Budget check"],
  tagline: ["知识产权领域财政事权和支出责任划分 · 预算表检查", "IP fiscal responsibilities between city and county · workbook check"],
  tab_check: ["检查预算表", "Check workbooks"],
  tab_lookup: ["查询与规则", "Look up & rules"],
  drop_title: ["把预算表拖到这里", "Drop budget workbooks here"],
  drop_or: ["或者", "or"],
  pick: ["选择文件", "Choose files"],
  limits: ["支持 {suffixes}；每个文件不超过 {mb} MB，一次最多 {n} 个。", "{suffixes}; up to {mb} MB each, {n} files at a time."],
  scheme: ["方案", "Scheme"],
  jurisdiction: ["辖区", "Jurisdiction"],
  auto: ["自动识别", "Detect"],
  start: ["开始检查", "Check"],
  privacy: ["文件只在运行 budgetlint 的这台电脑上处理，检查完就删除，不会发送到别处。", "Files are processed only on the computer running budgetlint, deleted after the check, and sent nowhere else."],
  remove: ["移除", "Remove"],
  checking: ["正在检查 {n} 个文件…", "Checking {n} file(s)…"],
  checked: ["检查完成，用时 {s} 秒。", "Checked in {s} s."],
  results: ["检查结果", "Results"],
  col_file: ["文件", "File"],
  col_placement: ["辖区与识别依据", "Jurisdiction, and how it was found"],
  col_scheme: ["方案", "Scheme"],
  col_lines: ["行数", "Lines"],
  col_findings: ["问题", "Findings"],
  downloads: ["下载", "Downloads"],
  annotated: ["标注副本（在原表上标出问题行）", "Annotated copies (your workbook with the flagged rows marked)"],
  forget: ["清除这次结果", "Clear these results"],
  report: ["审核报告", "Report"],
  totals: ["{files} 个文件，{failed} 个无法读取；{error} 个强制性问题，{warning} 个提示性问题，{info} 条提示信息。", "{files} file(s), {failed} unreadable; {error} must fix, {warning} need an explanation, {info} for information."],
  sev_error: ["强制性", "must fix"],
  sev_warning: ["提示性", "needs explanation"],
  sev_info: ["提示信息", "info"],
  no_findings: ["没有问题", "no findings"],
  unreadable: ["无法检查", "could not be checked"],
  how_chosen: ["按您的选择", "your choice"],
  "how_file name": ["文件名", "file name"],
  how_title: ["表格标题", "table title"],
  "how_单位名称": ["单位名称", "unit name"],
  placed_by: ["识别依据：{how}", "found in the {how}"],
  level_city: ["市级", "city"],
  level_county: ["县级", "county"],
  ann_pending: ["正在生成标注副本…", "Making the annotated copies…"],
  ann_none: ["没有需要标注的问题行。", "No rows to mark."],
  ann_failed: ["标注副本生成失败；检查结果不受影响。", "The annotated copies could not be made; the results stand."],
  ann_done: ["每个有问题的文件一份 Excel 副本：问题行按严重程度着色，并附批注。", "One Excel copy per workbook with findings: flagged rows coloured by severity, with a comment."],
  ann_skipped: ["{names} 超过 {n} 行，这里不生成标注副本；请用命令 budgetlint check --annotate。", "{names}: over {n} lines, so no annotated copy here; use budgetlint check --annotate."],
  fmt_html: ["HTML 报告", "HTML report"],
  fmt_xlsx: ["问题清单（Excel）", "Findings workbook (Excel)"],
  fmt_json: ["JSON", "JSON"],
  fmt_sarif: ["SARIF", "SARIF"],
  fmt_junit: ["JUnit XML", "JUnit XML"],
  fmt_text: ["文本", "Text"],
  fmt_github: ["GitHub 注释", "GitHub annotations"],
  err_too_many: ["一次最多检查 {limit} 个文件。", "At most {limit} files at a time."],
  err_file_too_large: ["“{name}”超过了每个文件 {limit_mb} MB 的上限。", "“{name}” is over the {limit_mb} MB limit per file."],
  err_too_large: ["上传的文件合计太大（上限 {limit_mb} MB）。", "The files are too large together (limit {limit_mb} MB)."],
  err_busy: ["正在处理其他检查，请稍后再试。", "Busy with other checks; try again in a moment."],
  err_no_files: ["请先选择预算表。", "Choose some workbooks first."],
  err_bad_upload: ["上传的数据不完整，请重试。", "The upload was incomplete; try again."],
  err_network: ["连接不上 budgetlint serve，它可能已经关闭。", "Cannot reach budgetlint serve; it may have stopped."],
  err_refused: ["请求被拒绝：请从 budgetlint serve 打印的地址打开本页。", "Request refused: open this page at the address budgetlint serve printed."],
  err_unknown_run: ["这次结果已过期，请重新检查。", "These results have expired; check again."],
  err_generic: ["出错了（{code}）。", "Something went wrong ({code})."],
  err_unknown_scheme: ["没有这个方案。", "No such scheme."],
  login_title: ["请输入访问口令", "Access token"],
  login_hint: ["这个页面在办公网络上共享，需要口令。口令显示在启动 budgetlint serve 的窗口里。", "This page is shared on the office network and needs the token shown in the window where budgetlint serve was started."],
  token: ["访问口令", "Access token"],
  enter: ["进入", "Enter"],
  wrong_token: ["口令不对。", "That is not the token."],
  explain_title: ["查询一行预算", "Look up one line"],
  explain_hint: ["输入一个项目，看 budgetlint 怎样判断它：匹配到的事权、范围、资金来源和结论。", "Type a project to see how budgetlint judges it: the duty it matches, scope, funding and verdict."],
  f_name: ["项目名称", "Project name"],
  f_description: ["项目概述（可不填）", "Description (optional)"],
  f_jurisdiction: ["辖区", "Jurisdiction"],
  f_funding: ["资金来源（可不填）", "Funding source (optional)"],
  explain_go: ["查询", "Look up"],
  explaining: ["正在查询…", "Looking up…"],
  schemes_title: ["已安装的方案", "Installed schemes"],
  rules_title: ["规则", "Rules"],
  duties: ["{n} 项事权", "{n} duties"],
  example: ["示例", "example"],
  show: ["查看事权", "Show duties"],
  local_only: ["本页不连接互联网", "this page uses no internet connection"],
};
const SEVERITIES = ["error", "warning", "info"];

const state = { lang: "zh", info: null, files: [], run: null, rules: null, poll: null };
const $ = (id) => document.getElementById(id);

const LANGS = ["zh", "en"];

function t(key, params) {
  let text = key in WORDS ? WORDS[key][LANGS.indexOf(state.lang)] : key;
  for (const [name, value] of Object.entries(params || {})) text = text.split("{" + name + "}").join(String(value));
  return text;
}

function el(tag, props, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(props || {})) {
    if (name === "class") node.className = value;
    else if (name === "text") node.textContent = value;
    else if (value !== undefined && value !== null) node.setAttribute(name, value);
  }
  for (const child of children) if (child !== null && child !== undefined) node.append(child);
  return node;
}

/* ---- language ------------------------------------------------------------------------- */

function setLang(lang) {
  state.lang = LANGS.includes(lang) ? lang : "zh";
  try { localStorage.setItem("budgetlint-lang", state.lang); } catch (e) { /* private mode */ }
  document.documentElement.lang = state.lang === "zh" ? "zh-CN" : "en";
  document.title = "budgetlint " + t("title");
  for (const node of document.querySelectorAll("[data-t]")) node.textContent = t(node.dataset.t);
  for (const button of document.querySelectorAll("[data-lang]")) button.setAttribute("aria-pressed", String(button.dataset.lang === state.lang));
  $("report").title = t("report");
  showLimits();
  showChosen();
  if (state.info) fillSchemes();
  if (state.run) showRun(state.run, true);
  if (state.rules) showRules();
}

/* ---- talking to the server -------------------------------------------------------------- */

async function call(method, url, body) {
  const options = { method, headers: {}, credentials: "same-origin" };
  if (body instanceof FormData) options.body = body;
  else if (body !== undefined) { options.body = JSON.stringify(body); options.headers["content-type"] = "application/json"; }
  let response;
  try { response = await fetch(url, options); } catch (e) { return { ok: false, status: 0, data: { error: "network" } }; }
  let data = null;
  if (response.status !== 204) { try { data = await response.json(); } catch (e) { data = null; } }
  if (response.status === 401) showLogin(true);
  return { ok: response.ok, status: response.status, data: data || {} };
}

function errorText(data) {
  const code = data.error || "";
  const known = {
    "too-many-files": "err_too_many", "file-too-large": "err_file_too_large", "too-large": "err_too_large",
    busy: "err_busy", "no-files": "err_no_files", "bad-upload": "err_bad_upload", network: "err_network",
    "wrong-host": "err_refused", "cross-origin": "err_refused", "unknown-run": "err_unknown_run",
    "unknown-scheme": "err_unknown_scheme", "wrong-token": "wrong_token",
  };
  if (data.message) return data.message;
  return known[code] ? t(known[code], data) : t("err_generic", { code: code || "?" });
}

function showLogin(show) {
  $("login").hidden = !show;
  $("panel-check").hidden = show || $("tab-check").getAttribute("aria-selected") !== "true";
  $("panel-lookup").hidden = show || $("tab-lookup").getAttribute("aria-selected") !== "true";
}

async function login(event) {
  event.preventDefault();
  const answer = await call("POST", "/api/login", { token: $("token").value });
  if (!answer.ok) { $("login-status").textContent = errorText(answer.data); return; }
  $("token").value = "";
  $("login-status").textContent = "";
  showLogin(false);
  await start();
}

async function start() {
  const answer = await call("GET", "/api/info");
  if (!answer.ok) { if (answer.status !== 401) setStatus(errorText(answer.data), true); return; }
  state.info = answer.data;
  $("version").textContent = state.info.version;
  showLimits();
  fillSchemes();
}

/* ---- choosing files ------------------------------------------------------------------- */

function showLimits() {
  if (!state.info) return;
  const limits = state.info.limits;
  $("limits").textContent = t("limits", { suffixes: state.info.suffixes.join(" "), mb: limits.max_file_mb, n: limits.max_files });
}

function size(bytes) {
  return bytes >= 1048576 ? (bytes / 1048576).toFixed(1) + " MB" : Math.max(1, Math.round(bytes / 1024)) + " KB";
}

function addFiles(list) {
  for (const file of list) {
    if (!state.files.some((f) => f.name === file.name && f.size === file.size && f.lastModified === file.lastModified)) state.files.push(file);
  }
  showChosen();
  setStatus("");
}

function showChosen() {
  const list = $("chosen");
  list.replaceChildren();
  state.files.forEach((file, index) => {
    const remove = el("button", { type: "button", class: "quiet small", text: t("remove") });
    remove.addEventListener("click", () => { state.files.splice(index, 1); showChosen(); });
    list.append(el("li", {}, el("span", { class: "fname", text: file.name }), el("span", { class: "fsize", text: size(file.size) }), remove));
  });
  $("start").disabled = state.files.length === 0;
}

function tooMuch() {
  const limits = state.info ? state.info.limits : null;
  if (!limits) return null;
  if (state.files.length > limits.max_files) return { error: "too-many-files", limit: limits.max_files };
  const big = state.files.find((f) => f.size > limits.max_file_mb * 1048576);
  return big ? { error: "file-too-large", name: big.name, limit_mb: limits.max_file_mb } : null;
}

function fillSchemes() {
  const schemes = state.info.schemes;
  const schemeSelect = $("scheme");
  const chosenScheme = schemeSelect.value;
  schemeSelect.replaceChildren(el("option", { value: "", text: t("auto") }));
  for (const s of schemes) schemeSelect.append(el("option", { value: s.id, text: s.city + (s.example ? "（" + t("example") + "）" : "") + " · " + (s.doc_number || s.id) }));
  schemeSelect.value = chosenScheme;
  fillJurisdictions($("jurisdiction"), schemes.filter((s) => !schemeSelect.value || s.id === schemeSelect.value), t("auto"));
  fillJurisdictions($("x-jurisdiction"), schemes, null);
  showSchemes();
}

function fillJurisdictions(select, schemes, autoLabel) {
  const chosen = select.value;
  select.replaceChildren();
  if (autoLabel !== null) select.append(el("option", { value: "", text: autoLabel }));
  for (const s of schemes) {
    const group = el("optgroup", { label: s.city });
    for (const j of s.jurisdictions) group.append(el("option", { value: j.name, "data-scheme": s.id, text: j.name + " · " + levelWord(j.level) }));
    select.append(group);
  }
  if ([...select.options].some((o) => o.value === chosen)) select.value = chosen;
}

function levelWord(level) {
  return "level_" + level in WORDS ? t("level_" + level) : level;
}

/* ---- a check ---------------------------------------------------------------------------- */

function setStatus(text, bad) {
  const status = $("status");
  status.textContent = text;
  status.classList.toggle("bad", Boolean(bad));
  status.classList.remove("busy");
}

async function check(event) {
  event.preventDefault();
  if (!state.files.length) { setStatus(t("err_no_files"), true); return; }
  const limit = tooMuch();
  if (limit) { setStatus(errorText(limit), true); return; }
  const form = new FormData();
  const jurisdiction = $("jurisdiction");
  const picked = jurisdiction.selectedOptions[0];
  form.append("lang", state.lang);
  form.append("scheme", $("scheme").value || (picked && picked.dataset.scheme) || "");
  form.append("jurisdiction", jurisdiction.value);
  for (const file of state.files) form.append("files", file, file.name);
  $("start").disabled = true;
  setStatus(t("checking", { n: state.files.length }));
  $("status").classList.add("busy");
  const began = performance.now();
  const answer = await call("POST", "/api/runs", form);
  $("start").disabled = state.files.length === 0;
  if (!answer.ok) { if (answer.status !== 401) setStatus(errorText(answer.data), true); return; }
  setStatus(t("checked", { s: ((performance.now() - began) / 1000).toFixed(1) }));
  showRun(answer.data, false);
  if (answer.data.annotated.status === "pending") watchAnnotated(answer.data.run);
}

function showRun(run, relabel) {
  state.run = run;
  $("results").hidden = false;
  const counts = run.findings;
  const failed = run.workbooks.filter((w) => w.error).length;
  $("totals").textContent = t("totals", { files: run.workbooks.length, failed, error: counts.error, warning: counts.warning, info: counts.info });
  const body = $("files").tBodies[0];
  body.replaceChildren(...run.workbooks.map(workbookRow));
  const links = $("downloads");
  const formats = [...state.info.formats].sort((a, b) => rank(a) - rank(b));
  links.replaceChildren(...formats.map((fmt) =>
    el("li", {}, el("a", { href: `/runs/${run.run}/download/${encodeURIComponent(fmt)}?lang=${state.lang}`, download: "", "data-format": fmt, class: "button", text: t("fmt_" + fmt) }))));
  showAnnotated(run);
  const src = `/runs/${run.run}/report.html?lang=${state.lang}`;
  if ($("report").getAttribute("src") !== src) $("report").setAttribute("src", src);
  if (!relabel) $("results").scrollIntoView({ behavior: "smooth", block: "start" });
}

/* The report and the findings workbook first: they are what a preparer opens. */
function rank(fmt) {
  const first = ["html", "xlsx"].indexOf(fmt);
  return first >= 0 ? first : 2;
}

function workbookRow(wb) {
  const name = el("td", { class: "fname", text: wb.name });
  if (wb.error) {
    return el("tr", { class: "failed" }, name, el("td", { colspan: "4" },
      el("strong", { text: t("unreadable") + "：" }), el("span", { class: "error-line", text: wb.error })));
  }
  const how = wb.placed_by.how;
  const place = el("td", {}, el("div", { text: wb.jurisdiction + " · " + (state.lang === "zh" ? wb.level_name : levelWord(wb.level)) }),
    el("div", { class: "hint", text: t("placed_by", { how: t("how_" + how) }) + (wb.placed_by.text ? "「" + wb.placed_by.text + "」" : "") }));
  const scheme = el("td", { title: wb.scheme.title, text: wb.scheme.doc_number || wb.scheme.id });
  const chips = el("td", { class: "chips" });
  for (const s of SEVERITIES) if (wb.findings[s]) chips.append(el("span", { class: "chip " + s, text: t("sev_" + s) + " " + wb.findings[s] }));
  if (!chips.childNodes.length) chips.append(el("span", { class: "chip ok", text: t("no_findings") }));
  return el("tr", {}, name, place, scheme, el("td", { class: "num", "data-label": t("col_lines"), text: String(wb.lines) }), chips);
}

function showAnnotated(run) {
  const a = run.annotated;
  let text = t("ann_" + a.status);
  if (a.status === "done" && a.skipped.length) text += " " + t("ann_skipped", { names: a.skipped.join("、"), n: a.max_lines });
  $("annotated-status").textContent = text;
  $("annotated").replaceChildren(...run.annotated.files.map((name, index) =>
    el("li", {}, el("a", { href: `/runs/${run.run}/annotated/${index}`, download: "", class: "button", text: name }))));
}

function watchAnnotated(runId) {
  clearTimeout(state.poll);
  state.poll = setTimeout(async () => {
    if (!state.run || state.run.run !== runId) return;
    const answer = await call("GET", `/api/runs/${runId}`);
    if (!answer.ok || !state.run || state.run.run !== runId) return;
    state.run.annotated = answer.data.annotated;
    showAnnotated(state.run);
    if (answer.data.annotated.status === "pending") watchAnnotated(runId);
  }, 700);
}

async function forget() {
  if (!state.run) return;
  await call("DELETE", `/api/runs/${state.run.run}`);
  state.run = null;
  $("report").removeAttribute("src");
  $("results").hidden = true;
  setStatus("");
}

/* ---- look up, schemes, rules ------------------------------------------------------------ */

async function explain(event) {
  event.preventDefault();
  const select = $("x-jurisdiction");
  const picked = select.selectedOptions[0];
  const out = $("explain-out");
  out.hidden = false;
  out.classList.remove("bad");
  out.textContent = t("explaining");
  const answer = await call("POST", "/api/explain", {
    name: $("x-name").value, description: $("x-description").value, jurisdiction: select.value,
    funding: $("x-funding").value, scheme: picked ? picked.dataset.scheme : "", lang: state.lang,
  });
  out.textContent = answer.ok ? answer.data.text : errorText(answer.data);
  out.classList.toggle("bad", !answer.ok);
}

function showSchemes() {
  const list = $("schemes");
  list.replaceChildren(...state.info.schemes.map((s) => {
    const button = el("button", { type: "button", class: "quiet small", "data-scheme": s.id, text: t("show") });
    button.addEventListener("click", () => showScheme(s.id));
    return el("li", {}, el("div", {}, el("strong", { text: s.title }), s.example ? el("span", { class: "chip info", text: t("example") }) : null),
      el("div", { class: "hint", text: [s.doc_number, s.date, t("duties", { n: s.duties }), s.id].filter(Boolean).join(" · ") }), button);
  }));
}

async function showScheme(id) {
  const out = $("scheme-out");
  const answer = await call("GET", `/api/schemes/${encodeURIComponent(id)}`);
  out.hidden = false;
  out.textContent = answer.ok ? answer.data.text : errorText(answer.data);
}

async function loadRules() {
  if (state.rules) return;
  const answer = await call("GET", "/api/rules");
  if (!answer.ok) return;
  state.rules = answer.data;
  showRules();
}

function showRules() {
  $("rules").replaceChildren(...state.rules.map((rule) => el("details", { class: "rule", "data-code": rule.code },
    el("summary", {}, el("code", { text: rule.code }), " ", el("strong", { text: rule.name }), " ",
      el("span", { class: "chip " + rule.severity, text: t("sev_" + rule.severity) }), " ", el("span", { text: rule.summary[state.lang] })),
    el("pre", { class: "trail", text: rule.doc[state.lang] }))));
}

/* ---- tabs and wiring -------------------------------------------------------------------- */

function showTab(name) {
  for (const tab of ["check", "lookup"]) {
    $("tab-" + tab).setAttribute("aria-selected", String(tab === name));
    $("panel-" + tab).hidden = tab !== name || !$("login").hidden;
  }
  if (name === "lookup") loadRules();
}

function wire() {
  const drop = $("drop");
  const pick = $("pick");
  for (const kind of ["dragover", "drop"]) document.addEventListener(kind, (e) => e.preventDefault());
  drop.addEventListener("dragenter", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragover", (e) => { e.preventDefault(); drop.classList.add("over"); });
  drop.addEventListener("dragleave", () => drop.classList.remove("over"));
  drop.addEventListener("drop", (e) => {
    e.preventDefault();
    drop.classList.remove("over");
    if (e.dataTransfer && e.dataTransfer.files.length) addFiles(e.dataTransfer.files);
  });
  drop.addEventListener("keydown", (e) => { if (e.key === "Enter" || e.key === " ") { e.preventDefault(); pick.click(); } });
  pick.addEventListener("change", () => { addFiles(pick.files); pick.value = ""; });
  $("scheme").addEventListener("change", fillSchemes);
  $("check-form").addEventListener("submit", check);
  $("forget").addEventListener("click", forget);
  $("explain-form").addEventListener("submit", explain);
  $("login-form").addEventListener("submit", login);
  $("tab-check").addEventListener("click", () => showTab("check"));
  $("tab-lookup").addEventListener("click", () => showTab("lookup"));
  for (const button of document.querySelectorAll("[data-lang]")) button.addEventListener("click", () => setLang(button.dataset.lang));
}

document.addEventListener("DOMContentLoaded", () => {
  wire();
  let lang = new URLSearchParams(location.search).get("lang");
  if (!lang) { try { lang = localStorage.getItem("budgetlint-lang"); } catch (e) { lang = null; } }
  setLang(lang || "zh");
  start();
});
