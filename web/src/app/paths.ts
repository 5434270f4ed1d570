export const paths = {
  home: '/',
  login: '/login',
  organisation: '/admin/organisation',
  staff: '/admin/staff',
  apiKeys: '/admin/api-keys',
  audit: '/admin/audit',
  items: '/admin/items',
  bundles: '/admin/bundles',
  calendar: '/admin/calendar',
  /** 办件查询; one case is `/cases/:id` (see features/cases/model.ts `casePath`). */
  cases: '/cases',
  inbox: '/inbox',
  issuance: '/issuance',
  filings: '/filings',
  /** 综合受理 (features/intake). */
  intake: '/intake',
  /** A notice of a case on A4 (features/documents `documentPaths.print`), outside the app's frame. */
  casePrint: '/cases/:id/print/:kind',
  /** Public progress query by case number and query password (features/documents), no sign-in. */
  query: '/query',
} as const;
