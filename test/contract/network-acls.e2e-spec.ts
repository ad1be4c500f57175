import {
  ACL,
  ACLS,
  HUGE,
  Json,
  describeCoverage,
  expectMatchesContract,
  expectRequestMatchesContract,
  expectRequestRejectedByContract,
  jsonHeaders,
  useContractApp,
  xmlHeaders,
} from './support/contract';

describe('responses match openapi.yaml', () => {
  const { api, tokenWith, expectUnparseableBodies } = useContractApp();

  describe('/api/v2/network-acls', () => {
    // 203.0.113.0/24 (TEST-NET-3) never matches an injected request, so these rules block nothing here.
    const rule = { action: { block: true }, match: { ipv4_cidrs: ['203.0.113.0/24'] }, scope: 'management' };
    const aclBody = (over: Record<string, unknown> = {}) => ({ description: 'contract: acl', active: true, priority: 5, rule, ...over });
    const newAcl = async (over: Record<string, unknown> = {}): Promise<Json> => {
      const res = await api('POST', ACLS, { payload: aclBody(over) });
      expect({ status: res.statusCode, body: res.json() }).toEqual({ status: 201, body: expect.anything() });
      return res.json() as Json;
    };
    const UNKNOWN = `${ACLS}/acl_0000000000000000`;
    const invalidBodies = [
      ['no action', aclBody({ rule: { ...rule, action: {} } })],
      ['two actions', aclBody({ rule: { ...rule, action: { block: true, log: true } } })],
      ['an action set to false', aclBody({ rule: { ...rule, action: { allow: false } } })],
      ['a priority above 10', aclBody({ priority: 11 })],
      ['a priority below 1', aclBody({ priority: 0 })],
      ['an unknown scope', aclBody({ rule: { ...rule, scope: 'everything' } })],
      ['a malformed CIDR', aclBody({ rule: { ...rule, match: { ipv4_cidrs: ['not-an-ip'] } } })],
      ['an unknown property', aclBody({ bogus: 1 })],
      ['an unknown rule property', aclBody({ rule: { ...rule, extra: 1 } })],
      ['an empty description', aclBody({ description: '' })],
    ] as const;

    describe('POST', () => {
      it('201: every match list, and not_match; id is acl_ + 16 base62, created_at is set', async () => {
        const body = aclBody({
          active: false,
          priority: 1,
          rule: {
            action: { log: true },
            match: { ipv4_cidrs: ['203.0.113.0/24', '198.51.100.7'], ipv6_cidrs: ['2001:db8::/32'], geo_country_codes: ['zz'], user_agents: ['contract-bot'] },
            not_match: { geo_country_codes: ['XX'] },
            scope: 'tenant',
          },
        });
        expectRequestMatchesContract('POST', ACLS, 'application/json', body);
        const res = await api('POST', ACLS, { payload: body });
        expect(res.statusCode).toBe(201);
        expectMatchesContract('POST', ACLS, res);
        expect(res.json()).toEqual({ id: expect.stringMatching(/^acl_[A-Za-z0-9]{16}$/), ...body, created_at: expect.any(String) });
      });

      it.each(invalidBodies)('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
        expectRequestRejectedByContract('POST', ACLS, body);
        const res = await api('POST', ACLS, { payload: body });
        expect(res.statusCode).toBe(400);
        expect(res.json().errorCode).toBe('invalid_body');
        expectMatchesContract('POST', ACLS, res);
      });

      it('400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
        await expectUnparseableBodies('POST', ACLS, ACLS, { malformed: '{"rule":', xml: '<acl/>' });
      });

      it('401 without a token, 403 without create:network_acls', async () => {
        const anonymous = await api('POST', ACLS, { bearer: null, payload: aclBody() });
        expect(anonymous.statusCode).toBe(401);
        expectMatchesContract('POST', ACLS, anonymous);
        const narrow = await api('POST', ACLS, { bearer: await tokenWith('read:network_acls update:network_acls'), payload: aclBody() });
        expect(narrow.statusCode).toBe(403);
        expect(narrow.json().message).toBe('Insufficient scope, expected any of: create:network_acls');
        expectMatchesContract('POST', ACLS, narrow);
      });
    });

    it('GET (list) 200: a bare array, lowest priority first; 401; 403', async () => {
      const late = await newAcl({ priority: 10, description: 'contract: list late' });
      const early = await newAcl({ priority: 2, description: 'contract: list early' });
      const res = await api('GET', `${ACLS}?ignored=yes`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', ACLS, res);
      const list = res.json() as Json[];
      expect(Array.isArray(list)).toBe(true);
      expect(list).toEqual(expect.arrayContaining([late, early]));
      expect(list.map((a) => a.priority)).toEqual([...list.map((a) => a.priority)].sort((a, b) => a - b));

      const anonymous = await api('GET', ACLS, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', ACLS, anonymous);
      const narrow = await api('GET', ACLS, { bearer: await tokenWith('create:network_acls') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:network_acls');
      expectMatchesContract('GET', ACLS, narrow);
    });

    it('GET {id} 200 the ACL; 404 not_found for an unknown id; 401; 403', async () => {
      const acl = await newAcl();
      const res = await api('GET', `${ACLS}/${acl.id}`);
      expect(res.statusCode).toBe(200);
      expectMatchesContract('GET', ACL, res);
      expect(res.json()).toEqual(acl);

      const missing = await api('GET', UNKNOWN);
      expect(missing.statusCode).toBe(404);
      expect(missing.json().errorCode).toBe('not_found');
      expectMatchesContract('GET', ACL, missing);

      const anonymous = await api('GET', `${ACLS}/${acl.id}`, { bearer: null });
      expect(anonymous.statusCode).toBe(401);
      expectMatchesContract('GET', ACL, anonymous);
      const narrow = await api('GET', `${ACLS}/${acl.id}`, { bearer: await tokenWith('update:network_acls') });
      expect(narrow.statusCode).toBe(403);
      expect(narrow.json().message).toBe('Insufficient scope, expected any of: read:network_acls');
      expectMatchesContract('GET', ACL, narrow);
    });

    describe.each(['PUT', 'PATCH'] as const)('%s', (method) => {
      let acl: Json;
      beforeAll(async () => {
        acl = await newAcl();
      });

      it('200: the ACL as it now is, id and created_at kept', async () => {
        const body = aclBody({
          description: `contract: ${method}`,
          active: false,
          priority: 3,
          rule: { action: { allow: true }, not_match: { user_agents: ['x'] }, scope: 'dcr' },
        });
        expectRequestMatchesContract(method, ACL, 'application/json', body);
        const res = await api(method, `${ACLS}/${acl.id}`, { payload: body });
        expect(res.statusCode).toBe(200);
        expectMatchesContract(method, ACL, res);
        expect(res.json()).toEqual({ ...body, id: acl.id, created_at: acl.created_at });
        expect((await api('GET', `${ACLS}/${acl.id}`)).json()).toEqual(res.json());
      });

      it.each(invalidBodies)('400 invalid_body for %s (refused by the documented schema too)', async (_, body) => {
        expectRequestRejectedByContract(method, ACL, body);
        const res = await api(method, `${ACLS}/${acl.id}`, { payload: body });
        expect(res.statusCode).toBe(400);
        expect(res.json().errorCode).toBe('invalid_body');
        expectMatchesContract(method, ACL, res);
      });

      it('400 for malformed JSON, 413 over 1 MiB, 415 for an unparseable type', async () => {
        const bad = await api(method, `${ACLS}/${acl.id}`, { headers: jsonHeaders, payload: '{"rule":' });
        expect(bad.statusCode).toBe(400);
        expectMatchesContract(method, ACL, bad);
        const big = await api(method, `${ACLS}/${acl.id}`, { headers: jsonHeaders, payload: HUGE });
        expect(big.statusCode).toBe(413);
        expectMatchesContract(method, ACL, big);
        const xml = await api(method, `${ACLS}/${acl.id}`, { headers: xmlHeaders, payload: '<acl/>' });
        expect(xml.statusCode).toBe(415);
        expectMatchesContract(method, ACL, xml);
      });

      it('401 without a token, 403 without update:network_acls, 404 for an unknown id', async () => {
        const anonymous = await api(method, `${ACLS}/${acl.id}`, { bearer: null, payload: aclBody() });
        expect(anonymous.statusCode).toBe(401);
        expectMatchesContract(method, ACL, anonymous);
        const narrow = await api(method, `${ACLS}/${acl.id}`, { bearer: await tokenWith('read:network_acls create:network_acls'), payload: aclBody() });
        expect(narrow.statusCode).toBe(403);
        expect(narrow.json().message).toBe('Insufficient scope, expected any of: update:network_acls');
        expectMatchesContract(method, ACL, narrow);
        const missing = await api(method, UNKNOWN, { payload: aclBody() });
        expect(missing.statusCode).toBe(404);
        expect(missing.json().errorCode).toBe('not_found');
        expectMatchesContract(method, ACL, missing);
      });
    });

    it('PUT 400 when a property is missing (all are required); PATCH 200 for a partial or empty body', async () => {
      const acl = await newAcl();
      const partial = { priority: 7 };
      expectRequestRejectedByContract('PUT', ACL, partial);
      const put = await api('PUT', `${ACLS}/${acl.id}`, { payload: partial });
      expect(put.statusCode).toBe(400);
      expect(put.json().errorCode).toBe('invalid_body');
      expectMatchesContract('PUT', ACL, put);

      expectRequestMatchesContract('PATCH', ACL, 'application/json', partial);
      const patch = await api('PATCH', `${ACLS}/${acl.id}`, { payload: partial });
      expect(patch.statusCode).toBe(200);
      expectMatchesContract('PATCH', ACL, patch);
      expect(patch.json()).toEqual({ ...acl, ...partial });
      const noop = await api('PATCH', `${ACLS}/${acl.id}`, { payload: {} });
      expect(noop.statusCode).toBe(200);
      expectMatchesContract('PATCH', ACL, noop);
      expect(noop.json()).toEqual(patch.json());
    });

    describe('DELETE', () => {
      it('204 without a body; then GET and DELETE are 404', async () => {
        const acl = await newAcl();
        const res = await api('DELETE', `${ACLS}/${acl.id}`);
        expect(res.statusCode).toBe(204);
        expect(res.body).toBe('');
        expectMatchesContract('DELETE', ACL, res);
        const get = await api('GET', `${ACLS}/${acl.id}`);
        expect(get.statusCode).toBe(404);
        expectMatchesContract('GET', ACL, get);
        const again = await api('DELETE', `${ACLS}/${acl.id}`);
        expect(again.statusCode).toBe(404);
        expect(again.json().errorCode).toBe('not_found');
        expectMatchesContract('DELETE', ACL, again);
      });

      it('400, 413 and 415 when a body is sent that cannot be parsed', async () => {
        await expectUnparseableBodies('DELETE', ACL, UNKNOWN, { malformed: '{not json', xml: '<x/>' });
      });

      it('401 without a token, 403 without delete:network_acls', async () => {
        const acl = await newAcl();
        const anonymous = await api('DELETE', `${ACLS}/${acl.id}`, { bearer: null });
        expect(anonymous.statusCode).toBe(401);
        expectMatchesContract('DELETE', ACL, anonymous);
        const narrow = await api('DELETE', `${ACLS}/${acl.id}`, { bearer: await tokenWith('read:network_acls update:network_acls') });
        expect(narrow.statusCode).toBe(403);
        expect(narrow.json().message).toBe('Insufficient scope, expected any of: delete:network_acls');
        expectMatchesContract('DELETE', ACL, narrow);
        expect((await api('GET', `${ACLS}/${acl.id}`)).statusCode).toBe(200);
      });
    });
  });
});

describeCoverage('network-acls');
