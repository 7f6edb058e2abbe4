/** Credit (信用贷 quota and extract, 积分分红): the public surface other modules and the demo import. */
export { CreditService, type TierTable } from './credit.service.ts';
export { ExtractsService, renderExtract, extractJson } from './extracts.service.ts';
export { DividendsService, renderDividend, type DividendInput } from './dividends.service.ts';
export { splitPool, yuanToFen, fenToYuan } from './money.ts';
export { verifySignature, sha256Hex } from './signing.ts';
export { readXlsxRows } from '../platform/xlsx.ts';
export { DEFAULT_TIERS, bandFor, type Band } from './tiers.ts';
