export const paths = {
  home: '/',
  login: '/login',
  organisation: '/admin/organisation',
  staff: '/admin/staff',
  apiKeys: '/admin/api-keys',
  audit: '/admin/audit',
} as const;
