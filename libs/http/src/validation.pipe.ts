import { ArgumentMetadata, Injectable, Type, ValidationError, ValidationPipe } from '@nestjs/common';
import { plainToInstance } from 'class-transformer';
import { Auth0Error, ErrorCode } from './errors';

/** Auth0's validation message: names the offending property and the rule it broke. */
export function describeValidationErrors(errors: ValidationError[], parent = ''): string[] {
  const out: string[] = [];
  for (const e of errors) {
    const path = parent ? `${parent}.${e.property}` : e.property;
    for (const [rule, msg] of Object.entries(e.constraints ?? {})) {
      out.push(
        rule === 'whitelistValidation'
          ? `Additional properties not allowed: ${e.property}${parent ? ` on property ${parent}` : ''}`
          : `${msg} on property ${path}`,
      );
    }
    if (e.children?.length) out.push(...describeValidationErrors(e.children, path));
  }
  return out;
}

/**
 * The global pipe: whitelist + reject unknown properties, transform to DTO classes, and report in
 * Auth0's words with `invalid_body` (body) or `invalid_query_string` (query).
 */
@Injectable()
export class Auth0ValidationPipe extends ValidationPipe {
  /** Per query class: whether an empty query string passes its rules (found once, by the full pipe). */
  private readonly emptyQueryPasses = new Map<Type, Promise<boolean>>();

  constructor() {
    super({
      whitelist: true,
      forbidNonWhitelisted: true,
      transform: true,
      transformOptions: { enableImplicitConversion: false },
      validationError: { target: false, value: false },
      exceptionFactory: (errors) => errors,
    });
  }

  override async transform(value: unknown, metadata: ArgumentMetadata): Promise<unknown> {
    // Most GETs carry no query string. Whether `{}` passes a query class's rules does not change, so the
    // full pipe decides it once per class; afterwards an empty query is only turned into that class.
    if (metadata.type === 'query' && metadata.metatype && metadata.metatype !== Object && isEmptyObject(value)) {
      const metatype = metadata.metatype as Type;
      let passes = this.emptyQueryPasses.get(metatype);
      if (!passes) {
        passes = super.transform({}, metadata).then(
          () => true,
          () => false,
        );
        this.emptyQueryPasses.set(metatype, passes);
      }
      if (await passes) return plainToInstance(metatype, {}, this.transformOptions);
    }
    if (metadata.type === 'body' && (value === undefined || value === null || typeof value !== 'object' || Array.isArray(value))) {
      if (metadata.metatype && metadata.metatype !== Object) {
        throw new Auth0Error(ErrorCode.InvalidBody, 'Payload validation error: the request body must be a JSON object.');
      }
    }
    if (metadata.type === 'body' && value && typeof value === 'object' && !Array.isArray(value) && metadata.metatype && metadata.metatype !== Object) {
      refuseNulls(value as Record<string, unknown>, metadata.metatype);
    }
    try {
      return await super.transform(value, metadata);
    } catch (e) {
      if (!Array.isArray(e)) throw e;
      const detail = describeValidationErrors(e as ValidationError[]);
      const code = metadata.type === 'query' ? ErrorCode.InvalidQueryString : ErrorCode.InvalidBody;
      const prefix = metadata.type === 'query' ? 'Query validation error' : 'Payload validation error';
      throw new Auth0Error(code, `${prefix}: '${detail.join("'; '")}'.`);
    }
  }
}

function isEmptyObject(value: unknown): boolean {
  if (value === null || typeof value !== 'object' || Array.isArray(value)) return false;
  for (const _ in value) return false;
  return true;
}

const NULLABLE = Symbol('gatehouse:nullable');

/**
 * Marks a body property that may be sent as `null`: Auth0 answers 200 and clears it (in a PATCH) or
 * treats it as not set (in a POST). Which properties are nullable is wire-format data: Auth0's schema
 * (`type: [..., "null"]`, `*OrNull` schemas) plus what the recordings show Auth0 accepting.
 */
export function Nullable(): PropertyDecorator {
  return (target, key) => {
    const inherited = (Reflect.getMetadata(NULLABLE, target) as Set<string | symbol> | undefined) ?? new Set();
    const own = (Reflect.getOwnMetadata(NULLABLE, target) as Set<string | symbol> | undefined) ?? new Set(inherited);
    own.add(key);
    Reflect.defineMetadata(NULLABLE, own, target);
  };
}

export function nullableProperties(dto: Type): Set<string | symbol> {
  return (Reflect.getMetadata(NULLABLE, dto.prototype) as Set<string | symbol> | undefined) ?? new Set();
}

/**
 * `null` clears a property only where Auth0 accepts it (@Nullable on `dto`); elsewhere it is refused by
 * name (`prefix` names where the object sits, e.g. `client.` inside the lint request).
 */
export function refuseNulls(value: Record<string, unknown>, dto: Type, prefix = ''): void {
  const allowed = nullableProperties(dto);
  const nulls = Object.entries(value)
    .filter(([k, v]) => v === null && !allowed.has(k))
    .map(([k]) => `${prefix}${k}`);
  if (nulls.length) {
    throw new Auth0Error(
      ErrorCode.InvalidBody,
      `Payload validation error: ${nulls.map((k) => `'Expected a value but found null' on property ${k}`).join('; ')}.`,
    );
  }
}

/** A value without its `null`s, at any depth: in a POST (and inside a replaced object) null means "not set". */
export function withoutNulls<T>(value: T): T {
  if (Array.isArray(value)) return value.map(withoutNulls) as T;
  if (!value || typeof value !== 'object') return value;
  return Object.fromEntries(
    Object.entries(value)
      .filter(([, v]) => v !== null)
      .map(([k, v]) => [k, withoutNulls(v)]),
  ) as T;
}

/** A validated DTO as the plain JSON object it came from (class instances and unset properties dropped). */
export function plainBody(dto: object): Record<string, unknown> {
  return JSON.parse(JSON.stringify(dto)) as Record<string, unknown>;
}
