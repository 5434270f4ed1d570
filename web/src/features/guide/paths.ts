/** Where the public guide lives; outside the staff session, so anyone can open and share these links. */
export const guidePaths = {
  search: '/guide',
  item: (code: string) => `/guide/items/${encodeURIComponent(code)}`,
  itemPrint: (code: string, scenario?: string | null) => `/guide/items/${encodeURIComponent(code)}/print${scenario ? `?scenario=${encodeURIComponent(scenario)}` : ''}`,
  bundle: (code: string) => `/guide/bundles/${encodeURIComponent(code)}`,
  bundlePrint: (code: string) => `/guide/bundles/${encodeURIComponent(code)}/print`,
} as const;
