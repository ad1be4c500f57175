import { LogSearchClause, LogSearchError, parseLogSearch } from './log-search';

describe('parseLogSearch', () => {
  it.each<[string, LogSearchClause[]]>([
    ['', []],
    ['type:sapi', [{ kind: 'prefix', column: 'type', value: 'sapi' }]],
    ['type:"SAPI"', [{ kind: 'exact', column: 'type', value: 'sapi' }]],
    [
      'type:sapi client_id:abc',
      [
        { kind: 'prefix', column: 'type', value: 'sapi' },
        { kind: 'prefix', column: 'client_id', value: 'abc' },
      ],
    ],
    [
      'type:sapi AND client_id:"abc"',
      [
        { kind: 'prefix', column: 'type', value: 'sapi' },
        { kind: 'exact', column: 'client_id', value: 'abc' },
      ],
    ],
    ['application:node', [{ kind: 'prefix', column: 'client_name', value: 'node' }]],
    ['user:"John@contoso.com"', [{ kind: 'exact', column: 'user_name', value: 'john@contoso.com' }]],
    ['client_name:"My App"', [{ kind: 'exact', column: 'client_name', value: 'my app' }]],
    ['Gatehouse', [{ kind: 'any_prefix', columns: ['client_name', 'connection', 'user_name'], value: 'gatehouse' }]],
    ['"Gatehouse Admin"', [{ kind: 'any_prefix', columns: ['client_name', 'connection', 'user_name'], value: 'gatehouse admin' }]],
    ['date:2026-12', [{ kind: 'prefix', column: 'date', value: '2026-12' }]],
    ['date:[2026-11-01 TO 2026-11-30]', [{ kind: 'range', column: 'date', from: '2026-11-01T00:00:00.000Z', to: '2026-11-30T23:59:59.999Z' }]],
    ['date:[2026-11-01T10:00:00Z TO *]', [{ kind: 'range', column: 'date', from: '2026-11-01T10:00:00.000Z', to: undefined }]],
    ['date:[* TO 2026-11-30]', [{ kind: 'range', column: 'date', from: undefined, to: '2026-11-30T23:59:59.999Z' }]],
    ['  type:fapi   ', [{ kind: 'prefix', column: 'type', value: 'fapi' }]],
  ])('%p', (input, expected) => {
    expect(parseLogSearch(input)).toEqual(expected);
  });

  it.each([
    ['type:sapi OR type:fapi', /unsupported search operator/],
    ['NOT type:sapi', /unsupported search operator/],
    ['(type:sapi)', /unsupported search operator/],
    ['-type:sapi', /unsupported search operator/],
    ['nope:1', /unknown search field: nope/],
    ['type:"sapi', /unterminated quote/],
    ['date:[2026-01-01 TO 2026-02-01', /unterminated range/],
    ['type:[a TO b]', /ranges are written/],
    ['date:[yesterday TO *]', /not a date/],
    ['date:[2026-13-45 TO *]', /not a date/],
    ['type:', /empty value/],
    ['type:sa"p"i', /misplaced quote/],
  ])('refuses %p', (input, message) => {
    expect(() => parseLogSearch(input)).toThrow(LogSearchError);
    expect(() => parseLogSearch(input)).toThrow(message);
  });
});
