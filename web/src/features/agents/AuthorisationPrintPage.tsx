/**
 * `/agent/authorisations/:id/print`: the 代办服务委托书 on an A4 sheet, in the style of the case
 * notices (DB3205/T 1077-2023's form: principal, agent, service point, matters, powers, period,
 * signatures), outside the app's frame so only the sheet reaches the paper. The applicant signs it
 * (or presses a thumbprint); the agent uploads the scan and the authorisation takes effect. The
 * form always says 代办服务委托书 in Chinese: it is a legal document; the toolbar follows the
 * language switch. Resident ID numbers are printed masked, as everywhere.
 */
import type { ReactNode } from 'react';
import { Alert, Button, Skeleton } from 'antd';
import { ArrowLeftOutlined, PrinterOutlined } from '@ant-design/icons';
import { useLocation, useNavigate, useParams } from 'react-router';
import { agentPowerLabels, authorisationStateLabels } from '../../../../src/domain/agent-authorisation.ts';
import { useI18n } from '../../i18n.tsx';
import { useResource } from '../../shared/resource.ts';
import { LoadError } from '../../shared/states.tsx';
import { DocumentStyles } from '../documents/styles.tsx';
import { LanguageSwitch } from '../layout/LanguageSwitch.tsx';
import { agentApi, agentPaths, type Authorisation } from './model.ts';

export default function AuthorisationPrintPage() {
  const { t } = useI18n();
  const { id = '' } = useParams();
  const navigate = useNavigate();
  const location = useLocation();
  const record = useResource<Authorisation>(agentApi.authorisation(id));
  const a = record.data?.id === id ? record.data : undefined;
  const onBack = () => (location.key === 'default' ? navigate(agentPaths.home) : navigate(-1));

  let body: ReactNode;
  if (record.error && !a) {
    body = (
      <div className="od-message">
        <LoadError error={record.error} onRetry={() => void record.reload()} />
      </div>
    );
  } else if (!a) {
    body = (
      <div className="od-sheet">
        <Skeleton active paragraph={{ rows: 14 }} />
      </div>
    );
  } else {
    body = (
      <>
        {a.state !== 'pending' && a.state !== 'active' ? <Alert className="od-message od-no-print" type="warning" showIcon title={`${authorisationStateLabels[a.state].zh}:${a.stateReason || a.state}`} /> : null}
        <div className="od-sheet" data-testid="authorisation-sheet">
          <div className="od-organ">{a.regionName}帮办代办服务点</div>
          <div className="od-title">代办服务委托书</div>
          <div className="od-number">编号:{a.authorisationNo}</div>
          <table className="od-table">
            <tbody>
              <tr>
                <th>委托人(甲方)</th>
                <td>{a.applicant.name}</td>
                <th>{a.applicant.kind === 'organisation' ? '统一社会信用代码' : '身份证号码'}</th>
                <td>{a.applicant.uscc ?? a.applicant.idMasked ?? ''}</td>
              </tr>
              <tr>
                <th>联系电话</th>
                <td>{a.applicant.phone}</td>
                <th>代办服务点</th>
                <td>{a.regionName}</td>
              </tr>
              <tr>
                <th>受托人(乙方)</th>
                <td>{a.agent.name}</td>
                <th>代办员电话</th>
                <td>{a.agent.phone}</td>
              </tr>
            </tbody>
          </table>
          <p className="od-para">甲方自愿委托乙方,在委托期限内代为办理下列政务服务事项。乙方应如实提交甲方提供的材料,不得收取任何费用,不得泄露甲方个人信息;办理进度和结果通过短信告知甲方。甲方可随时中止或终止本委托。</p>
          <table className="od-table">
            <tbody>
              <tr>
                <th>委托事项</th>
                <td>
                  {a.matters.map((m, i) => (
                    <div key={`${m.kind}-${m.code}`}>
                      {i + 1}. {m.name}({m.code})
                    </div>
                  ))}
                </td>
              </tr>
              <tr>
                <th>委托权限</th>
                <td>{a.powers.map((p) => `☑ ${agentPowerLabels[p].zh}`).join('  ')}</td>
              </tr>
              <tr>
                <th>委托期限</th>
                <td>
                  自 {a.validFrom} 起至 {a.validUntil} 止
                </td>
              </tr>
            </tbody>
          </table>
          <div className="od-commitment">
            <div>委托人承诺:所提供的材料真实、有效,由此产生的法律责任由委托人承担。</div>
            <div className="od-sign-line">
              <span>委托人签字(按手印):</span>
              <span>受托人签字:</span>
            </div>
            <div className="od-sign-line">
              <span>{'\u3000\u3000年\u3000\u3000月\u3000\u3000日'}</span>
              <span>{'\u3000\u3000年\u3000\u3000月\u3000\u3000日'}</span>
            </div>
          </div>
          <div className="od-foot">本委托书一式两份,委托人和代办服务点各执一份。签字后由代办员拍照或扫描上传,委托即生效;也可由委托人在手机上输入短信验证码确认。</div>
        </div>
      </>
    );
  }

  return (
    <div className="od-screen">
      <DocumentStyles />
      <div className="od-toolbar od-no-print" role="toolbar">
        <Button type="primary" icon={<PrinterOutlined />} onClick={() => window.print()} disabled={!a} data-testid="print-button">
          {t('agents.print.print')}
        </Button>
        <Button icon={<ArrowLeftOutlined />} onClick={onBack}>
          {t('agents.print.back')}
        </Button>
        <LanguageSwitch />
      </div>
      {body}
    </div>
  );
}
