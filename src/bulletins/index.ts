/** Public surface of the bulletins module. */
export { BulletinsService, type GenerateInput } from './bulletins.service.ts';
export { BULLETIN_KINDS, contentHash, canonicalJson, type BulletinKind, type BulletinContent } from './bulletin-content.ts';
export type { Bulletin, BulletinDetail, Generated } from './bulletins.contract.ts';
