/**
 * One printed notice on A4 in official-document form: issuing body, title, document number, the
 * applicant it is addressed to, the body, then the seal placeholder (盖章) and the date at the
 * lower right. The notices are legal documents, so their words are Chinese whatever the screen's
 * language.
 */
import type { ReactNode } from 'react';
import { officialDate } from './model.ts';

export interface NoticeSheetProps {
  kind: string;
  /** The issuing body (service center or department) printed at the top and by the seal. */
  organ: string;
  title: string;
  /** The document number, e.g. `受理〔2026〕37098220261122000001号`. */
  number: string;
  /** The applicant the notice is addressed to. */
  addressee: string;
  /** The day of issue, `YYYY-MM-DD`. */
  issuedOn: string;
  children: ReactNode;
  /** A line under the seal, e.g. how many copies there are. */
  foot?: ReactNode;
}

export function NoticeSheet({ kind, organ, title, number, addressee, issuedOn, children, foot }: NoticeSheetProps) {
  return (
    <article className="od-sheet" lang="zh-CN" data-testid="notice-sheet" data-kind={kind}>
      <div className="od-organ">{organ}</div>
      <h1 className="od-title">{title}</h1>
      <div className="od-number" data-testid="notice-number">
        {number}
      </div>
      <p className="od-addressee" data-testid="notice-addressee">
        {addressee}:
      </p>
      {children}
      <div className="od-sign">
        <div className="od-seal">
          <div className="od-seal-stamp" role="img" aria-label="盖章处">
            (盖章)
          </div>
          <div className="od-seal-organ">{organ}</div>
          <div className="od-seal-date" data-testid="notice-date">
            {officialDate(issuedOn)}
          </div>
        </div>
      </div>
      {foot ? <div className="od-foot">{foot}</div> : null}
    </article>
  );
}

/** `受理〔2026〕37098220261122000001号`: the case number serves as the document's serial number. */
export function documentNumber(prefix: string, caseNo: string, issuedOn: string): string {
  return `${prefix}〔${issuedOn.slice(0, 4)}〕${caseNo}号`;
}
