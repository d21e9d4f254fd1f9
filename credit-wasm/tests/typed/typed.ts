// The package used from TypeScript as a user would, compiled by `tsc --strict --noEmit` in the test
// command (scripts/test.sh; tsconfig.json beside this file). Every value below is typed by the
// declarations generated from the Rust types: no `any`, no cast except the documented one for a
// caught error. Lines marked `@ts-expect-error` prove that a wrong field name or value is refused.
// tests/typed-example.test.mjs runs it (types stripped) and checks what it read, in `seen`.
import { Engine, validateUscc } from 'credit-wasm';
import type {
  Case,
  Catalog,
  CheckKind,
  CreditError,
  Decision,
  ErrorCode,
  IdCheck,
  MeasureCheckInput,
  MeasureCheckResult,
  MeasureDecision,
  ObjectionDeadline,
  ObjectionEntry,
  Verdict,
  Versions,
} from 'credit-wasm';

const engine: Engine = Engine.national();

// A case: a record with an objection and a proposed measure.
const c: Case = {
  as_of: '2025-10-09',
  jurisdiction: 'cn-jilin-tonghua',
  subject: { id: '91110000600037341L', kind: 'legal_person', sector: 'private_enterprise' },
  records: [
    {
      id: 'r1',
      conduct: 'administrative_penalty_general',
      decided_on: '2025-06-02',
      events: [{ on: '2025-09-26', type: 'objection_filed' }],
    },
  ],
  proposed_measures: [{ measure: 'key_supervision', record: 'r1', target: 'legal_person' }],
};

// @ts-expect-error: a subject kind outside the vocabulary is refused.
const badKind: Case = { as_of: '2025-10-09', subject: { id: 'x', kind: 'company' } };
void badKind;
// @ts-expect-error: the case has no field `asOf` (it is `as_of`).
const badField: Case = { asOf: '2025-10-09', subject: { id: 'x', kind: 'legal_person' } };
void badField;

const decision: Decision = engine.evaluate(c, { lang: 'en' });

/** What the example read, checked at run time by tests/typed-example.test.mjs. */
export const seen: {
  verdict?: Verdict;
  failed?: CheckKind[];
  replyDue?: string;
  clockDue?: string;
  holidays?: number;
  catalogClock?: string;
  uscc?: boolean;
  comparedLayers?: string[];
  error?: string;
  check?: { verdict: Verdict; failed: CheckKind[]; failedRules: string[]; rules: string[] };
} = {};

// The verdict on the proposed measure and the checks it failed.
const measure: MeasureDecision | undefined = decision.measures[0];
if (measure !== undefined) {
  const verdict: Verdict = measure.verdict;
  const failed: CheckKind[] = measure.failed;
  for (const check of measure.checks.filter((k) => !k.passed)) {
    const line: string = `${check.check} (${check.rule}): ${check.message}`;
    void line;
  }
  const rules: string[] = measure.explanation.rules;
  // Left out of the JSON unless true: optional.
  const provisional: boolean = measure.explanation.provisional ?? false;
  void [rules, provisional];
  seen.verdict = verdict;
  seen.failed = failed;
  // @ts-expect-error: a verdict is "allowed" or "refused".
  const wrongVerdict: boolean = measure.verdict === 'denied';
  void wrongVerdict;
  // @ts-expect-error: there is no field `verdicts`.
  void measure.verdicts;
}

// One proposed-measure check without a case (the record's evaluated status given): the same
// verdict, failed checks and rules as `evaluate`, from the compiled tables.
const input: MeasureCheckInput = {
  measure: 'food_licence_ban',
  conduct: 'food_safety_licence_revoked',
  severity: 'general',
  decided_on: '2025-03-03',
  as_of: '2025-10-09',
  status: 'active',
  subject_kind: 'legal_person',
  target: 'legal_person',
  events: ['notified'],
};
const checked: MeasureCheckResult = engine.checkMeasure(input);
const checkedFailed: CheckKind[] = checked.failed;
const checkedAllowed: boolean = checked.allowed;
void checkedAllowed;
seen.check = { verdict: checked.verdict, failed: checkedFailed, failedRules: checked.failed_rules, rules: checked.rules };
// @ts-expect-error: a status outside the vocabulary is refused.
const badStatus: MeasureCheckInput = { ...input, status: 'pending' };
void badStatus;
// @ts-expect-error: the input has no field `decidedOn` (it is `decided_on`).
const badInputField: MeasureCheckInput = { ...input, decidedOn: '2025-03-03' };
void badInputField;

// A record's objection: its reply deadline and whether measures are suspended meanwhile.
for (const record of decision.records) {
  for (const objection of record.objections) {
    const due: string = objection.reply_due;
    const suspended: boolean = objection.suspends_measures;
    // An `Option` always written in the JSON: `string | null`, never undefined.
    const marked: string | null = objection.mark_due;
    void [suspended, marked];
    seen.replyDue = due;
  }
  // Absent when the record has no early exit: `null`.
  const from: string | null | undefined = record.early_exit?.available_from;
  void from;
}

// The objection clock of a layer for a filing date, without a case.
const clock: ObjectionDeadline = engine.objectionDeadline('2025-09-26', 'cn-jilin-tonghua');
const skipped: string[] = clock.holidays.map((d) => `${d.date} ${d.name}`);
const extended: string | null = clock.extended_due;
void extended;
seen.clockDue = clock.reply_due;
seen.holidays = skipped.length;

// The catalogue's clocks: each id maps to one version or to dated versions.
const catalog: Catalog = engine.withJurisdiction('cn-shanghai').catalog();
const objection: Versions<ObjectionEntry> | undefined = catalog.objection['objection'];
if (objection !== undefined) {
  const latest = Array.isArray(objection) ? objection[objection.length - 1] : objection;
  if (latest !== undefined) {
    const layer: string = latest.layer;
    const within: string = latest.reply_within;
    const extendedWithin: string | null = latest.reply_extended;
    void [layer, extendedWithin];
    seen.catalogClock = within;
  }
}

// Identifier checks.
const id: IdCheck = validateUscc('91110000600037341L');
seen.uscc = id.valid;
if (!id.valid && id.error !== null) {
  const where: number | null = id.error.position;
  void where;
}

// A comparison across layers: each jurisdiction's full decision is typed.
const cmp = engine.compare(c, ['cn', 'cn-jilin-tonghua']);
const tonghua: Decision | undefined = cmp.decisions['cn-jilin-tonghua'];
seen.comparedLayers = Object.keys(cmp.decisions);
void tonghua;

// A thrown error: a JS Error with a code from the closed ErrorCode union.
function describe(e: unknown): string {
  if (!(e instanceof Error) || !('code' in e)) return String(e);
  const err = e as CreditError;
  const code: ErrorCode = err.code;
  switch (code) {
    case 'unknown_conduct':
    case 'unknown_measure':
      return `not in the catalogue: ${err.path ?? ''}`;
    case 'invalid_date':
      return `bad date at ${err.path ?? '(argument)'}: ${err.message}`;
    case 'calendar_coverage':
      return 'outside the holiday calendar';
    // @ts-expect-error: not an error code of the engine.
    case 'no_such_code':
      return 'impossible';
    default:
      return `${err.kind}/${code}: ${err.message}${err.help === null ? '' : ` (${err.help})`}`;
  }
}

try {
  engine.evaluate({ ...c, as_of: '2025-13-01' });
} catch (e) {
  seen.error = describe(e);
}
