/**
 * What other features may use of the case screens: the coloured tags, the case button bar, the
 * whole case detail, the API shapes and the words for case codes.
 */
export { CaseStatusTag, DueDate, MaterialStateTag, OutcomeTag, PausedTag, TaskStatusTag, VisitsTag, WarningTag, rowProps, warningRowStyle } from './tags.tsx';
export { CaseActionBar, actionWords, type CaseActionBarProps } from './CaseActionBar.tsx';
export { CaseDetail, useCase, type CaseDetailProps, type CaseState } from './CaseDetail.tsx';
export { CaseTimeline, payloadSummary } from './CaseTimeline.tsx';
export * from './model.ts';
export * from './labels.ts';
