/** Words of 统一出件; English must have every key of the Chinese (the typecheck says so). */
export const issuanceZh = {
  'issuance.nav': '统一出件',
  'issuance.intro': '已办结、待出件的办件:收齐容缺材料后,选择窗口领取、快递送达、电子证照或网上送达。',
  'issuance.open': '出件',
  'issuance.selected': '当前办件',
  'issuance.close': '关闭',
  'issuance.empty': '暂无待出件的办件',
  'issuance.deferredFirst': '尚有容缺材料未收取,须收齐后方可出件:',
  'issuance.promisedBy': '承诺 {date} 前补齐',
  'issuance.deliveredArchive': '已送达,可以归档。',
};

export const issuanceEn: Record<keyof typeof issuanceZh, string> = {
  'issuance.nav': 'Issuance',
  'issuance.intro': 'Concluded cases waiting for their result: collect any deferred material, then hand over at the window, send by express, issue an e-licence or deliver online.',
  'issuance.open': 'Issue',
  'issuance.selected': 'Selected case',
  'issuance.close': 'Close',
  'issuance.empty': 'No case is waiting for issuance',
  'issuance.deferredFirst': 'Deferred materials must be collected before the result is issued:',
  'issuance.promisedBy': 'promised by {date}',
  'issuance.deliveredArchive': 'Delivered; the case can be archived.',
};
