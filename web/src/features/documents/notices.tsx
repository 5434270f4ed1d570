/**
 * The bodies of the four intake notices. Each reads what the server wrote into the notice when it
 * was issued and falls back on the case for anything older notices lack.
 */
import type { JSX } from 'react';
import { dayUnitLabels, type MaterialRequirement } from '../../../../src/domain/catalog.ts';
import { QrImage } from '../../shared/QrImage.tsx';
import { documentNumber, NoticeSheet } from './NoticeSheet.tsx';
import {
  addCalendarDays,
  chinaDay,
  chineseDate,
  correctionPeriodDays,
  progressQueryUrl,
  type AcceptanceNoticeContent,
  type CaseNotice,
  type CaseView,
  type CorrectionNoticeContent,
  type DeferredNoticeContent,
  type NoticeKind,
  type RefusalNoticeContent,
} from './model.ts';

export const noticeTitles: Record<NoticeKind, string> = {
  acceptance: '受理通知书',
  deferred: '容缺受理通知书',
  correction: '一次性告知书',
  refusal: '不予受理决定书',
};

const numberPrefixes: Record<NoticeKind, string> = { acceptance: '受理', deferred: '容缺受理', correction: '补正告知', refusal: '不予受理' };

export interface NoticeProps {
  caseView: CaseView;
  notice: CaseNotice;
  /** The issuing body's name. */
  organ: string;
  /** The catalog's requirements by material key (how many originals and copies, notes), when known. */
  requirements?: ReadonlyMap<string, Pick<MaterialRequirement, 'originals' | 'copies' | 'notes'>>;
}

/** `原件1份,复印件1份。须本人签字` — what to bring for one material. */
function requirementText(requirement: Pick<MaterialRequirement, 'originals' | 'copies' | 'notes'> | undefined): string {
  if (!requirement) return '请提交符合要求的材料';
  const counts = [requirement.originals > 0 ? `原件${requirement.originals}份` : '', requirement.copies > 0 ? `复印件${requirement.copies}份` : ''].filter(Boolean).join(',');
  return [counts, requirement.notes].filter(Boolean).join('。') || '请提交符合要求的材料';
}

function sheetProps(kind: NoticeKind, { caseView, notice, organ }: NoticeProps) {
  const issuedOn = chinaDay(notice.issuedAt);
  const applicant = (notice.content.applicantName as string | undefined) || caseView.applicantName;
  return { kind, organ, title: noticeTitles[kind], number: documentNumber(numberPrefixes[kind], caseView.caseNo, issuedOn), addressee: applicant, issuedOn };
}

/** `你(单位)于2026年11月22日提出的最低生活保障对象认定申请(办件编号:…)`. */
function applicationPhrase(caseView: CaseView, itemName: string): string {
  return `你(单位)于${chineseDate(chinaDay(caseView.receivedAt))}提出的${itemName}申请(办件编号:${caseView.caseNo})`;
}

const copiesFoot = '本文书一式两份,一份送达申请人,一份随案归档。';

/** 办件编号 and 查询密码 next to the QR code that opens the public progress query. */
function QueryBlock({ caseView, extraRows }: { caseView: CaseView; extraRows?: [string, string][] }) {
  return (
    <div className="od-query">
      <table className="od-table">
        <tbody>
          <tr>
            <th>办件编号</th>
            <td data-testid="notice-case-no">{caseView.caseNo}</td>
          </tr>
          <tr>
            <th>查询密码</th>
            <td>
              {caseView.queryPassword ? (
                <span className="od-password" data-testid="notice-query-password">
                  {caseView.queryPassword}
                </span>
              ) : (
                '请向受理窗口索取'
              )}
            </td>
          </tr>
          {extraRows?.map(([label, value]) => (
            <tr key={label}>
              <th>{label}</th>
              <td>{value}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <figure>
        <QrImage value={progressQueryUrl(caseView.caseNo)} size={104} alt="扫码查询办理进度" />
        <figcaption>扫码查询办理进度</figcaption>
      </figure>
    </div>
  );
}

export function AcceptanceNotice(props: NoticeProps) {
  const { caseView, notice } = props;
  const content = notice.content as Partial<AcceptanceNoticeContent>;
  const itemName = content.itemName || caseView.itemName;
  const acceptedOn = content.acceptedOn || caseView.acceptedOn || chinaDay(notice.issuedAt);
  const dueDate = content.dueDate ?? caseView.dueDate;
  const caseKind = content.caseKind ?? caseView.caseKind;
  const limitDays = content.limitDays ?? caseView.limitDays;
  const unit = dayUnitLabels[content.limitUnit ?? caseView.limitUnit];
  const hasDeferred = caseView.notices.some((n) => n.kind === 'deferred');
  return (
    <NoticeSheet {...sheetProps('acceptance', props)} foot={copiesFoot}>
      <p className="od-para">
        {applicationPhrase(caseView, itemName)},经审查,申请材料齐全、符合法定形式,本机关于{chineseDate(acceptedOn)}决定予以受理。
      </p>
      {caseKind === 'instant' ? (
        <p className="od-para">本事项为即办件,当场办结。</p>
      ) : (
        <p className="od-para" data-testid="notice-due">
          本事项为承诺件,承诺时限为{limitDays}个{unit},自受理之日的次日起计算,承诺于<strong>{chineseDate(dueDate)}</strong>
          前办结。依法需要听证、检验、检测、鉴定、专家评审或者公示的,所需时间不计算在上述期限内,届时另行告知。
        </p>
      )}
      {hasDeferred ? <p className="od-para">你(单位)尚有容缺材料须在约定期限内补齐,具体见《容缺受理通知书》。</p> : null}
      <p className="od-para">你(单位)可凭下列办件编号和查询密码登录“一窗通”或扫描右侧二维码查询办理进度;办结后可选择窗口领取、快递送达或电子证照方式获取办理结果。</p>
      <QueryBlock
        caseView={caseView}
        extraRows={[
          ['受理日期', chineseDate(acceptedOn)],
          ['承诺办结', caseKind === 'instant' ? '当场办结' : chineseDate(dueDate)],
        ]}
      />
    </NoticeSheet>
  );
}

export function CorrectionNotice(props: NoticeProps) {
  const { caseView, notice } = props;
  const content = notice.content as Partial<CorrectionNoticeContent>;
  const itemName = content.itemName || caseView.itemName;
  const missing = content.missing ?? [];
  const due = addCalendarDays(chinaDay(notice.issuedAt), correctionPeriodDays);
  return (
    <NoticeSheet {...sheetProps('correction', props)} foot={copiesFoot}>
      <p className="od-para">{applicationPhrase(caseView, itemName)},经审查,申请材料不齐全或者不符合法定形式。现将需要补正的全部材料一次性告知如下:</p>
      <table className="od-table" data-testid="notice-missing">
        <thead>
          <tr>
            <th style={{ width: '3em' }}>序号</th>
            <th>需补正的材料</th>
            <th style={{ width: '45%' }}>要求</th>
          </tr>
        </thead>
        <tbody>
          {missing.map((m, index) => (
            <tr key={m.key}>
              <td className="od-center">{index + 1}</td>
              <td>{m.name}</td>
              <td>{requirementText(props.requirements?.get(m.key))}</td>
            </tr>
          ))}
        </tbody>
      </table>
      {content.note ? (
        <p className="od-para">
          <span className="od-label">其他说明:</span>
          {content.note}
        </p>
      ) : null}
      <p className="od-para" data-testid="notice-correction-due">
        <strong>
          请于{chineseDate(due)}前(自本告知书出具之日起{correctionPeriodDays}日内;期限最后一日为法定节假日的,顺延至节假日后的第一个工作日)一次性补齐,到任一综合受理窗口或网上提交,原申请继续办理。
        </strong>
        逾期未能补齐的,请及时与受理窗口联系。除上述材料外,本机关不再要求你(单位)就本次申请补正其他材料。
      </p>
      <QueryBlock caseView={caseView} />
      <div className="od-commitment" data-testid="notice-signature">
        <p>本告知书已当面交付申请人,申请人已知悉上述需补正的全部材料及补正期限。</p>
        <div className="od-sign-line">
          <span>申请人(签收):____________________</span>
          <span>经办人:______________</span>
          <span>日期:______年____月____日</span>
        </div>
      </div>
    </NoticeSheet>
  );
}

export function RefusalNotice(props: NoticeProps) {
  const { caseView, notice } = props;
  const content = notice.content as Partial<RefusalNoticeContent>;
  const itemName = content.itemName || caseView.itemName;
  return (
    <NoticeSheet {...sheetProps('refusal', props)} foot={copiesFoot}>
      <p className="od-para">{applicationPhrase(caseView, itemName)},经审查,本机关决定不予受理。</p>
      <p className="od-para" data-testid="notice-reason">
        <span className="od-label">不予受理的理由:</span>
        {content.reason || caseView.outcomeReason}
      </p>
      <p className="od-para" data-testid="notice-legal-basis">
        <span className="od-label">法律依据:</span>
        {content.legalBasis}
      </p>
      <p className="od-para">如对本决定不服,可以自收到本决定书之日起六十日内,依照《中华人民共和国行政复议法》的规定申请行政复议;也可以自收到本决定书之日起六个月内,依照《中华人民共和国行政诉讼法》的规定向人民法院提起行政诉讼。</p>
    </NoticeSheet>
  );
}

const untilWords = { decision: '作出审批决定前补齐', issuance: '领取办理结果(出件)前补齐' } as const;

export function DeferredNotice(props: NoticeProps) {
  const { caseView, notice } = props;
  const content = notice.content as Partial<DeferredNoticeContent>;
  const itemName = content.itemName || caseView.itemName;
  const materials = content.materials ?? [];
  const blocksDecision = materials.some((m) => m.until === 'decision');
  return (
    <NoticeSheet {...sheetProps('deferred', props)} foot={copiesFoot}>
      <p className="od-para">{applicationPhrase(caseView, itemName)},基本条件具备、主要申请材料齐全且符合法定形式,下列非关键材料暂缺。根据容缺受理制度,本机关先行受理,请你(单位)在下列期限内补齐:</p>
      <table className="od-table" data-testid="notice-deferred">
        <thead>
          <tr>
            <th style={{ width: '3em' }}>序号</th>
            <th>容缺材料</th>
            <th>补齐期限</th>
            <th>补齐时点</th>
          </tr>
        </thead>
        <tbody>
          {materials.map((m, index) => (
            <tr key={m.key}>
              <td className="od-center">{index + 1}</td>
              <td>{m.name}</td>
              <td className="od-center">{m.due ? `${chineseDate(m.due)}前` : '—'}</td>
              <td>{m.until ? untilWords[m.until] : '—'}</td>
            </tr>
          ))}
        </tbody>
      </table>
      <p className="od-para">容缺材料可送交任一综合受理窗口。逾期未补齐的,{blocksDecision ? '本机关暂不作出审批决定,' : ''}暂缓发放办理结果,由此产生的后果由申请人承担。</p>
      <div className="od-commitment" data-testid="notice-commitment">
        <p>
          <span className="od-label">申请人承诺:</span>
          本人(本单位)承诺所提交的申请材料真实、合法、有效,并在上述期限内补齐容缺材料。如未按期补齐,自愿承担由此产生的相应责任。
        </p>
        <div className="od-sign-line">
          <span>申请人(签字或盖章):____________________</span>
          <span>日期:______年____月____日</span>
        </div>
      </div>
      <QueryBlock caseView={caseView} />
    </NoticeSheet>
  );
}

const deliveryWords = { window: '窗口领取', express: '邮寄送达', e_licence: '电子证照送达', online: '网上送达', agent: '代办员代领' } as const;

/**
 * 送达回证: the receipt the applicant signs when the result is handed over (or that comes back with
 * the post): the case, the documents delivered, how, and the signatures of recipient and staff.
 * A delivery already recorded is ticked; otherwise the clerk ticks the method by hand.
 */
export function ServiceReceipt({ caseView, organ, resultName }: { caseView: CaseView; organ: string; resultName?: string }) {
  const issuedOn = chinaDay(caseView.deliveredAt ?? caseView.concludedAt ?? new Date().toISOString());
  const decision = caseView.outcome === 'rejected' ? '不予许可决定书' : resultName || `${caseView.itemName}办理结果`;
  const documents = [`《${decision}》1份`, ...caseView.licences.map((l) => `电子证照“${l.licenceType}”(${l.identifier})`)];
  const method = caseView.delivery?.method;
  const express = caseView.delivery?.express;
  const box = (m: keyof typeof deliveryWords) => `${method === m ? '☑' : '☐'}${deliveryWords[m]}`;
  return (
    <NoticeSheet kind="receipt" organ={organ} title="送达回证" number={documentNumber('送达', caseView.caseNo, issuedOn)} addressee={caseView.applicantName} issuedOn={issuedOn}>
      <table className="od-table" data-testid="receipt-table">
        <tbody>
          <tr>
            <th style={{ width: '8em' }}>办件编号</th>
            <td data-testid="receipt-case-no">{caseView.caseNo}</td>
          </tr>
          <tr>
            <th>办理事项</th>
            <td>{caseView.itemName}</td>
          </tr>
          <tr>
            <th>受送达人</th>
            <td>
              {caseView.applicantName}
              {caseView.applicantRef ? `(${caseView.applicantRef})` : ''}
            </td>
          </tr>
          <tr>
            <th>送达文书</th>
            <td data-testid="receipt-documents">{documents.join(';')}</td>
          </tr>
          <tr>
            <th>送达方式</th>
            <td data-testid="receipt-method">
              {(['window', 'express', 'e_licence', 'online'] as const).map(box).join('  ')}
              {express ? `(${express.company} 运单号 ${express.trackingNo})` : ''}
            </td>
          </tr>
          <tr>
            <th>送达地点</th>
            <td>{express ? express.address : method === 'window' || !method ? `${organ}出件窗口` : '—'}</td>
          </tr>
          <tr>
            <th>送达时间</th>
            <td>{caseView.deliveredAt ? chineseDate(chinaDay(caseView.deliveredAt)) : '______年____月____日'}</td>
          </tr>
        </tbody>
      </table>
      <div className="od-commitment" data-testid="receipt-signatures">
        <div className="od-sign-line">
          <span>受送达人(签名或盖章):____________________</span>
          <span>日期:______年____月____日</span>
        </div>
        <div className="od-sign-line">
          <span>代收人及代收理由:____________________</span>
          <span>送达人(经办人):______________</span>
        </div>
      </div>
      <p className="od-para" style={{ marginTop: 8 }}>
        备注:受送达人拒绝签收的,送达人应在本回证上注明拒收事由和日期,并由见证人签名。
      </p>
    </NoticeSheet>
  );
}

export const noticeComponents: Record<NoticeKind, (props: NoticeProps) => JSX.Element> = {
  acceptance: AcceptanceNotice,
  deferred: DeferredNotice,
  correction: CorrectionNotice,
  refusal: RefusalNotice,
};
