/** The `onewindow` command. */
import { scheduleClock } from '../jobs/clock.job.ts';
import { scheduleAuditCheckpoints } from '../jobs/audit-checkpoint.job.ts';
import { scheduleDraftExpiry } from '../jobs/draft-expiry.job.ts';
import { scheduleComplaintEscalation } from '../jobs/complaint-escalation.job.ts';
import { scheduleSupervisionFold } from '../jobs/supervision-fold.job.ts';
import { scheduleAlerts } from '../jobs/alert.job.ts';
import { scheduleDefaultRatings } from '../jobs/rating-default.job.ts';
import { notifyChannel, scheduleNotifications } from '../jobs/notify.job.ts';
import { scheduleNatsPublisher, schedulePush } from '../jobs/push.job.ts';
import { providerFromEnv } from '../services/notify/providers/index.ts';
import { existsSync, readdirSync, rmSync } from 'node:fs';
import { open, readFile, writeFile } from 'node:fs/promises';
import { Command, InvalidArgumentError } from 'commander';
import { maskResidentIdsIn } from '../domain/resident-id.ts';
import { isRole, roles, type Role } from '../domain/roles.ts';
import { buildApp } from '../http/app.ts';
import { configFromEnv, openOneWindow, version, type Config } from '../main.ts';
import { systemActor } from '../services/actor.ts';
import { describeFinding } from '../domain/audit-checkpoint.ts';
import { isMonth, upwardCsv } from '../domain/quality-report.ts';
import { reportText, reportWorkbook } from '../services/quality-report.service.ts';
import { parseExportedCheckpoints } from '../services/audit-checkpoint.service.ts';
import { demoAccounts, demoHistoryFromEnv, demoPassword, loadDemo } from './demo.ts';
import { defaultGenerateSeed, generateHistory, generatedShape } from './generate.ts';
import { createIdProtector, loadDataKey } from '../services/id-protection.ts';
import { chinaDate } from '../domain/china-time.ts';

function progressLine(step: number, total: number, label: string): void {
  process.stdout.write(`  [${step}/${total}] ${label}\n`);
}

/** A progress bar on stderr: percent, rows a second, time left (a line per tenth when stderr is not a terminal). */
export function progressBar(label: string, stream: NodeJS.WriteStream = process.stderr): (done: number, total: number, rows: number) => void {
  let started = performance.now();
  let lastTenth = -1;
  return (done, total, rows) => {
    // Counted from the first rows, not from opening the database and cloning the catalog.
    if (done === 0) started = performance.now();
    const seconds = (performance.now() - started) / 1000;
    const share = total === 0 ? 1 : done / total;
    const eta = share > 0 ? seconds * (1 / share - 1) : 0;
    const width = 30;
    const filled = Math.round(share * width);
    const line = `  ${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${(share * 100).toFixed(1).padStart(5)}%  ${Math.round(rows / Math.max(seconds, 0.001)).toLocaleString('en')} rows/s  ETA ${eta < 60 ? `${eta.toFixed(0)} s` : `${Math.floor(eta / 60)} min ${Math.round(eta % 60)} s`}`;
    if (stream.isTTY) stream.write(`\r${line}${done >= total ? '\n' : ''}`);
    else if (Math.floor(share * 10) > lastTenth || done >= total) {
      lastTenth = Math.floor(share * 10);
      stream.write(`${line}\n`);
    }
  };
}

function parseCount(value: string): number {
  const n = Number(value.replaceAll('_', '').replaceAll(',', ''));
  if (!Number.isSafeInteger(n) || n < 1) throw new InvalidArgumentError('must be a positive integer');
  return n;
}

function parseSeed(value: string): number {
  const n = Number(value);
  if (!Number.isSafeInteger(n)) throw new InvalidArgumentError('must be an integer');
  return n;
}

function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 0 || port > 65_535) throw new InvalidArgumentError('port must be 0-65535');
  return port;
}

function describeDatabase(config: Config): string {
  return config.databaseUrl ? `PostgreSQL ${config.databaseUrl.replace(/\/\/[^@]*@/, '//***@')}` : `PGlite (embedded) in ${config.dataDir}`;
}

async function serve(options: { demo?: boolean; history?: boolean; port?: number; host?: string }): Promise<void> {
  const config = { ...configFromEnv(), ...(options.port !== undefined ? { port: options.port } : {}), ...(options.host ? { host: options.host } : {}) };
  // The demo sends no SMS: sign-in codes are answered on screen (demoCode) so people can try the online channel.
  if (options.demo && process.env.ONLINE_EXPOSE_CODES !== 'false') config.exposeCodes = true;
  console.log(`OneWindow 一窗通 ${version}`);
  console.log(`  database: ${describeDatabase(config)}`);
  const oneWindow = await openOneWindow(config);
  if (options.demo) {
    console.log('  demo data 演示数据:');
    const loaded = await loadDemo(oneWindow.services, progressLine, options.history === false ? undefined : { ...demoHistoryFromEnv(), servicesAt: oneWindow.servicesAt });
    if (!loaded) console.log('  (already loaded 已加载)');
  }
  const app = await buildApp({
    services: oneWindow.services,
    databaseKind: oneWindow.database.kind,
    version,
    webRoot: config.webRoot,
    // Nothing the server logs is meant to hold a resident ID (DESIGN §9); should one slip into a
    // message all the same, it leaves the process masked.
    logger: { level: config.logLevel, stream: { write: (line: string) => process.stdout.write(maskResidentIdsIn(line)) } },
    secureCookies: config.secureCookies,
    trustProxy: config.trustProxy,
    allowedOrigins: config.allowedOrigins,
    publicOrigin: config.publicOrigin,
    verifyRateLimitPerMinute: config.verifyRateLimitPerMinute,
  });
  // The case clock: warnings, overdue and reminders, every few minutes (each notification once).
  const clock = scheduleClock(oneWindow.services.clockJob, config.clockIntervalMs, (message, error) => (error ? app.log.error({ err: error }, message) : app.log.info(message)));
  // Signed checkpoints of the audit chain's head, so rows cut off its end show in `verify audit`.
  // Online drafts untouched for ONLINE_DRAFT_DAYS go, with their files (hourly).
  const drafts = scheduleDraftExpiry(oneWindow.services.online, 3_600_000, (message, error) => (error ? app.log.error({ err: error }, message) : app.log.info(message)));
  // Complaints whose step or whole limit ran out are escalated (督办), every clock interval.
  const escalation = scheduleComplaintEscalation(oneWindow.services.complaints, config.clockIntervalMs, (message, error) => (error ? app.log.error({ err: error }, message) : app.log.info(message)));
  // The supervision rollups: the deltas of each case change folded in every few seconds.
  const fold = scheduleSupervisionFold(oneWindow.services.supervision, 5_000, (message, error) => (error ? app.log.error({ err: error }, message) : app.log.info(message)));
  // 电子监察: the alert rules raise what is due to the supervisors, every clock interval.
  const alerts = scheduleAlerts(oneWindow.services.alerts, config.alertIntervalMs, (message, error) => (error ? app.log.error({ err: error }, message) : app.log.info(message)));
  // Cases left unrated past their region's period count as 基本满意 (hourly).
  const defaultRatings = scheduleDefaultRatings(oneWindow.services.ratings, 3_600_000, (message, error) => (error ? app.log.error({ err: error }, message) : app.log.info(message)));
  const checkpoints = scheduleAuditCheckpoints(oneWindow.services.auditCheckpoints, config.auditCheckpointIntervalMs, (message, error) => (error ? app.log.error({ err: error }, message) : app.log.info(message)));
  // Notifications: the outbox consumed and its messages sent through the provider the environment names.
  const provider = providerFromEnv(process.env, (fields, message) => app.log.info(fields, message));
  const notifications = scheduleNotifications(oneWindow.services.notifier, provider, config.notifyIntervalMs, (message, error) => (error ? app.log.error({ err: error }, message) : app.log.info(message)));
  // A sign-in code is sent at once, by whichever process hears it first (the others find nothing to claim).
  await oneWindow.database.listen(notifyChannel, () => notifications.runNow());
  // 数据推送: departments' webhooks, and with NATS_URL the JetStream stream (docs/PUSH.md).
  const jobLog = (message: string, error?: unknown) => (error ? app.log.error({ err: error }, message) : app.log.info(message));
  const push = schedulePush(oneWindow.services.pushSender, config.pushIntervalMs, jobLog);
  const nats = oneWindow.services.natsPublisher ? scheduleNatsPublisher(oneWindow.services.natsPublisher, config.pushIntervalMs, jobLog) : null;
  const shutdown = async (signal: string) => {
    console.log(`\n${signal}: shutting down`);
    clock.stop();
    checkpoints.stop();
    drafts.stop();
    escalation.stop();
    fold.stop();
    alerts.stop();
    defaultRatings.stop();
    notifications.stop();
    push.stop();
    nats?.stop();
    await app.close();
    await oneWindow.close();
    process.exit(0);
  };
  // Displays connected here hear calls made through any process on the same database.
  await oneWindow.services.hallLive.start();
  process.once('SIGINT', () => void shutdown('SIGINT'));
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  const address = await app.listen({ port: config.port, host: config.host });
  console.log(`\nOneWindow is running: ${address.replace('[::1]', 'localhost')}`);
  console.log(`  API docs: ${address}/api/docs`);
  if (options.demo) {
    console.log(`  demo sign-ins 演示账号 (password 密码: ${demoPassword}):`);
    for (const account of demoAccounts) console.log(`    ${account.username.padEnd(16)} ${account.displayName}`);
    if (config.exposeCodes) console.log(`  网上办事 online services: ${address.replace('[::1]', 'localhost')}/online/login (any mobile number; the code is shown on screen, no SMS is sent)`);
  }
}

export async function runCli(argv: string[]): Promise<number> {
  const program = new Command();
  program.name('onewindow').description('OneWindow 一窗通: one door, one ticket, one window, one thing done').version(version);
  program.exitOverride();

  program
    .command('serve')
    .description('run the API, the web app and the jobs (PORT, HOST, DATA_DIR, DATABASE_URL)')
    .option('--demo', 'load the demo organisation, sign-ins and three months of history if not loaded yet')
    .option('--no-history', 'with --demo: the organisation, sign-ins and catalog only')
    .option('--port <port>', 'port to listen on (default $PORT or 8080)', parsePort)
    .option('--host <host>', 'address to listen on (default $HOST or 127.0.0.1)')
    .action(serve);

  program
    .command('migrate')
    .description('apply pending database migrations')
    .action(async () => {
      const config = configFromEnv();
      console.log(`Migrating ${describeDatabase(config)}`);
      const oneWindow = await openOneWindow(config);
      await oneWindow.close();
      console.log('Migrations applied. 迁移完成');
    });

  const demoCommand = program.command('demo').description('demo data');
  const loadDemoCommand = async (options: { history: boolean }) => {
    const oneWindow = await openOneWindow(configFromEnv());
    try {
      const loaded = await loadDemo(oneWindow.services, progressLine, options.history ? { ...demoHistoryFromEnv(), servicesAt: oneWindow.servicesAt } : undefined);
      console.log(loaded ? `Demo loaded. 演示数据已加载 (password 密码: ${demoPassword})` : 'Demo already loaded. 演示数据已存在');
    } finally {
      await oneWindow.close();
    }
  };
  demoCommand.command('load').description('load the demo organisation, staff, catalog and three months of history (once; DEMO_TODAY, DEMO_SEED)').option('--no-history', 'the organisation, staff and catalog only').action(loadDemoCommand);
  demoCommand
    .command('generate')
    .description(
      `write a province-like history of N cases for benchmarks (${generatedShape.cities} cities × ${generatedShape.countiesPerCity} counties × ${generatedShape.townsPerCounty} towns × ${generatedShape.villagesPerTown} villages, a year of cases); loads the demo organisation first if needed; once per database`,
    )
    .requiredOption('--cases <n>', 'how many cases, e.g. 10000 or 10_000_000', parseCount)
    .option('--seed <seed>', `seed of every choice (default ${defaultGenerateSeed}): the same seed gives the same rows`, parseSeed, defaultGenerateSeed)
    .option('--to <date>', 'the history ends the working day before this China date (default DEMO_TODAY, else today)')
    .option('--batch <n>', 'cases per transaction (default 50000)', parseCount)
    .action(async (options: { cases: number; seed: number; to?: string; batch?: number }) => {
      const config = configFromEnv();
      const to = options.to ?? process.env.DEMO_TODAY ?? chinaDate(new Date());
      console.log(`Generating ${options.cases.toLocaleString('en')} cases to ${to} (seed ${options.seed}) in ${describeDatabase(config)}`);
      const oneWindow = await openOneWindow(config);
      try {
        await loadDemo(oneWindow.services, progressLine);
        const ids = createIdProtector(loadDataKey({ envKey: config.dataKey, dataDir: config.dataDir }));
        const summary = await generateHistory(oneWindow.database, ids, { cases: options.cases, seed: options.seed, to, batchSize: options.batch, progress: progressBar('生成 generating') });
        console.log(
          `Generated 已生成: ${summary.regions} regions, ${summary.departments} departments, ${summary.items} items; ${summary.applicants} applicants, ${summary.cases} cases, ${summary.actions} actions, ${summary.visits} visits, ${summary.tasks} tasks, ${summary.materials} materials, ${summary.notices} notices, ${summary.ratings} ratings`,
        );
        console.log(
          `  ${summary.rows.toLocaleString('en')} rows in ${summary.loadSeconds.toFixed(1)} s (${Math.round(summary.rows / summary.loadSeconds).toLocaleString('en')} rows/s); ${summary.seconds.toFixed(1)} s in all with the catalog, counters and rollups`,
        );
      } finally {
        await oneWindow.close();
      }
    });
  demoCommand
    .command('reset')
    .description('wipe the embedded database (DATA_DIR) and load the demo afresh (PGlite only)')
    .requiredOption('--yes', 'yes, delete everything in DATA_DIR')
    .option('--no-history', 'the organisation, staff and catalog only')
    .action(async (options: { history: boolean }) => {
      const config = configFromEnv();
      if (config.databaseUrl) throw new Error('demo reset wipes an embedded database only; for PostgreSQL drop and recreate the database, then run demo load');
      // Only a directory OneWindow made: a mistyped DATA_DIR must not empty somebody's home.
      const entries = existsSync(config.dataDir) ? readdirSync(config.dataDir) : [];
      if (entries.length > 0 && !entries.includes('onewindow.key') && !entries.includes('PG_VERSION')) {
        throw new Error(`${config.dataDir} does not look like a OneWindow data directory (no onewindow.key, no PG_VERSION); not deleting it`);
      }
      console.log(`Deleting 删除 ${config.dataDir}`);
      rmSync(config.dataDir, { recursive: true, force: true });
      await loadDemoCommand(options);
    });

  const adminCommand = program.command('admin').description('administration without the web app');
  adminCommand
    .command('create-region')
    .description('plant a region (the root of a new install, or a child of an existing one)')
    .requiredOption('--code <code>', 'GB/T 2260 code (6 digits), town (9) or village (12)')
    .requiredOption('--name <name>', 'name, e.g. 新泰市')
    .option('--parent <code>', 'parent region code')
    .option('--level <level>', 'province | city | county | town | village (for a root)')
    .action(async (options: { code: string; name: string; parent?: string; level?: 'province' | 'city' | 'county' | 'town' | 'village' }) => {
      const oneWindow = await openOneWindow(configFromEnv());
      try {
        const region = await oneWindow.services.org.createRegion({ actor: systemActor }, { code: options.code, name: options.name, parentCode: options.parent ?? null, level: options.level });
        console.log(`Region created: ${region.code} ${region.name} (${region.level})`);
      } finally {
        await oneWindow.close();
      }
    });
  adminCommand
    .command('create-user')
    .description('create a staff account with one grant (reads the password from ONEWINDOW_PASSWORD or --password)')
    .requiredOption('--username <username>', 'sign-in name')
    .requiredOption('--name <displayName>', 'name shown on screen')
    .requiredOption('--role <role>', `one of ${roles.join(', ')}`, (value: string): Role => {
      if (!isRole(value)) throw new InvalidArgumentError(`role must be one of ${roles.join(', ')}`);
      return value;
    })
    .requiredOption('--region <code>', 'region code the grant covers (with its subtree)')
    .option('--department <id>', 'department id to narrow the grant to')
    .option('--password <password>', 'password (prefer ONEWINDOW_PASSWORD)')
    .action(async (options: { username: string; name: string; role: Role; region: string; department?: string; password?: string }) => {
      const password = options.password ?? process.env.ONEWINDOW_PASSWORD;
      if (!password) throw new InvalidArgumentError('give --password or set ONEWINDOW_PASSWORD');
      const oneWindow = await openOneWindow(configFromEnv());
      try {
        const member = await oneWindow.services.staff.create(
          { actor: systemActor },
          { username: options.username, displayName: options.name, password, grants: [{ role: options.role, departmentId: options.department ?? null, regionCode: options.region }] },
        );
        console.log(`User created: ${member.username} (${options.role} @ ${options.region})`);
      } finally {
        await oneWindow.close();
      }
    });

  const catalogCommand = program.command('catalog').description('the service catalog as an Excel workbook');
  catalogCommand
    .command('export <file>')
    .description('write the published catalog and bundles to an .xlsx file')
    .action(async (file: string) => {
      const oneWindow = await openOneWindow(configFromEnv());
      try {
        const exported = await oneWindow.services.catalog.exportWorkbook();
        await writeFile(file, exported.file);
        console.log(`Exported ${exported.items} items and ${exported.bundles} bundles to ${file}. 已导出 ${exported.items} 个事项、${exported.bundles} 个一件事`);
      } finally {
        await oneWindow.close();
      }
    });
  catalogCommand
    .command('import <file>')
    .description('import an .xlsx catalog: all of it, or nothing with every problem listed')
    .action(async (file: string) => {
      const oneWindow = await openOneWindow(configFromEnv());
      try {
        console.log(`Reading 读取 ${file}`);
        const result = await oneWindow.services.catalog.importWorkbook({ actor: systemActor }, await readFile(file), (done, total) => {
          if (done === total || done % 10 === 0) process.stdout.write(`  [${done}/${total}] 事项 items\n`);
        });
        console.log(`Imported: ${result.published} items published, ${result.unchanged} unchanged, ${result.bundles} bundles. 导入完成`);
      } catch (error) {
        const details = (error as { details?: unknown }).details;
        if (Array.isArray(details)) {
          for (const p of details as { sheet: string; row: number; column: string; message: string }[]) {
            console.error(`  【${p.sheet}】${p.row ? `第 ${p.row} 行 ` : ''}${p.column ? `“${p.column}”列 ` : ''}${p.message}`);
          }
        }
        throw error;
      } finally {
        await oneWindow.close();
      }
    });

  program
    .command('verify')
    .description('integrity checks')
    .command('audit')
    .description('check the hash chain of the audit log and its signed checkpoints')
    .option('--checkpoints <file>', 'also check against checkpoints exported earlier (onewindow audit export-checkpoints)')
    .action(async (options: { checkpoints?: string }) => {
      const exported = options.checkpoints ? parseExportedCheckpoints(await readFile(options.checkpoints, 'utf8')) : undefined;
      const oneWindow = await openOneWindow(configFromEnv());
      try {
        const report = await oneWindow.services.auditCheckpoints.verify({ exported, onProgress: (checked) => process.stdout.write(`  checked ${checked} rows\r`) });
        process.stdout.write('\n');
        const chain = report.chain;
        if (chain.ok) {
          console.log(`Audit chain OK: ${chain.rows} rows, last hash ${chain.lastHash}. 审计链完整`);
        } else {
          console.log(`Audit chain BROKEN at row ${chain.brokenAt} (${chain.reason}); ${chain.rows} rows before it are intact. 审计链在第 ${chain.brokenAt} 行断开`);
        }
        const counted = `${report.databaseCheckpoints} in the database${report.fileCheckpoints === null ? '' : `, ${report.fileCheckpoints} in ${options.checkpoints}`}`;
        console.log(`Checkpoints 检查点: ${counted}`);
        for (const finding of report.findings.slice(0, 20)) {
          const words = describeFinding(finding);
          console.log(`  ✗ ${words.zh}\n    ${words.en}`);
        }
        if (report.findings.length > 20) console.log(`  … ${report.findings.length - 20} more 另有 ${report.findings.length - 20} 项`);
        if (report.newest) {
          console.log(
            `Newest good checkpoint: row ${report.newest.seq} at ${report.newest.at.toISOString()}; ${report.unanchoredRows} rows after it not anchored yet. 最新有效检查点为第 ${report.newest.seq} 行,其后 ${report.unanchoredRows} 行尚未锚定`,
          );
        } else if (report.findings.length === 0) {
          console.log('No checkpoint yet: rows cut off the end would not show (the server signs one every few minutes; or run onewindow audit checkpoint). 尚无检查点');
        }
        console.log(report.ok ? 'Audit log verified. 审计日志校验通过' : 'Audit log FAILED verification. 审计日志校验未通过');
        if (!report.ok) process.exitCode = 1;
      } finally {
        await oneWindow.close();
      }
    });

  const auditCommand = program.command('audit').description('signed checkpoints of the audit log');
  auditCommand
    .command('checkpoint')
    .description("sign the audit chain's head now (the server also does it every AUDIT_CHECKPOINT_INTERVAL_SECONDS)")
    .action(async () => {
      const oneWindow = await openOneWindow(configFromEnv());
      try {
        const result = await oneWindow.services.auditCheckpoints.checkpoint();
        if (result.written) console.log(`Checkpoint written: row ${result.checkpoint.seq}, hash ${result.checkpoint.hash}, key ${result.checkpoint.keyId}. 已签署检查点`);
        else if (result.reason === 'empty') console.log('The audit log is empty; nothing to sign. 审计日志为空');
        else console.log(`Nothing new since the checkpoint at row ${result.latest!.seq}. 自上一检查点以来无新记录`);
      } finally {
        await oneWindow.close();
      }
    });
  auditCommand
    .command('export-checkpoints [file]')
    .description('write every checkpoint as JSON lines with its public key (to stdout without a file); keep copies elsewhere')
    .action(async (file: string | undefined) => {
      const oneWindow = await openOneWindow(configFromEnv());
      const out = file ? await open(file, 'w') : undefined;
      try {
        let count = 0;
        for await (const line of oneWindow.services.auditCheckpoints.exportLines()) {
          if (out) await out.write(`${line}\n`);
          else process.stdout.write(`${line}\n`);
          count++;
        }
        if (out) console.log(`Exported ${count} checkpoints to ${file}. 已导出 ${count} 个检查点`);
      } finally {
        await out?.close();
        await oneWindow.close();
      }
    });

  program
    .command('quality')
    .description('好差评 publication')
    .command('report')
    .description("print a region's monthly 好差评 figures; with --out write the upward report (.json or .csv) or the monthly workbook (.xlsx)")
    .requiredOption('--month <month>', 'the month, YYYY-MM (China time)', (value: string) => {
      if (!isMonth(value)) throw new InvalidArgumentError('--month must be YYYY-MM');
      return value;
    })
    .requiredOption('--region <code>', 'the region code (6, 9 or 12 digits); its whole subtree is counted')
    .option('--out <file>', 'write 好差评上报 as .json (an array) or .csv, or the monthly report as .xlsx')
    .action(async (options: { month: string; region: string; out?: string }) => {
      const oneWindow = await openOneWindow(configFromEnv());
      try {
        const reports = oneWindow.services.qualityReports;
        const report = await reports.report(systemActor, options.region, options.month);
        process.stdout.write(reportText(report));
        if (options.out) {
          const lower = options.out.toLowerCase();
          if (lower.endsWith('.xlsx')) {
            await writeFile(options.out, await reportWorkbook(report));
            console.log(`Wrote the monthly report to ${options.out}. 已导出月报`);
          } else {
            const { records } = await reports.upward(systemActor, options.region, options.month);
            await writeFile(options.out, lower.endsWith('.csv') ? upwardCsv(records) : `${JSON.stringify(records, null, 2)}\n`);
            console.log(`Wrote ${records.length} ratings for the province to ${options.out}. 已生成上报文件(${records.length} 条评价)`);
          }
        }
      } finally {
        await oneWindow.close();
      }
    });

  const keysCommand = program.command('keys').description('the SM2 keys that sign e-licences (one per issuing body)');
  keysCommand
    .command('list')
    .description('every e-licence key with its issuer and validity')
    .action(async () => {
      const oneWindow = await openOneWindow(configFromEnv());
      try {
        const keys = await oneWindow.services.licenceKeys.list();
        if (keys.length === 0) console.log('No e-licence key yet (an issuer gets one on its first licence). 尚无签名密钥');
        for (const key of keys) {
          const state = key.compromisedSince ? `COMPROMISED since 泄露自 ${key.compromisedSince.toISOString()} (${key.compromisedReason})` : key.retiredAt ? `retired 已停用 ${key.retiredAt.toISOString()}` : 'active 在用';
          console.log(`${key.keyId}  ${key.issuerUscc ?? '(all issuers, before keys per issuer)'} ${key.issuerName}  from ${key.validFrom.toISOString()}  ${state}`);
        }
      } finally {
        await oneWindow.close();
      }
    });
  keysCommand
    .command('rotate')
    .description("retire an issuer's key and make a new one (its old licences keep verifying)")
    .requiredOption('--issuer <uscc>', "the issuing body's unified social credit code")
    .action(async (options: { issuer: string }) => {
      const oneWindow = await openOneWindow(configFromEnv());
      try {
        const result = await oneWindow.services.licenceKeys.rotate({ actor: systemActor }, options.issuer);
        console.log(`New key 新密钥: ${result.key.keyId} for ${result.key.issuerUscc} ${result.key.issuerName}${result.retiredKeyId ? `; retired 已停用 ${result.retiredKeyId}` : ''}`);
        console.log(result.key.publicKeyPem.trimEnd());
      } finally {
        await oneWindow.close();
      }
    });
  keysCommand
    .command('compromise <keyId>')
    .description('mark a key compromised: licences it signed at or after --since read key_compromised')
    .requiredOption('--since <time>', 'ISO 8601 time from which its signatures are not trusted, e.g. 2026-11-01T00:00:00+08:00', (value: string): Date => {
      if (!/^\d{4}-\d{2}-\d{2}(T[\d:.]+(Z|[+-]\d{2}:\d{2})?)?$/.test(value) || Number.isNaN(Date.parse(value))) {
        throw new InvalidArgumentError('--since must be an ISO 8601 time, e.g. 2026-11-01T00:00:00+08:00');
      }
      return new Date(value);
    })
    .requiredOption('--reason <reason>', 'why (recorded in the audit log)')
    .action(async (keyId: string, options: { since: Date; reason: string }) => {
      const oneWindow = await openOneWindow(configFromEnv());
      try {
        const key = await oneWindow.services.licenceKeys.compromise({ actor: systemActor }, keyId, options.since, options.reason);
        console.log(`Key ${key.keyId} marked compromised since ${key.compromisedSince!.toISOString()}; licences it signed from then read key_compromised. 已标记密钥泄露`);
      } finally {
        await oneWindow.close();
      }
    });

  try {
    await program.parseAsync(argv);
    return Number(process.exitCode ?? 0);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version' || code === 'commander.help') return 0;
    if (code?.startsWith('commander.')) return 1;
    const appError = error as { messageZh?: string; message?: string };
    console.error(`Error 错误: ${appError.messageZh ? `${appError.messageZh} / ` : ''}${appError.message ?? String(error)}`);
    return 1;
  }
}
