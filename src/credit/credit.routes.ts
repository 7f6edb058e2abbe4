/**
 * Credit routes: my quota and dividend (residents), tiers, banks, consents and the signed extracts
 * (staff), the bank's own read (its API token in `x-bank-token`, no session: a bank is not a user of the
 * platform) and the public signing key.
 */
import type { FastifyReply } from 'fastify';
import { Type } from 'typebox';
import { requireActor } from '../platform/access.ts';
import { Items, Uuid } from '../platform/contract.ts';
import { errorResponses, type RoutesPlugin } from '../platform/http.ts';
import { Bank, BankExtract, BandSchema, ConsentPage, Extract, ExtractMade, MyCredit, NewBank, SigningKey, TierTable } from './credit.contract.ts';
import type { CreditService } from './credit.service.ts';
import type { ExtractsService } from './extracts.service.ts';

const RegionCode = Type.String({ pattern: '^[0-9]{12}([0-9]{3}){0,2}$' });
const BankCode = Type.String({ pattern: '^[a-z0-9][a-z0-9-]{1,31}$' });
const Month = Type.String({ pattern: '^[0-9]{4}-[0-9]{2}$' });
const Text = (max: number) => Type.String({ minLength: 1, maxLength: max, pattern: '\\S' });
const BankToken = Type.Object({ 'x-bank-token': Type.Optional(Type.String({ maxLength: 200 })) });

export const sendXlsx = (reply: FastifyReply, name: string, file: Buffer) =>
  reply.type('application/vnd.openxmlformats-officedocument.spreadsheetml.sheet').header('cache-control', 'no-store').header('content-disposition', `attachment; filename="${name}"`).send(file);

export const creditRoutes: RoutesPlugin<{ credit: CreditService; extracts: ExtractsService }> = async (app, { credit, extracts }) => {
  app.get('/api/me/credit', {
    config: { access: 'authenticated' },
    schema: { tags: ['credit'], summary: '我的贷款额度 and 我的分红: my household\'s points earned in 12 months, its quota band, its bank consents and dividend shares', response: { 200: MyCredit, ...errorResponses(401) } },
  }, async (req) => credit.mine(requireActor(req.actor)));

  app.post('/api/me/credit/consents', {
    config: { access: 'authenticated' },
    schema: {
      tags: ['credit'], summary: 'Consent, for my household, to be listed in a bank\'s monthly extract',
      body: Type.Object({ bankCode: BankCode }, { additionalProperties: false }), response: { 201: MyCredit, ...errorResponses(400, 401, 404, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await credit.consent(requireActor(req.actor), req.body.bankCode)));

  app.post('/api/me/credit/consents/:bankCode/withdraw', {
    config: { access: 'authenticated' },
    schema: { tags: ['credit'], summary: 'Withdraw my household\'s consent for a bank (the next extract leaves it out)', params: Type.Object({ bankCode: BankCode }), response: { 200: MyCredit, ...errorResponses(400, 401, 404) } },
  }, async (req) => credit.withdraw(requireActor(req.actor), req.params.bankCode));

  app.get('/api/credit/tiers', {
    config: { access: { permission: 'credit.read' } },
    schema: { tags: ['credit'], summary: 'The quota tier table in force at a place (nearest region\'s newest version; version 0 = the defaults)', querystring: Type.Object({ region: RegionCode }, { additionalProperties: false }), response: { 200: TierTable, ...errorResponses(400, 401, 403) } },
  }, async (req) => credit.tiers(requireActor(req.actor), req.query.region));

  app.put('/api/credit/tiers/:regionCode', {
    config: { access: { permission: 'credit.manage' } },
    schema: {
      tags: ['credit'], summary: 'Save the next version of a region\'s quota tiers (earned points → quota band)', params: Type.Object({ regionCode: RegionCode }),
      body: Type.Object({ bands: Type.Array(BandSchema, { minItems: 1, maxItems: 20 }), expectedVersion: Type.Optional(Type.Integer({ minimum: 0 })) }, { additionalProperties: false }),
      response: { 200: TierTable, ...errorResponses(400, 401, 403, 409, 422) },
    },
  }, async (req) => credit.saveTiers(requireActor(req.actor), req.params.regionCode, req.body));

  app.get('/api/credit/banks', {
    config: { access: { permission: 'credit.read' } },
    schema: { tags: ['credit'], summary: 'The partner banks serving the area', response: { 200: Items(Bank), ...errorResponses(401, 403) } },
  }, async (req) => credit.banks(requireActor(req.actor)));

  app.post('/api/credit/banks', {
    config: { access: { permission: 'credit.manage' } },
    schema: {
      tags: ['credit'], summary: 'Register a partner bank for an area; its API token is answered once',
      body: Type.Object({ code: BankCode, nameZh: Text(80), nameEn: Text(120), regionCode: RegionCode }, { additionalProperties: false }),
      response: { 201: NewBank, ...errorResponses(400, 401, 403, 409) },
    },
  }, async (req, reply) => reply.code(201).send(await credit.addBank(requireActor(req.actor), req.body)));

  app.get('/api/credit/consents', {
    config: { access: { permission: 'credit.read' } },
    schema: {
      tags: ['credit'], summary: 'The households\' bank consents in the area (given and withdrawn), newest first',
      querystring: Type.Object({ region: Type.Optional(RegionCode), limit: Type.Optional(Type.Integer({ minimum: 1, maximum: 200 })), offset: Type.Optional(Type.Integer({ minimum: 0, maximum: 1_000_000 })) }, { additionalProperties: false }),
      response: { 200: ConsentPage, ...errorResponses(400, 401, 403) },
    },
  }, async (req) => credit.consents(requireActor(req.actor), req.query));

  app.get('/api/credit/extracts', {
    config: { access: { permission: 'credit.read' } },
    schema: { tags: ['credit'], summary: 'The signed monthly extracts of the area\'s banks', response: { 200: Items(Extract), ...errorResponses(401, 403) } },
  }, async (req) => extracts.list(requireActor(req.actor)));

  app.post('/api/credit/extracts', {
    config: { access: { permission: 'credit.extract' } },
    schema: {
      tags: ['credit'], summary: 'Make the signed extract of a month that has ended for a bank (consenting households only); made once, asked again it answers the one made',
      body: Type.Object({ bankCode: BankCode, month: Month }, { additionalProperties: false }),
      response: { 200: ExtractMade, 201: ExtractMade, ...errorResponses(400, 401, 403, 404, 422) },
    },
  }, async (req, reply) => {
    const r = await extracts.generate(requireActor(req.actor), req.body);
    return reply.code(r.existed ? 200 : 201).send(r);
  });

  app.get('/api/credit/extracts/:id/file', {
    config: { access: { permission: 'credit.extract' } },
    schema: { tags: ['credit'], summary: 'An extract\'s XLSX (the bytes its sha256 and signature cover)', params: Type.Object({ id: Uuid }), response: errorResponses(400, 401, 403, 404) },
  }, async (req, reply) => {
    const { name, file } = await extracts.file(requireActor(req.actor), req.params.id);
    return sendXlsx(reply, name, file);
  });

  app.get('/api/credit/signing-key', {
    config: { access: 'public' },
    schema: { tags: ['credit'], summary: 'The Ed25519 public key the extracts are signed with (PEM, SPKI)', response: { 200: SigningKey } },
  }, async () => extracts.signingKey());

  app.get('/api/credit/bank/extracts', {
    config: { access: 'public' },
    schema: { tags: ['credit'], summary: 'For a bank (its API token in x-bank-token): its extracts', headers: BankToken, response: { 200: Type.Object({ bank: Bank, items: Type.Array(Extract) }), ...errorResponses(401) } },
  }, async (req) => extracts.bankList(req.headers['x-bank-token']));

  app.get('/api/credit/bank/extracts/:month', {
    config: { access: 'public' },
    schema: { tags: ['credit'], summary: 'For a bank: a month\'s extract as signed JSON (`document` is what jsonSignature covers)', headers: BankToken, params: Type.Object({ month: Month }), response: { 200: BankExtract, ...errorResponses(400, 401, 404) } },
  }, async (req) => extracts.bankJson(req.headers['x-bank-token'], req.params.month));

  app.get('/api/credit/bank/extracts/:month/file', {
    config: { access: 'public' },
    schema: { tags: ['credit'], summary: 'For a bank: a month\'s extract as the signed XLSX', headers: BankToken, params: Type.Object({ month: Month }), response: errorResponses(400, 401, 404) },
  }, async (req, reply) => {
    const { name, file } = await extracts.bankFile(req.headers['x-bank-token'], req.params.month);
    return sendXlsx(reply, name, file);
  });
};
