// The clerk's intake form (index.html) on the credit WebAssembly module (credit-wasm/pkg-web/,
// `wasm-bindgen --target web`). Every rule, date and verdict comes from the module; this file only
// builds the inputs and words the results in Chinese or English (no markdown).
import init, { Engine, validateUscc, validateResidentId } from '../../credit-wasm/pkg-web/credit_wasm.js';

const $ = (id) => document.getElementById(id);

const TEXT = {
  zh: {
    title: '信用核查受理表', switchTo: 'English', switchLabel: 'Switch to English', ready: '已就绪：{policy}',
    ids: '主体标识', uscc: '统一社会信用代码', rid: '公民身份号码',
    objection: '异议申请', jurisdiction: '受理辖区', filed: '收到异议日期',
    measure: '拟采取的惩戒措施', conduct: '失信行为', severity: '严重程度', list: '名单', decided: '认定日期',
    notice: '列入名单前已告知', measureName: '措施', target: '措施对象', by: '实施主体', asof: '核查日期',
    about: '依据国家及地方公共信用规则计算；节假日按国务院办公厅通知，未公布年份按《全国年节及纪念日放假办法》推算并标注“暂定”。',
    progress: '已输入 {n}/18 位', valid: '有效', validUscc: '有效的统一社会信用代码', validRid: '有效的公民身份号码',
    tooLong: '长度应为 18 位，实际 {n} 位', empty: '请输入号码', badChar: '第 {p} 位的“{c}”不是允许的字符',
    badCheck: '第 18 位校验码应为 {e}，实际为 {c}', badDept: '第 1 位登记管理部门代码无效', badCat: '第 2 位机构类别代码无效',
    badDiv: '第 {p} 位起的行政区划代码无效', badBirth: '第 7–14 位出生日期不是有效日期', futureBirth: '出生日期晚于今天',
    finding: '提示：{m}',
    clock: '答复时限', due: '答复截止日', extended: '延长时限', extendedDue: '延长后截止日', markDue: '标注异议截止日',
    suspends: '异议期间暂停惩戒措施', marks: '异议期间标注记录', yes: '是', no: '否', receiving: '受理机构',
    holidays: '跳过的节假日', makeUp: '计入的调休工作日', weekends: '跳过的普通周末', none: '无', days: '{n} 天', day: '{n} 天',
    provisional: '暂定：{years} 年的国务院放假通知尚未公布，日期按法定节假日推算，通知公布后可能变动。',
    source: '依据', rulesLabel: '适用规则', errorPrefix: '无法计算：',
    sevDefault: '按失信行为认定', noList: '未列入名单', byNone: '未指定',
    verdict: '结论', allowed: '可以采取', refused: '不得采取', failed: '未通过的审查', passedAll: '全部审查通过',
    measureProvisional: '暂定：结论依据的条目或日期尚未确认（如置信度为 S/U 的条目或推算的节假日）。',
    citations: '引用', legalBasis: '法律依据', rule: '规则', exampleSubject: '（主体标识未填或无效，按示例主体核查）',
    sev: { minor: '轻微', general: '一般', serious: '严重' },
    checks: {
      catalogue: '措施不在本辖区惩戒措施清单内或不在有效期内', legal_basis: '缺少足够位阶的法律依据',
      record_in_force: '记录不在惩戒期内', not_suspended: '异议处理期间暂停执行', scope: '记录不属于惩戒范围',
      relevance: '措施的实施事由不包含本记录', not_lifted: '措施已因履行义务等事由解除',
      proportionality: '措施对该严重程度的失信过重（过罚相当）', subject_kind: '措施不适用于该类主体',
      voluntary_only: '该实施主体只能依法自主决定，不得要求其采取', notice: '列入名单前未依法告知',
    },
    recordStatus: '记录状态', statuses: { active: '惩戒期内', suspended: '暂停执行', expired: '已届满', repaired: '已修复', removed: '已移出', exited: '已退出', revoked: '已撤销' },
    targets: { natural_person: '自然人', legal_person: '法人', other_organization: '非法人组织', legal_representative: '法定代表人', responsible_person: '主要负责人或直接责任人' },
    actors: { administrative_body: '行政机关', court: '人民法院', financial_institution: '金融机构', credit_agency: '信用服务机构', industry_association: '行业协会商会', news_media: '新闻媒体', market_actor: '其他市场主体' },
  },
  en: {
    title: 'Credit check intake form', switchTo: '中文', switchLabel: '切换到中文', ready: 'Ready: {policy}',
    ids: 'Subject identifiers', uscc: 'Unified social credit code', rid: 'Resident identity number',
    objection: 'Objection', jurisdiction: 'Jurisdiction', filed: 'Objection received on',
    measure: 'Proposed sanction measure', conduct: 'Conduct', severity: 'Severity', list: 'List', decided: 'Decided on',
    notice: 'Notified before listing', measureName: 'Measure', target: 'Aimed at', by: 'Who acts', asof: 'Checked on',
    about: 'Computed from the national and local public-credit rules; holidays follow the State Council notices, and years without a notice are projected from the holiday statute and marked provisional.',
    progress: '{n} of 18 characters entered', valid: 'valid', validUscc: 'Valid unified social credit code', validRid: 'Valid resident identity number',
    tooLong: 'must be 18 characters; {n} entered', empty: 'enter a number', badChar: 'character {c} at position {p} is not allowed',
    badCheck: 'check character at position 18 should be {e}, not {c}', badDept: 'registration department code at position 1 is not valid', badCat: 'organisation category code at position 2 is not valid',
    badDiv: 'administrative division code from position {p} is not valid', badBirth: 'birth date at positions 7–14 is not a calendar date', futureBirth: 'birth date is after today',
    finding: 'Note: {m}',
    clock: 'Reply clock', due: 'Reply due', extended: 'Extended clock', extendedDue: 'Extended due', markDue: 'Record marked by',
    suspends: 'Measures suspended while pending', marks: 'Record marked while pending', yes: 'yes', no: 'no', receiving: 'Received by',
    holidays: 'Holidays skipped', makeUp: 'Make-up working days counted', weekends: 'Ordinary weekend days skipped', none: 'none', days: '{n} days', day: '{n} day',
    provisional: 'Provisional: the State Council holiday notice for {years} is not published yet; the dates are projected from the statutory holidays and may move when it is.',
    source: 'Source', rulesLabel: 'Rules', errorPrefix: 'Cannot compute: ',
    sevDefault: 'as the conduct is classed', noList: 'not listed', byNone: 'not given',
    verdict: 'Verdict', allowed: 'may be taken', refused: 'may not be taken', failed: 'Failed checks', passedAll: 'every check passed',
    measureProvisional: 'Provisional: the conclusion rests on an entry or date not yet confirmed (an entry marked S or U, or a projected holiday).',
    citations: 'Cited', legalBasis: 'Legal basis', rule: 'rule', exampleSubject: '(no valid identifier entered: checked for an example subject)',
    sev: { minor: 'minor', general: 'general', serious: 'serious' },
    checks: {
      catalogue: "not in the jurisdiction's measure catalogue, or not in force", legal_basis: 'no legal basis of sufficient rank',
      record_in_force: 'the record is not in force', not_suspended: 'suspended while an objection is pending',
      scope: 'the record is outside the sanction scope', relevance: "the measure's grounds do not include this record",
      not_lifted: 'lifted (for example, the obligation was performed)',
      proportionality: "too severe for the record's severity (proportionality)", subject_kind: 'does not apply to this kind of subject',
      voluntary_only: 'this actor may only apply it of its own accord, not be required to', notice: 'no notice was given before listing',
    },
    recordStatus: 'Record status', statuses: { active: 'in force', suspended: 'suspended', expired: 'expired', repaired: 'repaired', removed: 'removed', exited: 'exited', revoked: 'revoked' },
    targets: { natural_person: 'natural person', legal_person: 'legal person', other_organization: 'other organisation', legal_representative: 'legal representative', responsible_person: 'responsible person' },
    actors: { administrative_body: 'administrative body', court: 'court', financial_institution: 'financial institution', credit_agency: 'credit agency', industry_association: 'industry association', news_media: 'news media', market_actor: 'other market actor' },
  },
};

let lang = 'zh';
const t = (key, vars = {}) => String(TEXT[lang][key] ?? key).replace(/\{(\w+)\}/g, (_, k) => String(vars[k] ?? ''));
/** The module's English message without markdown (a fallback only: codes are worded here). */
const plain = (message) => String(message ?? '').replaceAll('`', '');
const ticked = (message) => [...String(message ?? '').matchAll(/`([^`]*)`/g)].map((m) => m[1]);

let national;
const engines = new Map();
const engineFor = (id) => {
  if (!engines.has(id)) engines.set(id, id === national.jurisdiction ? national : national.withJurisdiction(id));
  return engines.get(id);
};
const timings = {};

// ---- identifiers ------------------------------------------------------------------------------

function idResult(kind, value) {
  const v = value.trim();
  if (v === '') return { state: '', text: '' };
  const r = kind === 'uscc' ? validateUscc(v) : validateResidentId(v);
  const n = [...v].length;
  if (r.valid) {
    const notes = r.findings.map((f) => t('finding', { m: plain(f.message) }));
    return { state: 'valid', text: [t(kind === 'uscc' ? 'validUscc' : 'validRid'), ...notes].join('；') };
  }
  const e = r.error;
  const [c, expected] = ticked(e.message);
  switch (e.code) {
    case 'invalid_length':
      return n < 18 ? { state: 'progress', text: t('progress', { n }) } : { state: 'invalid', text: t('tooLong', { n }) };
    case 'empty': return { state: 'invalid', text: t('empty') };
    case 'invalid_character': return { state: 'invalid', text: t('badChar', { p: e.position, c }) };
    case 'invalid_check_character': return { state: 'invalid', text: t('badCheck', { c, e: expected }) };
    case 'invalid_department': return { state: 'invalid', text: t('badDept') };
    case 'invalid_category': return { state: 'invalid', text: t('badCat') };
    case 'invalid_division': return { state: 'invalid', text: t('badDiv', { p: e.position ?? 1 }) };
    case 'invalid_birth_date': return { state: 'invalid', text: t('badBirth') };
    case 'future_birth_date': return { state: 'invalid', text: t('futureBirth') };
    default: return { state: 'invalid', text: plain(e.message) };
  }
}

function showId(kind) {
  const out = $(`${kind}-result`);
  const r = idResult(kind, $(kind).value);
  out.dataset.state = r.state;
  out.textContent = r.text;
  $(kind).setAttribute('aria-invalid', r.state === 'invalid' ? 'true' : 'false');
}

// ---- wording of dates, clocks and errors --------------------------------------------------------

function fmtDate(iso) {
  if (lang === 'en') return iso;
  const [y, m, d] = iso.split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function fmtSpan(text) {
  const m = /^(\d+) (working days?|days?|months?|years?)$/.exec(text ?? '');
  if (!m || lang === 'en') return text;
  const unit = { working: '个工作日', day: '日', month: '个月', year: '年' }[m[2].split(' ')[0].replace(/s$/, '')];
  return `${m[1]}${unit}`;
}

/** Consecutive days of one holiday as ranges: "10月1日–10月8日 国庆节、中秋节". */
function fmtDays(days) {
  if (days.length === 0) return t('none');
  const groups = [];
  for (const d of days) {
    const last = groups.at(-1);
    const prev = last && new Date(`${last.to}T00:00:00Z`);
    if (last && last.name === d.name && prev && (new Date(`${d.date}T00:00:00Z`) - prev) === 86400000) last.to = d.date;
    else groups.push({ from: d.date, to: d.date, name: d.name });
  }
  return groups
    .map((g) => `${g.from === g.to ? fmtDate(g.from) : `${fmtDate(g.from)}–${fmtDate(g.to)}`} ${g.name}`)
    .join(lang === 'zh' ? '；' : '; ');
}

function errorText(e) {
  return `${t('errorPrefix')}${plain(e?.message ?? e)}${e?.code ? ` (${e.code})` : ''}`;
}

function dl(rows) {
  const list = document.createElement('dl');
  for (const [k, v] of rows) {
    const dt = document.createElement('dt');
    dt.textContent = k;
    const dd = document.createElement('dd');
    dd.textContent = v;
    list.append(dt, dd);
  }
  return list;
}

// ---- objection panel ----------------------------------------------------------------------------

function showObjection() {
  const out = $('obj-result');
  out.replaceChildren();
  const filed = $('obj-filed').value;
  if (!filed) {
    out.dataset.state = '';
    return;
  }
  try {
    const c = national.objectionDeadline(filed, $('obj-jurisdiction').value);
    const rows = [
      [t('clock'), fmtSpan(c.reply_within)],
      [t('due'), fmtDate(c.reply_due)],
    ];
    if (c.reply_extended) rows.push([t('extended'), fmtSpan(c.reply_extended)], [t('extendedDue'), fmtDate(c.extended_due)]);
    if (c.mark_due) rows.push([t('markDue'), fmtDate(c.mark_due)]);
    rows.push(
      [t('holidays'), fmtDays(c.holidays)],
      [t('makeUp'), fmtDays(c.make_up_workdays)],
      [t('weekends'), t(c.weekend_days === 1 ? 'day' : 'days', { n: c.weekend_days })],
      [t('suspends'), t(c.suspends_measures ? 'yes' : 'no')],
      [t('marks'), t(c.marks_record ? 'yes' : 'no')],
      [t('receiving'), c.receiving],
      [t('source'), [c.source, c.rules.join(', ')].filter(Boolean).join(' · ')],
    );
    out.append(dl(rows));
    if (c.provisional) {
      const p = document.createElement('p');
      p.className = 'provisional';
      p.id = 'obj-provisional';
      p.textContent = t('provisional', { years: c.projected_years.join(lang === 'zh' ? '、' : ', ') });
      out.append(p);
    }
    out.dataset.state = 'ok';
    out.dataset.due = c.reply_due;
    out.dataset.provisional = String(c.provisional);
  } catch (e) {
    out.dataset.state = 'error';
    out.dataset.due = '';
    out.textContent = errorText(e);
  }
}

// ---- proposed-measure panel ---------------------------------------------------------------------

const latest = (versions) => (Array.isArray(versions) ? versions.at(-1) : versions);
const nameOf = (entry) => (lang === 'en' ? entry.name_en ?? entry.name : entry.name) ?? entry.id;

function fill(select, options, keep = select.value) {
  select.replaceChildren(...options.map(([value, label]) => new Option(label, value)));
  if (options.some(([v]) => v === keep)) select.value = keep;
}

function fillMeasureOptions() {
  const cat = engineFor($('m-jurisdiction').value).catalog();
  const entries = (m) => Object.entries(m).map(([id, v]) => [id, nameOf(latest(v))]);
  fill($('m-conduct'), entries(cat.conduct));
  fill($('m-severity'), [['', t('sevDefault')], ...['minor', 'general', 'serious'].map((s) => [s, TEXT[lang].sev[s]])]);
  fill($('m-list'), [['', t('noList')], ...entries(cat.lists)]);
  fill($('m-measure'), entries(cat.measures));
  fill($('m-target'), Object.entries(TEXT[lang].targets));
  fill($('m-by'), [['', t('byNone')], ...Object.entries(TEXT[lang].actors)]);
}

function dayBefore(iso, n) {
  const d = new Date(`${iso}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - n);
  return d.toISOString().slice(0, 10);
}

/** The record the panel describes (as a case without proposed measures) and the measure's own
 * fields. */
function panel() {
  const target = $('m-target').value;
  const person = target === 'natural_person';
  const typed = idResult(person ? 'rid' : 'uscc', $(person ? 'rid' : 'uscc').value);
  const id = typed.state === 'valid' ? $(person ? 'rid' : 'uscc').value.trim() : person ? '11010519491231002X' : '91110000600037341L';
  const decided = $('m-decided').value;
  const record = { id: 'r1', conduct: $('m-conduct').value, decided_on: decided };
  if ($('m-severity').value) record.severity = $('m-severity').value;
  if ($('m-list').value) record.list = $('m-list').value;
  if ($('m-notice').checked && decided) record.events = [{ on: dayBefore(decided, 10), type: 'notified' }];
  const proposed = { measure: $('m-measure').value, record: 'r1', target };
  if ($('m-by').value) proposed.by_kind = $('m-by').value;
  const c = {
    as_of: $('m-asof').value,
    jurisdiction: $('m-jurisdiction').value,
    subject: { id, kind: person ? 'natural_person' : 'legal_person', status: 'active', ...(person ? {} : { sector: 'private_enterprise' }) },
    records: [record],
    proposed_measures: [],
  };
  return { c, record, proposed, example: typed.state !== 'valid' };
}

/** The case the panel describes: one record and one proposed measure (for `evaluate`). */
function measureCase() {
  const { c, proposed, example } = panel();
  return { case: { ...c, proposed_measures: [proposed] }, example };
}

/** The record's evaluated state (status, provisional mark), evaluated once per record: changing
 * the measure, its target or who acts only re-runs `checkMeasure`. */
let recordMemo = { key: '', state: null };
function recordState(c) {
  const key = JSON.stringify([c.as_of, c.jurisdiction, c.subject.kind, c.records]);
  if (recordMemo.key !== key) {
    const r = engineFor(c.jurisdiction).evaluate(c).records[0];
    recordMemo = { key, state: { status: r.status, provisional: r.status_explanation.provisional } };
  }
  return recordMemo.state;
}

/** The input of `checkMeasure` for the panel (snake_case keys, as in a case). */
function checkInput() {
  const { c, record, proposed, example } = panel();
  const rec = recordState(c);
  const seen = (record.events ?? []).filter((e) => e.on <= c.as_of);
  const input = {
    measure: proposed.measure,
    conduct: record.conduct,
    severity: record.severity ?? null,
    list: record.list ?? null,
    decided_on: record.decided_on,
    as_of: c.as_of,
    status: rec.status,
    subject_kind: c.subject.kind,
    target: proposed.target || null,
    by_kind: proposed.by_kind ?? null,
    notified: seen.some((e) => e.type === 'notified' && e.on <= record.decided_on),
    events: seen.map((e) => e.type),
  };
  return { input, rec, jurisdiction: c.jurisdiction, example };
}

/** The catalogue version of a measure in force on `day` (the latest when none is dated). */
function measureEntry(jurisdiction, id, day) {
  const versions = engineFor(jurisdiction).catalog().measures[id];
  const all = Array.isArray(versions) ? versions : versions ? [versions] : [];
  return all.find((v) => (!v.from || v.from <= day) && (!v.until || day < v.until)) ?? all.at(-1);
}
const catalogues = new Map();
function measureEntryCached(jurisdiction, id, day) {
  const key = `${jurisdiction}|${id}|${day}`;
  if (!catalogues.has(key)) catalogues.set(key, measureEntry(jurisdiction, id, day));
  return catalogues.get(key);
}

function showMeasure() {
  const out = $('m-result');
  out.replaceChildren();
  let m, input, rec, jurisdiction, example;
  try {
    ({ input, rec, jurisdiction, example } = checkInput());
    m = engineFor(jurisdiction).checkMeasure(input);
  } catch (e) {
    out.dataset.verdict = 'error';
    out.dataset.failed = '';
    out.textContent = errorText(e);
    return;
  }
  const entry = measureEntryCached(jurisdiction, m.measure, input.as_of);
  out.dataset.verdict = m.verdict;
  out.dataset.failed = m.failed.join(' ');
  const head = document.createElement('p');
  const strong = document.createElement('strong');
  strong.textContent = `${t('verdict')}: ${t(m.verdict)}`;
  head.append(strong, entry ? ` — ${nameOf(entry)}` : '');
  out.append(head);
  const h = document.createElement('p');
  h.textContent = m.failed.length ? `${t('failed')}:` : t('passedAll');
  out.append(h);
  if (m.failed.length) {
    const ul = document.createElement('ul');
    ul.id = 'm-failed';
    m.failed.forEach((check, i) => {
      const li = document.createElement('li');
      li.dataset.check = check;
      li.textContent = `${TEXT[lang].checks[check] ?? check} (${t('rule')} ${m.failed_rules[i]})`;
      ul.append(li);
    });
    out.append(ul);
  }
  const basis = (entry?.legal_basis ?? []).map((b) => [b.title, b.article].filter(Boolean).join(' '));
  const rows = [[t('recordStatus'), TEXT[lang].statuses[input.status] ?? input.status]];
  if (basis.length) rows.push([t('legalBasis'), basis.join('；')]);
  rows.push([t('rulesLabel'), m.rules.join(', ')]);
  out.append(dl(rows));
  // Provisional as in a decision: the record's status rests on a projected day, or the measure's
  // catalogue entry is not confirmed (confidence S or U).
  if (rec.provisional || ['S', 'U'].includes(entry?.confidence)) {
    const p = document.createElement('p');
    p.className = 'provisional';
    p.textContent = t('measureProvisional');
    out.append(p);
  }
  if (example) {
    const p = document.createElement('p');
    p.className = 'muted';
    p.textContent = t('exampleSubject');
    out.append(p);
  }
}

// ---- language -----------------------------------------------------------------------------------

function applyLanguage() {
  document.documentElement.lang = lang === 'zh' ? 'zh-CN' : 'en';
  document.title = t('title');
  $('title').textContent = t('title');
  const button = $('lang');
  button.textContent = t('switchTo');
  button.lang = lang === 'zh' ? 'en' : 'zh-CN';
  button.setAttribute('aria-label', t('switchLabel'));
  for (const el of document.querySelectorAll('[data-t]')) el.textContent = t(el.dataset.t);
  $('status').textContent = t('ready', { policy: national.policyVersion });
  fillMeasureOptions();
  showId('uscc');
  showId('rid');
  showObjection();
  showMeasure();
}

// ---- start --------------------------------------------------------------------------------------

try {
  let t0 = performance.now();
  await init();
  timings.initMs = performance.now() - t0;
  t0 = performance.now();
  national = Engine.national();
  timings.engineStartMs = performance.now() - t0;
  const layers = national.jurisdictions();
  for (const select of [$('obj-jurisdiction'), $('m-jurisdiction')]) fill(select, layers.map((j) => [j, j]), 'cn-jilin-tonghua');
  $('m-jurisdiction').value = 'cn';
  for (const el of document.querySelectorAll('input, select')) el.disabled = false;
  $('uscc').addEventListener('input', () => { showId('uscc'); showMeasure(); });
  $('rid').addEventListener('input', () => { showId('rid'); showMeasure(); });
  for (const id of ['obj-jurisdiction', 'obj-filed']) $(id).addEventListener('input', showObjection);
  $('m-jurisdiction').addEventListener('change', () => { fillMeasureOptions(); showMeasure(); });
  for (const id of ['m-conduct', 'm-severity', 'm-list', 'm-decided', 'm-notice', 'm-measure', 'm-target', 'm-by', 'm-asof']) {
    $(id).addEventListener('input', showMeasure);
    $(id).addEventListener('change', showMeasure);
  }
  $('form').addEventListener('submit', (e) => e.preventDefault());
  $('lang').addEventListener('click', () => {
    lang = lang === 'zh' ? 'en' : 'zh';
    applyLanguage();
  });
  applyLanguage();
  // A starting case: a revoked food licence, classed general, and the five-year food licence ban.
  $('m-conduct').value = 'food_safety_licence_revoked';
  $('m-measure').value = 'food_licence_ban';
  $('m-severity').value = 'general';
  $('m-target').value = 'legal_person';
  showMeasure();
  // For the browser test and BENCHMARKS.md: engine start, and the time of one measure check.
  window.creditTimings = timings;
  // For the browser test: the panel's case through `evaluate` (the page's verdict must agree).
  window.panelDecision = () => engineFor($('m-jurisdiction').value).evaluate(measureCase().case).measures[0];
  // The mean time of one `evaluate` of the panel's case over `n` runs (the whole decision, as the
  // panel used before `checkMeasure`); `asText`: the case as JSON text instead of an object.
  window.timeMeasureCheck = (n, asText = false) => {
    const { case: c } = measureCase();
    const once = asText ? () => national.evaluate(JSON.stringify(c), { lang }) : () => national.evaluate(c, { lang });
    for (let i = 0; i < 500; i++) once(); // warm up: let the engine tier the code up first
    const start = performance.now();
    for (let i = 0; i < n; i++) once();
    return ((performance.now() - start) / n) * 1000;
  };
  // One `checkMeasure` of the panel's input: the median over `batches` batches of `perBatch`
  // calls each (a batch, not a call, is timed: the page's clock is coarse), after a warm-up.
  window.timeCheckMeasure = (batches = 51, perBatch = 1000) => {
    const { input, jurisdiction } = checkInput();
    const engine = engineFor(jurisdiction);
    for (let i = 0; i < 5000; i++) engine.checkMeasure(input);
    const means = [];
    for (let b = 0; b < batches; b++) {
      const start = performance.now();
      for (let i = 0; i < perBatch; i++) engine.checkMeasure(input);
      means.push(((performance.now() - start) / perBatch) * 1000);
    }
    means.sort((a, b) => a - b);
    return means[means.length >> 1];
  };
  document.body.dataset.ready = 'true';
} catch (e) {
  $('status').textContent = `failed to load the credit module: ${e}`;
  throw e;
}
