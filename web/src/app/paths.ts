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
} as const;
