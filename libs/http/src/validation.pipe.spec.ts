import { IsIn, IsOptional, IsString } from 'class-validator';
import { Auth0ValidationPipe } from './validation.pipe';
import { Auth0Error } from './errors';

class OptionalQuery {
  @IsOptional() @IsIn(['true', 'false']) include_fields?: string;
}
class RequiredQuery {
  @IsString() client_id!: string;
}

const query = (metatype: new () => object) => ({ type: 'query' as const, metatype, data: undefined });

describe('Auth0ValidationPipe: empty query strings', () => {
  const cases: { name: string; metatype: new () => object; value: unknown; expect: 'instance' | 'invalid_query_string' }[] = [
    { name: 'empty query, optional rules', metatype: OptionalQuery, value: {}, expect: 'instance' },
    { name: 'empty query, null prototype', metatype: OptionalQuery, value: Object.create(null), expect: 'instance' },
    { name: 'empty query, a required parameter', metatype: RequiredQuery, value: {}, expect: 'invalid_query_string' },
    { name: 'valid query', metatype: OptionalQuery, value: { include_fields: 'true' }, expect: 'instance' },
    { name: 'invalid value', metatype: OptionalQuery, value: { include_fields: 'maybe' }, expect: 'invalid_query_string' },
    { name: 'unknown parameter', metatype: OptionalQuery, value: { other: '1' }, expect: 'invalid_query_string' },
  ];

  it.each(cases)('$name → $expect, the first time and every time after', async ({ metatype, value, expect: outcome }) => {
    const pipe = new Auth0ValidationPipe();
    for (let i = 0; i < 3; i++) {
      const fresh = value && typeof value === 'object' ? Object.assign(Object.create(Object.getPrototypeOf(value) as object | null), value) : value;
      if (outcome === 'instance') {
        const out = await pipe.transform(fresh, query(metatype));
        expect(out).toBeInstanceOf(metatype);
        expect({ ...(out as object) }).toEqual({ ...(value as object) });
      } else {
        const err = await pipe.transform(fresh, query(metatype)).then(
          () => undefined,
          (e: unknown) => e,
        );
        expect(err).toBeInstanceOf(Auth0Error);
        expect((err as Auth0Error).code).toBe('invalid_query_string');
      }
    }
  });

  it('an empty query gives each request its own object', async () => {
    const pipe = new Auth0ValidationPipe();
    const a = await pipe.transform({}, query(OptionalQuery));
    const b = await pipe.transform({}, query(OptionalQuery));
    expect(a).not.toBe(b);
  });
});
