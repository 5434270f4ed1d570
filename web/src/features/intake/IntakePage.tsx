/**
 * 综合受理 (无差别受理): any clerk takes any item or bundle in five steps on one screen — who
 * applies, what for, the material check, the form, the decision — and hands over the printed
 * notice with the case number and query password. Built for the keyboard: Enter looks the
 * applicant up, the item search takes the focus next and Enter takes its first hit, arrow keys
 * choose within a row, Tab moves on. 下一位 starts afresh for the next applicant.
 */
import { useCallback, useEffect, useMemo, useRef, useState, type ReactNode } from 'react';
import { useSearchParams } from 'react-router';
import { TicketLink } from '../hall-window/TicketLink.tsx';
import { Alert, Card, Spin, Typography } from 'antd';
import { useStaff } from '../../app/session.tsx';
import { grantsFor } from '../../../../src/domain/permissions.ts';
import { toApiError } from '../../api.ts';
import { useI18n } from '../../i18n.tsx';
import { useAction } from '../../shared/resource.ts';
import { chinaToday, type CaseView } from '../documents/model.ts';
import { intakeApi, type ApplicantView, type HeldLicence, type IntakeDecision } from './api.ts';
import { ApplicantPanel } from './ApplicantPanel.tsx';
import { ApplicationForm, fieldInputId } from './ApplicationForm.tsx';
import { ItemPicker } from './ItemPicker.tsx';
import { MaterialChecklist } from './MaterialChecklist.tsx';
import {
  deferralSpanOf,
  effectiveMarks,
  flaggedMaterialKeys,
  formFieldsOf,
  intakeRequest,
  materialsOf,
  missingFields,
  formErrorsFor,
  flaggedFormFields,
  type FieldError,
  outcomeState,
  prefilledForm,
  scenariosOf,
  summarise,
  targetName,
  type DueRange,
  type IntakeTarget,
  type MarkDraft,
  type SearchHit,
} from './model.ts';
import { OutcomePanel, type Refusal } from './OutcomePanel.tsx';
import { IntakeAuthorisation } from '../agents/IntakeAuthorisation.tsx';
import { ResultPanel } from './ResultPanel.tsx';
import { TargetSummary } from './TargetSummary.tsx';

function Section({ index, title, testId, children }: { index: number; title: string; testId: string; children: ReactNode }) {
  return (
    <section data-testid={testId} aria-label={title} style={{ padding: '16px 0', borderTop: index === 1 ? undefined : '1px solid #eef1f5' }}>
      <Typography.Title level={2} style={{ fontSize: 16, margin: '0 0 12px', display: 'flex', alignItems: 'center', gap: 8 }}>
        <span aria-hidden style={{ width: 24, height: 24, borderRadius: '50%', background: '#1f5fbf', color: '#fff', display: 'inline-flex', alignItems: 'center', justifyContent: 'center', fontSize: 13 }}>
          {index}
        </span>
        {title}
      </Typography.Title>
      {children}
    </section>
  );
}

export default function IntakePage() {
  const [round, setRound] = useState(0);
  const next = useCallback(() => setRound((n) => n + 1), []);
  return <IntakeSession key={round} onNext={next} />;
}

function IntakeSession({ onNext }: { onNext(): void }) {
  const { t, errorText } = useI18n();
  const { staff, can } = useStaff();
  // As the server decides: whoever may accept does; a proxy agent (and only they) submits.
  const canDecide = can.decideIntake;
  const isAgent = !canDecide && can.intake;
  const today = useMemo(() => chinaToday(), []);
  const action = useAction();

  const [applicant, setApplicant] = useState<ApplicantView | null>(null);
  const [typedId, setTypedId] = useState<string | null>(null);
  const [licences, setLicences] = useState<HeldLicence[] | null>(null);
  const [licencesError, setLicencesError] = useState<unknown>(null);
  const [pickerFocus, setPickerFocus] = useState(0);
  const [loadingHit, setLoadingHit] = useState<SearchHit | null>(null);
  const [target, setTarget] = useState<IntakeTarget | null>(null);
  const [targetError, setTargetError] = useState<unknown>(null);
  const [scenario, setScenario] = useState<string | null>(null);
  const [chosen, setChosen] = useState<Record<string, MarkDraft>>({});
  const [edits, setEdits] = useState<Record<string, string>>({});
  /** The decision the clerk last tried, once it was stopped by the form: its problems show under the fields. */
  const [formAttempt, setFormAttempt] = useState<IntakeDecision | null>(null);
  /** Form fields the server refused (422), until the clerk changes them. */
  const [serverFormErrors, setServerFormErrors] = useState<ReadonlyMap<string, FieldError>>(new Map());
  const [busy, setBusy] = useState<IntakeDecision | null>(null);
  const [error, setError] = useState<unknown>(null);
  const [flagged, setFlagged] = useState<ReadonlySet<string>>(new Set());
  const [result, setResult] = useState<{ view: CaseView; decision: IntakeDecision } | null>(null);
  /** The last day a deferred material may be promised for, as the server counts it for this item here. */
  const [latestDue, setLatestDue] = useState<{ key: string; date: string } | null>(null);
  /** A proxy agent's authorisation that covers this applicant and matter (帮办代办). */
  const [authorisationId, setAuthorisationId] = useState<string | null>(null);
  const targetSeq = useRef(0);
  const targetBox = useRef<HTMLDivElement>(null);
  const checklistBox = useRef<HTMLDivElement>(null);
  const scenarioGroupId = 'intake-scenario-group';
  // Opened from the window screen for the ticket being served: the case made here is linked to it.
  const [params] = useSearchParams();
  const ticketId = params.get('ticket');
  const ticketBanner = ticketId ? <TicketLink ticketId={ticketId} ticketNumber={params.get('ticketNumber') ?? ''} caseId={result?.view.id ?? null} /> : null;

  // The licence library of the applicant: what it holds is never asked for again.
  const applicantId = applicant?.id;
  useEffect(() => {
    if (!applicantId) return;
    const controller = new AbortController();
    setLicences(null);
    setLicencesError(null);
    intakeApi.licences(applicantId, controller.signal).then(setLicences, (caught: unknown) => {
      if (!controller.signal.aborted) {
        setLicences([]);
        setLicencesError(caught);
      }
    });
    return () => controller.abort();
  }, [applicantId]);

  const chooseApplicant = useCallback(
    (found: ApplicantView, typedIdNumber: string | null) => {
      setApplicant(found);
      setTypedId(typedIdNumber);
      setError(null);
      if (!target) setPickerFocus((n) => n + 1);
    },
    [target],
  );

  const clearApplicant = () => {
    setApplicant(null);
    setTypedId(null);
    // Answers from the previous applicant's profile go; what the clerk typed for the application stays.
    const fromProfile = new Set((target ? formFieldsOf(target) : []).filter((f) => f.profileField).map((f) => f.key));
    setEdits((previous) => Object.fromEntries(Object.entries(previous).filter(([key]) => !fromProfile.has(key))));
    setLicences(null);
    setLicencesError(null);
    setError(null);
  };

  const pick = useCallback(async (hit: SearchHit) => {
    const mine = ++targetSeq.current;
    setLoadingHit(hit);
    setTargetError(null);
    try {
      const loaded: IntakeTarget = hit.kind === 'item' ? { kind: 'item', code: hit.code, version: await intakeApi.item(hit.code) } : { kind: 'bundle', code: hit.code, view: await intakeApi.bundle(hit.code) };
      if (mine !== targetSeq.current) return;
      const scenarios = scenariosOf(loaded);
      setTarget(loaded);
      setScenario(scenarios.length === 1 ? scenarios[0]!.code : null);
      setChosen({});
      setFlagged(new Set());
      setFormAttempt(null);
      setServerFormErrors(new Map());
      setError(null);
    } catch (caught) {
      if (mine === targetSeq.current) setTargetError(caught);
    } finally {
      if (mine === targetSeq.current) setLoadingHit(null);
    }
  }, []);

  const changeTarget = () => {
    targetSeq.current++;
    setTarget(null);
    setScenario(null);
    setChosen({});
    setFlagged(new Set());
    setError(null);
    setPickerFocus((n) => n + 1);
  };

  // With the item chosen, the focus moves on: to its scenarios, else to the first material.
  const targetKey = target ? `${target.kind}:${target.code}` : null;
  useEffect(() => {
    if (!targetKey) return;
    const scenarioInput = targetBox.current?.querySelector<HTMLInputElement>(`#${scenarioGroupId} input[type="radio"]`);
    const materialInput = checklistBox.current?.querySelector<HTMLInputElement>('input[type="radio"]');
    (scenarioInput ?? materialInput)?.focus();
  }, [targetKey]);

  const chooseScenario = (code: string) => {
    setScenario(code);
    setFlagged(new Set());
  };

  // Where the case is received (the clerk's intake grant, as the server defaults it) decides the calendar the limit is counted on.
  const intakeRegion = grantsFor(staff.grants, 'case.intake')[0]?.regionCode;
  const span = target ? deferralSpanOf(target) : null;
  const spanDays = span?.days ?? null;
  const spanUnit = span?.unit ?? null;
  const spanKey = span ? `${span.days}${span.unit}@${intakeRegion ?? ''}` : null;
  useEffect(() => {
    if (spanDays === null || spanUnit === null) return;
    const controller = new AbortController();
    const key = `${spanDays}${spanUnit}@${intakeRegion ?? ''}`;
    intakeApi.dueDate(today, { days: spanDays, unit: spanUnit }, intakeRegion, controller.signal).then(
      (answer) => setLatestDue({ key, date: answer.dueDate }),
      // Unknown, the picker stays open-ended; the server still refuses a day past its limit, and says so.
      () => undefined,
    );
    return () => controller.abort();
  }, [spanDays, spanUnit, intakeRegion, today]);
  const dueRange: DueRange = useMemo(() => ({ today, latest: latestDue && latestDue.key === spanKey ? latestDue.date : null }), [today, latestDue, spanKey]);

  const materials = useMemo(() => (target ? materialsOf(target, scenario) : []), [target, scenario]);
  const marks = useMemo(() => effectiveMarks(materials, chosen, licences ?? [], today), [materials, chosen, licences, today]);
  const summary = useMemo(() => summarise(materials, marks, dueRange), [materials, marks, dueRange]);
  const fields = useMemo(() => (target ? formFieldsOf(target) : []), [target]);
  const prefilled = useMemo(() => (applicant ? prefilledForm(fields, applicant, typedId) : {}), [fields, applicant, typedId]);
  const values = useMemo(() => ({ ...prefilled, ...edits }), [prefilled, edits]);
  const emptyFields = useMemo(() => missingFields(fields, values), [fields, values]);
  const scenarioMissing = target !== null && scenariosOf(target).length > 0 && scenario === null;
  const outcome = outcomeState({ scenarioMissing, summary, missingFieldCount: emptyFields.length });
  const memberNames = useMemo(() => (target?.kind === 'bundle' ? new Map(target.view.members.map((m) => [m.implementationCode, m.content.name])) : undefined), [target]);

  const mark = (key: string, draft: MarkDraft) => {
    setChosen((previous) => ({ ...previous, [key]: draft }));
    setFlagged((previous) => {
      if (!previous.has(key)) return previous;
      const rest = new Set(previous);
      rest.delete(key);
      return rest;
    });
  };

  const markRestProvided = () => {
    setChosen((previous) => {
      const next = { ...previous };
      for (const m of summary.unmarked) next[m.key] = { state: 'provided' };
      return next;
    });
  };

  const decide = async (decision: IntakeDecision, refusal?: Refusal) => {
    if (!applicant || !target) return;
    const problems = formErrorsFor(fields, values, decision, today);
    if (problems.size > 0) {
      setFormAttempt(decision);
      const first = fields.find((f) => problems.has(f.key));
      if (first) document.getElementById(fieldInputId(first.key))?.focus();
      return;
    }
    setBusy(decision);
    setError(null);
    try {
      const body = intakeRequest({ target, scenario, applicantId: applicant.id, fields, form: values, materials, marks, decision, refusal, authorisationId: isAgent ? authorisationId : null });
      const view = await action.send<CaseView>('POST', intakeApi.casesPath, body);
      setResult({ view, decision });
    } catch (caught) {
      setError(caught);
      setFlagged(new Set(flaggedMaterialKeys(toApiError(caught).details)));
      setServerFormErrors(flaggedFormFields(toApiError(caught).details));
    } finally {
      setBusy(null);
    }
  };

  if (result) {
    return (
      <Card>
        {ticketBanner}
        <ResultPanel result={result.view} decision={result.decision} onNext={onNext} onView={(view) => setResult({ view, decision: result.decision })} />
      </Card>
    );
  }

  const ready = applicant !== null && target !== null;
  const formErrors = new Map([...serverFormErrors, ...(formAttempt ? formErrorsFor(fields, values, formAttempt, today) : [])]);
  const editField = (key: string, value: string) => {
    setEdits((previous) => ({ ...previous, [key]: value }));
    setServerFormErrors((previous) => {
      if (!previous.has(key)) return previous;
      const rest = new Map(previous);
      rest.delete(key);
      return rest;
    });
  };

  return (
    <div data-testid="intake-page">
      {ticketBanner}
      <Card styles={{ body: { paddingBottom: 0 } }}>
        <Typography.Title level={3} style={{ margin: 0 }}>
          {t('intake.title')}
        </Typography.Title>
        <Typography.Text type="secondary">{isAgent ? t('intake.subtitleAgent') : t('intake.subtitle')}</Typography.Text>

        <Section index={1} title={t('intake.step.applicant')} testId="intake-step-applicant">
          <ApplicantPanel applicant={applicant} typedIdNumber={typedId} licences={licences} licencesError={licencesError} onChosen={chooseApplicant} onClear={clearApplicant} />
        </Section>

        <Section index={2} title={t('intake.step.item')} testId="intake-step-item">
          <div ref={targetBox}>
            {target ? (
              <TargetSummary target={target} scenario={scenario} onScenario={chooseScenario} onChange={changeTarget} scenarioGroupId={scenarioGroupId} />
            ) : (
              <>
                <ItemPicker focusKey={pickerFocus} onPick={(hit) => void pick(hit)} />
                {loadingHit ? (
                  <div style={{ marginTop: 8 }}>
                    <Spin size="small" /> <Typography.Text type="secondary">{t('intake.item.loading', { name: loadingHit.name })}</Typography.Text>
                  </div>
                ) : null}
              </>
            )}
            {targetError ? <Alert type="error" showIcon title={errorText(targetError)} style={{ marginTop: 8 }} /> : null}
          </div>
        </Section>

        {isAgent && applicant && target ? (
          <div style={{ margin: '12px 0' }}>
            <Typography.Title level={5}>{t('agents.intake.title')}</Typography.Title>
            <IntakeAuthorisation applicant={applicant} matter={{ kind: target.kind, code: target.code, name: targetName(target) }} today={today} onChange={setAuthorisationId} />
          </div>
        ) : null}

        <Section index={3} title={t('intake.step.materials')} testId="intake-step-materials">
          <div ref={checklistBox}>
            {target ? (
              <MaterialChecklist
                materials={materials}
                marks={marks}
                licences={licences ?? []}
                today={today}
                dueRange={dueRange}
                summary={summary}
                flagged={flagged}
                memberNames={memberNames}
                onMark={mark}
                onRestProvided={markRestProvided}
              />
            ) : (
              <Typography.Text type="secondary">{t('intake.materials.empty')}</Typography.Text>
            )}
          </div>
        </Section>

        <Section index={4} title={t('intake.step.form')} testId="intake-step-form">
          {target ? <ApplicationForm fields={fields} values={values} prefilled={prefilled} errors={formErrors} onChange={editField} /> : <Typography.Text type="secondary">{t('intake.form.empty')}</Typography.Text>}
        </Section>
      </Card>

      <Card style={{ position: 'sticky', bottom: 0, zIndex: 5, marginTop: 12, boxShadow: '0 -4px 16px rgba(15, 47, 92, 0.08)' }} styles={{ body: { padding: '12px 20px' } }} aria-label={t('intake.step.outcome')}>
        <OutcomePanel
          ready={ready}
          outcome={outcome}
          summary={summary}
          missingFieldLabels={emptyFields.map((f) => f.label)}
          canDecide={canDecide}
          isAgent={isAgent}
          authorised={!isAgent || authorisationId !== null}
          busy={busy}
          error={error ? errorText(error) : null}
          onDecide={(decision, refusal) => void decide(decision, refusal)}
        />
      </Card>
    </div>
  );
}
