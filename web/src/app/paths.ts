export const paths = {
  home: '/',
  login: '/login',
  organisation: '/admin/organisation',
  staff: '/admin/staff',
  apiKeys: '/admin/api-keys',
  /** 通知管理: templates and the message log (features/notifications). */
  notifications: '/admin/notifications',
  /** 数据推送: departments' webhook subscriptions and their delivery log (features/push). */
  push: '/admin/push',
  audit: '/admin/audit',
  items: '/admin/items',
  bundles: '/admin/bundles',
  licenceTypes: '/admin/licence-types',
  calendar: '/admin/calendar',
  /** 办件查询; one case is `/cases/:id` (see features/cases/model.ts `casePath`). */
  cases: '/cases',
  inbox: '/inbox',
  /** 网上预审 (features/prereview): online applications waiting for the department or the center's desk. */
  prereview: '/prereview',
  /** 一网通办 (features/online): the applicant's own pages, signed in online; no staff session. */
  online: '/online',
  issuance: '/issuance',
  filings: '/filings',
  /** 差评整改 (features/rectifications): the department's inbox; `/quality` the supervisor's ratings desk. */
  rectifications: '/rectifications',
  quality: '/quality',
  /** 电子监察 (features/alerts): the rules' alerts, the department's response, the supervisor's verdict. */
  alerts: '/alerts',
  /** 综合受理 (features/intake). */
  intake: '/intake',
  /** A notice of a case on A4 (features/documents `documentPaths.print`), outside the app's frame. */
  casePrint: '/cases/:id/print/:kind',
  /** Public progress query by case number and query password (features/documents), no sign-in. */
  query: '/query',
  /** The hall (features/hall-*): public index of centers, kiosk, big display, a ticket's progress, booking. */
  hall: '/hall',
  hallKiosk: '/hall/kiosk/:centerId',
  hallBoard: '/hall/board/:centerId',
  hallTicket: '/hall/ticket/:id',
  book: '/book',
  /** Staff: the clerk's window screen, the day's appointments and slot templates, hall statistics. */
  hallWindow: '/hall/window',
  /** 好差评 (features/ratings): the window's rating pad (full screen) and a region's settings. */
  ratingPad: '/pad',
  qualitySettings: '/quality/settings',
  appointments: '/hall/appointments',
  hallStats: '/hall/stats',
  /** 网上办事 (features/online-identity): a citizen's sign-in by code and their account; no staff session. */
  onlineLogin: '/online/login',
  onlineMe: '/online/me',
  /** 帮办代办 (features/agents): the agent's desk, and an authorisation's printable form outside the app's frame. */
  agents: '/agent',
  agentPrint: '/agent/authorisations/:id/print',
  /** 投诉诉求 (features/complaints): the center's desk and a department's complaint inbox. */
  complaints: '/complaints',
  /** 投诉建议 online (features/complaints), inside the online frame. */
  onlineComplaint: '/online/complaint',
  /** 好差评 (features/quality-*): the public monthly figures (no sign-in) and the staff report. */
  qualityPublic: '/quality/public',
  qualityReport: '/quality/report',
  /** 督查驾驶舱 (features/supervision). */
  supervision: '/supervision',
  /** 公示 (features/publicity): the center picker and a center's public page (no sign-in). */
  publicity: '/gongshi',
  publicityCenter: '/gongshi/:centerId',
} as const;
