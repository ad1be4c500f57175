import { registerDecorator, ValidationArguments, ValidationOptions } from 'class-validator';

/**
 * The string formats Auth0's Management API schema names on client and tenant properties
 * (`callback-url`, `url-with-placeholders`, `absolute-uri-or-empty`, …). Auth0 allows `*` wildcards and
 * `{organization_name}`-style placeholders in these URLs (first-party rules); strict third-party clients
 * get the stricter exact-URL rule from libs/policy on top.
 */
export type UrlFormat =
  'url' | 'callback-url' | 'url-with-placeholders' | 'absolute-uri-or-empty' | 'absolute-https-uri-with-placeholders-or-empty' | 'https-url-or-empty';

/** Placeholders and wildcards replaced by a harmless label before parsing. */
function withoutPlaceholders(value: string): string {
  return value.replace(/\{[a-z_.]+\}/gi, 'x').replace(/\*/g, 'x');
}

function parses(value: string): URL | undefined {
  try {
    return new URL(value);
  } catch {
    return undefined;
  }
}

export function matchesUrlFormat(format: UrlFormat, value: unknown): boolean {
  if (typeof value !== 'string') return false;
  if (value.length > 2000 || /\s/.test(value)) return false;
  switch (format) {
    case 'url':
      return !!parses(value);
    case 'callback-url':
    case 'url-with-placeholders':
      // Native apps use custom schemes (com.example.app://callback); a scheme is required.
      return !!parses(withoutPlaceholders(value));
    case 'absolute-uri-or-empty':
      return value === '' || !!parses(value);
    case 'absolute-https-uri-with-placeholders-or-empty':
    case 'https-url-or-empty': {
      if (value === '') return true;
      const url = parses(format === 'https-url-or-empty' ? value : withoutPlaceholders(value));
      return url?.protocol === 'https:';
    }
  }
}

/** class-validator decorator: the value (or each element, with `{ each: true }`) has Auth0's URL format. */
export function IsUrlFormat(format: UrlFormat, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'urlFormat',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: (a: ValidationArguments) => `Object didn't pass validation for format ${format}: ${String(a.value).slice(0, 200)}`, ...options },
      validator: { validate: (value: unknown) => matchesUrlFormat(format, value) },
    });
}

/** class-validator decorator: an object with at most `max` properties (JSON Schema `maxProperties`). */
export function MaxProperties(max: number, options?: ValidationOptions): PropertyDecorator {
  return (target, propertyName) =>
    registerDecorator({
      name: 'maxProperties',
      target: target.constructor,
      propertyName: propertyName as string,
      options: { message: `Too many properties defined, maximum ${max}`, ...options },
      validator: { validate: (value: unknown) => typeof value !== 'object' || value === null || Object.keys(value).length <= max },
    });
}
