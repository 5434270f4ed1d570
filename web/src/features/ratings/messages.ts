/** Words of 好差评's staff menus; English must have every key of the Chinese. */
export const ratingsZh = {
  'ratings.nav.pad': '窗口评价器',
  'ratings.nav.settings': '好差评设置',
};

export const ratingsEn: Record<keyof typeof ratingsZh, string> = {
  'ratings.nav.pad': 'Rating pad',
  'ratings.nav.settings': 'Rating settings',
};
