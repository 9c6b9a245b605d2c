// mikiwame web page. Plain modern JavaScript, no dependency, no build step.
// Safety rules of this file: every value from a report or a mail goes into the page as text
// (textContent, text nodes, attribute values of our own elements), never as markup; nothing
// becomes a link; the mail's own HTML is shown only in a sandboxed frame (srcdoc, sandbox="")
// under the page's Content-Security-Policy, which runs no script and loads nothing remote.
'use strict';

const UI = {
  ja: {
    skip: '本文へ移動', menu: 'メニュー', nav_analyze: '解析する', nav_history: '履歴',
    input_title: '怪しいメールを調べる',
    input_lead: 'メールのファイル (.eml / .msg / .txt) をここにドロップするか、選ぶか、ソースを貼り付けてください。メールの中身が開かれたり実行されたりすることはありません。',
    drop_here: 'ここにメールをドロップ', choose_file: 'ファイルを選ぶ',
    paste_label: 'またはメールのソース（ヘッダーだけでも可）を貼り付け', analyze: '解析',
    token_label: 'このサーバーはトークンを求めています', token_save: '保存',
    history_title: '解析の履歴', f_verdict: '判定', all: 'すべて', f_brand: 'ブランド', f_domain: '送信者ドメイン',
    f_country: '送信元の国', search: '検索',
    footer: 'mikiwame はメールの内容を外部に送信せず、リンクも開きません。',
    v_phishing: 'フィッシング', v_spam: '迷惑メール', v_suspicious: '要注意', v_clean: '問題なし',
    verdict_prefix: '判定: ', score: 'スコア', subject: '件名',
    analysing: '解析しています…', done: '解析が終わりました。', failed: '解析できませんでした: ',
    too_large: 'ファイルが大きすぎます。', need_token: 'トークンを入力してください。',
    export_html: 'HTML で保存', export_md: 'Markdown で保存', export_json: 'JSON で保存', export_text: 'テキストで保存',
    print: '印刷', another: '別のメールを調べる', delete: 'この解析を削除', deleted: '削除しました。',
    findings: '検出事項', no_findings: '検出事項はありません。', brands: '名乗っているブランド', official: '公式ドメイン',
    identities: '差出人の情報', kind: '項目', value: '値', domain: 'ドメイン', matches: 'ブランドのドメインか',
    id_display_name: '表示名', id_from: 'From', id_return_path: 'Return-Path', id_reply_to: 'Reply-To', id_message_id: 'Message-ID',
    yes: 'はい', no: 'いいえ', not_applicable: '—',
    route: '送信経路', route_lead: '送信元から受信者まで、上から順に。', origin_hop: '送信元', unknown: '不明',
    delay: '前の中継から', seconds: '秒', no_route: 'Received ヘッダーがありません。',
    auth: '認証結果', auth_source: '出典',
    links: 'リンク', link: 'リンク先 (無害化済み)', text_shown: '表示テキスト', redirect: '転送先', notes_col: '特徴',
    recipient: '受信者のアドレス入り', no_links: 'リンクはありません。',
    attachments: '添付ファイル', filename: 'ファイル名', type: '種類', size: 'サイズ',
    mail: 'メールの中身', tab_text: 'テキスト', tab_html: 'HTML (隔離表示)', tab_source: 'ソース (根拠を強調)',
    html_note: 'メールの HTML は隔離された枠の中で表示しています。スクリプト・フォーム・外部の画像やリンク先は動きません。',
    no_html: 'このメールに HTML の本文はありません。', hidden_text: '読み手から隠されたテキスト',
    no_preview: 'このメールの本文は保存されていません (serve.store_raw = false)。', truncated: '大きすぎるため一部だけ表示しています。',
    notes: '注記', history_empty: '該当する解析はありません。', open: '開く', created: '日時', sender_domain: '送信者ドメイン',
    country: '国', prev: '前へ', next: '次へ', page_of: (a, b, n) => `${n} 件中 ${a}–${b} 件`,
    stage: { message: 'メッセージ', subject: '件名', sender: '差出人', received: '送信経路', auth: '認証', url: 'リンク',
      content: '本文', attachment: '添付ファイル', upstream: '上流のフィルタ', brand: 'ブランド', intel: '脅威情報', other: 'その他' },
    sev: { high: '高', medium: '中', low: '低', info: '情報' },
  },
  en: {
    skip: 'Skip to content', menu: 'Menu', nav_analyze: 'Analyse', nav_history: 'History',
    input_title: 'Check a suspicious mail',
    input_lead: 'Drop the mail file (.eml / .msg / .txt) here, choose it, or paste its source. Nothing in the mail is opened or run.',
    drop_here: 'Drop a mail here', choose_file: 'Choose a file',
    paste_label: 'Or paste the mail source (headers alone will do)', analyze: 'Analyse',
    token_label: 'This server asks for a token', token_save: 'Save',
    history_title: 'Past analyses', f_verdict: 'Verdict', all: 'All', f_brand: 'Brand', f_domain: 'Sender domain',
    f_country: 'Origin country', search: 'Search',
    footer: 'mikiwame sends nothing of the mail anywhere and opens none of its links.',
    v_phishing: 'Phishing', v_spam: 'Spam', v_suspicious: 'Suspicious', v_clean: 'Clean',
    verdict_prefix: 'Verdict: ', score: 'score', subject: 'Subject',
    analysing: 'Analysing…', done: 'Analysis done.', failed: 'Could not analyse: ',
    too_large: 'The file is too large.', need_token: 'Enter the token.',
    export_html: 'Save as HTML', export_md: 'Save as Markdown', export_json: 'Save as JSON', export_text: 'Save as text',
    print: 'Print', another: 'Check another mail', delete: 'Delete this analysis', deleted: 'Deleted.',
    findings: 'Findings', no_findings: 'No findings.', brands: 'Brand claimed', official: 'Official domains',
    identities: 'Sender identities', kind: 'Field', value: 'Value', domain: 'Domain', matches: "Brand's domain?",
    id_display_name: 'Display name', id_from: 'From', id_return_path: 'Return-Path', id_reply_to: 'Reply-To', id_message_id: 'Message-ID',
    yes: 'yes', no: 'no', not_applicable: '—',
    route: 'Route', route_lead: 'From the origin down to the recipient.', origin_hop: 'origin', unknown: 'unknown',
    delay: 'after the previous hop', seconds: 's', no_route: 'The mail has no Received fields.',
    auth: 'Authentication', auth_source: 'source',
    links: 'Links', link: 'Destination (defanged)', text_shown: 'Text shown', redirect: 'Redirects to', notes_col: 'Traits',
    recipient: "recipient's address inside", no_links: 'No links.',
    attachments: 'Attachments', filename: 'File name', type: 'Type', size: 'Size',
    mail: 'The mail', tab_text: 'Text', tab_html: 'HTML (sandboxed)', tab_source: 'Source (evidence marked)',
    html_note: "The mail's HTML is shown in a sandboxed frame: its scripts, forms, remote images and links do nothing.",
    no_html: 'This mail has no HTML body.', hidden_text: 'Text hidden from the reader',
    no_preview: 'The body of this mail was not kept (serve.store_raw = false).', truncated: 'Too large: only the start is shown.',
    notes: 'Notes', history_empty: 'No analysis matches.', open: 'Open', created: 'When', sender_domain: 'Sender domain',
    country: 'Country', prev: 'Previous', next: 'Next', page_of: (a, b, n) => `${a}–${b} of ${n}`,
    stage: { message: 'Message', subject: 'Subject', sender: 'Sender', received: 'Route', auth: 'Authentication', url: 'Links',
      content: 'Content', attachment: 'Attachments', upstream: 'Upstream filters', brand: 'Brand', intel: 'Threat intelligence', other: 'Other' },
    sev: { high: 'high', medium: 'medium', low: 'low', info: 'info' },
  },
};
const STAGE_ORDER = ['sender', 'received', 'auth', 'url', 'content', 'subject', 'attachment', 'brand', 'intel', 'upstream', 'message'];

const state = {
  lang: (navigator.language || '').startsWith('ja') ? 'ja' : 'en',
  report: null, // the view of the current report
  preview: null, // {text, html, hidden_text, truncated} of the current report, when known
  source: null, // the raw mail of the current report, when known
  historyOffset: 0,
};
try {
  const saved = localStorage.getItem('mikiwame.lang');
  if (saved === 'ja' || saved === 'en') state.lang = saved;
} catch (e) { /* storage may be disabled */ }

const $ = (id) => document.getElementById(id);
const t = (key) => UI[state.lang][key];

// el('p', {class: 'x'}, 'text', child…): children are nodes or strings (as text nodes).
function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === null || v === undefined || v === false) continue;
    node.setAttribute(k, v === true ? '' : String(v));
  }
  for (const child of children.flat()) {
    if (child === null || child === undefined || child === false) continue;
    node.append(child instanceof Node ? child : document.createTextNode(String(child)));
  }
  return node;
}

function flag(country) {
  if (!country || !/^[A-Z]{2}$/.test(country)) return '';
  return String.fromCodePoint(...[...country].map((c) => 0x1f1e6 + c.charCodeAt(0) - 65));
}

function setStatus(text, isError) {
  const status = $('status');
  status.textContent = text;
  status.classList.toggle('error', !!isError);
}

// ---- API -------------------------------------------------------------------------------
function token() {
  try { return sessionStorage.getItem('mikiwame.token') || ''; } catch (e) { return ''; }
}

async function api(path, options = {}) {
  const headers = Object.assign({}, options.headers || {});
  const tok = token();
  if (tok) headers.Authorization = 'Bearer ' + tok;
  const response = await fetch(path, Object.assign({}, options, { headers, credentials: 'same-origin', redirect: 'error' }));
  if (response.status === 401) {
    $('token-box').hidden = false;
    throw new Error(t('need_token'));
  }
  return response;
}

async function apiError(response) {
  try {
    const body = await response.json();
    if (body && body.error && body.error.message) return body.error.message;
  } catch (e) { /* not JSON */ }
  return 'HTTP ' + response.status;
}

// ---- analysing -------------------------------------------------------------------------
async function analyze(body, sourceText) {
  setStatus(t('analysing'));
  try {
    const response = await api('/api/v1/analyze?lang=' + state.lang, {
      method: 'POST',
      headers: body instanceof FormData ? {} : { 'Content-Type': 'message/rfc822' },
      body,
    });
    if (response.status === 413) throw new Error(t('too_large'));
    if (!response.ok) throw new Error(await apiError(response));
    const view = await response.json();
    state.report = view;
    state.preview = view.preview || null;
    state.source = sourceText;
    setStatus(t('done'));
    showReport();
  } catch (e) {
    setStatus(t('failed') + e.message, true);
  }
}

async function analyzeFile(file) {
  if (!file) return;
  const form = new FormData();
  form.append('file', file, file.name);
  let text = null;
  try { text = await file.text(); } catch (e) { text = null; }
  // A binary upload (.msg) is not shown as source.
  if (text !== null && text.slice(0, 8).includes('\u0000')) text = null;
  await analyze(form, text);
}


// ---- the report ------------------------------------------------------------------------
function verdictLabel(v) {
  return t('v_' + v) || v;
}

function section(titleKey, ...content) {
  const id = 'sec-' + titleKey;
  return el('section', { class: 'report-section', 'aria-labelledby': id }, el('h2', { id }, t(titleKey)), ...content);
}

function findingsSection(view) {
  if (!view.findings.length) return section('findings', el('p', {}, t('no_findings')));
  const groups = new Map();
  for (const f of view.findings) {
    const stage = UI.ja.stage[f.stage] ? f.stage : 'other';
    if (!groups.has(stage)) groups.set(stage, []);
    groups.get(stage).push(f);
  }
  const order = [...STAGE_ORDER, 'other'].filter((s) => groups.has(s));
  const blocks = order.map((stage) => el('div', { class: 'card stage', 'data-stage': stage },
    el('h3', {}, t('stage')[stage]),
    groups.get(stage).map((f) => el('div', { class: 'finding ' + f.severity, 'data-finding': f.id },
      el('div', { class: 'finding-title' },
        el('span', { class: 'sev ' + f.severity }, t('sev')[f.severity] || f.severity), f.title, ' ',
        el('span', { class: 'finding-id' }, '(' + f.id + ')')),
      f.evidence.length ? el('ul', { class: 'evidence' }, f.evidence.map((e) => el('li', {}, e))) : null))));
  return section('findings', blocks);
}

function brandsSection(view) {
  if (!view.brands_claimed.length) return null;
  return section('brands', view.brands_claimed.map((b) => el('div', { class: 'card brand' },
    el('h3', {}, b.name, ' ', el('span', { class: 'finding-id' }, '(' + b.id + ')')),
    el('p', {}, t('official') + ': ', b.official_domains.join(', ')),
    b.evidence.length ? el('ul', { class: 'evidence' }, b.evidence.map((e) => el('li', {}, e))) : null)));
}

function identitiesSection(view) {
  const ids = view.identities;
  const rows = ids.items.map((i) => el('tr', { 'data-identity': i.kind },
    el('th', { scope: 'row' }, t('id_' + i.kind) || i.kind),
    el('td', {}, i.value),
    el('td', {}, i.domain || t('not_applicable')),
    el('td', {}, i.official === null ? t('not_applicable')
      : el('span', { class: i.official ? 'ok' : 'ng' }, i.official ? '✓ ' + t('yes') : '✗ ' + t('no')))));
  return section('identities',
    el('div', { class: 'table-wrap' }, el('table', { class: 'identities' },
      el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('kind')), el('th', { scope: 'col' }, t('value')),
        el('th', { scope: 'col' }, t('domain')), el('th', { scope: 'col' }, t('matches')))),
      el('tbody', {}, rows))),
    ids.official_domains.length ? el('p', { class: 'note' }, t('official') + ': ', ids.official_domains.join(', ')) : null);
}

function routeSection(view) {
  if (!view.route.length) return section('route', el('p', {}, t('no_route')));
  const hops = view.route.map((h, i) => {
    const where = h.country ? [el('span', { class: 'flag', role: 'img', 'aria-label': h.country }, flag(h.country)), h.country] : [t('unknown')];
    const as = h.asn ? ' AS' + h.asn + (h.as_org ? ' (' + h.as_org + ')' : '') : '';
    const name = [h.from_rdns, h.from_helo].filter(Boolean).join(' / ');
    return el('li', { class: 'hop' + (h.origin ? ' origin' : ''), 'data-hop': i },
      el('div', { class: 'hop-head' }, ...where, ' ', h.from_ip || t('unknown'), as,
        h.origin ? el('span', { class: 'badge danger' }, t('origin_hop')) : null),
      name ? el('div', {}, name) : null,
      el('div', { class: 'note' }, [h.by ? 'by ' + h.by : null, h.with ? 'with ' + h.with : null, h.date].filter(Boolean).join(' · ')),
      h.delay_seconds !== null ? el('div', { class: 'hop-delay' }, '+' + h.delay_seconds + ' ' + t('seconds') + ' ' + t('delay')) : null);
  });
  const auth = view.auth;
  return [section('route', el('p', { class: 'note' }, t('route_lead')), el('ol', { class: 'route' }, hops)),
    section('auth', el('p', { class: 'auth-line' },
      `SPF=${auth.spf || '—'}  DKIM=${auth.dkim || '—'}  DMARC=${auth.dmarc || '—'}  (${t('auth_source')}: ${auth.source})`))];
}

function linksSection(view) {
  if (!view.links.length) return section('links', el('p', {}, t('no_links')));
  const rows = view.links.map((l) => el('tr', { class: 'link-row' },
    el('td', { class: 'url' }, el('code', {}, l.url.before, l.url.domain ? el('mark', {}, l.url.domain) : null, l.url.after)),
    el('td', {}, l.display_text || ''),
    el('td', {}, l.redirect_target ? el('code', {}, l.redirect_target) : ''),
    el('td', {}, l.contains_recipient ? el('span', { class: 'badge danger' }, t('recipient')) : null,
      l.flags.map((f) => el('span', { class: 'badge' }, f)))));
  return section('links', el('div', { class: 'table-wrap' }, el('table', { class: 'links' },
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('link')), el('th', { scope: 'col' }, t('text_shown')),
      el('th', { scope: 'col' }, t('redirect')), el('th', { scope: 'col' }, t('notes_col')))),
    el('tbody', {}, rows))));
}

function attachmentsSection(view) {
  if (!view.attachments.length) return null;
  return section('attachments', el('div', { class: 'table-wrap' }, el('table', {},
    el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, t('filename')), el('th', { scope: 'col' }, t('type')),
      el('th', { scope: 'col' }, t('size')), el('th', { scope: 'col' }, t('notes_col')))),
    el('tbody', {}, view.attachments.map((a) => el('tr', {}, el('td', {}, a.filename || ''), el('td', {}, a.content_type),
      el('td', {}, String(a.size)), el('td', {}, a.flags.map((f) => el('span', { class: 'badge' }, f)))))))));
}

// The source as text nodes, with the strings the evidence rests on wrapped in <mark>.
function highlighted(text, needles) {
  const pre = el('pre', { class: 'source', tabindex: 0 });
  const shown = text.length > 300000 ? text.slice(0, 300000) : text;
  const list = needles.filter((n) => n && n.length >= 4).sort((a, b) => b.length - a.length);
  let at = 0;
  while (at < shown.length) {
    let best = -1;
    let bestNeedle = '';
    for (const n of list) {
      const i = shown.indexOf(n, at);
      if (i !== -1 && (best === -1 || i < best || (i === best && n.length > bestNeedle.length))) { best = i; bestNeedle = n; }
    }
    if (best === -1) { pre.append(shown.slice(at)); break; }
    if (best > at) pre.append(shown.slice(at, best));
    pre.append(el('mark', {}, bestNeedle));
    at = best + bestNeedle.length;
  }
  if (shown.length < text.length) pre.append('\n…');
  return pre;
}

function mailSection(view) {
  const panels = {
    text: () => state.preview
      ? [state.preview.truncated ? el('p', { class: 'note' }, t('truncated')) : null, el('pre', { class: 'text-preview', tabindex: 0 }, state.preview.text)]
      : [el('p', { class: 'note' }, t('no_preview'))],
    html: () => {
      if (!state.preview) return [el('p', { class: 'note' }, t('no_preview'))];
      if (!state.preview.html) return [el('p', { class: 'note' }, t('no_html'))];
      // sandbox="" (every restriction): no script, no form, no navigation, no plugin, an
      // opaque origin; the srcdoc document inherits the page's CSP: no remote load.
      const frame = el('iframe', { class: 'html-preview', sandbox: '', referrerpolicy: 'no-referrer', title: t('tab_html') });
      frame.srcdoc = state.preview.html;
      return [el('p', { class: 'note' }, t('html_note')), frame,
        state.preview.hidden_text ? el('details', {}, el('summary', {}, t('hidden_text')), el('pre', { class: 'text-preview' }, state.preview.hidden_text)) : null];
    },
    source: () => state.source !== null
      ? [highlighted(state.source, view.highlights)]
      : [el('p', { class: 'note' }, t('no_preview'))],
  };
  const panel = el('div', { class: 'tab-panel', role: 'tabpanel', id: 'mail-panel' });
  const tabs = el('div', { class: 'tabs', role: 'tablist', 'aria-label': t('mail') });
  const select = (name) => {
    for (const b of tabs.children) {
      const on = b.dataset.tab === name;
      b.setAttribute('aria-selected', on ? 'true' : 'false');
      b.tabIndex = on ? 0 : -1;
    }
    panel.replaceChildren(...panels[name]().filter(Boolean));
    panel.setAttribute('aria-labelledby', 'tab-' + name);
  };
  for (const name of ['text', 'html', 'source']) {
    const b = el('button', { type: 'button', role: 'tab', id: 'tab-' + name, 'data-tab': name, 'aria-controls': 'mail-panel' }, t('tab_' + name));
    b.addEventListener('click', () => select(name));
    b.addEventListener('keydown', (e) => {
      if (e.key !== 'ArrowRight' && e.key !== 'ArrowLeft') return;
      const all = [...tabs.children];
      const next = all[(all.indexOf(b) + (e.key === 'ArrowRight' ? 1 : all.length - 1)) % all.length];
      select(next.dataset.tab);
      next.focus();
    });
    tabs.append(b);
  }
  select('text');
  return section('mail', tabs, panel);
}

async function exportReport(format) {
  const view = state.report;
  const response = await api(`/api/v1/reports/${view.id}?format=${format}&lang=${state.lang}&download=1`);
  if (!response.ok) { setStatus(t('failed') + await apiError(response), true); return; }
  const blob = await response.blob();
  const ext = { html: 'html', md: 'md', json: 'json', text: 'txt' }[format];
  const a = el('a', { download: `mikiwame-${view.id.slice(0, 12)}.${state.lang}.${ext}` });
  a.href = URL.createObjectURL(blob);
  document.body.append(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(a.href), 10000);
}

async function deleteReport() {
  const response = await api(`/api/v1/reports/${state.report.id}`, { method: 'DELETE' });
  if (response.status !== 204) { setStatus(t('failed') + await apiError(response), true); return; }
  state.report = null;
  showInput();
  setStatus(t('deleted'));
}

function showReport() {
  const view = state.report;
  const container = $('report-view');
  const toolbar = el('div', { class: 'toolbar', role: 'toolbar', 'aria-label': 'Export' });
  for (const [format, key] of [['html', 'export_html'], ['md', 'export_md'], ['json', 'export_json'], ['text', 'export_text']]) {
    const b = el('button', { type: 'button', 'data-export': format }, t(key));
    b.addEventListener('click', () => exportReport(format));
    toolbar.append(b);
  }
  const print = el('button', { type: 'button', class: 'secondary' }, t('print'));
  print.addEventListener('click', () => window.print());
  const another = el('button', { type: 'button', class: 'secondary', id: 'another' }, t('another'));
  another.addEventListener('click', showInput);
  const del = el('button', { type: 'button', class: 'secondary', id: 'delete-report' }, t('delete'));
  del.addEventListener('click', deleteReport);
  toolbar.append(print, another, del);

  const heading = el('h1', { id: 'verdict-title', tabindex: -1 }, t('verdict_prefix') + verdictLabel(view.verdict), ' ',
    el('span', { class: 'score' }, `(${t('score')} ${Number(view.score).toFixed(1)})`));
  const banner = el('div', { class: 'banner ' + view.verdict, 'data-verdict': view.verdict },
    heading, el('p', { class: 'subject' }, t('subject') + ': ', view.subject || '—'), el('p', { class: 'summary' }, view.summary));
  container.replaceChildren(banner, toolbar,
    ...[findingsSection(view), brandsSection(view), identitiesSection(view), routeSection(view), linksSection(view),
      attachmentsSection(view), mailSection(view),
      view.notes.length ? section('notes', el('ul', {}, view.notes.map((n) => el('li', {}, n)))) : null].flat().filter(Boolean));
  $('input-view').hidden = true;
  $('history-view').hidden = true;
  container.hidden = false;
  heading.focus();
}

async function openReport(id) {
  const response = await api(`/api/v1/reports/${id}?lang=${state.lang}`);
  if (!response.ok) { setStatus(t('failed') + await apiError(response), true); return; }
  const view = await response.json();
  state.report = view;
  state.preview = view.preview || null;
  state.source = null;
  if (view.raw_stored) {
    const raw = await api(`/api/v1/reports/${id}/raw`);
    if (raw.ok) state.source = await raw.text();
  }
  showReport();
}

// ---- history ---------------------------------------------------------------------------
async function loadHistory() {
  const params = new URLSearchParams();
  for (const [name, id] of [['verdict', 'f-verdict'], ['brand', 'f-brand'], ['sender_domain', 'f-domain'], ['country', 'f-country']]) {
    const v = $(id).value.trim();
    if (v) params.set(name, v);
  }
  params.set('limit', '20');
  params.set('offset', String(state.historyOffset));
  const list = $('history-list');
  const response = await api('/api/v1/reports?' + params.toString());
  if (!response.ok) { list.replaceChildren(el('p', { class: 'status error' }, await apiError(response))); return; }
  const page = await response.json();
  if (!page.items.length) { list.replaceChildren(el('p', {}, t('history_empty'))); return; }
  const rows = page.items.map((r) => {
    const open = el('button', { type: 'button', 'data-open': r.id }, t('open'));
    open.addEventListener('click', () => openReport(r.id));
    return el('tr', {}, el('td', {}, new Date(r.created * 1000).toLocaleString(state.lang)),
      el('td', {}, el('span', { class: 'badge' + (r.verdict === 'phishing' ? ' danger' : '') }, verdictLabel(r.verdict))),
      el('td', {}, r.subject), el('td', {}, r.brands), el('td', {}, r.sender_domain),
      el('td', {}, r.origin_country ? flag(r.origin_country) + ' ' + r.origin_country : ''), el('td', {}, open));
  });
  const first = page.offset + 1;
  const last = page.offset + page.items.length;
  const prev = el('button', { type: 'button' }, t('prev'));
  prev.disabled = page.offset === 0;
  prev.addEventListener('click', () => { state.historyOffset = Math.max(0, page.offset - page.limit); loadHistory(); });
  const next = el('button', { type: 'button' }, t('next'));
  next.disabled = last >= page.total;
  next.addEventListener('click', () => { state.historyOffset = page.offset + page.limit; loadHistory(); });
  list.replaceChildren(el('div', { class: 'table-wrap' }, el('table', { class: 'history' },
    el('thead', {}, el('tr', {}, [t('created'), t('f_verdict'), t('subject'), t('f_brand'), t('sender_domain'), t('country'), ''].map((h) => el('th', { scope: 'col' }, h)))),
    el('tbody', {}, rows))),
  el('div', { class: 'pager' }, prev, el('span', {}, t('page_of')(first, last, page.total)), next));
}

function showHistory() {
  $('input-view').hidden = true;
  $('report-view').hidden = true;
  $('history-view').hidden = false;
  state.historyOffset = 0;
  loadHistory().catch((e) => setStatus(e.message, true));
  $('history-title').setAttribute('tabindex', '-1');
  $('history-title').focus();
}

function showInput() {
  $('report-view').hidden = true;
  $('history-view').hidden = true;
  $('input-view').hidden = false;
  $('file-input').value = '';
  $('input-title').setAttribute('tabindex', '-1');
  $('input-title').focus();
}

// ---- language --------------------------------------------------------------------------
function applyLanguage() {
  document.documentElement.lang = state.lang;
  for (const node of document.querySelectorAll('[data-i18n]')) node.textContent = t(node.dataset.i18n);
  for (const node of document.querySelectorAll('[data-i18n-label]')) node.setAttribute('aria-label', t(node.dataset.i18nLabel));
  $('lang-ja').setAttribute('aria-pressed', state.lang === 'ja' ? 'true' : 'false');
  $('lang-en').setAttribute('aria-pressed', state.lang === 'en' ? 'true' : 'false');
}

async function setLanguage(lang) {
  state.lang = lang;
  try { localStorage.setItem('mikiwame.lang', lang); } catch (e) { /* storage disabled */ }
  applyLanguage();
  if (!$('report-view').hidden && state.report) {
    const response = await api(`/api/v1/reports/${state.report.id}?lang=${lang}`);
    if (response.ok) {
      const view = await response.json();
      state.report = view;
      if (view.preview) state.preview = view.preview;
      showReport();
    }
  } else if (!$('history-view').hidden) {
    loadHistory();
  }
}

// ---- wiring ----------------------------------------------------------------------------
function wire() {
  applyLanguage();
  $('file-input').addEventListener('change', (e) => analyzeFile(e.target.files[0]));
  const zone = $('dropzone');
  zone.addEventListener('dragover', (e) => { e.preventDefault(); zone.classList.add('dragging'); });
  zone.addEventListener('dragleave', () => zone.classList.remove('dragging'));
  zone.addEventListener('drop', (e) => {
    e.preventDefault();
    zone.classList.remove('dragging');
    if (e.dataTransfer && e.dataTransfer.files.length) analyzeFile(e.dataTransfer.files[0]);
  });
  // A file dropped anywhere else must not make the browser open it as a page.
  window.addEventListener('dragover', (e) => e.preventDefault());
  window.addEventListener('drop', (e) => e.preventDefault());
  $('paste-submit').addEventListener('click', () => {
    const text = $('paste-input').value;
    if (!text.trim()) { setStatus(t('failed') + 'empty', true); return; }
    analyze(text, text);
  });
  $('token-save').addEventListener('click', () => {
    try { sessionStorage.setItem('mikiwame.token', $('token-input').value.trim()); } catch (e) { /* storage disabled */ }
    $('token-box').hidden = true;
    setStatus('');
  });
  $('nav-analyze').addEventListener('click', showInput);
  $('nav-history').addEventListener('click', showHistory);
  $('f-apply').addEventListener('click', () => { state.historyOffset = 0; loadHistory(); });
  $('lang-ja').addEventListener('click', () => setLanguage('ja'));
  $('lang-en').addEventListener('click', () => setLanguage('en'));
}

document.addEventListener('DOMContentLoaded', wire);
